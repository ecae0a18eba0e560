import { z } from 'zod';
import { reason } from '../reason.js';
import { CcbulkError } from '../errors.js';
import type { SourceRow } from '../readers/source-row.js';
import { addressBookUpdateSchema, bookUpdateOf, toAddressBookCreate, toAddressBookUpdate } from '../transforms/address-book-contact.js';
import { requireContactColumns } from '../transforms/contact-columns.js';
import { fieldsOfBookContact, fieldsOfDraft } from '../transforms/contact-digest.js';
import { clearsText, phoneColumnsOf, toContactDraft, type ContactDraft, type DraftClears } from '../transforms/contact-draft.js';
import { contactRowPlan, type RowOptions, type Shaped } from '../transforms/contact-row.js';
import { createPhoneNormaliser } from '../transforms/phone.js';
import { refuseRow, type RowPlan } from '../transforms/row-plan.js';
import { carriedFieldsOf, diffFields, heldAfter, keysTaken, type FieldUpdate } from '../transforms/sync-diff.js';
import { claimRefusedRow, contactSyncKey, duplicateKeysOf, keepNamed, matchRow, namesOf } from '../transforms/sync-match.js';
import { AddressBookSender, bookFieldUpdate, type UpsertClears } from '../senders/address-book-sender.js';
import { ContactFinder } from '../senders/contact-finder.js';
import { alreadyIn, ExistingContacts } from '../senders/existing-contacts.js';
import { TargetIndex } from '../senders/target-index.js';
import { withClears } from '../senders/row-verdict.js';
import { TwoLaneCreates, type CreateLanes } from '../senders/two-lane-creates.js';
import type { ImportSummary } from '../writers/summary-file.js';
import type { AddressBookContactInput, AddressBookContactUpdate, ContactCenterClient } from '../zoom/client.js';
import { resolveAddressBook, resolveCustomFieldIds } from '../zoom/resolve.js';
import type { ImportTarget, Recovery } from './import-engine.js';
import { phoneSettingsFor, prefetchingPhones, runImportJob, type ImportJobOptions, type JobIdentity } from './import-job.js';
import { defineJob, type JobTarget } from './job-definition.js';
import { blanksOption, keyOption, syncOptions, targetOption } from './job-options.js';
import { choiceOption } from './option-values.js';
import { runSyncJob, sendSyncBatch, syncImages, syncResumeOutcomes, unchangedOutcome, type SyncItem, type SyncOptions } from './sync-job.js';
import { afterUpdate, type BeforeImage } from '../transforms/before-image.js';
import { writeOperation } from './write-operation.js';
import { addressBookUndo } from './address-book-undo.js';

/** What an address book job does to each row; `sync` makes the book match the file. */
export type AddressBookMode = 'create' | 'update' | 'upsert' | 'delete' | 'sync';

/** The operation that writes in each mode. */
const ADDRESS_BOOK_WRITES = {
  create: writeOperation('batchCreateContact'),
  update: writeOperation('batchUpdateContact'),
  // A batch may turn wholly into creates, so it is sized and paced for the create endpoint.
  upsert: writeOperation('batchCreateContact'),
  delete: writeOperation('batchDeletecontact'),
  // A sync sends creates, updates and deletes as the file needs; estimates take the slowest, create.
  sync: writeOperation('batchCreateContact'),
} as const;

/** Options of an address book job, already checked (see {@link addressBookJob}'s schema). */
export interface ImportAddressBookOptions extends ImportJobOptions, Partial<SyncOptions> {
  /** Address book id or name. */
  readonly book: string;
  readonly mode: AddressBookMode;
  /** ISO code of the country national numbers are read in. */
  readonly country: string;
  /**
   * Creates on the batch and the single create endpoints at once (`both`), or on the batch
   * endpoint alone (`batch`). Default here batch; the job's schema (every door) defaults to
   * both. Only `--mode create` sends singles.
   */
  readonly lanes?: CreateLanes | undefined;
  /**
   * Create rows whose number or e-mail a contact already in the book has. Default false: such
   * a row is refused at stage `duplicate` (`already in the address book`), so running a file
   * twice never creates its contacts twice.
   */
  readonly allowDuplicates?: boolean | undefined;
  /**
   * Upsert and update replace a matched contact's numbers and e-mails with the file's. Default
   * false: the file's are added to the contact's (see `mergeContactLists`).
   */
  readonly replaceLists?: boolean | undefined;
  /** `--blanks`: an empty cell keeps the contact's value (`keep`, the default) or clears it (`clear`): update, upsert and sync. */
  readonly blanks?: 'keep' | 'clear' | undefined;
}

