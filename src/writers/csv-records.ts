import { stringify } from 'csv-stringify/sync';

// csv-stringify quotes a field that holds the record delimiter (CRLF), but not one that holds a
// lone LF or CR; every reader, ours included, would split the record there.
export const CSV_OPTIONS = { record_delimiter: 'windows', quoted_match: /[\r\n]/ } as const;

/** What makes csv-stringify quote a field under {@link CSV_OPTIONS}: the delimiter, the quote, CR or LF. */
const NEEDS_QUOTES = /[",\r\n]/;

/**
 * Records as csv-stringify writes them with {@link CSV_OPTIONS}, byte for byte. Most records of an
 * outcome file hold no field that needs quoting, and for those csv-stringify's work per field
 * (options, separators, formula and match checks: a tenth of a dry run's main thread) comes to
 * joining them with commas; a record that has such a field is handed to csv-stringify itself.
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
    text += plain ? `${record.join(',')}\r\n` : stringify([record as string[]], CSV_OPTIONS);
  }
  return text;
}
