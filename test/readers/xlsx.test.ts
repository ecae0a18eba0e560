import { describe, expect, it } from 'vitest';
import ExcelJS from 'exceljs';
import { openXlsx } from '../../src/readers/xlsx.js';
import { CcbulkError } from '../../src/errors.js';
import { readAll, summarise, tempFolder } from './table-files.js';

const files = tempFolder();

/** Writes a workbook with exceljs, which is how these tests make real XLSX files. */
async function workbook(name: string, sheets: Record<string, (ExcelJS.CellValue | undefined)[][]>): Promise<string> {
  const book = new ExcelJS.Workbook();
  for (const [sheetName, rows] of Object.entries(sheets)) {
    const sheet = book.addWorksheet(sheetName);
    rows.forEach((values, i) => {
      values.forEach((value, j) => {
        if (value !== undefined) sheet.getCell(i + 1, j + 1).value = value;
      });
    });
  }
  const path = files.path(name);
  await book.xlsx.writeFile(path);
  return path;
}

describe('openXlsx', () => {
  it('reads the first sheet by default, with the sheet name and row number as origin', async () => {
    const path = await workbook('first.xlsx', { People: [['name'], ['Ann']], Other: [['x'], ['y']] });
    const table = await openXlsx(path);
    expect(table.header).toEqual(['name']);
    expect(await readAll(table)).toEqual([{ kind: 'row', origin: { file: path, sheet: 'People', line: 2 }, cells: ['Ann'] }]);
  });

  it('picks a sheet by name, in any case, or by its 1-based position', async () => {
    const path = await workbook('pick.xlsx', { People: [['name'], ['Ann']], Other: [['x'], ['y']] });
    expect((await openXlsx(path, { sheet: 'Other' })).header).toEqual(['x']);
    expect((await openXlsx(path, { sheet: 'other' })).header).toEqual(['x']);
    expect((await openXlsx(path, { sheet: 2 })).header).toEqual(['x']);
  });

  it('says which sheets there are when the one asked for does not exist', async () => {
    const path = await workbook('missing.xlsx', { People: [['name']], Other: [['x']] });
    const byName = await openXlsx(path, { sheet: 'Contacts' }).catch((e: unknown) => e);
    expect(byName).toBeInstanceOf(CcbulkError);
    expect((byName as CcbulkError).code).toBe('INPUT_INVALID');
    expect((byName as CcbulkError).message).toBe(`Input file '${path}' has no sheet named 'Contacts': its sheets are 'People', 'Other'.`);
    await expect(openXlsx(path, { sheet: 3 })).rejects.toThrow(`has no sheet number 3: it has 2 ('People', 'Other').`);
  });

  it('takes the first non-empty row as the header and skips empty rows', async () => {
    const path = await workbook('gaps.xlsx', { S: [[], [undefined, 'name', 'phone'], [], ['', 'Ann', '1'], [null, ' ']] });
    const table = await openXlsx(path);
    expect(table.header).toEqual(['', 'name', 'phone']);
    expect(summarise(await readAll(table))).toEqual(['4: ["","Ann","1"]']);
  });

  it('pads a short row with empty cells and rejects a row with values beyond the header', async () => {
    const path = await workbook('widths.xlsx', { S: [['a', 'b', 'c'], ['1'], ['1', '2', '3', '', 'extra']] });
    const items = await readAll(await openXlsx(path));
    expect(items[0]).toMatchObject({ kind: 'row', cells: ['1', '', ''] });
    expect(items[1]).toMatchObject({
      kind: 'parse-reject',
      origin: { line: 3 },
      reason: 'more cells than header columns: the header has 3 columns (to C), this row has a value in column E',
      cells: ['1', '2', '3', '', 'extra'],
    });
  });

  it('says a sheet with nothing in it has no header row', async () => {
    const path = await workbook('blank.xlsx', { Empty: [] });
    await expect(openXlsx(path)).rejects.toThrow(/has nothing in sheet 1: there is no header row/);
  });

  it('says a missing file does not exist', async () => {
    await expect(openXlsx(files.path('nope.xlsx'))).rejects.toThrow(/^Input file '.*nope\.xlsx' does not exist\.$/);
  });
});
