import { stat } from 'node:fs/promises';
import type { Row } from 'exceljs';
import ExcelJS from '../exceljs.js';
import { CcbulkError } from '../errors.js';
import type { SourceItem, SourceTable } from './source-row.js';
import { cellText } from './xlsx-cell-text.js';
import { fileSystemError, inputError } from './input-error.js';

/** How to read an XLSX workbook. */
export interface XlsxReadOptions {
  /** The sheet to read: its name, or its 1-based position among the tabs. Default: the first. */
  readonly sheet?: string | number;
}

/** What exceljs's streaming reader has that its type declarations leave out. */
interface StreamingWorkbook {
  readonly model?: { readonly sheets?: readonly { readonly name: string }[] };
  readonly properties?: { readonly model?: { readonly date1904?: boolean } };
}
interface StreamingWorksheet extends AsyncIterable<Row> {
  readonly name?: string;
}

/** The header, then the items, from one pass over the sheet. */
type SheetEvent = { readonly kind: 'header'; readonly cells: readonly string[] } | SourceItem;

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
 * Throws CcbulkError `INPUT_INVALID` when the file cannot be read, is not a workbook, the sheet
 * does not exist (listing the sheets there are), or the sheet is empty.
 */
export async function openXlsx(path: string, options: XlsxReadOptions = {}): Promise<SourceTable> {
  try {
    if ((await stat(path)).isDirectory()) throw inputError(path, 'is a directory, not a file.');
  } catch (error) {
    throw fileSystemError(path, error);
  }
  const events = readSheet(path, options.sheet);
  const first = await events.next();
  if (first.done === true || first.value.kind !== 'header') {
    throw inputError(path, `has nothing in sheet ${describeSheet(options.sheet)}: there is no header row.`);
  }
  const header = first.value.cells;
  return { header, items: itemsAfterHeader(events) };
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

async function* readSheet(path: string, sheet: string | number | undefined): AsyncGenerator<SheetEvent> {
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
    let wanted: string | undefined;
    let position = 0;
    for await (const worksheet of workbook as AsyncIterable<StreamingWorksheet>) {
      position++;
      // exceljs reads workbook.xml, with the tab order and names, before it hands out sheets; if a
      // workbook lacks it, fall back on the order the sheets come in the zip.
      const names = book.model?.sheets?.map((s) => s.name) ?? [];
      if (names.length > 0) {
        wanted ??= resolveSheetName(path, names, sheet);
        if (worksheet.name !== wanted) continue;
      } else if (typeof sheet === 'string' ? worksheet.name !== sheet : position !== (sheet ?? 1)) {
        continue;
      }
      yield* readRows(path, worksheet.name ?? wanted ?? `Sheet${position}`, worksheet, book.properties?.model?.date1904 === true);
      return;
    }
    const names = book.model?.sheets?.map((s) => s.name) ?? [];
    resolveSheetName(path, names, sheet); // throws when the sheet is not there
    throw inputError(path, `has no sheet ${describeSheet(sheet)}.`);
  } catch (error) {
    if (error instanceof CcbulkError) throw error;
    const reason = error instanceof Error ? error.message : String(error);
    throw inputError(path, `could not be read as an XLSX workbook (${reason}).`, error);
  }
}

async function* readRows(
  path: string,
  sheetName: string,
  rows: AsyncIterable<Row>,
  date1904: boolean,
): AsyncGenerator<SheetEvent> {
  let header: readonly string[] | undefined;
  let previousNumber = 0;
  for await (const row of rows) {
    // Some writers leave out a row's `r` attribute; then it is the row after the last one.
    const line = Number.isInteger(row.number) && row.number > 0 ? row.number : previousNumber + 1;
    previousNumber = line;
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
    if (blank) continue;
    for (let i = 0; i < width; i++) cells[i] ??= '';
    if (header === undefined) {
      header = cells;
      yield { kind: 'header', cells };
      continue;
    }
    const origin = { file: path, sheet: sheetName, line };
    if (width > header.length) {
      yield {
        kind: 'parse-reject',
        origin,
        reason:
          `more cells than header columns: the header has ${header.length} columns (to ` +
          `${columnLetters(header.length)}), this row has a value in column ${columnLetters(width)}`,
        cells,
      };
      continue;
    }
    for (let i = width; i < header.length; i++) cells.push('');
    yield { kind: 'row', origin, cells };
  }
}
