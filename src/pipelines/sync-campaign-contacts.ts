import { CcbulkError } from '../errors.js';
import { reason } from '../reason.js';
import type { SourceRow } from '../readers/source-row.js';
import { campaignUpdateSchema, toCampaignInsert } from '../transforms/campaign-contact.js';
import { requireContactColumns } from '../transforms/contact-columns.js';
import { fieldsOfCampaignContact, fieldsOfDraft } from '../transforms/contact-digest.js';
import { phoneColumnsOf, toContactDraft, type ContactDraft } from '../transforms/contact-draft.js';
import { createPhoneNormaliser } from '../transforms/phone.js';
import { refuseRow, type RowPlan } from '../transforms/row-plan.js';
import { carriedFieldsOf, diffFields, type FieldUpdate } from '../transforms/sync-diff.js';
import { claimRefusedRow, defaultSyncKey, duplicateKeysOf, matchRow } from '../transforms/sync-match.js';
import { CampaignContactDeleter } from '../senders/campaign-contact-deleter.js';
import { CampaignSender } from '../senders/campaign-sender.js';
import { DncIndex } from '../senders/dnc-index.js';
import { TargetIndex } from '../senders/target-index.js';
import type { ImportSummary } from '../writers/summary-file.js';
import type { CampaignContactInput, CampaignContactUpdate, ContactCenterClient } from '../zoom/client.js';
import { resolveContactList, resolveCustomFieldIds } from '../zoom/resolve.js';
import type { ImportTarget, Recovery } from './import-engine.js';
import { phoneSettingsFor, prefetchingPhones, type ImportJobOptions } from './import-job.js';
import { writeOperationOf } from './job-operations.js';
import { runSyncJob, sendSyncBatch, unchangedOutcome, type SyncItem, type SyncOptions } from './sync-job.js';

/** Options of a campaign contact list sync, already checked. */
export interface SyncCampaignContactsOptions extends ImportJobOptions, SyncOptions {
  /** Campaign contact list id or name. */
  readonly list: string;
  readonly country: string;
  /** DNC lists (ids or names) whose numbers no row may carry. */
  readonly scrubDnc: readonly string[];
}

type CampaignSyncItem = SyncItem<CampaignContactInput, CampaignContactUpdate>;

/** The API's phone types, by the draft's. */
const PHONE_TYPES = { main: 'Main', work: 'Work', home: 'Home', mobile: 'Mobile', other: 'Other' } as const;

/**
 * `--mode sync` of the campaign contact import: the address book sync's rules for a campaign
 * list (listed 100 a request, custom field values compared, since the listing shows them; time
 * zones are sent on insert only, since it does not). Contacts not in the file are deleted one
 * request each with `--delete-missing`: the list has no batch delete.
 */
