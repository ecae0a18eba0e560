import { reason } from '../reason.js';
import { Parser } from 'csv-parse';
import type { ParseReject, SourceItem, SourceRow } from './source-row.js';
import { inputError } from './input-error.js';

/**
 * The longest record, in bytes, before csv-parse gives up on it. An unterminated quote makes the
 * parser swallow every later line into one field; this cap bounds how far that goes (and so the
 * bytes we keep to resume from) when no later quote stops it sooner. No contact record comes near.
 */
export const MAX_RECORD_BYTES = 128 * 1024;

/**
 * The part of csv-parse's `Parser` we drive directly: its synchronous core, `parser.api`, which
 * `csv-parse/sync` also uses. Going through the Transform stream instead would cost a per-record
 * `info` snapshot to learn each record's line (35% of throughput, measured), and a stream error
 * would take with it the records already parsed from the same chunk. Here `push` runs as each
 * record completes, when `info` still describes that record, and an error is returned, not thrown.
 */
interface CsvParseCore {
  parse(
    chunk: Buffer | undefined,
    end: boolean,
    push: (record: string[]) => void,
    close: () => void,
  ): (Error & { code?: string; lines?: number }) | undefined;
  readonly info: { readonly lines: number; readonly empty_lines: number; readonly bytes: number };
  readonly state: { readonly quoting: boolean };
}

const CR = 0x0d;
const LF = 0x0a;
const QUOTE = 0x22;

/**
 * How far past {@link MAX_RECORD_BYTES} a quoted field is followed to its closing quote. Within
 * it, a record too long is skipped whole, to its end, so that no line inside the field becomes
 * a row; a quote still open beyond it is taken for an unterminated quote (the bytes are kept to
 * resume on the next line, so this bounds the memory it takes).
 */
const MAX_SKIP_BYTES = 8 * MAX_RECORD_BYTES;

/** A quoted field past the record limit, being followed to its end. */
interface LongRecord {
  /** The line the record starts on. */
  readonly line: number;
  /** Its bytes so far, from its first: to resume on its second line if the quote never closes. */
  readonly kept: Buffer[];
  keptBytes: number;
  inQuote: boolean;
  /** A quote inside the field was the last byte scanned: a closing quote, or half of `""`. */
  quotePending: boolean;
  /** The last byte scanned was a CR: an LF next is the same line break. */
  afterCr: boolean;
  /** Line breaks inside the record so far. */
  breaks: number;
}

function createCore(delimiter: string): CsvParseCore {
  const parser = new Parser({
    delimiter,
    // Listed, not auto-discovered: csv-parse otherwise keeps to the first line ending it sees, and
    // a file edited on two systems mixes them. `\r\n` first so it is not read as two line ends.
    record_delimiter: ['\r\n', '\n', '\r'],
    skip_empty_lines: true,
    // We check the field count ourselves, so a short or long record comes back with its cells.
    relax_column_count: true,
    max_record_size: MAX_RECORD_BYTES,
    bom: false,
  }) as unknown as { api?: CsvParseCore };
  if (typeof parser.api?.parse !== 'function') {
    throw new Error('csv-parse no longer exposes `Parser#api`: csv-record-parser.ts must be updated');
  }
  return parser.api;
}

/** Whether every cell is empty or white space: Excel writes a blank row as `,,,`. */
function isBlank(cells: readonly string[]): boolean {
  for (const cell of cells) {
    if (cell.length !== 0 && cell.trim().length !== 0) return false;
  }
  return true;
}

/** A NUL, or the replacement character a decoder puts where bytes were not valid UTF-8. */
const DAMAGED = /[\u0000\ufffd]/;

/**
 * Why a record's text cannot be trusted, if it cannot: a NUL byte (binary data past the start
 * that openTable sniffs) or U+FFFD, which stands where bytes could not be decoded — a file whose
 * first non-ASCII text is UTF-8 and a later line Windows-1252, or `--encoding utf8` on a
 * Windows-1252 file. Sending such a row would store a name with a character lost for good, so
 * it is rejected with its line instead.
 */
function damageIn(cells: readonly string[]): string | undefined {
  for (const cell of cells) {
    if (!DAMAGED.test(cell)) continue;
    return cell.includes('\u0000')
      ? 'holds a NUL byte (binary data, not text): check how the file was exported'
      : 'holds text that is not valid UTF-8 (shown as U+FFFD), as when a file mixes encodings: ' +
          'save it as UTF-8, or give --encoding win1252 if it is Windows-1252';
  }
  return undefined;
}

/** Line breaks inside a record's fields, `\r\n` counting once as an editor shows it. */
function lineBreaksIn(cells: readonly string[]): number {
  let breaks = 0;
  for (const cell of cells) {
    for (let i = 0; i < cell.length; i++) {
      const c = cell.charCodeAt(i);
      if (c === LF || (c === CR && cell.charCodeAt(i + 1) !== LF)) breaks++;
    }
  }
  return breaks;
}

