import { once } from 'node:events';
import type { WriteStream } from 'node:fs';
import { rm } from 'node:fs/promises';
import type { stream as ExcelStream, Style, Worksheet } from 'exceljs';
import ExcelJS from '../exceljs.js';
import { guardFormula, guardPhoneFormula } from '../transforms/formula-guard.js';
import type { ExportColumn, ExportSink } from './export-sink.js';
import { replaceAtomically } from './export-path.js';
import { openPrivateStream } from './private-file.js';
import { exportWriteError } from './write-error.js';

/** Excel's limit on a sheet name's length. */
const SHEET_NAME_MAX = 31;
/** How much a sheet's pending XML may reach before writeRow waits for the zip to take it. */
const PENDING_MAX_BYTES = 1 << 20;

/** What exceljs's streaming writer has that its type declarations leave out. */
interface StreamingWorkbookInternals {
  /** The archiver the sheets are zipped by; it emits 'error' with no listener of its own. */
  readonly zip: NodeJS.EventEmitter & { abort(): void };
}
interface StreamingWorksheetInternals {
  /**
   * exceljs's own buffer for the sheet's XML. It writes into the zip entry's stream (its `pipes`)
   * without heeding that stream's backpressure, so a fast writer would pile rows up there.
   */
  readonly stream?: { readonly pipes?: readonly ZipEntryStream[] };
}
/**
 * archiver's stream for a zip entry: a `readable-stream` v2 PassThrough, which has no
 * `writableLength`/`readableLength` yet, only the state objects behind them.
 */
interface ZipEntryStream {
  readonly _writableState?: { readonly length: number };
  readonly _readableState?: { readonly length: number };
}

/** The rows written so far to one sheet. */
interface Sheet {
  readonly name: string;
  readonly worksheet: Worksheet;
  readonly guards: readonly ((text: string) => string)[];
  /** Each column's cell style, one object per column shared by all its cells (see writeRow). */
  readonly styles: readonly Partial<Style>[];
  rows: number;
}

/**
 * An export to an XLSX workbook through exceljs's streaming writer, so memory stays flat however
 * many rows: each row is committed (turned into XML and handed to the zip) as it is written. A
 * sheet has a bold header row, frozen, with an autofilter over it; phone columns are formatted as
 * text (`@`), and every cell is written as a string, so that Excel never turns `+14155550123` or
 * `00123` into a number.
 *
 * Known loss, from XML: a carriage return in a cell reads back as a line feed (XML normalises line
 * ends, and exceljs writes `\r` unescaped), and control characters other than tab, LF and CR are
 * dropped (XML 1.0 cannot hold them).
 */
export class XlsxExportSink implements ExportSink {
  private readonly sheets: Sheet[] = [];
  private state: 'open' | 'committed' | 'aborted' = 'open';
  private failure: unknown;
  private readonly failed: Promise<never>;
  private aborting: Promise<void> | undefined;

  private constructor(
    private readonly target: string,
    private readonly tempPath: string,
    private readonly file: WriteStream,
    private readonly workbook: ExcelStream.xlsx.WorkbookWriter,
  ) {
    // Neither exceljs nor archiver listens for errors before its final commit; unheard, an
    // ENOSPC would crash the process, and the commit would wait for a 'finish' that never comes.
    this.failed = new Promise<never>((_, reject) => {
      const fail = (error: unknown): void => {
        this.failure ??= error;
        reject(this.failure);
      };
      file.on('error', fail);
      (workbook as unknown as StreamingWorkbookInternals).zip.on('error', fail);
    });
    this.failed.catch(() => undefined); // observed by writeRow/commit; abort ignores it
  }

