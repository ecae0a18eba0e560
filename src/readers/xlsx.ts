import { open, stat } from 'node:fs/promises';
import type { Readable } from 'node:stream';
import type { Row } from 'exceljs';
import { openZipEntry, readZipDirectory, type FileHandle, type ZipEntry } from './zip-directory.js';
import { checkRowWidth, countSharedStrings, partLimits, xlsxLimits, type XlsxLimits } from './xlsx-limits.js';
import ExcelJS from '../exceljs.js';
import { CcbulkError } from '../errors.js';
import type { SourceItem, SourceTable } from './source-row.js';
import { cellText } from './xlsx-cell-text.js';
import { fileSystemError, inputError } from './input-error.js';

/** How to read an XLSX workbook. */
export interface XlsxReadOptions {
  /** The sheet to read: its name, or its 1-based position among the tabs. Default: the first. */
  readonly sheet?: string | number;
  /** Limits past which the workbook is refused (see xlsx-limits.ts). Default `DEFAULT_XLSX_LIMITS`. */
  readonly limits?: Partial<XlsxLimits>;
}

/** A relationship from a `.rels` part, as exceljs parses it. */
interface Relationship {
  readonly Id: string;
  readonly Type: string;
  readonly Target: string;
  readonly TargetMode?: string;
}

/**
 * What exceljs's streaming reader has that its type declarations leave out: the parsers it runs on
 * each part of the workbook as the zip streams by. Here they are fed the parts this reader picks
 * out of the zip itself, so the cells come out exactly as exceljs reads them.
 */
interface StreamingWorkbook {
  workbookRels?: readonly Relationship[];
  /** `state` is `hidden` or `veryHidden` for a hidden tab; absent (or `visible`) otherwise. */
  model?: { readonly sheets?: readonly { readonly name: string; readonly rId: string; readonly state?: string }[] };
  properties?: { readonly model?: { readonly date1904?: boolean } };
  _parseRels(entry: Readable): Promise<void>;
  _parseWorkbook(entry: Readable): Promise<void>;
  _parseSharedStrings(entry: Readable): AsyncGenerator<unknown>;
  _parseStyles(entry: Readable): Promise<void>;
  _parseWorksheet(iterator: AsyncIterable<Buffer>, sheetNo: string): Iterable<{ readonly value: AsyncIterable<Row> }>;
}

/** The header, then the items, from one pass over the sheet. */
type SheetEvent = { readonly kind: 'header'; readonly cells: readonly string[] } | SourceItem;

/** Excel's column letters as a number: A → 1, AB → 28. */
function columnNumber(letters: string): number {
  let n = 0;
  for (const letter of letters) n = n * 26 + (letter.charCodeAt(0) - 64);
  return n;
}

/** A column number as Excel's letters: 1 → A, 28 → AB. */
function columnLetters(column: number): string {
  let letters = '';
  for (let n = column; n > 0; n = Math.floor((n - 1) / 26)) letters = String.fromCharCode(65 + ((n - 1) % 26)) + letters;
  return letters;
}

function quoteList(names: readonly string[]): string {
  return names.map((name) => `'${name}'`).join(', ');
}

/**
 * Opens one sheet of an XLSX workbook with exceljs's streaming reader and reads its header; the
 * rows then stream from `items`, each with the sheet's name and its row number.
 *
 * The first non-empty row is the header; empty rows are skipped; rows shorter than the header are
 * padded with `''`. A row with a value beyond the header's last column becomes a parse reject
 * ("more cells than header columns"): the header is what names the columns, so such a value has
 * nowhere to go, and dropping it silently could lose a phone number. Cells come out as the text
 * Excel shows (see {@link cellText}).
 *
 * Throws CcbulkError `INPUT_INVALID` when the file cannot be read, is not a workbook or a damaged
 * one, the sheet does not exist (listing the sheets there are), the sheet is empty, or no sheet is
 * asked for and the first tab is hidden (naming the visible ones: see `refuseHiddenFirst`).
 */