/** Bytes kept from the parser's input, with the offset of the first, to resume after an error. */
interface Retained {
  readonly chunk: Buffer;
  readonly start: number;
}

/**
 * Turns a CSV's UTF-8 bytes, chunk by chunk, into source rows and parse rejects, with each row's
 * first line. The first record is the header.
 *
 * A record with the wrong number of fields is rejected with its cells, and so is one holding a
 * NUL byte or undecodable text (see {@link damageIn}). A quote error (an
 * unterminated quote, text after a closing quote, a quote inside an unquoted field) leaves
 * csv-parse unable to tell where the record ends, so the first line of that record is rejected
 * and a fresh parser resumes on the next line: one broken line costs one row, not the rest of the
 * file. To resume, the bytes since the last good record are kept, never more than about
 * {@link MAX_RECORD_BYTES} plus a chunk.
 */
export class CsvRecordParser {
  /** The header cells, once the first record has been read. */
  header: readonly string[] | undefined;

  readonly #file: string;
  readonly #delimiter: string;
  #core: CsvParseCore;
  #items: SourceItem[] = [];
  #retained: Retained[] = [];
  /** Where the current core's input starts in the file: its line 1 is `#lineOffset + 1`. */
  #lineOffset = 0;
  /** csv-parse counts `\r\n` inside a quoted field as two lines; this is how many too many so far. */
  #overcount = 0;
  #lastEndLine = 0; // as csv-parse counts, for the current core
  #lastEmptyLines = 0;
  #lastEndByte = 0; // offset in the current core's input just after the last record
  #fedBytes = 0;
  /** After a broken line: what of it may still be at the start of the next chunk. */
  #skip: 'none' | 'line' | 'lf' = 'none';
  /** A record past the size limit inside a quoted field, skipped to its end. */
  #long: LongRecord | undefined;

  constructor(file: string, delimiter: string) {
    this.#file = file;
    this.#delimiter = delimiter;
    this.#core = createCore(delimiter);
  }

