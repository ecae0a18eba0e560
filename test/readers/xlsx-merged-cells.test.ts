import { describe, expect, it } from 'vitest';
import ExcelJS from 'exceljs';
import { openXlsx } from '../../src/readers/xlsx.js';
import { readAll, tempFolder } from './table-files.js';

const files = tempFolder();

/** A workbook of one sheet with these rows and these merged ranges, as Excel saves them. */
async function merged(name: string, rows: (string | undefined)[][], ranges: string[]): Promise<string> {
  const book = new ExcelJS.Workbook();
  const sheet = book.addWorksheet('People');
  rows.forEach((values, i) => values.forEach((value, j) => {
    if (value !== undefined) sheet.getCell(i + 1, j + 1).value = value;
  }));
  for (const range of ranges) sheet.mergeCells(range);
  const path = files.path(name);
  await book.xlsx.writeFile(path);
  return path;
}

/** The cells of each row read. */
async function cellsOf(path: string) {
  const table = await openXlsx(path);
  const items = await readAll(table);
  return { rows: items.map((item) => item.cells), filled: table.mergedCellsFilled?.() };
}

describe('merged cells in a workbook', () => {
  it('gives a range’s value to every row it spans, as the person sees it, and counts the cells filled', async () => {
    const path = await merged(
      'company.xlsx',
      [['Name', 'Company', 'Phone'], ['Ada', 'Engines Ltd', '202-555-0143'], ['Grace', undefined, '202-555-0144'], ['Alan', undefined, '202-555-0145'], ['Linus', 'Kernel', '202-555-0146']],
      ['B2:B4'],
    );
    expect(await cellsOf(path)).toEqual({
      rows: [
        ['Ada', 'Engines Ltd', '202-555-0143'],
        ['Grace', 'Engines Ltd', '202-555-0144'],
        ['Alan', 'Engines Ltd', '202-555-0145'],
        ['Linus', 'Kernel', '202-555-0146'],
      ],
      filled: 2,
    });
  });

  it('fills under the range’s first column only, leaves ranges across one row alone, and reads a sheet without merges as before', async () => {
    const wide = await merged('wide.xlsx', [['Name', 'Company', 'City'], ['Ada', 'Engines', undefined], ['Grace', undefined, undefined]], ['B2:C3', 'A1:A1']);
    expect(await cellsOf(wide)).toEqual({ rows: [['Ada', 'Engines', ''], ['Grace', 'Engines', '']], filled: 1 });
    const across = await merged('across.xlsx', [['Name', 'Company', 'City'], ['Ada', 'Engines', undefined]], ['B2:C2']);
    expect(await cellsOf(across)).toEqual({ rows: [['Ada', 'Engines', '']], filled: 0 });
  });

  it('takes nothing from a range that starts in the header, and gives nothing to a blank row', async () => {
    const path = await merged(
      'header.xlsx',
      [['Name', 'Phone'], [undefined, '202-555-0143'], ['Grace', '202-555-0144'], [undefined, undefined], ['Alan', undefined]],
      ['A1:A2', 'B3:B5'],
    );
    expect(await cellsOf(path)).toEqual({ rows: [['', '202-555-0143'], ['Grace', '202-555-0144'], ['Alan', '202-555-0144']], filled: 1 });
  });
});