export async function openXlsx(path: string, options: XlsxReadOptions = {}): Promise<SourceTable> {
  try {
    if ((await stat(path)).isDirectory()) throw inputError(path, 'is a directory, not a file.');
  } catch (error) {
    throw fileSystemError(path, error);
  }
  const merged = { filled: 0 };
  const events = readSheet(path, options.sheet, xlsxLimits(options.limits), merged);
  const first = await events.next();
  if (first.done === true || first.value.kind !== 'header') {
    // The first tab may be an empty or hidden cover sheet: say how to pick the one with the data.
    const hint = options.sheet === undefined ? ' If the contacts are on another sheet, choose it with `--sheet <name or number>`.' : '';
    throw inputError(path, `has nothing in sheet ${describeSheet(options.sheet)}: there is no header row.${hint}`);
  }
  const header = first.value.cells;
  return { header, items: itemsAfterHeader(events), mergedCellsFilled: () => merged.filled };
}

function describeSheet(sheet: string | number | undefined): string {
  return sheet === undefined ? '1' : typeof sheet === 'number' ? String(sheet) : `'${sheet}'`;
}

async function* itemsAfterHeader(events: AsyncGenerator<SheetEvent>): AsyncGenerator<SourceItem> {
  for await (const event of events) {
    if (event.kind !== 'header') yield event;
  }
}

/** Picks the sheet's name from the workbook's tab order, or says which sheets there are. */
function resolveSheetName(path: string, names: readonly string[], sheet: string | number | undefined): string | undefined {
  if (sheet === undefined) return names[0];
  if (typeof sheet === 'number') {
    const name = Number.isInteger(sheet) && sheet >= 1 ? names[sheet - 1] : undefined;
    if (name === undefined) {
      throw inputError(path, `has no sheet number ${sheet}: it has ${names.length} (${quoteList(names)}).`);
    }
    return name;
  }
  // Excel itself treats sheet names case-insensitively, so a user typing `contacts` means `Contacts`.
  const name = names.find((n) => n === sheet) ?? names.find((n) => n.toLowerCase() === sheet.toLowerCase());
  if (name === undefined) throw inputError(path, `has no sheet named '${sheet}': its sheets are ${quoteList(names)}.`);
  return name;
}

/**
 * Streams the rows of the sheet asked for. The sheet list comes from the zip's central directory
 * rather than from exceljs's own pass over the zip: that pass pauses unzipper's stream between
 * entries, and a paused unzipper still reads on and ends, dropping entries not yet handed out
 * (exceljs#3064). exceljs's writer puts xl/workbook.xml last, so that was the entry lost — the sheet
 * names with it — about one read in two of a 4-sheet export and every read of one with 8 small
 * sheets; and dropping the reader early left exceljs's temp files to vanish under its own
 * `createReadStream`, an uncaught ENOENT. Read by their directory entries, the parts come in the
 * order they are needed, only the wanted sheet is inflated, and nothing goes to temp files.
 */