  /** Parses the next chunk (`end` after the last, with no chunk) and returns the items it completed. */
  write(chunk: Buffer | undefined, end: boolean): SourceItem[] {
    let input = chunk;
    if (input !== undefined && this.#skip !== 'none') input = this.#skipBrokenLine(input);
    if (this.#long !== undefined) input = this.#followLong(input ?? Buffer.alloc(0), end);
    for (;;) {
      if (this.#long !== undefined) break;
      if (input !== undefined && input.length > 0) {
        this.#retained.push({ chunk: input, start: this.#fedBytes });
        this.#fedBytes += input.length;
      } else if (!end) {
        break;
      } else {
        input = undefined;
      }
      const error = this.#core.parse(input, end, this.#push, noop);
      if (error === undefined) break;
      input = this.#recover(error, end);
    }
    this.#dropConsumed();
    const items = this.#items;
    this.#items = [];
    return items;
  }

  // An arrow function, created once: csv-parse calls it for every record.
  readonly #push = (cells: string[]): void => {
    const info = this.#core.info;
    const startByte = this.#lastEndByte;
    const endLine = info.lines;
    const startLine = this.#lastEndLine + 1 + (info.empty_lines - this.#lastEmptyLines);
    const line = startLine - this.#overcount + this.#lineOffset;
    if (endLine !== startLine) this.#overcount += endLine - startLine - lineBreaksIn(cells);
    this.#lastEndLine = endLine;
    this.#lastEmptyLines = info.empty_lines;
    this.#lastEndByte = info.bytes;

    if (this.header === undefined) {
      this.header = cells;
      return;
    }
    if (cells.length === this.header.length) {
      if (cells.length === 1 ? cells[0]?.trim() === '' : isBlank(cells)) return;
      const damage = damageIn(cells);
      if (damage !== undefined) {
        this.#items.push({ kind: 'parse-reject', origin: { file: this.#file, line }, reason: reason(damage), cells, raw: this.#rawText(startByte, info.bytes) });
        return;
      }
      const row: SourceRow = { kind: 'row', origin: { file: this.#file, line }, cells };
      this.#items.push(row);
      return;
    }
    if (isBlank(cells)) return;
    const lastLine = endLine - this.#overcount + this.#lineOffset;
    const span = lastLine > line ? ` (the record runs on to line ${lastLine}: is a quote left open?)` : '';
    const reject: ParseReject = {
      kind: 'parse-reject',
      origin: { file: this.#file, line },
      reason: { kind: 'wrong number of fields', text: `wrong number of fields: expected ${this.header.length}, got ${cells.length}${span}` },
      cells,
      raw: this.#rawText(startByte, info.bytes),
    };
    this.#items.push(reject);
  };

  /**
   * Rejects the first line of the record csv-parse failed on, starts a fresh parser after it, and
   * returns the kept bytes that parser must read first.
   */
  #recover(error: Error & { code?: string; lines?: number }, end: boolean): Buffer {
    const kept = Buffer.concat(this.#retained.map((r) => r.chunk));
    const keptStart = this.#retained[0]?.start ?? this.#fedBytes;
    let i = this.#lastEndByte - keptStart;
    let line = this.#lastEndLine - this.#overcount + this.#lineOffset + 1;
    // Blank lines csv-parse skipped before the broken record.
    while (i < kept.length && (kept[i] === CR || kept[i] === LF)) {
      i += kept[i] === CR && kept[i + 1] === LF ? 2 : 1;
      line++;
    }
    const errorLine = (error.lines ?? 0) - this.#overcount + this.#lineOffset;
    if (error.code === 'CSV_MAX_RECORD_SIZE' && this.#core.state.quoting && this.header !== undefined) {
      // A quoted field this long may be closed further on (a pasted document in a notes cell) or
      // never: follow it to its closing quote before deciding, rather than read its lines as rows.
      const record = kept.subarray(i);
      this.#long = { line, kept: [], keptBytes: 0, inQuote: false, quotePending: false, afterCr: false, breaks: 0 };
      return this.#followLong(record, end);
    }
    const problem = describeQuoteError(error, this.#core.state.quoting, errorLine > line);
    if (this.header === undefined) {
      throw inputError(this.#file, `has a header line (line ${line}) that cannot be read: ${problem}.`, error, line);
    }
    return this.#rejectLine(kept, i, line, { kind: problem, text: `${problem} (the line was skipped and reading resumed on the next one)` });
  }

  /**
   * Follows a record past the size limit to its end: the closing quote of its field, then the
   * end of the line. Found, the record is rejected as too long and reading resumes after it;
   * not found within {@link MAX_SKIP_BYTES}, or by the end of the file, the quote is taken as
   * never closed, and the record's first line alone is rejected. Returns what follows the record
   * for a fresh parser, or nothing while the record goes on.
   */
  #followLong(chunk: Buffer, end: boolean): Buffer {
    const long = this.#long!;
    long.kept.push(chunk);
    long.keptBytes += chunk.length;
    let at = -1;
    for (let i = 0; i < chunk.length; i++) {
      const c = chunk[i]!;
      if (long.inQuote) {
        if (long.quotePending) {
          long.quotePending = false;
          if (c === QUOTE) continue; // `""`: a quote inside the field
          long.inQuote = false; // the field closed at the quote before; this byte is outside it
        } else {
          if (c === QUOTE) long.quotePending = true;
          else if (c === LF) long.breaks += long.afterCr ? 0 : 1;
          else if (c === CR) long.breaks++;
          long.afterCr = c === CR;
          continue;
        }
      }
      if (c === QUOTE) long.inQuote = true;
      else if (c === CR || c === LF) {
        at = i;
        break;
      }
    }
    const closedAtEnd = at < 0 && end && long.inQuote && long.quotePending;
    if (at >= 0 || closedAtEnd || (at < 0 && end && !long.inQuote)) {
      const kept = Buffer.concat(long.kept);
      const firstLineEnd = indexOfLineEnd(kept, 0);
      const lastLine = long.line + long.breaks;
      this.#long = undefined;
      this.#items.push({
        kind: 'parse-reject',
        origin: { file: this.#file, line: long.line },
        reason: {
          kind: `the record is longer than ${MAX_RECORD_BYTES} bytes`,
          text:
            `the record is longer than ${MAX_RECORD_BYTES} bytes: a quoted field starting on this line runs on to line ${lastLine}; ` +
            `the record was skipped to the field's end and reading resumed after it`,
        },
        cells: kept.subarray(0, firstLineEnd).toString('utf8').split(this.#delimiter),
        raw: kept.subarray(0, firstLineEnd).toString('utf8'),
      });
      if (at < 0) {
        this.#restart(lastLine);
        return Buffer.alloc(0);
      }
      let resume = at + (chunk[at] === CR && chunk[at + 1] === LF ? 2 : 1);
      if (chunk[at] === CR && resume === chunk.length) this.#skip = 'lf';
      this.#restart(lastLine);
      if (resume > chunk.length) resume = chunk.length;
      return chunk.subarray(resume);
    }
    if (!end && long.keptBytes <= MAX_SKIP_BYTES) return Buffer.alloc(0);
    // Never closed, as far as can be told: reject the first line, resume on the next one.
    const kept = Buffer.concat(long.kept);
    this.#long = undefined;
    const problem = 'unterminated quote: a quoted field starting on this line is never closed properly';
    return this.#rejectLine(kept, 0, long.line, { kind: problem, text: `${problem} (the line was skipped and reading resumed on the next one)` });
  }

  /** A fresh parser whose first line is the one after `lastLine`. */
  #restart(lastLine: number): void {
    this.#core = createCore(this.#delimiter);
    this.#lineOffset = lastLine;
    this.#overcount = 0;
    this.#lastEndLine = 0;
    this.#lastEmptyLines = 0;
    this.#lastEndByte = 0;
    this.#fedBytes = 0;
    this.#retained = [];
  }

  /**
   * Rejects the line starting at `kept[i]` (line `line`), starts a fresh parser after it, and
   * returns the kept bytes that parser must read first.
   */
  #rejectLine(kept: Buffer, i: number, line: number, why: { kind: string; text: string }): Buffer {
    const lineEnd = indexOfLineEnd(kept, i);
    const text = kept.subarray(i, lineEnd).toString('utf8');
    this.#items.push({
      kind: 'parse-reject',
      origin: { file: this.#file, line },
      reason: why,
      // The line split naively on the delimiter: the best reading there is, and it puts the
      // person's data back into roughly the right columns of the rejects file.
      cells: text.split(this.#delimiter),
      raw: text,
    });

    let resume = lineEnd;
    if (resume < kept.length) resume += kept[resume] === CR && kept[resume + 1] === LF ? 2 : 1;
    if (lineEnd === kept.length) this.#skip = 'line'; // the broken line goes on past what we kept
    else if (kept[lineEnd] === CR && resume === kept.length) this.#skip = 'lf'; // maybe half a CRLF
    this.#restart(line);
    return kept.subarray(resume);
  }

  /**
   * The text of the record between two offsets of the current core's input, without the blank
   * lines before it and the line end after it. Only rejected records ask, so good rows cost
   * nothing; the bytes are still kept, since chunks are dropped only after a write returns.
   */
  #rawText(start: number, end: number): string {
    const parts: Buffer[] = [];
    for (const r of this.#retained) {
      const from = Math.max(start, r.start);
      const to = Math.min(end, r.start + r.chunk.length);
      if (from < to) parts.push(r.chunk.subarray(from - r.start, to - r.start));
    }
    return Buffer.concat(parts).toString('utf8').replace(/^[\r\n]+|[\r\n]+$/g, '');
  }

  /** Drops what is left of a broken line from the start of the next chunk. */
  #skipBrokenLine(chunk: Buffer): Buffer {
    if (this.#skip === 'lf') {
      this.#skip = 'none';
      return chunk[0] === LF ? chunk.subarray(1) : chunk;
    }
    let i = 0;
    while (i < chunk.length && chunk[i] !== CR && chunk[i] !== LF) i++;
    if (i === chunk.length) return chunk.subarray(i);
    this.#skip = 'none';
    if (chunk[i] === CR && i + 1 === chunk.length) this.#skip = 'lf';
    i += chunk[i] === CR && chunk[i + 1] === LF ? 2 : 1;
    return chunk.subarray(i);
  }

  /** Forgets the chunks wholly before the last complete record: they will not be re-read. */
  #dropConsumed(): void {
    while (this.#retained.length > 1) {
      const first = this.#retained[0];
      if (first === undefined || first.start + first.chunk.length > this.#lastEndByte) break;
      this.#retained.shift();
    }
    const only = this.#retained[0];
    if (this.#retained.length === 1 && only !== undefined && only.start + only.chunk.length <= this.#lastEndByte) {
      this.#retained = [];
    }
  }
}

function noop(): void {}

/** Where the line starting at `from` ends: its CR or LF, or the end of the buffer. */
function indexOfLineEnd(bytes: Buffer, from: number): number {
  let i = from;
  while (i < bytes.length && bytes[i] !== CR && bytes[i] !== LF) i++;
  return i;
}

/** A person's account of a csv-parse quote error, for a parse reject's reason. */
function describeQuoteError(error: { code?: string; message: string }, quoting: boolean, spansLines: boolean): string {
  if (error.code === 'CSV_QUOTE_NOT_CLOSED' || (spansLines && error.code !== 'CSV_MAX_RECORD_SIZE') || (quoting && error.code === 'CSV_MAX_RECORD_SIZE')) {
    return `unterminated quote: a quoted field starting on this line is never closed properly`;
  }
  switch (error.code) {
    case 'CSV_INVALID_CLOSING_QUOTE':
      return `text after a closing quote: a quoted field must end at a delimiter or the end of the line`;
    case 'INVALID_OPENING_QUOTE':
      return `a quote inside an unquoted field: quote the whole field and double the quotes inside it`;
    case 'CSV_MAX_RECORD_SIZE':
      return `the record is longer than ${MAX_RECORD_BYTES} bytes`;
    default:
      return error.message;
  }
}
