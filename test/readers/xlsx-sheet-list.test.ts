import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { openTable } from '../../src/readers/open-table.js';
import { listXlsxSheets } from '../../src/readers/xlsx.js';
import { tempDir } from '../support/import-env.js';
import { inlineRow, writeWorkbook, type TinyTab } from '../support/tiny-xlsx.js';

/** A workbook of `tabs` in a fresh folder. */
function workbook(tabs: readonly TinyTab[]): string {
  const file = path.join(tempDir(), 'book.xlsx');
  writeWorkbook(file, tabs);
  return file;
}

const row = inlineRow;

const contacts = row(1, 'name', 'phone') + row(2, 'Ana', '+14155550123');

describe('the sheets of a workbook', () => {
  it('are listed in tab order with which are hidden and which are empty, without reading their rows', async () => {
    const file = workbook([
      { name: 'Lists', state: 'hidden', data: row(1, 'US', 'GB') },
      { name: 'Cover', data: '<row r="1"><c r="A1" s="1"/></row>' },
      { name: 'Contacts', data: contacts },
      { name: 'Secret', state: 'veryHidden', data: '' },
    ]);
    expect(await listXlsxSheets(file)).toEqual([
      { name: 'Lists', number: 1, hidden: true, empty: false },
      { name: 'Cover', number: 2, hidden: false, empty: true },
      { name: 'Contacts', number: 3, hidden: false, empty: false },
      { name: 'Secret', number: 4, hidden: true, empty: true },
    ]);
  });

  it('refuses a workbook whose first sheet is hidden when no sheet is chosen, naming the visible ones and --sheet', async () => {
    const file = workbook([
      { name: 'Lists', state: 'hidden', data: row(1, 'US', 'GB') },
      { name: 'Contacts', data: contacts },
    ]);
    await expect(openTable(file)).rejects.toThrow(
      `Input file '${file}' has its first sheet 'Lists' hidden: choose the sheet to read with \`--sheet <name or number>\`, e.g. \`--sheet 'Contacts'\` (visible sheets: 'Contacts').`,
    );
    const chosen = await openTable(file, { sheet: 'Contacts' });
    expect(chosen.header).toEqual(['name', 'phone']);
    // Asked for by name or number, a hidden sheet is read: the person chose it.
    expect((await openTable(file, { sheet: 1 })).header).toEqual(['US', 'GB']);
  });

  it('reads a workbook whose hidden sheet is not the first as before', async () => {
    const file = workbook([
      { name: 'Contacts', data: contacts },
      { name: 'Lists', state: 'hidden', data: row(1, 'US') },
    ]);
    expect((await openTable(file)).header).toEqual(['name', 'phone']);
  });
});