/**
 * `ccbulk import address-book`: the job as every door runs it. Its options beyond the shared
 * ones; `run` picks the import or the sync by mode.
 */
export const addressBookJob = defineJob({
  name: 'address-book',
  modes: ['create', 'update', 'upsert', 'delete', 'sync'],
  targetOption: 'book',
  targetKind: 'address-book',
  options: z.object({
    /** `--book`: the address book, by id or name. Required. */
    book: targetOption('--book', 'an address book'),
    /** `--mode`. Default create. */
    mode: choiceOption('--mode', ['create', 'update', 'upsert', 'delete', 'sync'], 'create'),
    key: keyOption,
    ...syncOptions,
    /** `--lanes`: creates on the batch and the single create endpoints (`both`), or the batch one alone. Default both (1.2× the batch lane alone: see README, Performance). */
    lanes: choiceOption('--lanes', ['both', 'batch'], 'both'),
    /** `--allow-duplicates`: create rows a contact already in the book has a number or e-mail of. Default false. */
    allowDuplicates: z.boolean().default(false),
    /** `--replace-lists`: upsert and update replace a contact's numbers and e-mails. Default false: add to them. */
    replaceLists: z.boolean().default(false),
    /** `--blanks`: keep or clear a field whose cell is empty, in update, upsert and sync. Default keep. */
    blanks: blanksOption,
  }),
  modeOptions: { key: ['sync'], deleteMissing: ['sync'], maxDelete: ['sync'], lanes: ['create'], allowDuplicates: ['create'], replaceLists: ['update', 'upsert'], blanks: ['update', 'upsert', 'sync'] },
  deletes: { modes: ['delete'], items: 'contacts' },
  writes: ADDRESS_BOOK_WRITES,
  calls: {
    // Resolving the book, custom fields by name, finding contacts (listing, by number or e-mail), settling unknown outcomes.
    reads: ['getAddressBook', 'Listaddressbookcustomfields', 'listContacts', 'getContact'],
    modes: {
      // `--lanes both` (the default) also creates on the single create endpoint.
      create: ['batchCreateContact', 'createContact'],
      update: ['batchUpdateContact'],
      upsert: ['batchCreateContact', 'batchUpdateContact'],
      delete: ['batchDeletecontact'],
      sync: ['batchCreateContact', 'batchUpdateContact'],
    },
    options: { deleteMissing: ['batchDeletecontact'] },
  },
  run: importAddressBook,
  syncKey: contactSyncKey,
  customFields: async (client) => {
    const names: string[] = [];
    for await (const field of client.listAddressBookCustomFields()) if (field.custom_field_name) names.push(field.custom_field_name);
    return names;
  },
  targets: async (client) => {
    const targets: JobTarget[] = [];
    for await (const unit of client.listUnits()) {
      for await (const book of client.listAddressBooks(unit.unit_id ?? '')) {
        targets.push({ id: book.address_book_id ?? '', name: book.address_book_name ?? '', size: book.total_contacts });
      }
    }
    return targets;
  },
  undo: addressBookUndo,
});

/** The frame's view of the job in `mode`. */
const identity = (mode: AddressBookMode): JobIdentity => ({ name: 'address-book', mode, operation: ADDRESS_BOOK_WRITES[mode], targetKind: 'address-book' });

/**
 * The address book job: every row of the file ends in results.csv or rejects.csv, and
 * summary.json says how many went where and why. `sync` makes the book match the file.
 */
