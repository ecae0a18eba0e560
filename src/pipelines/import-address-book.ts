import { reason } from '../reason.js';
import { CcbulkError } from '../errors.js';
import { toAddressBookCreate, toAddressBookUpdate } from '../transforms/address-book-contact.js';
import { phoneColumnsOf, type ContactDraft, type DraftOptions } from '../transforms/contact-draft.js';
import { requireContactColumns } from '../transforms/contact-columns.js';
import { contactRowPlan, type Shaped } from '../transforms/contact-row.js';
import type { RowPlan } from '../transforms/row-plan.js';
import type { SourceRow } from '../readers/source-row.js';
import { createPhoneNormaliser } from '../transforms/phone.js';
import { AddressBookSender } from '../senders/address-book-sender.js';
import { ContactFinder } from '../senders/contact-finder.js';
import { TwoLaneCreates, type CreateLanes } from '../senders/two-lane-creates.js';
import { alreadyIn, ExistingContacts } from '../senders/existing-contacts.js';
import type { ImportSummary } from '../writers/summary-file.js';
import type { ContactCenterClient } from '../zoom/client.js';
import { resolveAddressBook, resolveCustomFieldIds } from '../zoom/resolve.js';
import type { AddressBookContactInput } from '../zoom/client.js';
import type { ImportTarget } from './import-engine.js';
import { phoneSettingsFor, prefetchingPhones, runImportJob, type ImportJobOptions } from './import-job.js';
import { writeOperationOf } from './job-operations.js';

/** What an address book import does to each row. */
export type AddressBookMode = 'create' | 'update' | 'upsert' | 'delete';

/** Options of an address book import, already checked (see the CLI's schema). */
export interface ImportAddressBookOptions extends ImportJobOptions {
  /** Address book id or name. */
  readonly book: string;
  readonly mode: AddressBookMode;
  /** ISO code of the country national numbers are read in. */
  readonly country: string;
  /**
   * Creates on the batch and the single create endpoints at once (`both`), or on the batch
   * endpoint alone (`batch`). Default here batch; the command and the library function
   * default to both. Only `--mode create` sends singles.
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
}

/**
 * The address book import: every row of the file ends in results.csv or rejects.csv, and
 * summary.json says how many went where and why.
 */
export function importAddressBook(client: ContactCenterClient, options: ImportAddressBookOptions): Promise<ImportSummary> {
  return runImportJob(client, { name: 'address-book', mode: options.mode }, options, async (_table, plan) => {
    requireContactColumns(options.file, plan);
    checkColumnsFor(options.mode, plan.fields);
    const book = await resolveAddressBook(client, options.book);
    const customIds = await resolveCustomFieldIds('address book', plan.custom, () => client.listAddressBookCustomFields());
    const finder = new ContactFinder(client, book.id, book.totalContacts);
    const sender = new AddressBookSender(client, book.id, finder, options.dryRun, options.replaceLists === true);
    // A dry run writes nothing: its planned requests are counted as batch creates.
    const lanes = options.mode === 'create' && options.lanes === 'both' && !options.dryRun ? new TwoLaneCreates(client, book.id, finder, sender) : undefined;
    const phones = createPhoneNormaliser({ defaultCountry: options.country, ...phoneSettingsFor(options) });
    // Read once, before the first create, so that a row already in the book is not created again.
    const existing =
      options.mode === 'create' && options.allowDuplicates !== true && book.totalContacts > 0 ? await ExistingContacts.ofAddressBook(client, book.id) : undefined;
    const target = addressBookTarget(options.mode, lanes ?? sender, sender, (row, shape, draftOptions) => contactRowPlan(row, plan, phones, shape, undefined, draftOptions), customIds);
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
const UPDATE_DRAFT: DraftOptions = { promoteFirstToMain: false };

/** A row's plan given how a draft is shaped for the target. */
type RowPlanner = <T>(row: SourceRow, shape: (draft: ContactDraft) => Shaped<T>, options?: DraftOptions) => RowPlan<T>;

/** Each mode's shaping and sending, wired to the sender. */
function addressBookTarget(mode: AddressBookMode, creates: Pick<AddressBookSender, 'create'> & { readonly extraInFlight?: number }, sender: AddressBookSender, planRow: RowPlanner, customIds: ReadonlyMap<string, string>): ImportTarget<never> {
  switch (mode) {
    case 'create': {
      const target: ImportTarget<AddressBookContactInput> = {
        batchSize: writeOperationOf('address-book', 'create').batchSize,
        ...('extraInFlight' in creates ? { extraInFlight: creates.extraInFlight } : {}),
        prepare: (row) =>
          planRow(row, (draft) => {
            const shaped = toAddressBookCreate(draft, customIds);
            return shaped.ok ? { ok: true, item: shaped.contact } : shaped;
          }),
        send: (batch) => creates.create(batch.map((p) => p.item)),
        recover: async (batch) => ({ ...(await sender.settleCreate(batch.map((p) => p.item))), how: 'looked up by phone and e-mail, created the missing' }),
      };
      return target as ImportTarget<never>;
    }
    case 'update': {
      const target: ImportTarget<Parameters<AddressBookSender['update']>[0][number]> = {
        batchSize: writeOperationOf('address-book', 'update').batchSize,
        prepare: (row) =>
          planRow(
            row,
            (draft) => {
              const shaped = toAddressBookUpdate(draft, customIds);
              return shaped.ok ? { ok: true, item: shaped.contact } : shaped;
            },
            UPDATE_DRAFT,
          ),
        send: (batch) => sender.update(batch.map((p) => p.item)),
      };
      return target as ImportTarget<never>;
    }
    case 'upsert': {
      const target: ImportTarget<Parameters<AddressBookSender['upsert']>[0][number]> = {
        // A batch may turn wholly into creates, so it is sized for the create endpoint.
        batchSize: writeOperationOf('address-book', 'upsert').batchSize,
        prepare: (row) =>
          planRow(row, (draft) => {
            const shaped = toAddressBookCreate(draft, customIds);
            return shaped.ok ? { ok: true, item: { ...shaped.contact, contact_id: draft.contact_id } } : shaped;
          }),
        send: (batch) => sender.upsert(batch.map((p) => p.item)),
      };
      return target as ImportTarget<never>;
    }
    case 'delete': {
      const target: ImportTarget<Parameters<AddressBookSender['deleteMatching']>[0][number]> = {
        batchSize: writeOperationOf('address-book', 'delete').batchSize,
        prepare: (row) =>
          planRow(row, (draft) => {
            const phones = draft.phones.map((p) => p.number);
            if (draft.contact_id === undefined && phones.length === 0 && draft.emails.length === 0) {
              return { ok: false, reasons: [reason('contact_id: missing: delete needs a contact id, or a phone or e-mail to find the contact by')] };
            }
            return { ok: true, item: { contact_id: draft.contact_id, phones, emails: draft.emails } };
          }),
        send: (batch) => sender.deleteMatching(batch.map((p) => p.item)),
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

/** Columns a mode cannot do without: a clear error before anything is sent. */
function checkColumnsFor(mode: AddressBookMode, fields: Readonly<Partial<Record<string, number>>>): void {
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
