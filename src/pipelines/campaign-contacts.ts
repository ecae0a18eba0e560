import { z } from 'zod';
import { reason } from '../reason.js';
import { CcbulkError } from '../errors.js';
import type { SourceRow } from '../readers/source-row.js';
import { campaignUpdateOf, campaignUpdateSchema, toCampaignInsert, toCampaignUpdate, type CampaignResult } from '../transforms/campaign-contact.js';
import { requireContactColumns } from '../transforms/contact-columns.js';
import { digestOf, fieldsOfCampaignContact, fieldsOfDigest, fieldsOfDraft, type SyncFields } from '../transforms/contact-digest.js';
import { clearsText, phoneColumnsOf, toContactDraft, type ContactDraft } from '../transforms/contact-draft.js';
import { contactRowPlan, type RowOptions, type Screen } from '../transforms/contact-row.js';
import type { DuplicateKeys } from '../transforms/duplicates.js';
import { createPhoneNormaliser } from '../transforms/phone.js';
import { refuseRow, type RowPlan } from '../transforms/row-plan.js';
import { carriedFieldsOf, diffFields, heldAfter, keysTaken, type FieldUpdate } from '../transforms/sync-diff.js';
import { claimRefusedRow, contactSyncKey, duplicateKeysOf, keepNamed, matchRow, namesOf } from '../transforms/sync-match.js';
import { CampaignContactDeleter } from '../senders/campaign-contact-deleter.js';
import { withClears } from '../senders/row-verdict.js';
import { CampaignSender } from '../senders/campaign-sender.js';
import { DncIndex } from '../senders/dnc-index.js';
import { alreadyIn, ExistingContacts } from '../senders/existing-contacts.js';
import { TargetIndex } from '../senders/target-index.js';
import type { ImportSummary } from '../writers/summary-file.js';
import type { CampaignContactInput, CampaignContactUpdate, ContactCenterClient } from '../zoom/client.js';
import { resolveContactList, resolveCustomFieldIds } from '../zoom/resolve.js';
import type { ImportTarget, Recovery } from './import-engine.js';
import { phoneSettingsFor, prefetchingPhones, runImportJob, type ImportJobOptions, type JobIdentity } from './import-job.js';
import { defineJob } from './job-definition.js';
import { blanksOption, keyOption, syncOptions, targetOption } from './job-options.js';
import { choiceOption } from './option-values.js';
import { runSyncJob, sendSyncBatch, syncImages, syncResumeOutcomes, unchangedOutcome, type SyncItem, type SyncOptions } from './sync-job.js';
import { afterUpdate, numberFields } from '../transforms/before-image.js';
import { writeOperation } from './write-operation.js';
import { campaignContactsUndo } from './campaign-contacts-undo.js';

/** What a campaign contact job does to each row; `sync` makes the list match the file. */
export type CampaignMode = 'insert' | 'update' | 'sync';

/** The operation that writes in each mode. */
const CAMPAIGN_WRITES = {
  insert: writeOperation('Insertabatchofcontactstoacampaigncontactlist'),
  update: writeOperation('Updateabatchofcontactsonacampaigncontactlist'),
  sync: writeOperation('Insertabatchofcontactstoacampaigncontactlist'),
} as const;

