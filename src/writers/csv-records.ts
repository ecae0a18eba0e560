import { Stringifier } from 'csv-stringify';

// csv-stringify quotes a field that holds the record delimiter (CRLF), but not one that holds a
// lone LF or CR; every reader, ours included, would split the record there.
export const CSV_OPTIONS = { record_delimiter: 'windows', quoted_match: /[\r\n]/ } as const;

/** What makes csv-stringify quote a field under {@link CSV_OPTIONS}: the delimiter, the quote, CR or LF. */
const NEEDS_QUOTES = /[",\r\n]/;

/**
 * Records as csv-stringify writes them with {@link CSV_OPTIONS}, byte for byte. Under these options
 * csv-stringify writes each field on its own (cast, quoted when it holds a delimiter, a quote,
 * CR or LF, quotes doubled inside), joined by commas, each record ended by CRLF. Its work per
 * field (options, separators, formula and match checks: a tenth of a dry run's main thread)
 * comes to nothing for a field that needs no quotes, so only a field that does is handed to it
 * (`Umbrella, Inc.`); the others are joined as they are. A property test holds this to
 * csv-stringify's output for any records.
 */
export function csvRecords(records: readonly (readonly string[])[]): string {
  let text = '';
  for (const record of records) {
    let plain = true;
    for (const cell of record) {
      if (NEEDS_QUOTES.test(cell)) {
        plain = false;
        break;
      }
    }
    text += `${(plain ? record : record.map((cell) => (NEEDS_QUOTES.test(cell) ? quotedField(cell) : cell))).join(',')}\r\n`;
  }
  return text;
}

/**
 * csv-stringify's own record writer, made once: its synchronous core (`Stringifier#api`, which
 * `csv-stringify/sync` also drives), so that a field needing quotes does not pay for the options
 * to be read and checked again, as a call of `stringify` does.
 */
interface StringifyCore {
  __transform(record: readonly string[], push: (text: string) => void): Error | undefined;
}

let core: StringifyCore | undefined;
let written = '';
const take = (text: string): void => {
  written += text;
};

/** One field as csv-stringify writes it in a record (quoted), without the record's CRLF. */
function quotedField(cell: string): string {
  core ??= stringifyCore();
  written = '';
  const error = core.__transform([cell], take);
  if (error !== undefined) throw error;
  return written.endsWith('\r\n') ? written.slice(0, -2) : written;
}

function stringifyCore(): StringifyCore {
  const { api } = new Stringifier(CSV_OPTIONS) as unknown as { api?: StringifyCore };
  if (typeof api?.__transform !== 'function') throw new Error('csv-stringify no longer exposes `Stringifier#api`: csv-records.ts must be updated');
  return api;
}
