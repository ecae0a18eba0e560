import { describe, expect, it } from 'vitest';
import ExcelJS from 'exceljs';
import { openXlsx } from '../../src/readers/xlsx.js';
import { CcbulkError } from '../../src/errors.js';
import { readAll, summarise, tempFolder } from './table-files.js';
import { writeTinyXlsx } from '../support/tiny-xlsx.js';

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

  it('rejects a row with a formula that has no saved value, naming the sheet, row and column, instead of reading it as empty', async () => {
    // As scripts and ETL tools write formulas: `<f>` and no `<v>`, the value left for Excel to work out.
    const path = files.path('unsaved-formulas.xlsx');
    const text = (ref: string, t: string) => `<c r="${ref}" t="inlineStr"><is><t>${t}</t></is></c>`;
    writeTinyXlsx(
      path,
      `<row r="1">${text('A1', 'name')}${text('B1', 'phone')}${text('C1', 'email')}</row>` +
        `<row r="2">${text('A2', 'Ann')}<c r="B2"><f>CONCAT("+1","4155550123")</f></c></row>` +
        `<row r="3">${text('A3', 'Bo')}<c r="B3" t="str"><f>CONCAT("+1","4155550124")</f><v>+14155550124</v></c></row>` +
        // A formula whose saved value is the empty text is empty, as Excel shows it.
        `<row r="4">${text('A4', 'Cy')}<c r="B4" t="str"><f>IF(1,"","")</f><v></v></c></row>` +
        `<row r="5">${text('A5', 'Di')}<c r="B5"><f t="shared" ref="B5:C6" si="0">A5</f></c><c r="C5"><f t="shared" si="0"/></c></row>` +
        // A row with nothing but unsaved formulas is not a blank row to skip.
        `<row r="6"><c r="B6"><f t="shared" si="0"/></c></row>`,
    );
    const items = await readAll(await openXlsx(path));
    expect(summarise(items)).toEqual([
      `2: reject formula without a saved value in sheet 'S', row 2, column B (phone): open and save the file in Excel, or export values`,
      '3: ["Bo","+14155550124",""]',
      '4: ["Cy","",""]',
      `5: reject formula without a saved value in sheet 'S', row 5, columns B (phone), C (email): open and save the file in Excel, or export values`,
      `6: reject formula without a saved value in sheet 'S', row 6, column B (phone): open and save the file in Excel, or export values`,
    ]);
    expect(items[0]).toMatchObject({ kind: 'parse-reject', origin: { file: path, sheet: 'S', line: 2 }, cells: ['Ann', '', ''] });
  });

  it('finds every unsaved formula of a long sheet once, wherever the inflated chunks break', async () => {
    const path = files.path('many-unsaved-formulas.xlsx');
    const rows = [`<row r="1"><c r="A1" t="inlineStr"><is><t>name</t></is></c><c r="B1" t="inlineStr"><is><t>phone</t></is></c></row>`];
    for (let r = 2; r <= 3001; r++) {
      const phone = r % 3 === 0 ? `<c r="B${r}" t="str"><f>"+1415555"&amp;"${r}"</f><v>+1415555${r}</v></c>` : `<c r="B${r}"><f>"+1415555"&amp;"${r}"&amp;"${'x'.repeat(r % 97)}"</f></c>`;
      rows.push(`<row r="${r}"><c r="A${r}" t="inlineStr"><is><t>name ${r}</t></is></c>${phone}</row>`);
    }
    writeTinyXlsx(path, rows.join(''));
    const items = await readAll(await openXlsx(path));
    expect(items).toHaveLength(3000);
    for (const item of items) {
      expect(item.kind).toBe(item.origin.line % 3 === 0 ? 'row' : 'parse-reject');
    }
  });

  it('says a sheet with nothing in it has no header row', async () => {
    const path = await workbook('blank.xlsx', { Empty: [] });
    await expect(openXlsx(path)).rejects.toThrow(/has nothing in sheet 1: there is no header row/);
  });

  it('says a missing file does not exist', async () => {
    await expect(openXlsx(files.path('nope.xlsx'))).rejects.toThrow(/^Input file '.*nope\.xlsx' does not exist\.$/);
  });
});