export function importAddressBook(client: ContactCenterClient, options: ImportAddressBookOptions): Promise<ImportSummary> {
  const { mode } = options;
  if (mode === 'sync') return syncAddressBook(client, { ...options, deleteMissing: options.deleteMissing ?? false, maxDelete: options.maxDelete ?? { percent: 10 } });
  return importRows(client, { ...options, mode });
}

/** The modes that send each row as it comes: create, update, upsert and delete. */
type RowMode = Exclude<AddressBookMode, 'sync'>;

/** Create, update, upsert or delete each row. */
function importRows(client: ContactCenterClient, options: ImportAddressBookOptions & { readonly mode: RowMode }): Promise<ImportSummary> {
  return runImportJob(client, identity(options.mode), options, async (_table, plan, claim) => {
    requireContactColumns(options.file, plan);
    checkColumnsFor(options.mode, plan.fields);
    const book = await resolveAddressBook(client, options.book);
    await claim(book);
    const customIds = await resolveCustomFieldIds('address book', plan.custom, () => client.listAddressBookCustomFields());
    const finder = new ContactFinder(client, book.id, book.totalContacts);
    const sender = new AddressBookSender(client, book.id, finder, options.dryRun, options.replaceLists === true);
    // A dry run writes nothing: its planned requests are counted as batch creates.
    const lanes = options.mode === 'create' && options.lanes === 'both' && !options.dryRun ? new TwoLaneCreates(client, book.id, finder, sender) : undefined;
    const phones = createPhoneNormaliser({ defaultCountry: options.country, ...phoneSettingsFor(options) });
    // Read once, before the first create, so that a row already in the book is not created again.
    const existing =
      options.mode === 'create' && options.allowDuplicates !== true && book.totalContacts > 0 ? await ExistingContacts.ofAddressBook(client, book.id) : undefined;
    const blanks = options.blanks ?? 'keep';
    const target = addressBookTarget(options.mode, lanes ?? sender, sender, (row, shape, draftOptions) => contactRowPlan(row, plan, phones, shape, undefined, draftOptions === undefined ? undefined : { ...draftOptions, blanks }), customIds);
    if (existing !== undefined) target.already = (_item, keys) => alreadyIn('the address book', existing.holderOf(keys));
    return {
      ...prefetchingPhones(target, phones, phoneColumnsOf(plan), plan.fields.country),
      describe: { addressBookId: book.id, name: book.name },
      extra: () => ({
        lookups: { requests: finder.requests + (existing?.requests ?? 0), fullListing: finder.usesFullListing || existing !== undefined },
        ...(options.dryRun ? { plannedWrites: sender.plannedRequests } : {}),
        ...(lanes ? { createLanes: lanes.counts } : {}),
      }),
    };
  });
}

/** Updates keep the types the file gives: no number is promoted to main. */
const UPDATE_DRAFT: RowOptions = { promoteFirstToMain: false, keyedById: true };

/** Upserts and deletes act on the contact a row's id names, when it gives one. */
const BY_ID: RowOptions = { keyedById: true };

/** A row's plan given how a draft is shaped for the target. */
type RowPlanner = <T>(row: SourceRow, shape: (draft: ContactDraft) => Shaped<T>, options?: RowOptions) => RowPlan<T>;

