import { isAscii, isUtf8 } from 'node:buffer';
import { CcbulkError } from '../errors.js';

/** How a CSV file's bytes are to be read as text. `auto` detects it (see {@link createUtf8Transcoder}). */
export type CsvEncoding = 'auto' | 'utf8' | 'utf16le' | 'utf16be' | 'win1252';

/** The encoding a transcoder settled on, for messages and tests. `undecided` while a file is pure ASCII. */
export type DetectedEncoding = 'utf8' | 'utf16le' | 'utf16be' | 'win1252' | 'undecided';

/** Turns a file's chunks, in order, into UTF-8 chunks for csv-parse. */
export interface Utf8Transcoder {
  /** The UTF-8 bytes for this chunk of the file (`end` after the last one, with no chunk). */
  push(chunk: Buffer | undefined, end: boolean): Buffer;
  /** What the file's encoding turned out to be so far. */
  readonly encoding: DetectedEncoding;
  /**
   * The delimiter an Excel `sep=;` first line declares, once the first chunk is pushed. That line
   * is taken out of the text (its line break stays, a blank line, so line numbers do not move).
   */
  readonly declaredDelimiter?: ',' | ';' | '\t' | '|' | undefined;
}

/** Excel's first line naming the delimiter: `sep=;` (the line break stays). */
const SEP_LINE = /^sep=([,;\t|])(?=\r?\n|$)/;

/** Takes an Excel `sep=X` line off the start of the text, remembering X. */
function withSeparatorLine(inner: Utf8Transcoder): Utf8Transcoder {
  let first = true;
  let declared: Utf8Transcoder['declaredDelimiter'];
  return {
    get encoding() {
      return inner.encoding;
    },
    get declaredDelimiter() {
      return declared;
    },
    push(chunk, end) {
      const out = inner.push(chunk, end);
      if (!first || (out.length === 0 && !end)) return out;
      first = false;
      const match = SEP_LINE.exec(out.subarray(0, 8).toString('latin1'));
      if (match === null) return out;
      declared = match[1] as Utf8Transcoder['declaredDelimiter'];
      return out.subarray(match[0].length);
    },
  };
}

const UTF8_BOM = [0xef, 0xbb, 0xbf] as const;

/**
 * Windows-1252 differs from Latin-1 only in 0x80–0x9F. Node's own `TextDecoder('windows-1252')`
 * decodes that range as Latin-1 since 20.18.3 (nodejs/node#56542, #60888), turning € and curly
 * quotes into control characters, so we map those 32 bytes ourselves. The five bytes Windows-1252
 * leaves undefined (0x81, 0x8D, 0x8F, 0x90, 0x9D) stay as the C1 controls, as WHATWG specifies.
 */
const WIN1252_HIGH =
  '\u20ac\u0081\u201a\u0192\u201e\u2026\u2020\u2021\u02c6\u2030\u0160\u2039\u0152\u008d\u017d\u008f' +
  '\u0090\u2018\u2019\u201c\u201d\u2022\u2013\u2014\u02dc\u2122\u0161\u203a\u0153\u009d\u017e\u0178';

const C1_RANGE = /[\u0080-\u009f]/g;

/** Decodes Windows-1252 bytes; single-byte, so chunk boundaries never split a character. */
export function decodeWindows1252(bytes: Buffer): string {
  return bytes.toString('latin1').replace(C1_RANGE, (c) => WIN1252_HIGH[c.charCodeAt(0) - 0x80] ?? c);
}

/**
 * How many bytes at the end of `bytes` are the start of a UTF-8 sequence the chunk cuts off,
 * so validity can be judged on whole characters only.
 */
function incompleteUtf8Tail(bytes: Buffer): number {
  for (let back = 1; back <= 3 && back <= bytes.length; back++) {
    const byte = bytes[bytes.length - back] ?? 0;
    if ((byte & 0xc0) === 0x80) continue; // a continuation byte: look further back for its lead
    const needed = byte >= 0xf0 ? 4 : byte >= 0xe0 ? 3 : byte >= 0xc0 ? 2 : 1;
    return needed > back ? back : 0;
  }
  return 0;
}

function startsWith(bytes: Buffer, prefix: readonly number[]): boolean {
  return prefix.every((byte, i) => bytes[i] === byte);
}

