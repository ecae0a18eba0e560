import type { Reason } from '../reason.js';

/** Where a row came from, so a person can find it in their file. */
export interface RowOrigin {
  /** The input file's path as the user gave it. */
  readonly file: string;
  /** XLSX: the sheet's name. Absent for CSV. */
  readonly sheet?: string;
  /**
   * CSV: the 1-based line the record starts on (csv-parse's `info.lines` counting; a quoted field
   * with newlines makes a record span several lines). XLSX: the row number.
   */
  readonly line: number;
}

/** One data row of a file, its cells as the file has them (text, never numbers). */
export interface SourceRow {
  readonly kind: 'row';
  readonly origin: RowOrigin;
  /** The cell texts, one per header column, in header order ('' for an empty cell). */
  readonly cells: readonly string[];
}

/**
 * A record the reader could not turn into a row (unterminated quote, wrong number of fields).
 * It still counts as a row read, and goes to the rejects file with stage `parse`.
 */
export interface ParseReject {
  readonly kind: 'parse-reject';
  readonly origin: RowOrigin;
  /** What was wrong: kind "wrong number of fields", text "wrong number of fields: expected 5, got 7". */
  readonly reason: Reason;
  /** The record's cells as far as they could be read (may be empty), for the rejects file. */
  readonly cells: readonly string[];
  /**
   * The record as the file has it, for rejects.csv's `_raw`: every field, where `cells` may
   * hold only those under a header column. CSV: the record's text (for a quote error, its first
   * line). XLSX: every cell of the row, written as one CSV line.
   */
  readonly raw?: string;
}

/** What a reader yields: rows and the records it could not read, in file order. */
export type SourceItem = SourceRow | ParseReject;

/** An opened table: its header, then its rows streamed. */
export interface SourceTable {
  /** The header cells as the file has them, in order. */
  readonly header: readonly string[];
  /** Data rows and parse rejects in file order; read once. */
  readonly items: AsyncIterable<SourceItem>;
  /**
   * The same items in the chunks the reader parses them in (a CSV's: the rows of one 128 KiB
   * read), when it reads in chunks. One stream seen two ways: read `items` or `chunks`, once.
   * Read through {@link chunksOf}, which falls back on `items`.
   */
  readonly chunks?: AsyncIterable<readonly SourceItem[]>;
  /**
   * XLSX: how many empty cells of the rows read so far took the value of the merged range they
   * are in (see xlsx.ts). Absent for CSV.
   */
  readonly mergedCellsFilled?: () => number;
}

/**
 * The table's items in chunks of at most `size`, in file order: the reader's own chunks (a CSV's
 * rows of one 128 KiB read) cut to size when it has them, else `items` gathered. A loop over
 * whole chunks pays for one await a chunk rather than a few a row, which in a dry run of a
 * million rows was most of what the reading cost beyond parsing. Reads the table once, as
 * `items` does.
 */
export async function* chunksOf(table: SourceTable, size: number): AsyncGenerator<readonly SourceItem[]> {
  if (table.chunks !== undefined) {
    for await (const chunk of table.chunks) {
      if (chunk.length <= size) {
        if (chunk.length > 0) yield chunk;
        continue;
      }
      for (let from = 0; from < chunk.length; from += size) yield chunk.slice(from, from + size);
    }
    return;
  }
  let chunk: SourceItem[] = [];
  for await (const item of table.items) {
    chunk.push(item);
    if (chunk.length >= size) {
      yield chunk;
      chunk = [];
    }
  }
  if (chunk.length > 0) yield chunk;
}

/** The items of a stream of chunks, one at a time: a table's `items` when its reader reads in chunks. */
export async function* itemsOfChunks(chunks: AsyncIterable<readonly SourceItem[]>): AsyncGenerator<SourceItem> {
  for await (const chunk of chunks) yield* chunk;
}

/** The table with every item replaced by what `change` makes of it, in both of its views. */
export function mapItems(table: SourceTable, change: (item: SourceItem) => SourceItem): SourceTable {
  if (table.chunks !== undefined) {
    const chunks = mapChunks(table.chunks, change);
    return { ...table, chunks, items: itemsOfChunks(chunks) };
  }
  return { ...table, items: mapEach(table.items, change) };
}

async function* mapChunks(chunks: AsyncIterable<readonly SourceItem[]>, change: (item: SourceItem) => SourceItem): AsyncGenerator<readonly SourceItem[]> {
  for await (const chunk of chunks) yield chunk.map(change);
}

async function* mapEach(items: AsyncIterable<SourceItem>, change: (item: SourceItem) => SourceItem): AsyncGenerator<SourceItem> {
  for await (const item of items) yield change(item);
}