/** Each mode's shaping and sending, wired to the sender. */
function addressBookTarget(mode: RowMode, creates: Pick<AddressBookSender, 'create'> & { readonly extraInFlight?: number }, sender: AddressBookSender, planRow: RowPlanner, customIds: ReadonlyMap<string, string>): ImportTarget<never> {
  switch (mode) {
    case 'create': {
      const target: ImportTarget<AddressBookContactInput> = {
        batchSize: ADDRESS_BOOK_WRITES.create.batchSize,
        ...('extraInFlight' in creates ? { extraInFlight: creates.extraInFlight } : {}),
        prepare: (row) =>
          planRow(row, (draft) => {
            const shaped = toAddressBookCreate(draft, customIds);
            return shaped.ok ? { ok: true, item: shaped.contact } : shaped;
          }),
        imagesOf: async (batch) => batch.map((p) => ({ t: 'create', fields: fieldsOfBookContact(p.item) }) as const),
        send: (batch) => creates.create(batch.map((p) => p.item)),
        recover: async (batch) => ({ ...(await sender.settleCreate(batch.map((p) => p.item))), how: 'looked up by phone and e-mail, created the missing' }),
      };
      return target as ImportTarget<never>;
    }
    case 'update': {
      const target: ImportTarget<{ readonly contact: Parameters<AddressBookSender['update']>[0][number]; readonly clears: string | undefined }> = {
        batchSize: ADDRESS_BOOK_WRITES.update.batchSize,
        prepare: (row) =>
          planRow(
            row,
            (draft) => {
              const shaped = toAddressBookUpdate(draft, customIds);
              return shaped.ok ? { ok: true, item: { contact: shaped.contact, clears: draft.cleared === undefined ? undefined : clearsText(draft.cleared) } } : shaped;
            },
            UPDATE_DRAFT,
          ),
        // Each contact as the book holds it, read by id: one request a contact (an update reads nothing else).
        // (Asked together: the limiter paces them.)
        imagesOf: (batch) =>
          Promise.all(
            batch.map(async ({ item }): Promise<BeforeImage | undefined> => {
              const stored = await sender.storedById(item.contact.contact_id);
              if (stored === undefined) return undefined;
              const before = fieldsOfBookContact(stored);
              return { t: 'update', id: item.contact.contact_id, before, after: afterUpdate(before, bookFieldUpdate(item.contact)) };
            }),
          ),
        send: async (batch) => (await sender.update(batch.map((p) => p.item.contact))).map((verdict, i) => withClears(verdict, batch[i]!.item.clears)),
      };
      return target as ImportTarget<never>;
    }
    case 'upsert': {
      const target: ImportTarget<Parameters<AddressBookSender['upsert']>[0][number]> = {
        // A batch may turn wholly into creates, so it is sized for the create endpoint.
        batchSize: ADDRESS_BOOK_WRITES.upsert.batchSize,
        prepare: (row) =>
          planRow(row, (draft) => {
            const shaped = toAddressBookCreate(draft, customIds);
            return shaped.ok ? { ok: true, item: { ...shaped.contact, contact_id: draft.contact_id, clears: upsertClears(draft.cleared, customIds) } } : shaped;
          }, BY_ID),
        // Looks the contacts up first, and records what it will change before it writes.
        readsFirst: true,
        send: (batch, writing) => sender.upsert(batch.map((p) => p.item), writing),
      };
      return target as ImportTarget<never>;
    }
    case 'delete': {
      const target: ImportTarget<Parameters<AddressBookSender['deleteMatching']>[0][number]> = {
        batchSize: ADDRESS_BOOK_WRITES.delete.batchSize,
        prepare: (row) =>
          planRow(row, (draft) => {
            const phones = draft.phones.map((p) => p.number);
            if (draft.contact_id === undefined && phones.length === 0 && draft.emails.length === 0) {
              return { ok: false, reasons: [reason('contact_id: missing: delete needs a contact id, or a phone or e-mail to find the contact by')] };
            }
            return { ok: true, item: { contact_id: draft.contact_id, phones, emails: draft.emails } };
          }, BY_ID),
        // Looks the contacts up first: a batch that fails or is killed then deleted nothing.
        readsFirst: true,
        send: (batch, writing) => sender.deleteMatching(batch.map((p) => p.item), { beforeWrite: writing }),
        // Deleting is safe to repeat, but a contact the interrupted run deleted is gone now.
        recover: async (batch) => {
          const verdicts = await sender.deleteMatching(
            batch.map((p) => p.item),
            { sentBefore: true },
          );
          return { verdicts, found: 0, resent: batch.length, how: 'looked the contacts up again, deleted those still there' };
        },
      };
      return target as ImportTarget<never>;
    }
  }
}

