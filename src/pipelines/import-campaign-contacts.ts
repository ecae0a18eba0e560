import { reason } from '../reason.js';
import { CcbulkError } from '../errors.js';
import { toCampaignInsert, toCampaignUpdate, type CampaignResult } from '../transforms/campaign-contact.js';
import { phoneColumnsOf, type ContactDraft, type DraftOptions } from '../transforms/contact-draft.js';
import type { SourceRow } from '../readers/source-row.js';
import { requireContactColumns } from '../transforms/contact-columns.js';
import { contactRowPlan, type Screen } from '../transforms/contact-row.js';
import { createPhoneNormaliser } from '../transforms/phone.js';
import { CampaignSender } from '../senders/campaign-sender.js';
import { DncIndex } from '../senders/dnc-index.js';
import { alreadyIn, ExistingContacts } from '../senders/existing-contacts.js';
import type { DuplicateKeys } from '../transforms/duplicates.js';
import type { ImportSummary } from '../writers/summary-file.js';
import type { CampaignContactInput, CampaignContactUpdate, ContactCenterClient } from '../zoom/client.js';
import { resolveContactList, resolveCustomFieldIds } from '../zoom/resolve.js';
import type { ImportTarget } from './import-engine.js';
import { phoneSettingsFor, prefetchingPhones, runImportJob, type ImportJobOptions } from './import-job.js';
import { writeOperationOf } from './job-operations.js';

/** What a campaign contact import does to each row. */
export type CampaignMode = 'insert' | 'update';

/** Options of a campaign contact import, already checked. */
export interface ImportCampaignContactsOptions extends ImportJobOptions {
  /** Campaign contact list id or name. */
  readonly list: string;
  readonly mode: CampaignMode;
  readonly country: string;
  /** DNC lists (ids or names) whose numbers no row may carry. */
  readonly scrubDnc: readonly string[];
  /**
   * Insert rows whose number or e-mail a contact already on the list has. Default false: such a
   * row is refused at stage `duplicate` (`already on the campaign list`), so a file inserted twice
   * is never dialled twice.
   */
  readonly allowDuplicates?: boolean | undefined;
}

/**
 * The campaign contact list import: the same rows and columns as an address book import, shaped
 * for the campaign list (its own limits and capitalised phone types), optionally scrubbed
 * against DNC lists so that a campaign never dials a number on one.
 */
export function importCampaignContacts(client: ContactCenterClient, options: ImportCampaignContactsOptions): Promise<ImportSummary> {
  return runImportJob(client, { name: 'campaign-contacts', mode: options.mode }, options, async (_table, plan) => {
    requireContactColumns(options.file, plan);
    if (options.mode === 'insert' && plan.custom.length > 0) {
      throw new CcbulkError(
        'MAPPING_INVALID',
        `Campaign contact insert takes no custom fields (the API has none), and the file has ${plan.custom.map((n) => `custom:${n}`).join(', ')}: ` +
          'insert without them, then set them with --mode update and a contact id column',
      );
    }
    if (options.mode === 'update' && plan.fields.contact_id === undefined) {
      throw new CcbulkError('MAPPING_INVALID', '`--mode update` needs a contact id column (e.g. `contact_id` or `Contact ID`), and the file has none');
    }
    const list = await resolveContactList(client, options.list, 'contact');
    const customIds =
      options.mode === 'update'
        ? await resolveCustomFieldIds('campaign contact', plan.custom, () => client.listCampaignCustomFields())
        : new Map<string, string>();
    const scrub = await loadScrubLists(client, options.scrubDnc);
    const screen: Screen = (draft) => {
      for (const phone of draft.phones) {
        const listName = scrub.get(phone.number);
        if (listName !== undefined) return { stage: 'dnc', reason: reason(`on DNC list '${listName}'`, phone.number, { quote: false }) };
      }
      return undefined;
    };
    const phones = createPhoneNormaliser({ defaultCountry: options.country, ...phoneSettingsFor(options) });
    const sender = new CampaignSender(client, list.id, options.dryRun);
    // The shaping of a row for the mode, with the draft options the mode needs.
    const planRow = <C>(shape: (draft: ContactDraft) => CampaignResult<C>, draftOptions?: DraftOptions) => (row: SourceRow) =>
      contactRowPlan(row, plan, phones, (draft) => {
        const shaped = shape(draft);
        return shaped.ok ? { ok: true, item: shaped.contact } : shaped;
      }, screen, draftOptions);
    // Read once, before the first insert, so that a contact already on the list is not inserted again.
    const existing = options.mode === 'insert' && options.allowDuplicates !== true ? await ExistingContacts.ofCampaignList(client, list.id) : undefined;
    const insert: ImportTarget<CampaignContactInput> = {
      batchSize: writeOperationOf('campaign-contacts', 'insert').batchSize,
      prepare: planRow((draft) => toCampaignInsert(draft, customIds)),
      send: (batch) => sender.insert(batch.map((p) => p.item)),
      recover: async (batch) => ({ ...(await sender.settleInsert(batch.map((p) => p.item))), how: 'read the list, inserted the missing' }),
      ...(existing === undefined ? {} : { already: (_item: CampaignContactInput, keys: DuplicateKeys) => alreadyIn('the campaign list', existing.holderOf(keys)) }),
    };
    const update: ImportTarget<CampaignContactUpdate> = {
      batchSize: writeOperationOf('campaign-contacts', 'update').batchSize,
      // Updates keep the types the file gives: no number is promoted to main.
      prepare: planRow((draft) => toCampaignUpdate(draft, customIds), { promoteFirstToMain: false }),
      send: (batch) => sender.update(batch.map((p) => p.item)),
    };
    const target = options.mode === 'insert' ? insert : update;
    return {
      ...prefetchingPhones(target as ImportTarget<unknown>, phones, phoneColumnsOf(plan), plan.fields.country),
      describe: { contactListId: list.id, name: list.name },
      extra: () => ({
        ...(options.scrubDnc.length > 0 ? { dncScrub: { lists: options.scrubDnc, numbers: scrub.size } } : {}),
        ...(existing === undefined ? {} : { lookups: { requests: existing.requests, fullListing: true } }),
        ...(options.dryRun ? { plannedWrites: sender.plannedRequests } : {}),
      }),
    };
  });
}

/** Every number on the named DNC lists, with the name of the (first) list it is on. */
async function loadScrubLists(client: ContactCenterClient, lists: readonly string[]): Promise<Map<string, string>> {
  const numbers = new Map<string, string>();
  for (const idOrName of lists) {
    const list = await resolveContactList(client, idOrName, 'do_not_contact', '--scrub-dnc');
    const index = await DncIndex.load(client, list.id);
    for (const number of index.ids.keys()) if (!numbers.has(number)) numbers.set(number, list.name);
  }
  return numbers;
}
