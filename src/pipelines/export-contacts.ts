import path from 'node:path';
import {
  addressBookContactCells,
  campaignContactCells,
  contactColumns,
  DNC_EXPORT_COLUMNS,
  dncPhoneCells,
  type ExportColumnSpec,
} from '../transforms/export-rows.js';
import type { AddressBookContact, ContactCenterClient } from '../zoom/client.js';
import { resolveAddressBook, resolveContactList, type ResolvedAddressBook } from '../zoom/resolve.js';
import { restartableListing } from '../zoom/restartable-listing.js';
import { runExport, type ExportCounters, type ExportJobOptions, type ExportSheet, type ExportSummary } from './export-job.js';
import { orderedMap } from './ordered-map.js';
import { orderedListings } from './ordered-listings.js';
import { RowSpool } from '../writers/row-spool.js';
import { warmExportSink } from '../writers/open-export-sink.js';

// An export writes every item: the next page is asked for while this one is written.
const READ_AHEAD = { readAhead: true } as const;

/** Custom field look-ups in flight while exporting (the limiter paces them). */
const CUSTOM_FIELD_CONCURRENCY = 16;

/**
 * Books listed at once by `--all` (one cursor each): one cursor waits a round trip per page, so
 * it fills a few of the label's 20 requests a second; several fill the quota, which the limiter
 * then shares between them. Each book beyond the one being written is spooled to disk.
 */
const BOOKS_AT_ONCE = 6;

/** Options of an address book export. */
export interface ExportAddressBookOptions extends ExportJobOptions {
  /** One address book by id or name; or undefined with `all`. */
  readonly book?: string | undefined;
  /** Every address book (of `unit`, when given). */
  readonly all?: boolean;
  readonly unit?: string | undefined;
  /** Add a `custom:<name>` column per custom field, fetching each contact's values. */
  readonly customFields?: boolean;
}

/**
 * Address books to a spreadsheet: one sheet per book in XLSX; in CSV one table, with an
 * `address_book` column when there are several books (`--all`).
 */
export async function exportAddressBooks(client: ContactCenterClient, options: ExportAddressBookOptions): Promise<ExportSummary> {
  warmExportSink(options.out);
  const counters: ExportCounters = { listingRestarts: 0 };
  const onRestart = () => counters.listingRestarts++;
  const books = options.all ? await allAddressBooks(client, options.unit) : [await resolveAddressBook(client, options.book ?? '')];
  const customNames = options.customFields ? await names(client.listAddressBookCustomFields()) : [];
  const columns = contactColumns(customNames);
  const rowsOf = (book: ResolvedAddressBook) => {
    const contacts = restartableListing(() => client.listAddressBookContacts(book.id, {}, READ_AHEAD), (c: AddressBookContact) => c.contact_id ?? '', { onRestart });
    if (!options.customFields) return mapRows(contacts, (c) => addressBookContactCells(c));
    return orderedMap(contacts, CUSTOM_FIELD_CONCURRENCY, async (c) => {
      const values = new Map<string, string>();
      for await (const f of client.listAddressBookContactCustomFields(c.contact_id ?? '')) {
        if (f.custom_field_name !== undefined) values.set(f.custom_field_name, f.custom_field_value ?? '');
      }
      return addressBookContactCells(c, customNames, values);
    });
  };
  const oneTable = options.all && path.extname(options.out).toLowerCase() === '.csv';
  // Several books: listed at once, written in book order, later books' rows spooled meanwhile.
  const spool = books.length > 1 ? await RowSpool.create() : undefined;
  const listed = spool ? orderedListings(books.map((book) => () => rowsOf(book)), spool, (row) => row, BOOKS_AT_ONCE)[Symbol.asyncIterator]() : undefined;
  let head: IteratorResult<{ readonly index: number; readonly row: readonly string[] }> | undefined;
  /** Book `index`'s rows: the single book's listing, or its part of the ordered listings. */
  async function* rowsOfBook(index: number): AsyncGenerator<readonly string[]> {
    if (!listed) {
      yield* rowsOf(books[index]!);
      return;
    }
    for (;;) {
      head ??= await listed.next();
      if (head.done === true || head.value.index !== index) return;
      const { row } = head.value;
      head = undefined;
      yield row;
    }
  }
  async function* sheets(): AsyncGenerator<ExportSheet> {
    if (oneTable) {
      // CSV holds one table: every book's contacts, each row naming its book.
      const tagged: ExportColumnSpec[] = [{ name: 'address_book', kind: 'text' }, ...columns];
      yield {
        name: 'address books',
        columns: tagged,
        rows: (async function* () {
          for (const [index, book] of books.entries()) for await (const row of rowsOfBook(index)) yield [book.name, ...row];
        })(),
      };
      return;
    }
    for (const [index, book] of books.entries()) yield { name: book.name || book.id, columns, rows: rowsOfBook(index) };
    if (books.length === 0) yield { name: 'address books', columns, rows: mapRows(empty(), () => []) };
  }
  const target: Record<string, string> = options.all ? { unit: options.unit ?? 'all units', addressBooks: String(books.length) } : { addressBookId: books[0]!.id, name: books[0]!.name };
  try {
    return await runExport(client, { name: 'address-book', target, counters }, options, sheets());
  } finally {
    await listed?.return?.(undefined);
    await spool?.remove();
  }
}