/** What an upsert row clears of the contact it finds, with custom fields by id. */
function upsertClears(clears: DraftClears | undefined, customIds: ReadonlyMap<string, string>): UpsertClears | undefined {
  if (clears === undefined) return undefined;
  const ids = clears.custom.flatMap((name) => {
    const id = customIds.get(name);
    return id === undefined ? [] : [id];
  });
  return { fields: clears.fields, phoneTypes: clears.phoneTypes, emails: clears.emails, customIds: ids, text: clearsText(clears) };
}

/** Columns a mode cannot do without: a clear error before anything is sent. */
function checkColumnsFor(mode: RowMode, fields: Readonly<Partial<Record<string, number>>>): void {
  if (mode === 'update' && fields.contact_id === undefined) {
    throw new CcbulkError('MAPPING_INVALID', '`--mode update` needs a contact id column (e.g. `contact_id` or `Contact ID`), and the file has none');
  }
  if (mode === 'delete') {
    const keys = ['contact_id', 'phone', 'mobile', 'work_phone', 'home_phone', 'other_phone', 'email', 'email_2', 'email_3', 'email_4'];
    if (!keys.some((k) => fields[k] !== undefined)) {
      throw new CcbulkError('MAPPING_INVALID', '`--mode delete` needs a contact id, phone or e-mail column to find contacts by, and the file has none');
    }
  }
}
/** Options of an address book sync, already checked. */
type SyncAddressBookOptions = ImportJobOptions & SyncOptions & Pick<ImportAddressBookOptions, 'book' | 'country'>;

type BookSyncItem = SyncItem<AddressBookContactInput, AddressBookContactUpdate>;

/**
 * `--mode sync` of the address book import: makes the book match the file, sending only what
 * changed. The book is listed once (300 contacts a request); each row is matched to a contact by
 * `--key`, compared on the fields the file has columns for, and becomes a create, an update of
 * just the fields that differ, or nothing at all (`unchanged` in results.csv). Contacts no row
 * matches are listed in not-in-file.csv, and deleted with `--delete-missing`.
 */