async function* readSheet(path: string, sheet: string | number | undefined, limits: XlsxLimits, merged: { filled: number }): AsyncGenerator<SheetEvent> {
  const workbook = new ExcelJS.stream.xlsx.WorkbookReader(path, {
    worksheets: 'emit',
    sharedStrings: 'cache',
    // Styles carry each cell's number format, which is what turns 2071234567 back into 02071234567.
    styles: 'cache',
    // Ignored, a hyperlink cell reads as its shown text; 'cache' would swap its value for the link.
    hyperlinks: 'ignore',
    entries: 'ignore',
  });
  const book = workbook as unknown as StreamingWorkbook;
  try {
    const zip = await readZipDirectoryOf(path);
    const part = (name: string): ZipEntry => {
      const entry = zip.get(name);
      if (entry === undefined) throw inputError(path, `is not an XLSX workbook: it has no ${name}.`);
      return entry;
    };
    const whole = (name: string) => openZipEntry(path, part(name), partLimits(path, name, 'whole', limits));
    await book._parseWorkbook(whole('xl/workbook.xml'));
    await book._parseRels(whole('xl/_rels/workbook.xml.rels'));
    const sheets = book.model?.sheets ?? [];
    if (sheet === undefined && sheets[0] !== undefined && isHidden(sheets[0].state)) refuseHiddenFirst(path, sheets);
    const wanted = resolveSheetName(path, sheets.map((s) => s.name), sheet);
    const rels = book.workbookRels ?? [];
    const sheetRel = rels.find((rel) => rel.Id === sheets.find((s) => s.name === wanted)?.rId);
    const sheetPart = sheetRel === undefined ? undefined : partPath(sheetRel.Target);
    if (wanted === undefined) throw inputError(path, `has no sheet ${describeSheet(sheet)}.`);
    if (sheetPart === undefined || !zip.has(sheetPart)) {
      throw inputError(path, `is damaged: sheet ${describeSheet(sheet)} has no worksheet part${sheetPart === undefined ? '' : ` (${sheetPart})`}.`);
    }
    // Shared strings and styles before the sheet, whose cells refer to them by index.
    const sharedStrings = partOfType(rels, 'sharedStrings') ?? 'xl/sharedStrings.xml';
    if (zip.has(sharedStrings)) {
      // With `sharedStrings: 'cache'` this yields nothing: running it to the end fills the cache.
      const entry = openZipEntry(path, part(sharedStrings), partLimits(path, sharedStrings, 'shared-strings', limits));
      for await (const _ of book._parseSharedStrings(countSharedStrings(path, sharedStrings, entry, limits)));
    }
    const { unsaved, merges } = await scanSheet(path, wanted, openZipEntry(path, part(sheetPart)));
    const styles = partOfType(rels, 'styles') ?? 'xl/styles.xml';
    if (zip.has(styles)) await book._parseStyles(whole(styles));
    const date1904 = book.properties?.model?.date1904 === true;
    for (const { value: worksheet } of book._parseWorksheet(openZipEntry(path, part(sheetPart), partLimits(path, sheetPart, 'sheet', limits)), sheetPart)) {
      yield* readRows(path, wanted, worksheet, date1904, limits, unsaved, new MergedFill(merges, merged));
    }
  } catch (error) {
    if (error instanceof CcbulkError) throw error;
    const reason = error instanceof Error ? error.message : String(error);
    throw inputError(path, `could not be read as an XLSX workbook (${reason}).`, error);
  }
}

function isHidden(state: string | undefined): boolean {
  return state === 'hidden' || state === 'veryHidden';
}

/**
 * With no `--sheet`, a workbook whose first tab is hidden is refused rather than read: Excel opens
 * on a visible tab, so the person thinks of that one as "the sheet", while the hidden first one is
 * usually look-up data; reading either silently would be a guess. The message names the visible
 * sheets and the `--sheet` that picks one.
 */
function refuseHiddenFirst(path: string, sheets: readonly { readonly name: string; readonly state?: string }[]): never {
  const visible = sheets.filter((s) => !isHidden(s.state)).map((s) => s.name);
  const first = sheets[0]!.name;
  throw inputError(
    path,
    visible.length === 0
      ? `has only hidden sheets (the first is '${first}'): choose one with \`--sheet <name or number>\`.`
      : `has its first sheet '${first}' hidden: choose the sheet to read with \`--sheet <name or number>\`, e.g. \`--sheet '${visible[0]}'\` (visible sheets: ${quoteList(visible)}).`,
  );
}

