import { readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { openTable } from '../../src/readers/open-table.js';
import type { ExportColumn } from '../../src/writers/export-sink.js';
import { openExportSink } from '../../src/writers/open-export-sink.js';
import { uniqueSheetName } from '../../src/writers/xlsx-export-sink.js';
import { tempDir } from '../support/import-env.js';

const columns: readonly ExportColumn[] = [
  { name: 'contact_id', kind: 'text' },
  { name: 'display_name', kind: 'text' },
  { name: 'phone', kind: 'phone' },
  { name: 'note', kind: 'text' },
];

async function readBack(file: string, sheet?: string): Promise<{ header: readonly string[]; rows: (readonly string[])[] }> {
  const table = await openTable(file, sheet === undefined ? {} : { sheet });
  const rows: (readonly string[])[] = [];
  for await (const item of table.items) rows.push(item.cells);
  return { header: table.header, rows };
}

async function writeWorkbook(target: string, sheets: readonly { name: string; rows: readonly (readonly string[])[] }[]): Promise<Readonly<Record<string, number>>> {
  const sink = await openExportSink(target);
  for (const sheet of sheets) {
    await sink.startSheet(sheet.name, columns);
    for (const row of sheet.rows) await sink.writeRow(row);
  }
  return (await sink.commit()).rows;
}

describe('XLSX export sink', () => {
  it('writes a bold, frozen header row with an autofilter over its columns, into a mode 0600 file', async () => {
    const target = path.join(tempDir(), 'out.xlsx');
    expect(await writeWorkbook(target, [{ name: 'Contacts', rows: [['c1', 'Ana', '+14155550123', '']] }])).toEqual({ Contacts: 1 });
    expect(statSync(target).mode & 0o777).toBe(0o600);
    expect(readdirSync(path.dirname(target))).toEqual(['out.xlsx']);

    const workbook = await new ExcelJS.Workbook().xlsx.readFile(target);
    const sheet = workbook.getWorksheet('Contacts')!;
    expect(sheet.views).toEqual([expect.objectContaining({ state: 'frozen', ySplit: 1 })]);
    expect(sheet.autoFilter).toBe('A1:D1');
    for (let column = 1; column <= 4; column++) expect(sheet.getRow(1).getCell(column).font).toMatchObject({ bold: true });
    expect(sheet.getRow(2).getCell(2).font?.bold).not.toBe(true);
  });

  it('sets column widths by what the names hold, never narrower than the name', async () => {
    const target = path.join(tempDir(), 'out.xlsx');
    const sink = await openExportSink(target);
    await sink.startSheet('Contacts', [...columns, { name: 'email', kind: 'text' }, { name: 'a rather long custom field name', kind: 'text' }]);
    await sink.commit();
    const sheet = (await new ExcelJS.Workbook().xlsx.readFile(target)).getWorksheet(1)!;
    expect([1, 2, 3, 4, 5, 6].map((c) => sheet.getColumn(c).width)).toEqual([26, 28, 18, 16, 28, 34]);
  });

  it('stores phone cells as strings formatted as text, so a spreadsheet keeps the +', async () => {
    const target = path.join(tempDir(), 'out.xlsx');
    await writeWorkbook(target, [{ name: 'Contacts', rows: [['c1', 'Ana', '+14155550123', '00123']] }]);
    const sheet = (await new ExcelJS.Workbook().xlsx.readFile(target)).getWorksheet('Contacts')!;
    const phone = sheet.getRow(2).getCell(3);
    expect(phone.value).toBe('+14155550123');
    expect(phone.numFmt).toBe('@');
    expect(sheet.getColumn(3).numFmt).toBe('@');
    // Text that looks like a number or a date stays text everywhere.
    expect(sheet.getRow(2).getCell(4).value).toBe('00123');
  });

  it('guards formulas in text columns, and in phone columns only what is not a plain E.164 number', async () => {
    const target = path.join(tempDir(), 'out.xlsx');
    await writeWorkbook(target, [
      {
        name: 'Contacts',
        rows: [
          ['c1', '=HYPERLINK("http://evil")', '+14155550123', '@ana'],
          ['c2', '-1', '=1+2', '+1 was here'],
          ['c3', 'Bo', '+1 (415) 555-0123', ''],
        ],
      },
    ]);
    expect((await readBack(target)).rows).toEqual([
      ['c1', '\'=HYPERLINK("http://evil")', '+14155550123', "'@ana"],
      ['c2', "'-1", "'=1+2", "'+1 was here"],
      ['c3', 'Bo', "'+1 (415) 555-0123", ''],
    ]);
  });

  it('writes several sheets with names made valid and unique, each holding the rows written to it', async () => {
    const target = path.join(tempDir(), 'out.xlsx');
    const sheets = [
      { name: 'Contacts', rows: [['c1', 'Terrence Wu', '+14155550123', '']] },
      { name: 'contacts', rows: [['c2', 'Ana', '', '']] },
      { name: 'Sales: EMEA/APAC [2024]?', rows: [['c3', 'Bo', '+442071234567', ''], ['c4', '', '', 'x']] },
      { name: 'A very long address book name that Excel would refuse', rows: [] },
    ];
    const names = ['Contacts', 'contacts (2)', 'Sales_ EMEA_APAC _2024__', 'A very long address book name t'];
    expect(await writeWorkbook(target, sheets)).toEqual({ [names[0]!]: 1, [names[1]!]: 1, [names[2]!]: 2, [names[3]!]: 0 });

    // Read with exceljs's whole-file reader: the project's streaming reader cannot reliably find
    // sheets by name in a workbook of several small sheets whose xl/workbook.xml comes last
    // (exceljs/exceljs#3064), and exceljs's streaming writer always puts it last.
    const workbook = await new ExcelJS.Workbook().xlsx.readFile(target);
    expect(workbook.worksheets.map((sheet) => sheet.name)).toEqual(names);
    for (const [i, sheet] of sheets.entries()) {
      const values = workbook.worksheets[i]!.getSheetValues()
        .slice(2)
        .map((row) => Array.from({ length: columns.length }, (_, c) => (row as unknown[])[c + 1] ?? ''));
      expect(values).toEqual(sheet.rows);
    }
  });

  it('reads back through the project reader as written, each sheet by its name', async () => {
    const target = path.join(tempDir(), 'round.XLSX');
    const sheets = [
      {
        name: 'Contacts',
        rows: [
          ['c1', 'Terrence Wu', '+14155550123', 'Facilities Manager\nNorth Campus'],
          ['c2', '王芳 👩‍💻', '', '  spaced  '],
          ['c3', 'Zoë "Z" O\'Neil, Jr. <&>', '+442071234567', '1e5'],
          ['c4', '', '', '2024-01-31'],
          ['c5', 'TRUE', '', '00123'],
        ],
      },
      { name: 'Sales/EMEA', rows: [['c6', 'Ana', '+4930123456', '']] },
    ];
    await writeWorkbook(target, sheets);
    expect(await readBack(target)).toEqual({ header: columns.map((c) => c.name), rows: sheets[0]!.rows });
    expect(await readBack(target, 'Contacts')).toEqual({ header: columns.map((c) => c.name), rows: sheets[0]!.rows });
    expect(await readBack(target, 'Sales_EMEA')).toEqual({ header: columns.map((c) => c.name), rows: sheets[1]!.rows });
  });
});

describe('uniqueSheetName', () => {
  it('replaces forbidden characters, drops edge apostrophes and avoids the reserved History', () => {
    expect(uniqueSheetName('a[b]c:d*e?f/g\\h', [])).toBe('a_b_c_d_e_f_g_h');
    expect(uniqueSheetName("'quoted'", [])).toBe('quoted');
    expect(uniqueSheetName('', [])).toBe('Sheet');
    expect(uniqueSheetName('history', [])).toBe('history (2)');
  });

  it('cuts to 31 characters, leaving room for the number that makes it unique and never splitting an emoji', () => {
    const long = 'x'.repeat(40);
    expect(uniqueSheetName(long, [])).toBe('x'.repeat(31));
    expect(uniqueSheetName(long, ['X'.repeat(31)])).toBe(`${'x'.repeat(27)} (2)`);
    expect(uniqueSheetName(`${'x'.repeat(30)}👩`, [])).toBe('x'.repeat(30));
  });
});