  /** Creates the temporary file at `tempPath` and a workbook writing to it. */
  static async open(target: string, tempPath: string): Promise<XlsxExportSink> {
    const file = await openPrivateStream(tempPath);
    // `stream`, not `filename`: exceljs would create the file itself, without mode 0600.
    const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: file, useSharedStrings: false, useStyles: true });
    return new XlsxExportSink(target, tempPath, file, workbook);
  }

  async startSheet(name: string, columns: readonly ExportColumn[]): Promise<void> {
    try {
      await this.addSheet(name, columns);
    } catch (error) {
      throw exportWriteError(this.target, error);
    }
  }

  private async addSheet(name: string, columns: readonly ExportColumn[]): Promise<void> {
    this.assertUsable('startSheet');
    // A sheet's zip entry is only read once the one before it is complete: commit the previous
    // sheet now, or this one's rows would wait in memory until the end.
    this.sheets.at(-1)?.worksheet.commit();
    const sheetName = uniqueSheetName(name, this.sheets.map((s) => s.name));
    // Views are written with the sheet's opening XML, so they must come with addWorksheet; the
    // autofilter is written when the sheet is committed, and the columns with its first row.
    const worksheet = this.workbook.addWorksheet(sheetName, { views: [{ state: 'frozen', ySplit: 1 }] });
    worksheet.autoFilter = { from: { row: 1, column: 1 }, to: { row: 1, column: Math.max(1, columns.length) } };
    worksheet.columns = columns.map((column) => ({
      width: columnWidth(column),
      // The column's style also makes a number typed later into an empty cell stay text.
      ...(column.kind === 'phone' ? { style: { numFmt: '@' } } : {}),
    }));
    const header = worksheet.addRow(columns.map((column) => guardFormula(column.name)));
    header.font = { bold: true };
    header.commit();
    this.sheets.push({
      name: sheetName,
      worksheet,
      guards: columns.map((column) => (column.kind === 'phone' ? guardPhoneFormula : guardFormula)),
      styles: columns.map((column) => (column.kind === 'phone' ? { numFmt: '@' } : {})),
      rows: 0,
    });
    await this.backpressure(worksheet);
  }

  async writeRow(cells: readonly string[]): Promise<void> {
    try {
      this.assertUsable('writeRow');
    } catch (error) {
      throw exportWriteError(this.target, error);
    }
    const sheet = this.sheets.at(-1);
    if (sheet === undefined) throw new Error('XlsxExportSink: writeRow() before startSheet()');
    if (cells.length !== sheet.guards.length) {
      throw new Error(`XlsxExportSink: a row of ${cells.length} cells for ${sheet.guards.length} columns`);
    }
    // Strings only: exceljs types a cell by its JavaScript value, so text stays text. An empty
    // cell is left empty rather than an empty string.
    try {
      const row = sheet.worksheet.addRow(cells.map((cell, i) => (cell === '' ? null : sheet.guards[i]!(cell))));
      // exceljs gives every cell a fresh copy of its column's style and, writing it, looks each
      // copy up in the workbook's styles by its XML (its cache is by object): a third of an
      // export's main thread. The column's own object, the same style, is found by the cache.
      row.eachCell((cell, column) => {
        cell.style = sheet.styles[column - 1]!;
      });
      row.commit();
      sheet.rows++;
      await this.backpressure(sheet.worksheet);
    } catch (error) {
      throw exportWriteError(this.target, error);
    }
  }

  async commit(): Promise<{ readonly path: string; readonly rows: Readonly<Record<string, number>> }> {
    try {
      this.assertUsable('commit');
    } catch (error) {
      throw exportWriteError(this.target, error);
    }
    if (this.sheets.length === 0) throw new Error('XlsxExportSink: commit() before startSheet()');
    // Each sheet before the workbook: the workbook's commit writes the parts that list them.
    try {
      for (const sheet of this.sheets) sheet.worksheet.commit();
      await Promise.race([this.workbook.commit(), this.failed]);
      if (!this.file.closed) await Promise.race([once(this.file, 'close'), this.failed]);
      await replaceAtomically(this.tempPath, this.target);
    } catch (error) {
      throw exportWriteError(this.target, error);
    }
    this.state = 'committed';
    return { path: this.target, rows: Object.fromEntries(this.sheets.map((s) => [s.name, s.rows])) };
  }

  abort(): Promise<void> {
    if (this.state === 'committed') return Promise.resolve();
    this.state = 'aborted';
    this.aborting ??= this.discard();
    return this.aborting;
  }

  private async discard(): Promise<void> {
    (this.workbook as unknown as StreamingWorkbookInternals).zip.abort();
    this.file.destroy();
    // Not once(file, 'close'): a write still on its way to the destroyed file makes it emit an
    // 'error' first, which would reject once() and leave the temporary file behind.
    if (!this.file.closed) await new Promise<void>((resolve) => this.file.once('close', () => resolve()));
    await rm(this.tempPath, { force: true });
  }

  /**
   * Waits while the sheet's zip entry or the file holds more than it should. exceljs never pushes
   * back, and an `await` that resolves at once never lets zlib or the disk run, so without this
   * the whole sheet's XML would sit in memory until commit (measured: all of it, 0 bytes on disk).
   * Polls, because the entry's stream emits no 'drain' while archiver has not started reading it.
   */
  private async backpressure(worksheet: Worksheet): Promise<void> {
    const entry = (worksheet as unknown as StreamingWorksheetInternals).stream?.pipes?.[0];
    const pending = (): number => (entry?._writableState?.length ?? 0) + (entry?._readableState?.length ?? 0);
    while (pending() > PENDING_MAX_BYTES) {
      await Promise.race([new Promise((resolve) => setTimeout(resolve, 1)), this.failed]);
    }
    if (this.file.writableNeedDrain) await Promise.race([once(this.file, 'drain'), this.failed]);
  }

  private assertUsable(method: string): void {
    if (this.state !== 'open') throw new Error(`XlsxExportSink: ${method}() after ${this.state === 'committed' ? 'commit' : 'abort'}()`);
    if (this.failure !== undefined) throw this.failure;
  }
}