/**
 * Chooses how to decode a CSV from its first chunk and returns a transcoder to UTF-8.
 *
 * Detection (`auto`): a byte-order mark wins (UTF-8, UTF-16 LE `FF FE`, UTF-16 BE `FE FF`).
 * Without one, the file is passed through as UTF-8 while it is pure ASCII (ASCII reads the same in
 * every encoding we accept, so nothing is lost by waiting); the first chunk holding a non-ASCII byte
 * decides: valid UTF-8 there means UTF-8, anything else means Windows-1252. Deciding on the first
 * non-ASCII bytes, wherever they are, rather than on a fixed-size sample, means a Windows-1252 file
 * whose first accented name is on line 90 000 is still read right.
 *
 * Limits: a Windows-1252 file whose first non-ASCII chunk happens to be valid UTF-8 (only
 * mojibake-like pairs such as `Ã©` are) is read as UTF-8; a file that mixes both encodings is read
 * in whichever came first, the other's characters becoming U+FFFD (the record parser rejects
 * such rows rather than send them); UTF-16 without a BOM needs `utf16le` or `utf16be`. An Excel
 * `sep=;` first line sets the delimiter (see {@link Utf8Transcoder.declaredDelimiter}).
 */
export function createUtf8Transcoder(first: Buffer, requested: CsvEncoding): Utf8Transcoder {
  return withSeparatorLine(chooseTranscoder(first, requested));
}

function chooseTranscoder(first: Buffer, requested: CsvEncoding): Utf8Transcoder {
  // A UTF-16 BOM is trusted over the option's byte order: it is what the bytes say.
  const utf16 = requested === 'auto' || requested === 'utf16le' || requested === 'utf16be';
  if (utf16 && first[0] === 0xff && first[1] === 0xfe) return textDecoderTranscoder('utf-16le', 'utf16le');
  if (utf16 && first[0] === 0xfe && first[1] === 0xff) {
    return textDecoderTranscoder('utf-16be', 'utf16be');
  }
  // Without a BOM the option is the only word on the byte order: the case it is there for.
  if (requested === 'utf16le') return textDecoderTranscoder('utf-16le', 'utf16le');
  if (requested === 'utf16be') return textDecoderTranscoder('utf-16be', 'utf16be');
  if (requested === 'win1252') return forcedWindows1252();
  return utf8Transcoder(startsWith(first, UTF8_BOM), requested === 'utf8');
}

/**
 * `--encoding win1252` as asked, except on a file that is UTF-8: read as Windows-1252, every
 * accented name would turn into mojibake (`José` → `JosÃ©`) and be sent so. The first chunk
 * with non-ASCII bytes decides, as in detection.
 */
function forcedWindows1252(): Utf8Transcoder {
  let checked = false;
  return {
    encoding: 'win1252',
    push(chunk) {
      if (chunk === undefined) return EMPTY;
      if (!checked && !isAscii(chunk)) {
        checked = true;
        const whole = chunk.subarray(0, chunk.length - incompleteUtf8Tail(chunk));
        if (isUtf8(whole) && !startsWith(whole, UTF8_BOM)) {
          throw new CcbulkError(
            'OPTION_INVALID',
            'Expected `--encoding win1252` for a Windows-1252 file, but this one is valid UTF-8: read as Windows-1252 its accented letters would be garbled (é as Ã©). Use `--encoding utf8` or `auto`',
          );
        }
        if (startsWith(whole, UTF8_BOM)) {
          throw new CcbulkError('OPTION_INVALID', 'Expected `--encoding win1252` for a Windows-1252 file, but this one starts with a UTF-8 byte-order mark. Use `--encoding utf8` or `auto`');
        }
      }
      return Buffer.from(decodeWindows1252(chunk));
    },
  };
}

const EMPTY = Buffer.alloc(0);

function textDecoderTranscoder(label: 'utf-16le' | 'utf-16be', encoding: DetectedEncoding): Utf8Transcoder {
  // TextDecoder drops the BOM and, with `stream`, holds a code unit split across chunks.
  const decoder = new TextDecoder(label);
  return {
    encoding,
    push: (chunk, end) => Buffer.from(decoder.decode(chunk, { stream: !end })),
  };
}

function utf8Transcoder(hasBom: boolean, forced: boolean): Utf8Transcoder {
  let encoding: DetectedEncoding = hasBom || forced ? 'utf8' : 'undecided';
  let bomPending = hasBom;
  return {
    get encoding() {
      return encoding;
    },
    push(chunk) {
      if (chunk === undefined) return EMPTY;
      let bytes = chunk;
      if (bomPending) {
        // We drop the BOM ourselves rather than with csv-parse's `bom`, so that the byte offsets
        // used to resume after a broken record are the same in every parser we start.
        bytes = bytes.subarray(UTF8_BOM.length);
        bomPending = false;
      }
      if (encoding === 'undecided' && !isAscii(bytes)) {
        const whole = bytes.subarray(0, bytes.length - incompleteUtf8Tail(bytes));
        encoding = isUtf8(whole) ? 'utf8' : 'win1252';
      }
      return encoding === 'win1252' ? Buffer.from(decodeWindows1252(bytes)) : bytes;
    },
  };
}
