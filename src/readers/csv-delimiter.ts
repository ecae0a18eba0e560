/** A field delimiter ccbulk accepts; `auto` sniffs it from the header line. */
export type CsvDelimiter = 'auto' | ',' | ';' | '\t' | '|';

/** The candidates, in the order that breaks a tie (the commonest first). */
const CANDIDATES = [',', ';', '\t', '|'] as const;

const QUOTE = 0x22;
const CR = 0x0d;
const LF = 0x0a;

/**
 * Picks the delimiter from the header line: the candidate (`,` `;` tab `|`) that occurs most often
 * outside quotes on the first non-blank line; a tie goes to the earlier in that list, and a header
 * with none of them is one column, read with `,`.
 *
 * Only the header is looked at because it is the one line every file has and the one whose cells
 * (column names) almost never contain a delimiter; sampling data lines would buy little and cost a
 * quoted-newline-aware pass. Its limit: a header like `Name,Notes;Phone;Email` is split on `;`.
 *
 * Works on UTF-8 bytes: the candidates and the quote are ASCII, and no byte of a multi-byte UTF-8
 * character is ASCII, so no decoding is needed.
 */
export function sniffDelimiter(utf8: Uint8Array): Exclude<CsvDelimiter, 'auto'> {
  const counts = new Map<number, number>(CANDIDATES.map((c) => [c.charCodeAt(0), 0]));
  let i = 0;
  while (i < utf8.length && (utf8[i] === CR || utf8[i] === LF)) i++;
  let quoted = false;
  for (; i < utf8.length; i++) {
    const byte = utf8[i] ?? 0;
    if (byte === QUOTE) quoted = !quoted; // a doubled quote toggles twice, so it needs no case
    else if (!quoted && (byte === CR || byte === LF)) break;
    else if (!quoted) {
      const count = counts.get(byte);
      if (count !== undefined) counts.set(byte, count + 1);
    }
  }
  let best: Exclude<CsvDelimiter, 'auto'> = ',';
  let bestCount = 0;
  for (const candidate of CANDIDATES) {
    const count = counts.get(candidate.charCodeAt(0)) ?? 0;
    if (count > bestCount) {
      best = candidate;
      bestCount = count;
    }
  }
  return best;
}