/** One tab of a workbook, as {@link listXlsxSheets} describes it. */
export interface XlsxSheetInfo {
  readonly name: string;
  /** 1-based position among the tabs, as `--sheet <number>` counts. */
  readonly number: number;
  /** Hidden (or very hidden) in Excel. */
  readonly hidden: boolean;
  /** No cell of the sheet holds a value (or the workbook has no part for it). */
  readonly empty: boolean;
}

/**
 * The workbook's tabs in order, whether each is hidden, and whether it holds anything, without
 * reading rows: xl/workbook.xml and its relationships from the zip's directory, and of each sheet
 * only as much XML as it takes to meet the first cell with a value (an empty sheet's XML is tiny).
 * INPUT_INVALID for a file that is not a workbook, as {@link openXlsx} says it.
 */
export async function listXlsxSheets(path: string, options: Pick<XlsxReadOptions, 'limits'> = {}): Promise<XlsxSheetInfo[]> {
  const limits = xlsxLimits(options.limits);
  const book = new ExcelJS.stream.xlsx.WorkbookReader(path, { entries: 'ignore' }) as unknown as StreamingWorkbook;
  try {
    const zip = await readZipDirectoryOf(path);
    const whole = (name: string) => {
      const entry = zip.get(name);
      if (entry === undefined) throw inputError(path, `is not an XLSX workbook: it has no ${name}.`);
      return openZipEntry(path, entry, partLimits(path, name, 'whole', limits));
    };
    await book._parseWorkbook(whole('xl/workbook.xml'));
    await book._parseRels(whole('xl/_rels/workbook.xml.rels'));
    const rels = book.workbookRels ?? [];
    const out: XlsxSheetInfo[] = [];
    for (const [i, sheet] of (book.model?.sheets ?? []).entries()) {
      const rel = rels.find((r) => r.Id === sheet.rId);
      const entry = rel === undefined ? undefined : zip.get(partPath(rel.Target));
      const empty = entry === undefined || !(await hasValueCell(openZipEntry(path, entry, partLimits(path, partPath(rel!.Target), 'sheet', limits))));
      out.push({ name: sheet.name, number: i + 1, hidden: isHidden(sheet.state), empty });
    }
    return out;
  } catch (error) {
    if (error instanceof CcbulkError) throw error;
    const reason = error instanceof Error ? error.message : String(error);
    throw inputError(path, `could not be read as an XLSX workbook (${reason}).`, error);
  }
}

/** A cell element with a value (`<v>`, inline `<is>`, or a formula) inside. */
const VALUE_CELL = /<(?:[A-Za-z_][\w.-]*:)?c\b[^>]*[^/]>\s*<(?:[A-Za-z_][\w.-]*:)?(?:v|is|f)\b/;

/** Whether the sheet's XML has a cell with a value; stops inflating at the first. */
async function hasValueCell(entry: Readable): Promise<boolean> {
  let tail = '';
  try {
    for await (const chunk of entry as AsyncIterable<Buffer>) {
      const text = tail + chunk.toString('latin1');
      if (VALUE_CELL.test(text)) return true;
      tail = text.slice(-512);
    }
    return false;
  } finally {
    entry.destroy();
  }
}