/** Characters Excel does not allow in a sheet's name. */
const SHEET_NAME_FORBIDDEN = /[[\]:*?/\\]/g;

/**
 * `name` made into a sheet name Excel accepts and that no sheet in `taken` has (Excel compares
 * them case-insensitively): forbidden characters become `_`, a leading or trailing apostrophe
 * (which Excel refuses) goes, an empty name becomes `Sheet`, the reserved `History` gets a suffix,
 * and the result is cut to 31 characters, keeping room for a ` (2)` that makes it unique.
 */
export function uniqueSheetName(name: string, taken: readonly string[]): string {
  let base = name.replace(SHEET_NAME_FORBIDDEN, '_').replace(/^'+|'+$/g, '').trim();
  if (base === '') base = 'Sheet';
  const used = new Set(taken.map((t) => t.toLowerCase()));
  used.add('history');
  for (let n = 1; ; n++) {
    const suffix = n === 1 ? '' : ` (${n})`;
    const candidate = truncate(base, SHEET_NAME_MAX - suffix.length).replace(/'+$/, '') + suffix;
    if (!used.has(candidate.toLowerCase())) return candidate;
  }
}

/** The first `max` UTF-16 units of `text`, without splitting a surrogate pair. */
function truncate(text: string, max: number): string {
  if (text.length <= max) return text;
  const cut = text.slice(0, max);
  return /[\uD800-\uDBFF]$/.test(cut) ? cut.slice(0, -1) : cut;
}

/**
 * A column's width in characters, by what its name says it holds; a streamed sheet cannot change
 * widths once rows are written, so this is a guess from the name, never narrower than the name.
 */
function columnWidth(column: ExportColumn): number {
  const name = column.name.toLowerCase();
  let width = 16;
  if (column.kind === 'phone' || /phone|mobile|fax/.test(name)) width = 18;
  else if (/(^|[^a-z])id$|_id\b|\bid\b/.test(name) || /Id$/.test(column.name)) width = 26;
  else if (/name|e-?mail/.test(name)) width = 28;
  return Math.min(Math.max(width, column.name.length + 3), 60);
}
