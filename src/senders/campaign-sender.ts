import type { CampaignContact, CampaignContactInput, CampaignContactUpdate, ContactCenterClient } from '../zoom/client.js';
import { ZoomNetworkError } from '../zoom/network-error.js';
import { sleep } from '../zoom/backoff.js';
import { refused, wholeBatch, type RowVerdict } from './row-verdict.js';

function phonesOf(contact: { contact_phones?: readonly { contact_phone_number?: string | undefined }[] | undefined }): string[] {
  return (contact.contact_phones ?? []).flatMap((p) => (p.contact_phone_number ? [p.contact_phone_number] : []));
}

/**
 * Inserts and updates campaign contacts, saying what happened to each. Zoom answers a batch
 * with the failed contacts only — by `contact_index` for inserts, by `contact_id` for updates —
 * so every other contact of the batch succeeded. Inserted contacts' ids are not in the answer.
 */
export class CampaignSender {
  /** Write requests a dry run would have sent. */
  plannedRequests = 0;
  /** Contacts inserted again after the list did not show them. */
  private resentCount = 0;

  constructor(
    private readonly client: ContactCenterClient,
    private readonly contactListId: string,
    private readonly dryRun = false,
  ) {}

  /**
   * Inserts up to 100 contacts. A batch whose answer was lost is never simply sent again, which
   * could insert every contact twice: the list is read, and only contacts not on it (by their
   * numbers) are sent again.
   */
  async insert(contacts: readonly CampaignContactInput[], recoveries = 0): Promise<RowVerdict[]> {
    if (this.dryRun) return this.planned(contacts.length, 'would insert');
    let answer;
    try {
      answer = await this.client.batchInsertCampaignContacts(this.contactListId, contacts);
    } catch (error) {
      if (error instanceof ZoomNetworkError && !error.outcomeKnown && recoveries < 6) {
        // A timed-out request may still be applied: a look-up made before then would miss it.
        if (error.timedOut) await sleep(this.client.lateArrivalMs);
        return this.recoverInsert(contacts, recoveries + 1);
      }
      return wholeBatch(error, contacts.length);
    }
    const failed = new Map((answer.failed_contacts ?? []).map((f) => [Number(f.contact_index), f.error ?? 'refused by Zoom']));
    return contacts.map((_, i) => {
      const error = failed.get(i);
      return error === undefined ? { ok: true, status: 'inserted' } : refused(error);
    });
  }

  /** Updates up to 100 contacts by id; updates are safe to repeat. */
  async update(contacts: readonly CampaignContactUpdate[]): Promise<RowVerdict[]> {
    if (this.dryRun) return this.planned(contacts.length, 'would update', contacts.map((c) => c.contact_id));
    let answer;
    try {
      answer = await this.client.batchUpdateCampaignContacts(this.contactListId, contacts);
    } catch (error) {
      return wholeBatch(error, contacts.length);
    }
    const failed = new Map((answer.failed_contacts ?? []).map((f) => [f.contact_id, f.error ?? 'refused by Zoom']));
    return contacts.map((c) => {
      const error = failed.get(c.contact_id);
      return error === undefined ? { ok: true, status: 'updated', id: c.contact_id } : refused(error);
    });
  }

  /**
   * Settles a batch an interrupted run sent without learning what happened: the list is read,
   * and only the contacts not on it are inserted.
   */
  async settleInsert(contacts: readonly CampaignContactInput[]): Promise<{ verdicts: RowVerdict[]; found: number; resent: number }> {
    if (this.dryRun) return { verdicts: this.planned(contacts.length, 'would insert'), found: 0, resent: contacts.length };
    const before = this.resentCount;
    const verdicts = await this.recoverInsert(contacts, 1);
    const resent = this.resentCount - before;
    return { verdicts, found: contacts.length - resent, resent };
  }

  private async recoverInsert(contacts: readonly CampaignContactInput[], recoveries: number): Promise<RowVerdict[]> {
    const onList = new Map<string, CampaignContact>();
    for await (const contact of this.client.listCampaignContacts(this.contactListId)) {
      for (const number of phonesOf(contact)) onList.set(number, contact);
    }
    const found = contacts.map((c) => phonesOf(c).map((n) => onList.get(n)).find((hit) => hit?.contact_display_name === c.contact_display_name));
    const missing = contacts.flatMap((_, i) => (found[i] === undefined ? [i] : []));
    this.resentCount += missing.length;
    const again = missing.length > 0 ? await this.insert(missing.map((i) => contacts[i]!), recoveries) : [];
    const verdicts: RowVerdict[] = found.map((hit) => ({ ok: true, status: 'inserted', id: hit?.contact_id }));
    missing.forEach((row, k) => (verdicts[row] = again[k]!));
    return verdicts;
  }

  private planned(size: number, status: string, ids: readonly (string | undefined)[] = []): RowVerdict[] {
    this.plannedRequests++;
    return Array.from({ length: size }, (_, i) => ({ ok: true, status, id: ids[i] }));
  }
}