/** Options of a campaign contact job, already checked (see {@link campaignContactsJob}'s schema). */
export interface ImportCampaignContactsOptions extends ImportJobOptions, Partial<SyncOptions> {
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
 * `ccbulk import campaign-contacts`: the job as every door runs it. Its options beyond the
 * shared ones; `run` picks the import or the sync by mode.
 */
export const campaignContactsJob = defineJob({
  name: 'campaign-contacts',
  modes: ['insert', 'update', 'sync'],
  targetOption: 'list',
  targetKind: 'campaign-list',
  options: z.object({
    /** `--list`: the campaign contact list, by id or name. Required. */
    list: targetOption('--list', 'a campaign contact list'),
    /** `--mode`. Default insert. */
    mode: choiceOption('--mode', ['insert', 'update', 'sync'], 'insert'),
    /** `--scrub-dnc` (repeatable): DNC lists, by id or name, whose numbers no row may carry. Default none. */
    scrubDnc: z.array(z.string().min(1)).default([]),
    key: keyOption,
    ...syncOptions,
    /** `--allow-duplicates`: insert rows a contact already on the list has a number or e-mail of. Default false. */
    allowDuplicates: z.boolean().default(false),
    /** `--blanks`: keep or clear a field whose cell is empty, in update and sync. Default keep. */
    blanks: blanksOption,
  }),
  modeOptions: { key: ['sync'], deleteMissing: ['sync'], maxDelete: ['sync'], allowDuplicates: ['insert'], blanks: ['update', 'sync'] },
  deletes: { modes: [], items: 'contacts' },
  writes: CAMPAIGN_WRITES,
  calls: {
    // Resolving the list, custom fields by name, reading the list (duplicates, sync, settling unknown outcomes).
    reads: ['getCampaignContactList', 'listCampaignCustomFields', 'listCampaignContactListContacts'],
    modes: {
      insert: ['Insertabatchofcontactstoacampaigncontactlist'],
      update: ['Updateabatchofcontactsonacampaigncontactlist'],
      sync: ['Insertabatchofcontactstoacampaigncontactlist', 'Updateabatchofcontactsonacampaigncontactlist'],
    },
    // `--scrub-dnc` reads each DNC list named; a sync's `--delete-missing` deletes contacts one by one.
    options: { scrubDnc: ['listCampaignDncListPhones'], deleteMissing: ['deleteCampaigncontactListContact'] },
  },
  run: importCampaignContacts,
  syncKey: contactSyncKey,
  customFields: async (client) => {
    const names: string[] = [];
    for await (const field of client.listCampaignCustomFields()) if (field.custom_field_name) names.push(field.custom_field_name);
    return names;
  },
  targets: async (client) => {
    const targets = [];
    for await (const list of client.listCampaignContactLists('contact')) targets.push({ id: list.contact_list_id ?? '', name: list.contact_list_name ?? '' });
    return targets;
  },
  undo: campaignContactsUndo,
});

/** The frame's view of the job in `mode`. */
const identity = (mode: CampaignMode): JobIdentity => ({ name: 'campaign-contacts', mode, operation: CAMPAIGN_WRITES[mode], targetKind: 'campaign-list' });

/**
 * The campaign contact list job: the same rows and columns as an address book's, shaped for the
 * campaign list (its own limits and capitalised phone types), optionally scrubbed against DNC
 * lists so that a campaign never dials a number on one. `sync` makes the list match the file.
 */
export function importCampaignContacts(client: ContactCenterClient, options: ImportCampaignContactsOptions): Promise<ImportSummary> {
  const { mode } = options;
  if (mode === 'sync') return syncCampaignContacts(client, { ...options, deleteMissing: options.deleteMissing ?? false, maxDelete: options.maxDelete ?? { percent: 10 } });
  return importRows(client, { ...options, mode });
}

/** Insert or update each row. */
function importRows(client: ContactCenterClient, options: ImportCampaignContactsOptions & { readonly mode: Exclude<CampaignMode, 'sync'> }): Promise<ImportSummary> {
  return runImportJob(client, identity(options.mode), options, async (_table, plan, claim) => {
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
    await claim(list);
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
    const planRow = <C>(shape: (draft: ContactDraft) => CampaignResult<C>, draftOptions?: RowOptions) => (row: SourceRow) =>
      contactRowPlan(row, plan, phones, (draft) => {
        const shaped = shape(draft);
        return shaped.ok ? { ok: true, item: shaped.contact } : shaped;
      }, screen, draftOptions);
    // Read once, before the first insert, so that a contact already on the list is not inserted again.
    const existing = options.mode === 'insert' && options.allowDuplicates !== true ? await ExistingContacts.ofCampaignList(client, list.id) : undefined;
    const insert: ImportTarget<CampaignContactInput> = {
      batchSize: CAMPAIGN_WRITES.insert.batchSize,
      prepare: planRow((draft) => toCampaignInsert(draft, customIds)),
      imagesOf: async (batch) => batch.map((p) => ({ t: 'create', fields: insertedFields(p.item) }) as const),
      send: (batch) => sender.insert(batch.map((p) => p.item)),
      recover: async (batch) => ({ ...(await sender.settleInsert(batch.map((p) => p.item))), how: 'read the list, inserted the missing' }),
      ...(existing === undefined ? {} : { already: (_item: CampaignContactInput, keys: DuplicateKeys) => alreadyIn('the campaign list', existing.holderOf(keys)) }),
    };
    // The list as it is before the updates, for their before-images (the list has no read by id):
    // its pages, 100 contacts a request. A dry run writes nothing, and reads nothing for it.
    const stored = new Map<string, string>();
    if (options.mode === 'update' && !options.dryRun) {
      for await (const c of client.listCampaignContacts(list.id)) if (c.contact_id !== undefined) stored.set(c.contact_id, digestOf(fieldsOfCampaignContact(c)));
    }
    const update: ImportTarget<{ readonly contact: CampaignContactUpdate; readonly clears: string | undefined }> = {
      batchSize: CAMPAIGN_WRITES.update.batchSize,
      // Updates keep the types the file gives: no number is promoted to main; two rows for one id are one and its duplicate.
      prepare: planRow((draft) => {
        const shaped = toCampaignUpdate(draft, customIds);
        return shaped.ok ? { ...shaped, contact: { contact: shaped.contact, clears: draft.cleared === undefined ? undefined : clearsText(draft.cleared) } } : shaped;
      }, { promoteFirstToMain: false, keyedById: true, blanks: options.blanks ?? 'keep' }),
      imagesOf: async (batch) =>
        batch.map(({ item }) => {
          const digest = stored.get(item.contact.contact_id);
          if (digest === undefined) return undefined;
          const before = fieldsOfDigest(digest);
          return { t: 'update', id: item.contact.contact_id, before, after: afterUpdate(before, campaignFieldUpdate(item.contact)) } as const;
        }),
      send: async (batch) => (await sender.update(batch.map((p) => p.item.contact))).map((verdict, i) => withClears(verdict, batch[i]!.item.clears)),
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
/** Options of a campaign contact list sync, already checked. */
type SyncCampaignContactsOptions = ImportJobOptions & SyncOptions & Pick<ImportCampaignContactsOptions, 'list' | 'country' | 'scrubDnc'>;

type CampaignSyncItem = SyncItem<CampaignContactInput, CampaignContactUpdate>;


/**
 * `--mode sync` of the campaign contact import: the address book sync's rules for a campaign
 * list (listed 100 a request, custom field values compared, since the listing shows them; time
 * zones are sent on insert only, since it does not). Contacts not in the file are deleted one
 * request each with `--delete-missing`: the list has no batch delete.
 */
function syncCampaignContacts(client: ContactCenterClient, options: SyncCampaignContactsOptions): Promise<ImportSummary> {
  return runSyncJob<CampaignSyncItem>(client, identity('sync'), options, async (_table, plan, claim) => {
    requireContactColumns(options.file, plan);
    const key = contactSyncKey(plan, options.key);
    if (key === 'contact_id' && plan.fields.contact_id === undefined) throw new CcbulkError('MAPPING_INVALID', '`--key contact_id` needs a contact id column, and the file has none');
    if (key === 'account_number' && plan.fields.account_number === undefined) throw new CcbulkError('MAPPING_INVALID', '`--key account_number` needs an account number column, and the file has none');
    const list = await resolveContactList(client, options.list, 'contact');
    await claim(list);
    const customIds = await resolveCustomFieldIds('campaign contact', plan.custom, () => client.listCampaignCustomFields());
    const scrub = await loadScrubLists(client, options.scrubDnc);
    const index = await TargetIndex.load(listed(client, list.id));
    const sender = new CampaignSender(client, list.id, options.dryRun);
    const deleter = new CampaignContactDeleter(client, list.id, options.dryRun);
    const phones = createPhoneNormaliser({ defaultCountry: options.country, ...phoneSettingsFor(options, true) });
    const carried = carriedFieldsOf(plan, customIds);
    // The listing shows no time zone: comparing it would call every contact changed.
    const compared = { ...carried, scalars: new Set([...carried.scalars].filter((f) => f !== 'timezone')) };

    const prepare = (row: SourceRow): RowPlan<CampaignSyncItem> => {
      const drafted = toContactDraft(row, plan, phones, { promoteFirstToMain: false, blanks: options.blanks ?? 'keep' });
      if (!drafted.ok) {
        claimRefusedRow(row, plan, key, index, drafted.readable);
        return refuseRow('validate', drafted.reasons);
      }
      const draft = drafted.draft;
      for (const phone of draft.phones) {
        const listName = scrub.get(phone.number);
        if (listName !== undefined) {
          claimRefusedRow(row, plan, key, index, namesOf(draft));
          return refuseRow('dnc', reason(`on DNC list '${listName}'`, phone.number, { quote: false }));
        }
      }
      const match = matchRow(draft, key, index, row.origin.line, 'campaign contact list');
      if (match.kind === 'refused') return refuseRow(match.stage, match.reasons);
      const keys = duplicateKeysOf(draft, key);
      const sent = draft.phones.map((p) => p.number);
      if (match.kind === 'new') {
        // An insert takes no custom fields: a new contact's are set by the next sync, as an update.
        const shaped = toCampaignInsert({ ...promoted(draft), custom: [] }, customIds);
        if (!shaped.ok) {
          // Refused, it still names the contacts its numbers and e-mails are: they stay, and a
          // later row for the same contact is its duplicate (see ItemRefusal's claims).
          keepNamed(namesOf(draft), index);
          return [{ ok: false, stage: 'validate', reasons: shaped.reasons, claims: keys }];
        }
        return [{ ok: true, item: { action: 'create', item: shaped.contact, image: { t: 'create', fields: insertedFields(shaped.contact) } }, keys, phones: sent }];
      }
      const contactId = index.idAt(match.slot);
      const diff = diffFields(fieldsOfDraft(draft, customIds), index.fieldsAt(match.slot), compared, options.blanks ?? 'keep');
      if (diff.changes.length === 0) return [{ ok: true, item: { action: 'unchanged', contactId }, keys, phones: sent }];
      // The API refuses a contact left with no number: refused here, it is not sent every night.
      if (heldAfter(diff.update, index.fieldsAt(match.slot)).phones.length === 0) {
        keepNamed(namesOf(draft), index);
        return refuseRow('validate', [reason('phone: no number in the row, and a campaign contact needs one', `the sync would remove every number of contact ${contactId}`, { quote: false })]);
      }
      const update = campaignUpdateOf(contactId, diff.update, index.fieldsAt(match.slot).custom);
      const checked = campaignUpdateSchema.safeParse(update);
      if (!checked.success) {
        keepNamed(namesOf(draft), index);
        return refuseRow('validate', checked.error.issues.map((i) => reason(`${String(i.path[0] ?? 'contact')}: ${i.message}`)));
      }
      // What the update takes from the contact no longer finds it for the rows after this one.
      const taken = keysTaken(diff.update, index.fieldsAt(match.slot));
      index.forget(match.slot, taken.phones, taken.emails, row.origin.line);
      const before = index.fieldsAt(match.slot);
      const image = { t: 'update', id: contactId, before, after: afterUpdate(before, diff.update) } as const;
      return [{ ok: true, item: { action: 'update', item: update, contactId, changes: diff.changes, image }, keys, phones: sent }];
    };

    const batchSize = CAMPAIGN_WRITES.update.batchSize;
    const target: ImportTarget<CampaignSyncItem> = {
      batchSize,
      prepare,
      imagesOf: syncImages,
      noRequest: unchangedOutcome,
      ...syncResumeOutcomes('inserted'),
      send: (batch) => sendSyncBatch(batch, CAMPAIGN_WRITES.insert.batchSize, (items) => sender.insert(items), (items) => sender.update(items)),
      recover: async (batch) => {
        let found = 0;
        let resent = 0;
        const verdicts = await sendSyncBatch(
          batch,
          CAMPAIGN_WRITES.insert.batchSize,
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


/** The fields of a contact an insert makes, as the list will show them. */
function insertedFields(contact: CampaignContactInput): SyncFields {
  return fieldsOfCampaignContact({ ...contact, contact_id: '' });
}

/** What a campaign contact update request changes, as fields: the scalars it gives, its lists and custom values when it gives them. */
export function campaignFieldUpdate(update: CampaignContactUpdate): FieldUpdate {
  const given = fieldsOfCampaignContact({ contact_display_name: '', ...update } as Parameters<typeof fieldsOfCampaignContact>[0]);
  const names = {
    display_name: update.contact_display_name,
    first_name: update.contact_first_name,
    last_name: update.contact_last_name,
    location: update.contact_location,
    account_number: update.contact_account_number,
    company: update.contact_company,
    role: update.contact_role,
  };
  const scalars: FieldUpdate['scalars'] = {};
  for (const [field, value] of Object.entries(names)) if (typeof value === 'string') scalars[field as keyof FieldUpdate['scalars']] = value;
  return {
    scalars,
    ...(update.contact_phones === undefined ? {} : { phones: given.phones }),
    ...(update.contact_emails === undefined ? {} : { emails: given.emails }),
    custom: given.custom,
  };
}
