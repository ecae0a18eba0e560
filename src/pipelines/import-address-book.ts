import { mkdir } from 'node:fs/promises';
import { CcbulkError } from '../errors.js';
import { openTable } from '../readers/open-table.js';
import type { CsvReadOptions } from '../readers/csv.js';
import { toAddressBookCreate, toAddressBookUpdate } from '../transforms/address-book-contact.js';
import { planColumns } from '../transforms/column-mapping.js';
import type { ContactDraft } from '../transforms/contact-draft.js';
import { contactRowPlan, type Shaped } from '../transforms/contact-row.js';
import type { RowPlan } from '../transforms/row-plan.js';
import type { SourceRow } from '../readers/source-row.js';
import { createPhoneNormaliser } from '../transforms/phone.js';
import { AddressBookSender } from '../writers/address-book-sender.js';
import { ContactFinder } from '../writers/contact-finder.js';
import { OutcomeFiles } from '../writers/outcome-files.js';
import { writeSummary, type ImportSummary } from '../writers/summary-file.js';
import type { ContactCenterClient } from '../zoom/client.js';
import { ZoomApiError } from '../zoom/api-error.js';
import { batchLimit, type AddressBookContactInput } from '../zoom/client.js';
import { runImportEngine, type ImportProgress, type ImportTarget } from './import-engine.js';

/** What an address book import does to each row. */
export type AddressBookMode = 'create' | 'update' | 'upsert' | 'delete';

/** Options of an address book import, already checked (see the CLI's schema). */
export interface ImportAddressBookOptions {
  readonly file: string;
  /** Address book id or name. */
  readonly book: string;
  readonly mode: AddressBookMode;
  /** ISO code of the country national numbers are read in. */
  readonly country: string;
  readonly sheet?: string | number | undefined;
  /** The parsed `--map` file, checked by the column planner. */
  readonly map?: unknown;
  readonly encoding?: CsvReadOptions['encoding'];
  readonly delimiter?: CsvReadOptions['delimiter'];
  readonly outDir: string;
  readonly dryRun: boolean;
  /** Batches in flight at once. */
  readonly concurrency: number;
  readonly onProgress?: (progress: ImportProgress) => void;
}

/**
 * The address book import: every row of the file ends in results.csv or rejects.csv, and
 * summary.json says how many went where and why.
 */
export async function importAddressBook(client: ContactCenterClient, options: ImportAddressBookOptions): Promise<ImportSummary> {
  const started = Date.now();
  const table = await openTable(options.file, { encoding: options.encoding, delimiter: options.delimiter, sheet: options.sheet });
  const plan = planColumns(table.header, options.map);
  checkColumnsFor(options.mode, plan.fields);
  const book = await resolveAddressBook(client, options.book);
  const customIds = await resolveCustomFields(client, plan.custom);
  await mkdir(options.outDir, { recursive: true, mode: 0o700 });
  const outcomes = await OutcomeFiles.create(options.outDir, table.header);
  const finder = new ContactFinder(client, book.id, book.totalContacts);
  const sender = new AddressBookSender(client, book.id, finder, options.dryRun);
  const phones = createPhoneNormaliser({ defaultCountry: options.country });
  const target = addressBookTarget(options.mode, sender, (row, shape) => contactRowPlan(row, plan, phones, shape), customIds);

  let result;
  try {
    result = await runImportEngine({
      table,
      target,
      outcomes,
      concurrency: options.concurrency,
      onProgress: options.onProgress,
    });
  } finally {
    await outcomes.close();
  }
  const summary: ImportSummary = {
    job: 'address-book',
    mode: options.mode,
    dryRun: options.dryRun,
    input: options.file,
    target: { addressBookId: book.id, name: book.name },
    rows: result.rows,
    succeeded: outcomes.counts.succeeded,
    rejected: outcomes.counts.rejected,
    requests: client.stats.requests,
    retries: client.stats.retries,
    rateLimited: client.stats.rateLimited,
    elapsedMs: Date.now() - started,
    rejectedByStage: outcomes.counts.rejectedByStage,
    rejectedByReason: outcomes.counts.rejectedByReason,
    unmappedColumns: plan.unmapped,
    lookups: { requests: finder.requests, fullListing: finder.usesFullListing },
    ...(options.dryRun ? { plannedWrites: sender.plannedRequests } : {}),
    files: { ...outcomes.paths, summary: `${options.outDir}/summary.json` },
    ...(result.stoppedBy === undefined ? {} : { stoppedBy: result.stoppedBy instanceof Error ? result.stoppedBy.message : String(result.stoppedBy) }),
  };
  await writeSummary(options.outDir, summary);
  if (result.stoppedBy !== undefined) throw result.stoppedBy;
  return summary;
}

/** A row's plan given how a draft is shaped for the target. */
type RowPlanner = <T>(row: SourceRow, shape: (draft: ContactDraft) => Shaped<T>) => RowPlan<T>;