/** A worksheet's XML ends with its root's closing tag (with or without a namespace prefix). */
const SHEET_END = /<\/(?:[A-Za-z_][\w.-]*:)?worksheet\s*>\s*$/;
/** A row's start tag and its number. */
const ROW_START = /<(?:[A-Za-z_][\w.-]*:)?row\b[^>]*?\sr\s*=\s*["'](\d+)["']/g;
/**
 * A cell that holds a formula and nothing else: no `<v>`, the value it had when last calculated.
 * Excel always saves that value; scripts and ETL tools often leave it for Excel to work out.
 */
const FORMULA_ONLY_CELL = /<(?:[A-Za-z_][\w.-]*:)?c\b([^>]*)>\s*<(?:[A-Za-z_][\w.-]*:)?f\b[^>]*?(?:\/>|>[^<]*<\/(?:[A-Za-z_][\w.-]*:)?f\s*>)\s*<\/(?:[A-Za-z_][\w.-]*:)?c\s*>/g;
/** A cell's reference attribute: `r="B12"`. */
const CELL_REF = /\sr\s*=\s*["']([A-Z]{1,3})(\d+)["']/;
/** A cell's start or end tag, at a given place. */
const CELL_TAG = /<(\/?)(?:[A-Za-z_][\w.-]*:)?c[\s>/]/y;
/** How far back a cell still open at the end of a chunk is looked for: a formula is at most 8,192 characters, escaped. */
const OPEN_CELL_REACH = 65_536;

/** Where the last cell of `text` starts when it does not end in `text`, else -1. */
function openCellStart(text: string): number {
  for (let i = text.lastIndexOf('<'); i >= 0 && text.length - i <= OPEN_CELL_REACH; i = i === 0 ? -1 : text.lastIndexOf('<', i - 1)) {
    CELL_TAG.lastIndex = i;
    const tag = CELL_TAG.exec(text);
    if (tag !== null) return tag[1] === '/' ? -1 : i;
  }
  return -1;
}

/** Row number → the columns (1-based) of its cells that hold a formula with no saved value. */
type UnsavedFormulas = ReadonlyMap<number, readonly number[]>;

/** A merged range of cells that spans more than one row: rows and columns 1-based, inclusive. */
interface MergedRange {
  readonly top: number;
  readonly bottom: number;
  readonly left: number;
}

/** A `<mergeCell ref="A2:A4"/>` of the sheet's `<mergeCells>`, which follows its rows. */
const MERGE_CELL = /<(?:[A-Za-z_][\w.-]*:)?mergeCell\b[^>]*?\sref\s*=\s*["']([A-Z]{1,3})(\d+):[A-Z]{1,3}(\d+)["']/g;

/**
 * Gives the empty cells of a merged range the value Excel shows there: its top-left cell's.
 * Only ranges over several rows, and only their first column: the value goes to every row the
 * range spans, under the header that names it (a range across columns shows one value, not one
 * per column). Rows before the header's and blank rows take nothing. Cheap when, as in most
 * sheets, there are no such ranges: one length check a row.
 */
class MergedFill {
  /** Ranges by their top row, and those whose top row has been read and bottom row not yet. */
  private readonly byTop = new Map<number, MergedRange[]>();
  private active: { readonly range: MergedRange; readonly value: string }[] = [];

  constructor(
    ranges: readonly MergedRange[],
    private readonly count: { filled: number },
  ) {
    for (const range of ranges) {
      if (range.bottom <= range.top) continue;
      const list = this.byTop.get(range.top);
      if (list === undefined) this.byTop.set(range.top, [range]);
      else list.push(range);
    }
  }

  /**
   * Fills the row's cells (0-based array, padded later) from the ranges over it, and takes the
   * values of the ranges that start in it. Returns the new width when cells were filled.
   */
  fill(line: number, cells: string[], width: number, blank: boolean): number {
    if (this.byTop.size === 0 && this.active.length === 0) return width;
    let filled = width;
    if (this.active.length > 0) {
      this.active = this.active.filter(({ range }) => range.bottom >= line);
      if (!blank) {
        for (const { range, value } of this.active) {
          const at = range.left - 1;
          if ((cells[at] ?? '') !== '') continue;
          cells[at] = value;
          this.count.filled++;
          if (range.left > filled) filled = range.left;
        }
      }
    }
    const starting = this.byTop.get(line);
    if (starting !== undefined) {
      this.byTop.delete(line);
      for (const range of starting) {
        const value = cells[range.left - 1] ?? '';
        if (value !== '') this.active.push({ range, value });
      }
    }
    return filled;
  }

  /** Forgets the ranges that start in the header row or before: they hold no row's value. */
  startAfter(line: number): void {
    for (const top of [...this.byTop.keys()]) if (top <= line) this.byTop.delete(top);
    this.active = [];
  }
}

/**
 * One pass over the sheet's XML before any row is read (one more inflation, no XML parsing, a
 * fraction of the reading), for two things the streaming parser does not say:
 *
 * - Stops when the sheet's XML does not end: a sheet cut short (a copy that stopped half-way,
 *   then zipped again, or a writer that crashed) is a valid zip whose XML the streaming parser
 *   reads to where it stops and ends without complaint, so 600 rows of 1,000 would import as a
 *   success. Checked before the first row, not at the end of the reading, because by then the
 *   rows before the break would have been sent: the message names the sheet and the last row
 *   before the break, and nothing is sent.
 * - Finds the cells that hold a formula with no saved value. exceljs gives such a cell the same
 *   value as one whose saved value is `0` or the empty text (it drops every falsy result), so
 *   only the XML tells them apart; read as empty, the row would go on without its phone.
 */
async function scanSheet(path: string, sheetName: string, entry: AsyncIterable<Buffer>): Promise<{ unsaved: UnsavedFormulas; merges: MergedRange[] }> {
  let tail = '';
  // By their text: a range met twice (in the part of a chunk kept for the next) is one range.
  const merges = new Map<string, MergedRange>();
  /** Where in the whole XML `tail` starts, and where the last formula cell found ends. */
  let tailAt = 0;
  let foundUpTo = 0;
  let lastRow: string | undefined;
  const unsaved = new Map<number, number[]>();
  for await (const chunk of entry) {
    // latin1: one character a byte, so tags split across chunks are found whatever the text.
    const text = tail + chunk.toString('latin1');
    for (const match of text.matchAll(ROW_START)) lastRow = match[1];
    for (const match of text.matchAll(MERGE_CELL)) {
      merges.set(match[0], { left: columnNumber(match[1]!), top: Number(match[2]), bottom: Number(match[3]) });
    }
    for (const match of text.matchAll(FORMULA_ONLY_CELL)) {
      const at = tailAt + match.index;
      // A cell in the part of the text kept from the chunk before has been counted already.
      if (at < foundUpTo || match[1]!.endsWith('/')) continue;
      foundUpTo = at + match[0].length;
      const ref = CELL_REF.exec(match[1]!);
      if (ref === null) continue;
      const row = Number(ref[2]);
      const columns = unsaved.get(row) ?? [];
      columns.push(columnNumber(ref[1]!));
      unsaved.set(row, columns);
    }
    // Keep enough for a tag split across chunks, and all of a cell that has not ended yet.
    const open = openCellStart(text);
    const keepFrom = Math.max(0, open === -1 ? text.length - 512 : Math.min(open, text.length - 512));
    tail = text.slice(keepFrom);
    tailAt += keepFrom;
  }
  if (SHEET_END.test(tail)) return { unsaved, merges: [...merges.values()] };
  const where = lastRow === undefined ? 'before its first row' : `after row ${lastRow}, the last row it holds`;
  throw inputError(
    path,
    `is damaged: sheet '${sheetName}' stops in the middle of its XML ${where} (the workbook was cut short or not saved completely); ` +
      'nothing was imported: re-save or re-copy the workbook.',
  );
}

/** The zip path of the part a relationship of xl/workbook.xml points at. */
function partPath(target: string): string {
  // A target is relative to xl/, or absolute from the package's root when it starts with '/'.
  const parts = target.startsWith('/') ? [] : ['xl'];
  for (const segment of target.split('/')) {
    if (segment === '..') parts.pop();
    else if (segment !== '' && segment !== '.') parts.push(segment);
  }
  return parts.join('/');
}

/** The part of xl/workbook.xml's relationships whose type ends in `/${type}`, if any. */
function partOfType(rels: readonly Relationship[], type: string): string | undefined {
  const rel = rels.find((r) => r.Type.endsWith(`/${type}`) && r.TargetMode !== 'External');
  return rel === undefined ? undefined : partPath(rel.Target);
}

async function* readRows(
  path: string,
  sheetName: string,
  rows: AsyncIterable<Row>,
  date1904: boolean,
  limits: XlsxLimits,
  unsaved: UnsavedFormulas,
  merged: MergedFill,
): AsyncGenerator<SheetEvent> {
  let header: readonly string[] | undefined;
  let previousNumber = 0;
  for await (const row of rows) {
    // Some writers leave out a row's `r` attribute; then it is the row after the last one.
    const line = Number.isInteger(row.number) && row.number > 0 ? row.number : previousNumber + 1;
    previousNumber = line;
    checkRowWidth(path, sheetName, line, row.cellCount, limits, columnLetters);
    const cells: string[] = [];
    let width = 0;
    let blank = true;
    row.eachCell((cell, column) => {
      const text = cellText(cell.value, cell.numFmt, date1904);
      if (text === '') return;
      cells[column - 1] = text;
      width = column;
      if (blank && text.trim() !== '') blank = false;
    });
    const formulas = unsaved.get(line);
    if (header !== undefined) width = merged.fill(line, cells, width, blank);
    // A row of nothing but unsaved formulas is not blank: its values are missing, not absent.
    if (blank && formulas === undefined) continue;
    for (let i = 0; i < width; i++) cells[i] ??= '';
    if (header === undefined) {
      merged.startAfter(line);
      if (formulas !== undefined) {
        throw inputError(path, `has a formula without a saved value in its header row: sheet '${sheetName}', row ${line}, column ${columnLetters(formulas[0]!)}. Open and save the file in Excel, or export values.`);
      }
      header = cells;
      yield { kind: 'header', cells };
      continue;
    }
    const origin = { file: path, sheet: sheetName, line };
    if (formulas !== undefined) {
      const columns = formulas.map((c) => (header![c - 1] ? `${columnLetters(c)} (${header![c - 1]})` : columnLetters(c)));
      for (let i = cells.length; i < header.length; i++) cells.push('');
      yield {
        kind: 'parse-reject',
        origin,
        reason: {
          kind: 'formula without a saved value',
          text:
            `formula without a saved value in sheet '${sheetName}', row ${line}, ${columns.length === 1 ? 'column' : 'columns'} ${columns.join(', ')}: ` +
            'open and save the file in Excel, or export values',
        },
        cells,
        raw: cells.map(csvField).join(','),
      };
      continue;
    }
    if (width > header.length) {
      yield {
        kind: 'parse-reject',
        origin,
        reason: {
          kind: 'more cells than header columns',
          text:
            `more cells than header columns: the header has ${header.length} columns (to ` +
            `${columnLetters(header.length)}), this row has a value in column ${columnLetters(width)}`,
        },
        cells,
        raw: cells.map(csvField).join(','),
      };
      continue;
    }
    for (let i = width; i < header.length; i++) cells.push('');
    yield { kind: 'row', origin, cells };
  }
}

/** A cell as a CSV field: quoted when it holds a comma, quote or line break. */
function csvField(text: string): string {
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

// ---------------------------------------------------------------------------------------------
// The workbook's zip, read by its central directory

/** The workbook's zip directory; INPUT_INVALID when it is missing or damaged. */
async function readZipDirectoryOf(path: string): Promise<Map<string, ZipEntry>> {
  let handle: FileHandle;
  try {
    handle = await open(path, 'r');
  } catch (error) {
    throw fileSystemError(path, error);
  }
  try {
    const entries = await readZipDirectory(handle, (await handle.stat()).size);
    if (entries === undefined) {
      throw inputError(path, 'is a damaged or incomplete zip file (its directory at the end is missing): re-save or re-copy the workbook.');
    }
    return entries;
  } finally {
    await handle.close();
  }
}