function syncAddressBook(client: ContactCenterClient, options: SyncAddressBookOptions): Promise<ImportSummary> {
  return runSyncJob<BookSyncItem>(client, identity('sync'), options, async (_table, plan, claim) => {
    requireContactColumns(options.file, plan);
    if (plan.custom.length > 0) {
      throw new CcbulkError(
        'MAPPING_INVALID',
        `An address book sync cannot compare custom fields (Zoom's contact listing does not show their values), and the file has ${plan.custom.map((n) => `custom:${n}`).join(', ')}: ` +
          'sync without them, and set them with --mode update',
      );
    }
    const key = contactSyncKey(plan, options.key);
    if (key === 'contact_id' && plan.fields.contact_id === undefined) throw new CcbulkError('MAPPING_INVALID', '`--key contact_id` needs a contact id column, and the file has none');
    if (key === 'account_number' && plan.fields.account_number === undefined) throw new CcbulkError('MAPPING_INVALID', '`--key account_number` needs an account number column, and the file has none');
    const book = await resolveAddressBook(client, options.book);
    await claim(book);
    const index = await TargetIndex.load(listed(client, book.id));
    const finder = new ContactFinder(client, book.id, book.totalContacts);
    const sender = new AddressBookSender(client, book.id, finder, options.dryRun);
    const phones = createPhoneNormaliser({ defaultCountry: options.country, ...phoneSettingsFor(options, true) });
    const carried = carriedFieldsOf(plan, new Map());
    const noCustom = new Map<string, string>();

    const prepare = (row: SourceRow): RowPlan<BookSyncItem> => {
      // Drafted as for an update (no number promoted to main), so it compares with what Zoom holds.
      const drafted = toContactDraft(row, plan, phones, { promoteFirstToMain: false, blanks: options.blanks ?? 'keep' });
      if (!drafted.ok) {
        claimRefusedRow(row, plan, key, index, drafted.readable);
        return refuseRow('validate', drafted.reasons);
      }
      const draft = drafted.draft;
      const match = matchRow(draft, key, index, row.origin.line, 'address book');
      if (match.kind === 'refused') return refuseRow(match.stage, match.reasons);
      const keys = duplicateKeysOf(draft, key);
      const sent = draft.phones.map((p) => p.number);
      if (match.kind === 'new') {
        const shaped = toAddressBookCreate(promoted(draft), noCustom);
        if (!shaped.ok) {
          // Refused, it still names the contacts its numbers and e-mails are: they stay, and a
          // later row for the same contact is its duplicate (see ItemRefusal's claims).
          keepNamed(namesOf(draft), index);
          return [{ ok: false, stage: 'validate', reasons: shaped.reasons, claims: keys }];
        }
        return [{ ok: true, item: { action: 'create', item: shaped.contact, image: { t: 'create', fields: fieldsOfBookContact(shaped.contact) } }, keys, phones: sent }];
      }
      const contactId = index.idAt(match.slot);
      const diff = diffFields(fieldsOfDraft(draft, noCustom), index.fieldsAt(match.slot), carried, options.blanks ?? 'keep');
      if (diff.changes.length === 0) return [{ ok: true, item: { action: 'unchanged', contactId }, keys, phones: sent }];
      // The API refuses a contact left with no number and no e-mail: refused here, it is not sent every night.
      const held = heldAfter(diff.update, index.fieldsAt(match.slot));
      if (held.phones.length === 0 && held.emails.length === 0) {
        keepNamed(namesOf(draft), index);
        return refuseRow('validate', [reason('phone, email: neither in the row, and a contact needs one of them', `the sync would remove every number and e-mail of contact ${contactId}`, { quote: false })]);
      }
      const update = bookUpdateOf(contactId, diff.update);
      const checked = addressBookUpdateSchema.safeParse(update);
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

    const target: ImportTarget<BookSyncItem> = {
      batchSize: ADDRESS_BOOK_WRITES.update.batchSize,
      prepare,
      imagesOf: syncImages,
      noRequest: unchangedOutcome,
      ...syncResumeOutcomes('created'),
      send: (batch) => sendSyncBatch(batch, CREATE_BATCH, (items) => sender.create(items), (items) => sender.update(items)),
      recover: async (batch) => {
        let found = 0;
        let resent = 0;
        const verdicts = await sendSyncBatch(
          batch,
          CREATE_BATCH,
          async (items) => {
            const settled = await sender.settleCreate(items);
            found += settled.found;
            resent += settled.resent;
            return settled.verdicts;
          },
          // Updates are safe to repeat.
          (items) => sender.update(items),
        );
        return { verdicts, found, resent, how: 'looked up the creates by phone and e-mail, created the missing; sent the updates again' } satisfies Recovery;
      },
    };
    return {
      ...prefetchingPhones(target, phones, phoneColumnsOf(plan), plan.fields.country),
      index,
      key,
      noun: 'contacts',
      describe: { addressBookId: book.id, name: book.name },
      deleteBatchSize: ADDRESS_BOOK_WRITES.delete.batchSize,
      remove: (ids) => sender.delete(ids),
      describeMissing: (slot) => {
        const fields = index.fieldsAt(slot);
        return { id: index.idAt(slot), displayName: fields.scalars.display_name ?? '', phones: fields.phones.map((p) => p.number).join(' '), emails: fields.emails.join(' ') };
      },
      extra: () => (options.dryRun ? { plannedWrites: sender.plannedRequests } : {}),
    };
  });
}

/** Every contact of the book, as the index takes them. */
async function* listed(client: ContactCenterClient, bookId: string) {
  for await (const c of client.listAddressBookContacts(bookId)) {
    if (c.contact_id !== undefined) yield { id: c.contact_id, fields: fieldsOfBookContact(c) };
  }
}

/** A new contact's draft: the first number is main when no column gives a main one, as a create makes it. */
function promoted(draft: ContactDraft): ContactDraft {
  const first = draft.phones[0];
  if (first === undefined || draft.phones.some((p) => p.type === 'main')) return draft;
  return { ...draft, phones: [{ ...first, type: 'main' }, ...draft.phones.slice(1)] };
}


/** The most contacts one create request takes. */
const CREATE_BATCH = ADDRESS_BOOK_WRITES.create.batchSize;