/** Each mode's shaping and sending, wired to the sender. */
function addressBookTarget(mode: AddressBookMode, sender: AddressBookSender, planRow: RowPlanner, customIds: ReadonlyMap<string, string>): ImportTarget<never> {
  switch (mode) {
    case 'create': {
      const target: ImportTarget<AddressBookContactInput> = {
        batchSize: batchLimit('batchCreateContact'),
        prepare: (row) =>
          planRow(row, (draft) => {
            const shaped = toAddressBookCreate(draft, customIds);
            return shaped.ok ? { ok: true, item: shaped.contact } : shaped;
          }),
        send: (batch) => sender.create(batch.map((p) => p.item)),
      };
      return target as ImportTarget<never>;
    }
    case 'update': {
      const target: ImportTarget<Parameters<AddressBookSender['update']>[0][number]> = {
        batchSize: batchLimit('batchUpdateContact'),
        prepare: (row) =>
          planRow(row, (draft) => {
            const shaped = toAddressBookUpdate(draft, customIds);
            return shaped.ok ? { ok: true, item: shaped.contact } : shaped;
          }),
        send: (batch) => sender.update(batch.map((p) => p.item)),
      };
      return target as ImportTarget<never>;
    }
    case 'upsert': {
      const target: ImportTarget<Parameters<AddressBookSender['upsert']>[0][number]> = {
        // A batch may turn wholly into creates, so it is sized for the create endpoint.
        batchSize: batchLimit('batchCreateContact'),
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
        batchSize: batchLimit('batchDeletecontact'),
        prepare: (row) =>
          planRow(row, (draft) => {
            const phones = draft.phones.map((p) => p.number);
            if (draft.contact_id === undefined && phones.length === 0 && draft.emails.length === 0) {
              return { ok: false, reasons: ['contact_id: missing: delete needs a contact id, or a phone or e-mail to find the contact by'] };
            }
            return { ok: true, item: { contact_id: draft.contact_id, phones, emails: draft.emails } };
          }),
        send: (batch) => sender.deleteMatching(batch.map((p) => p.item)),
      };
      return target as ImportTarget<never>;
    }
  }
}

/** Columns a mode cannot do without: a clear error before anything is sent. */
function checkColumnsFor(mode: AddressBookMode, fields: Readonly<Partial<Record<string, number>>>): void {
  if (mode === 'update' && fields.contact_id === undefined) {
    throw new CcbulkError('USAGE', '`--mode update` needs a contact id column (e.g. `contact_id` or `Contact ID`), and the file has none');
  }
  if (mode === 'delete') {
    const keys = ['contact_id', 'phone', 'mobile', 'work_phone', 'home_phone', 'other_phone', 'email', 'email_2', 'email_3', 'email_4'];
    if (!keys.some((k) => fields[k] !== undefined)) {
      throw new CcbulkError('USAGE', '`--mode delete` needs a contact id, phone or e-mail column to find contacts by, and the file has none');
    }
  }
}

/** The address book named by id, else by name. */
async function resolveAddressBook(client: ContactCenterClient, idOrName: string): Promise<{ id: string; name: string; totalContacts: number }> {
  for (const byName of [false, true]) {
    try {
      const book = await client.getAddressBook(idOrName, { byName });
      return { id: book.address_book_id ?? idOrName, name: book.address_book_name ?? '', totalContacts: book.total_contacts ?? 0 };
    } catch (error) {
      if (!(error instanceof ZoomApiError) || error.status !== 404) {
        if (error instanceof ZoomApiError && error.zoomCode === 2007) {
          throw new CcbulkError('USAGE', `More than one address book is named '${idOrName}': give its id with --book`);
        }
        throw error;
      }
    }
  }
  throw new CcbulkError('USAGE', `No address book has the id or name '${idOrName}'`);
}

/** Custom field ids by name; an unknown name stops the run before any write. */
async function resolveCustomFields(client: ContactCenterClient, names: readonly string[]): Promise<Map<string, string>> {
  const ids = new Map<string, string>();
  if (names.length === 0) return ids;
  const known = new Map<string, string>();
  for await (const field of client.listAddressBookCustomFields()) {
    if (field.custom_field_name && field.custom_field_id) known.set(field.custom_field_name, field.custom_field_id);
  }
  const unknown = names.filter((n) => !known.has(n));
  if (unknown.length > 0) {
    const there = known.size === 0 ? 'the account has none' : `there are: ${[...known.keys()].join(', ')}`;
    throw new CcbulkError('MAPPING_INVALID', `Unknown address book custom field${unknown.length > 1 ? 's' : ''} ${unknown.map((n) => `'${n}'`).join(', ')}; ${there}`);
  }
  for (const name of names) ids.set(name, known.get(name)!);
  return ids;
}
