import { excelSerialToDate, formatNumberText, isDateFormat, isoDateText } from './excel-number-format.js';

/**
 * A cell's text as a person sees it in Excel, from the value exceljs's streaming reader gives:
 * numbers through their number format (so phone numbers keep their leading zeros and `+`), dates
 * as ISO-8601, formulas as their cached result, rich text and hyperlinks as their plain text,
 * booleans as `TRUE`/`FALSE`, errors as `#N/A` and the like. An empty cell is `''`.
 *
 * Known loss, from exceljs (exceljs/exceljs#3074): the streaming reader turns a formula's cached
 * error into `NaN` and its cached boolean into 1 or 0; the first comes out as `''`, the second as
 * `1`/`0`. It also drops every falsy cached result, so a formula whose saved value is `0` comes
 * out as `''`. A formula with no saved value at all never gets here: the reader rejects its row
 * (see `scanSheet` in xlsx.ts).
 */
export function cellText(value: unknown, numFmt: string | undefined, date1904: boolean): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'string') return value;
  if (typeof value === 'number') {
    if (Number.isNaN(value)) return '';
    return isDateFormat(numFmt) ? isoDateText(excelSerialToDate(value, date1904)) : formatNumberText(value, numFmt);
  }
  if (typeof value === 'boolean') return value ? 'TRUE' : 'FALSE';
  if (value instanceof Date) return isoDateText(value);
  if (typeof value === 'object') {
    const v = value as Record<string, unknown>;
    if (Array.isArray(v.richText)) {
      return v.richText.map((run: unknown) => String((run as { text?: unknown } | null)?.text ?? '')).join('');
    }
    if ('error' in v) return String(v.error ?? '');
    if ('formula' in v || 'sharedFormula' in v) return cellText(v.result, numFmt, date1904);
    if ('text' in v) return cellText(v.text, numFmt, date1904); // a hyperlink: its text
  }
  return String(value);
}
