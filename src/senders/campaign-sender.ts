import type { CampaignContact, CampaignContactInput, CampaignContactUpdate, ContactCenterClient } from '../zoom/client.js';
import { CcbulkError } from '../errors.js';
import { meaningOfItemError } from '../zoom/error-codes.js';
import { PlannedWrites } from './planned-writes.js';
import { RecoveringWrite, type Settlement } from './recovery.js';
import { alreadyThere, done, refused, wholeBatch, type RowVerdict } from './row-verdict.js';

/**
 * The verdict of a contact Zoom listed as failed, by what its words mean (zoom/error-codes.ts):
 * "Contact already exists." is a duplicate of what the list holds; "Reached the limit of
 * contacts per contact list." stops the run, resumably — no row is at fault, and the resume
 * settles the batch by reading the list before it sends the rest.
 */
function failedVerdict(contactListId: string, error: string): RowVerdict {
  switch (meaningOfItemError(error)) {
    case 'already-exists':
      return alreadyThere(error);
    case 'list-full':
      throw new CcbulkError(
        'TARGET_FULL',
        `campaign contact list ${contactListId} is full (Zoom: "${error}"): make room on it (remove contacts in Zoom), then resume; the rows not yet sent stay pending`,
      );
    default:
      return refused(error);
  }
}

function phonesOf(contact: { contact_phones?: readonly { contact_phone_number?: string | undefined }[] | undefined }): string[] {
  return (contact.contact_phones ?? []).flatMap((p) => (p.contact_phone_number ? [p.contact_phone_number] : []));
}

/**
 * Inserts and updates campaign contacts, saying what happened to each. Zoom answers a batch
 * with the failed contacts only — by `contact_index` for inserts, by `contact_id` for updates —
 * so every other contact of the batch succeeded. Inserted contacts' ids are not in the answer.
 */
export class CampaignSender {
  private readonly plan: PlannedWrites | undefined;
  private readonly inserts: RecoveringWrite<CampaignContactInput>;

  constructor(
    private readonly client: ContactCenterClient,
    private readonly contactListId: string,
    dryRun = false,
  ) {
    this.plan = dryRun ? new PlannedWrites() : undefined;
    this.inserts = new RecoveringWrite<CampaignContactInput>(
      {
        send: async (contacts) => {
          const answer = await this.client.batchInsertCampaignContacts(this.contactListId, contacts);
          const failed = new Map((answer.failed_contacts ?? []).map((f) => [Number(f.contact_index), f.error ?? 'refused by Zoom']));
          return contacts.map((_, i) => {
            const error = failed.get(i);
            return error === undefined ? done('inserted') : failedVerdict(this.contactListId, error);
          });
        },
        // The list is read, and a contact counts as inserted when a contact of the same name has
        // one of its numbers.
        lookUp: async (contacts) => {
          const onList = new Map<string, CampaignContact>();
          for await (const contact of this.client.listCampaignContacts(this.contactListId)) {
            for (const number of phonesOf(contact)) onList.set(number, contact);
          }
          return contacts.map((c) => {
            const hit = phonesOf(c)
              .map((n) => onList.get(n))
              .find((found) => found?.contact_display_name === c.contact_display_name);
            return hit === undefined ? undefined : done('inserted', hit.contact_id);
          });
        },
      },
      client.lateArrivalMs,
    );
  }

  /** Write requests a dry run would have sent. */
  get plannedRequests(): number {
    return this.plan?.requests ?? 0;
  }

  /**
   * Inserts up to 100 contacts. A batch whose answer was lost is never simply sent again, which
   * could insert every contact twice: the list is read, and only contacts not on it (by their
   * numbers) are sent again.
   */
  async insert(contacts: readonly CampaignContactInput[]): Promise<RowVerdict[]> {
    if (this.plan) return this.plan.answer(contacts.length, 'would insert');
    return this.inserts.send(contacts);
  }

  /** Updates up to 100 contacts by id; updates are safe to repeat. */
  async update(contacts: readonly CampaignContactUpdate[]): Promise<RowVerdict[]> {
    if (this.plan) return this.plan.answer(contacts.length, 'would update', contacts.map((c) => c.contact_id));
    let answer;
    try {
      answer = await this.client.batchUpdateCampaignContacts(this.contactListId, contacts);
    } catch (error) {
      return wholeBatch(error, contacts.length);
    }
    const failed = new Map((answer.failed_contacts ?? []).map((f) => [f.contact_id, f.error ?? 'refused by Zoom']));
    return contacts.map((c) => {
      const error = failed.get(c.contact_id);
      return error === undefined ? done('updated', c.contact_id) : failedVerdict(this.contactListId, error);
    });
  }

  /** Settles a batch an interrupted run sent without learning what happened: only contacts not on the list are inserted. */
  async settleInsert(contacts: readonly CampaignContactInput[]): Promise<Settlement> {
    if (this.plan) return { verdicts: this.plan.answer(contacts.length, 'would insert'), found: 0, resent: contacts.length };
    return this.inserts.settle(contacts);
  }
}
