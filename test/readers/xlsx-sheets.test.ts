import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import ExcelJS from '../../src/exceljs.js';
import { openTable } from '../../src/readers/open-table.js';
import type { SourceTable } from '../../src/readers/source-row.js';
import { openXlsx, type XlsxReadOptions } from '../../src/readers/xlsx.js';
import { readAll, summarise, tempFolder } from './table-files.js';

const files = tempFolder();
/** How often each sheet is opened: the lost workbook.xml came about one time in two, or always. */
const ROUNDS = 30;

/** Distinct names, none of them exceljs's fallback `SheetN`, so a sheet found by name is the one. */
function sheetNames(count: number): string[] {
  return Array.from({ length: count }, (_, i) => `Tab ${String.fromCharCode(65 + i)} ${i + 1}`);
}

/** The rows sheet `n` is written with, after its header. */
function rowsOf(n: number): string[][] {
  return [1, 2, 3].map((r) => [`sheet ${n} row ${r}`, String(n * 100 + r)]);
}

/**
 * A workbook written by exceljs's streaming writer, as our exports are: it puts xl/workbook.xml
 * last in the zip, the entry exceljs's streaming reader loses (exceljs#3064).
 */
async function streamedWorkbook(name: string, count: number): Promise<string> {
  const path = files.path(name);
  const writer = new ExcelJS.stream.xlsx.WorkbookWriter({ filename: path, useSharedStrings: false });
  sheetNames(count).forEach((sheetName, i) => {
    const sheet = writer.addWorksheet(sheetName);
    sheet.addRow(['name', 'number']).commit();
    for (const row of rowsOf(i + 1)) sheet.addRow(row).commit();
    sheet.commit();
  });
  await writer.commit();
  return path;
}

/** Rejections nobody awaited, and uncaught errors (exceljs's temp file vanishing: ENOENT). */
const stray: unknown[] = [];
const onStray = (error: unknown): void => void stray.push(error);
beforeAll(() => {
  process.on('unhandledRejection', onStray);
  process.on('uncaughtExceptionMonitor', onStray);
});
afterAll(() => {
  process.off('unhandledRejection', onStray);
  process.off('uncaughtExceptionMonitor', onStray);
});

/**
 * Opens every sheet of the workbook by name and by number, with both openers, ROUNDS times, and
 * returns what went wrong, each as `how: what` (empty when every read had the right rows).
 */
async function openEverySheet(path: string, count: number): Promise<string[]> {
  const openers: Record<string, (path: string, options: XlsxReadOptions) => Promise<SourceTable>> = { openXlsx, openTable };
  const problems: string[] = [];
  for (let round = 0; round < ROUNDS; round++) {
    for (const [n, sheetName] of sheetNames(count).entries()) {
      for (const sheet of [sheetName, n + 1]) {
        for (const [opener, open] of Object.entries(openers)) {
          const how = `${opener}(${JSON.stringify(sheet)})`;
          try {
            const table = await open(path, { sheet });
            const expected = rowsOf(n + 1).map((cells, i) => `${i + 2}: ${JSON.stringify(cells)}`);
            const items = await readAll(table);
            if (JSON.stringify(table.header) !== JSON.stringify(['name', 'number'])) problems.push(`${how}: header ${JSON.stringify(table.header)}`);
            else if (JSON.stringify(summarise(items)) !== JSON.stringify(expected)) problems.push(`${how}: rows ${JSON.stringify(summarise(items))}`);
            else if (items.some((item) => item.origin.sheet !== sheetName)) problems.push(`${how}: origin ${items[0]?.origin.sheet}`);
          } catch (error) {
            problems.push(`${how}: ${error instanceof Error ? error.message : String(error)}`);
          }
        }
      }
    }
  }
  // Let anything left running in the background (exceljs's temp files) settle and be seen.
  await new Promise((resolve) => setTimeout(resolve, 50));
  return problems;
}

describe('XLSX sheets of a workbook written by exceljs', () => {
  it(`opens each of 8 small sheets by name and by number, ${ROUNDS} times over, with the right rows`, async () => {
    const path = await streamedWorkbook('eight.xlsx', 8);
    const problems = await openEverySheet(path, 8);
    expect({ count: problems.length, first: problems.slice(0, 3) }).toEqual({ count: 0, first: [] });
  });

  it(`opens each of 4 sheets by name and by number, ${ROUNDS} times over, with the right rows`, async () => {
    const path = await streamedWorkbook('four.xlsx', 4);
    const problems = await openEverySheet(path, 4);
    expect({ count: problems.length, first: problems.slice(0, 3) }).toEqual({ count: 0, first: [] });
  });

  it('leaves no unhandled rejection or uncaught error (such as ENOENT on a temp file) behind', () => {
    expect(stray.map(String)).toEqual([]);
  });
});