/** Options of a campaign contact list or DNC list export. */
export interface ExportListOptions extends ExportJobOptions {
  readonly list: string;
  /** Campaign lists: add a `custom:<name>` column per campaign custom field. */
  readonly customFields?: boolean;
}

/** A campaign contact list to a spreadsheet, in the address book export's columns. */
export async function exportCampaignContacts(client: ContactCenterClient, options: ExportListOptions): Promise<ExportSummary> {
  warmExportSink(options.out);
  const list = await resolveContactList(client, options.list, 'contact');
  const counters: ExportCounters = { listingRestarts: 0 };
  const definitions = new Map<string, string>();
  if (options.customFields) {
    for await (const f of client.listCampaignCustomFields()) if (f.custom_field_id && f.custom_field_name) definitions.set(f.custom_field_id, f.custom_field_name);
  }
  const customNames = [...definitions.values()];
  // Campaign listings carry each contact's custom values: no look-up per contact.
  const rows = mapRows(
    restartableListing(() => client.listCampaignContacts(list.id, READ_AHEAD), (c) => c.contact_id ?? '', { onRestart: () => counters.listingRestarts++ }),
    (c) => {
      const values = new Map<string, string>();
      for (const f of c.custom_fields ?? []) {
        const name = definitions.get(f.custom_field_id);
        if (name !== undefined) values.set(name, f.custom_field_value);
      }
      return campaignContactCells(c, customNames, values);
    },
  );
  return runExport(client, { name: 'campaign-contacts', target: { contactListId: list.id, name: list.name }, counters }, options, single({ name: list.name || list.id, columns: contactColumns(customNames), rows }));
}

/** A DNC list to a spreadsheet: `phone` and `phone_id`. */
export async function exportDnc(client: ContactCenterClient, options: ExportListOptions): Promise<ExportSummary> {
  warmExportSink(options.out);
  const list = await resolveContactList(client, options.list, 'do_not_contact');
  const counters: ExportCounters = { listingRestarts: 0 };
  const rows = mapRows(restartableListing(() => client.listDncPhones(list.id, READ_AHEAD), (p) => p.phone_id, { onRestart: () => counters.listingRestarts++ }), dncPhoneCells);
  return runExport(client, { name: 'dnc', target: { dncListId: list.id, name: list.name }, counters }, options, single({ name: list.name || list.id, columns: DNC_EXPORT_COLUMNS, rows }));
}

async function allAddressBooks(client: ContactCenterClient, unit: string | undefined): Promise<ResolvedAddressBook[]> {
  const unitIds = unit !== undefined ? [(await client.getUnit(unit)).unit_id ?? unit] : (await collect(client.listUnits())).map((u) => u.unit_id ?? '');
  const books: ResolvedAddressBook[] = [];
  for (const unitId of unitIds) {
    for await (const b of client.listAddressBooks(unitId)) {
      books.push({ id: b.address_book_id ?? '', name: b.address_book_name ?? '', totalContacts: 0 });
    }
  }
  return books;
}

async function names(fields: AsyncIterable<{ custom_field_name?: string | undefined }>): Promise<string[]> {
  const out: string[] = [];
  for await (const f of fields) if (f.custom_field_name) out.push(f.custom_field_name);
  return out;
}

async function collect<T>(items: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const item of items) out.push(item);
  return out;
}

async function* mapRows<T>(items: AsyncIterable<T>, cells: (item: T) => readonly string[]): AsyncGenerator<readonly string[]> {
  for await (const item of items) yield cells(item);
}

async function* single(sheet: ExportSheet): AsyncGenerator<ExportSheet> {
  yield sheet;
}

async function* empty<T>(): AsyncGenerator<T> {}