export function syncCampaignContacts(client: ContactCenterClient, options: SyncCampaignContactsOptions): Promise<ImportSummary> {
  return runSyncJob<CampaignSyncItem>(client, 'campaign-contacts', options, async (_table, plan) => {
    requireContactColumns(options.file, plan);
    const key = options.key ?? defaultSyncKey(plan);
    if (key === 'contact_id' && plan.fields.contact_id === undefined) throw new CcbulkError('MAPPING_INVALID', '`--key contact_id` needs a contact id column, and the file has none');
    if (key === 'account_number' && plan.fields.account_number === undefined) throw new CcbulkError('MAPPING_INVALID', '`--key account_number` needs an account number column, and the file has none');
    const list = await resolveContactList(client, options.list, 'contact');
    const customIds = await resolveCustomFieldIds('campaign contact', plan.custom, () => client.listCampaignCustomFields());
    const scrub = new Map<string, string>();
    for (const idOrName of options.scrubDnc) {
      const dnc = await resolveContactList(client, idOrName, 'do_not_contact', '--scrub-dnc');
      for (const number of (await DncIndex.load(client, dnc.id)).ids.keys()) if (!scrub.has(number)) scrub.set(number, dnc.name);
    }
    const index = await TargetIndex.load(listed(client, list.id));
    const sender = new CampaignSender(client, list.id, options.dryRun);
    const deleter = new CampaignContactDeleter(client, list.id, options.dryRun);
    const phones = createPhoneNormaliser({ defaultCountry: options.country, ...phoneSettingsFor(options, true) });
    const carried = carriedFieldsOf(plan, customIds);
    // The listing shows no time zone: comparing it would call every contact changed.
    const compared = { ...carried, scalars: new Set([...carried.scalars].filter((f) => f !== 'timezone')) };

    const prepare = (row: SourceRow): RowPlan<CampaignSyncItem> => {
      const drafted = toContactDraft(row, plan, phones, { promoteFirstToMain: false });
      if (!drafted.ok) {
        claimRefusedRow(row, plan, key, index);
        return refuseRow('validate', drafted.reasons);
      }
      const draft = drafted.draft;
      for (const phone of draft.phones) {
        const listName = scrub.get(phone.number);
        if (listName !== undefined) {
          claimRefusedRow(row, plan, key, index);
          return refuseRow('dnc', reason(`on DNC list '${listName}'`, phone.number, { quote: false }));
        }
      }
      const match = matchRow(draft, key, index, row.origin.line, 'campaign contact list');
      if (match.kind === 'refused') return refuseRow(match.stage, match.reasons);
      const keys = duplicateKeysOf(draft, key, match);
      const sent = draft.phones.map((p) => p.number);
      if (match.kind === 'new') {
        // An insert takes no custom fields: a new contact's are set by the next sync, as an update.
        const shaped = toCampaignInsert({ ...promoted(draft), custom: [] }, customIds);
        if (!shaped.ok) return refuseRow('validate', shaped.reasons);
        return [{ ok: true, item: { action: 'create', item: shaped.contact }, keys, phones: sent }];
      }
      const contactId = index.idAt(match.slot);
      const diff = diffFields(fieldsOfDraft(draft, customIds), index.fieldsAt(match.slot), compared);
      if (diff.changes.length === 0) return [{ ok: true, item: { action: 'unchanged', contactId }, keys, phones: sent }];
      const update = campaignUpdateOf(contactId, diff.update, index.fieldsAt(match.slot).custom);
      const checked = campaignUpdateSchema.safeParse(update);
      if (!checked.success) return refuseRow('validate', checked.error.issues.map((i) => reason(`${String(i.path[0] ?? 'contact')}: ${i.message}`)));
      return [{ ok: true, item: { action: 'update', item: update, contactId, changes: diff.changes }, keys, phones: sent }];
    };

    const batchSize = writeOperationOf('campaign-contacts', 'update').batchSize;
    const target: ImportTarget<CampaignSyncItem> = {
      batchSize,
      prepare,
      noRequest: unchangedOutcome,
      send: (batch) => sendSyncBatch(batch, writeOperationOf('campaign-contacts', 'insert').batchSize, (items) => sender.insert(items), (items) => sender.update(items)),
      recover: async (batch) => {
        let found = 0;
        let resent = 0;
        const verdicts = await sendSyncBatch(
          batch,
          writeOperationOf('campaign-contacts', 'insert').batchSize,
          async (items) => {
            const settled = await sender.settleInsert(items);
            found += settled.found;
            resent += settled.resent;
            return settled.verdicts;
          },
          (items) => sender.update(items),
        );
        return { verdicts, found, resent, how: 'read the list, inserted the missing; sent the updates again' } satisfies Recovery;
      },
    };
    return {
      ...prefetchingPhones(target, phones, phoneColumnsOf(plan), plan.fields.country),
      index,
      key,
      noun: 'contacts',
      describe: { contactListId: list.id, name: list.name },
      deleteBatchSize: 1,
      remove: (ids) => deleter.delete(ids),
      describeMissing: (slot) => {
        const fields = index.fieldsAt(slot);
        return { id: index.idAt(slot), displayName: fields.scalars.display_name ?? '', phones: fields.phones.map((p) => p.number).join(' '), emails: fields.emails.join(' ') };
      },
      extra: () => ({
        ...(options.scrubDnc.length > 0 ? { dncScrub: { lists: options.scrubDnc, numbers: scrub.size } } : {}),
        ...(options.dryRun ? { plannedWrites: sender.plannedRequests + deleter.plannedRequests } : {}),
      }),
    };
  });
}

/** Every contact of the list, as the index takes them. */
async function* listed(client: ContactCenterClient, listId: string) {
  for await (const c of client.listCampaignContacts(listId)) {
    if (c.contact_id !== undefined) yield { id: c.contact_id, fields: fieldsOfCampaignContact(c) };
  }
}

/** A new contact's draft: the first number is main when no column gives a main one. */
function promoted(draft: ContactDraft): ContactDraft {
  const first = draft.phones[0];
  if (first === undefined || draft.phones.some((p) => p.type === 'main')) return draft;
  return { ...draft, phones: [{ ...first, type: 'main' }, ...draft.phones.slice(1)] };
}

/**
 * The update request item for the fields that change. Custom values go as the whole list, the
 * contact's own with the file's changes over them: the API replaces the list it is given.
 */
function campaignUpdateOf(contactId: string, update: FieldUpdate, storedCustom: Readonly<Record<string, string>>): CampaignContactUpdate {
  const s = update.scalars;
  const item: CampaignContactUpdate = { contact_id: contactId };
  if (s.display_name !== undefined) item.contact_display_name = s.display_name;
  if (s.first_name !== undefined) item.contact_first_name = s.first_name;
  if (s.last_name !== undefined) item.contact_last_name = s.last_name;
  if (s.location !== undefined) item.contact_location = s.location;
  if (s.account_number !== undefined) item.contact_account_number = s.account_number;
  if (s.company !== undefined) item.contact_company = s.company;
  if (s.role !== undefined) item.contact_role = s.role;
  if (update.phones !== undefined) item.contact_phones = update.phones.map((p) => ({ contact_phone_number: p.number, contact_phone_type: PHONE_TYPES[p.type] }));
  if (update.emails !== undefined) item.contact_emails = [...update.emails];
  if (Object.keys(update.custom).length > 0) {
    const merged = { ...storedCustom, ...update.custom };
    item.custom_fields = Object.entries(merged).map(([custom_field_id, custom_field_value]) => ({ custom_field_id, custom_field_value }));
  }
  return item;
}
