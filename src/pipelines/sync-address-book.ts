import { CcbulkError } from '../errors.js';
import { reason } from '../reason.js';
import type { SourceRow } from '../readers/source-row.js';
import { addressBookUpdateSchema, toAddressBookCreate } from '../transforms/address-book-contact.js';
import { requireContactColumns } from '../transforms/contact-columns.js';
import { fieldsOfBookContact, fieldsOfDraft } from '../transforms/contact-digest.js';
import { phoneColumnsOf, toContactDraft, type ContactDraft } from '../transforms/contact-draft.js';
import { createPhoneNormaliser } from '../transforms/phone.js';
import { refuseRow, type RowPlan } from '../transforms/row-plan.js';
import { carriedFieldsOf, diffFields, type FieldUpdate } from '../transforms/sync-diff.js';
import { claimRefusedRow, defaultSyncKey, duplicateKeysOf, matchRow } from '../transforms/sync-match.js';
import { AddressBookSender } from '../senders/address-book-sender.js';
import { ContactFinder } from '../senders/contact-finder.js';
import { TargetIndex } from '../senders/target-index.js';
import type { ImportSummary } from '../writers/summary-file.js';
import type { AddressBookContactInput, AddressBookContactUpdate, ContactCenterClient } from '../zoom/client.js';
import { resolveAddressBook } from '../zoom/resolve.js';
import type { ImportTarget, Recovery } from './import-engine.js';
import { phoneSettingsFor, prefetchingPhones, type ImportJobOptions } from './import-job.js';
import { writeOperationOf } from './job-operations.js';
import { runSyncJob, sendSyncBatch, unchangedOutcome, type SyncItem, type SyncOptions } from './sync-job.js';

/** Options of an address book sync, already checked. */
export interface SyncAddressBookOptions extends ImportJobOptions, SyncOptions {
  /** Address book id or name. */
  readonly book: string;
  readonly country: string;
}

type BookSyncItem = SyncItem<AddressBookContactInput, AddressBookContactUpdate>;

/**
 * `--mode sync` of the address book import: makes the book match the file, sending only what
 * changed. The book is listed once (300 contacts a request); each row is matched to a contact by
 * `--key`, compared on the fields the file has columns for, and becomes a create, an update of
 * just the fields that differ, or nothing at all (`unchanged` in results.csv). Contacts no row
 * matches are listed in not-in-file.csv, and deleted with `--delete-missing`.
 */
export function syncAddressBook(client: ContactCenterClient, options: SyncAddressBookOptions): Promise<ImportSummary> {
  return runSyncJob<BookSyncItem>(client, 'address-book', options, async (_table, plan) => {
    requireContactColumns(options.file, plan);
    if (plan.custom.length > 0) {
      throw new CcbulkError(
        'MAPPING_INVALID',
        `An address book sync cannot compare custom fields (Zoom's contact listing does not show their values), and the file has ${plan.custom.map((n) => `custom:${n}`).join(', ')}: ` +
          'sync without them, and set them with --mode update',
      );
    }
    const key = options.key ?? defaultSyncKey(plan);
    if (key === 'contact_id' && plan.fields.contact_id === undefined) throw new CcbulkError('MAPPING_INVALID', '`--key contact_id` needs a contact id column, and the file has none');
    if (key === 'account_number' && plan.fields.account_number === undefined) throw new CcbulkError('MAPPING_INVALID', '`--key account_number` needs an account number column, and the file has none');
    const book = await resolveAddressBook(client, options.book);
    const index = await TargetIndex.load(listed(client, book.id));
    const finder = new ContactFinder(client, book.id, book.totalContacts);
    const sender = new AddressBookSender(client, book.id, finder, options.dryRun);
    const phones = createPhoneNormaliser({ defaultCountry: options.country, ...phoneSettingsFor(options, true) });
    const carried = carriedFieldsOf(plan, new Map());
    const noCustom = new Map<string, string>();

    const prepare = (row: SourceRow): RowPlan<BookSyncItem> => {
      // Drafted as for an update (no number promoted to main), so it compares with what Zoom holds.
      const drafted = toContactDraft(row, plan, phones, { promoteFirstToMain: false });
      if (!drafted.ok) {
        claimRefusedRow(row, plan, key, index);
        return refuseRow('validate', drafted.reasons);
      }
      const draft = drafted.draft;
      const match = matchRow(draft, key, index, row.origin.line, 'address book');
      if (match.kind === 'refused') return refuseRow(match.stage, match.reasons);
      const keys = duplicateKeysOf(draft, key, match);
      const sent = draft.phones.map((p) => p.number);
      if (match.kind === 'new') {
        const shaped = toAddressBookCreate(promoted(draft), noCustom);
        if (!shaped.ok) return refuseRow('validate', shaped.reasons);
        return [{ ok: true, item: { action: 'create', item: shaped.contact }, keys, phones: sent }];
      }
      const contactId = index.idAt(match.slot);
      const diff = diffFields(fieldsOfDraft(draft, noCustom), index.fieldsAt(match.slot), carried);
      if (diff.changes.length === 0) return [{ ok: true, item: { action: 'unchanged', contactId }, keys, phones: sent }];
      const update = bookUpdateOf(contactId, diff.update);
      const checked = addressBookUpdateSchema.safeParse(update);
      if (!checked.success) return refuseRow('validate', checked.error.issues.map((i) => reason(`${String(i.path[0] ?? 'contact')}: ${i.message}`)));
      return [{ ok: true, item: { action: 'update', item: update, contactId, changes: diff.changes }, keys, phones: sent }];
    };

    const target: ImportTarget<BookSyncItem> = {
      batchSize: writeOperationOf('address-book', 'update').batchSize,
      prepare,
      noRequest: unchangedOutcome,
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
      deleteBatchSize: writeOperationOf('address-book', 'delete').batchSize,
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

/** The update request item for the fields that change, and nothing else. */
function bookUpdateOf(contactId: string, update: FieldUpdate): AddressBookContactUpdate {
  return {
    contact_id: contactId,
    ...update.scalars,
    ...(update.phones === undefined ? {} : { phones: update.phones.map((p) => ({ phone_number: p.number, phone_type: p.type })) }),
    ...(update.emails === undefined ? {} : { emails: [...update.emails] }),
  };
}

/** The most contacts one create request takes. */
const CREATE_BATCH = writeOperationOf('address-book', 'create').batchSize;
