import { Transform, pipeline, type Readable } from 'node:stream';
import { getHeapStatistics } from 'node:v8';
import { inputError } from './input-error.js';
import type { ZipEntryLimits } from './zip-directory.js';

/**
 * How much of a workbook the XLSX reader takes before it refuses the file as hostile or broken.
 * A workbook is a zip: a few MB can inflate to gigabytes, hold 150 million shared strings (each
 * kept in memory) or one string of a gigabyte, or put one cell in column XFD so that every row
 * becomes 16 384 cells. Each limit passed is an INPUT_INVALID naming it.
 */
export interface XlsxLimits {
  /** Most bytes any part of the workbook may inflate to. Default 4 GiB (sheets stream). */
  readonly maxPartBytes: number;
  /** Most bytes the parts kept whole (workbook, relationships, styles) may inflate to. Default 64 MiB. */
  readonly maxWholePartBytes: number;
  /** Most inflated bytes per compressed byte of a part. Default 200 (sheet XML is 10–30). */
  readonly maxRatio: number;
  /** Inflated size under which a part's ratio is not checked. Default 32 MiB. */
  readonly ratioFloorBytes: number;
  /** Most shared strings. Default 8 million. */
  readonly maxSharedStrings: number;
  /** Most bytes the shared strings part may inflate to (all strings together). Default 128 MiB: a million rows of four distinct 30-character texts; the strings stay in memory. */
  readonly maxSharedStringsBytes: number;
  /** Highest column a row may use. Default 1024 (column AMJ). */
  readonly maxColumns: number;
}

/** The limits a workbook is read within unless told otherwise. */
export const DEFAULT_XLSX_LIMITS: XlsxLimits = {
  maxPartBytes: 4 * 1024 ** 3,
  maxWholePartBytes: 64 * 1024 ** 2,
  maxRatio: 200,
  ratioFloorBytes: 32 * 1024 ** 2,
  maxSharedStrings: 8_000_000,
  maxSharedStringsBytes: 128 * 1024 ** 2,
  maxColumns: 1024,
};

/**
 * `DEFAULT_XLSX_LIMITS` with some replaced. The shared strings are kept in memory, so their
 * limits also stay within the heap this process may use: an eighth of it for their bytes, and a
 * string per 128 bytes of it (each string costs V8 some 30 bytes besides its text). Under
 * `--max-old-space-size=200` a workbook with 400 MB of shared strings is then refused with a
 * message instead of ending the process without one.
 */
export function xlsxLimits(overrides: Partial<XlsxLimits> = {}): XlsxLimits {
  const heap = getHeapStatistics().heap_size_limit;
  return {
    ...DEFAULT_XLSX_LIMITS,
    maxSharedStringsBytes: Math.min(DEFAULT_XLSX_LIMITS.maxSharedStringsBytes, Math.floor(heap / 8)),
    maxSharedStrings: Math.min(DEFAULT_XLSX_LIMITS.maxSharedStrings, Math.floor(heap / 128)),
    ...overrides,
  };
}

function mib(bytes: number): string {
  return bytes >= 1024 ** 2 ? `${Math.round(bytes / 1024 ** 2)} MiB` : `${bytes} bytes`;
}

/** The inflate limits of one part: `kind` says whether it streams (a sheet), is kept whole, or is the shared strings. */
export function partLimits(file: string, part: string, kind: 'sheet' | 'whole' | 'shared-strings', limits: XlsxLimits): ZipEntryLimits {
  const maxBytes = kind === 'sheet' ? limits.maxPartBytes : kind === 'whole' ? limits.maxWholePartBytes : limits.maxSharedStringsBytes;
  return {
    maxBytes,
    maxRatio: limits.maxRatio,
    ratioFloorBytes: limits.ratioFloorBytes,
    fail: (limit) =>
      limit === 'bytes'
        ? inputError(file, `is refused: its part ${part} inflates to more than ${mib(maxBytes)}, the limit for ${kind === 'shared-strings' ? 'all shared strings together' : 'one part'}.`)
        : inputError(file, `is refused: its part ${part} inflates more than ${limits.maxRatio} times its compressed size (the limit; a zip bomb?).`),
  };
}

/**
 * The shared strings part passed through a counter of its `<si>` elements, which ends the stream
 * with INPUT_INVALID past `maxSharedStrings`, before exceljs has made an array entry per string.
 */
export function countSharedStrings(file: string, part: string, source: Readable, limits: XlsxLimits): Readable {
  let count = 0;
  let carry = '';
  const counter = new Transform({
    transform(chunk: Buffer, _encoding, done) {
      // latin1 keeps one character per byte. The last 3 bytes are searched again with the next
      // chunk, so a tag split across two is found; a whole tag (4 bytes) never fits in them, so
      // none is counted twice.
      const text = carry + chunk.toString('latin1');
      count += text.match(/<si[\s>/]/g)?.length ?? 0;
      carry = text.slice(-3);
      if (count > limits.maxSharedStrings) {
        return done(inputError(file, `is refused: its part ${part} holds more than ${limits.maxSharedStrings} shared strings, the limit.`));
      }
      done(null, chunk);
    },
  });
  pipeline(source, counter, () => undefined);
  return counter;
}

/** INPUT_INVALID when a row uses a column beyond `maxColumns`. */
export function checkRowWidth(file: string, sheet: string, line: number, width: number, limits: XlsxLimits, letters: (column: number) => string): void {
  if (width <= limits.maxColumns) return;
  throw inputError(
    file,
    `is refused: sheet '${sheet}' row ${line} has a value in column ${letters(width)}, beyond column ${letters(limits.maxColumns)} (${limits.maxColumns} columns, the limit).`,
  );
}
