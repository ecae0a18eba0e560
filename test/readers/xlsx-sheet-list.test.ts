import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { openTable } from '../../src/readers/open-table.js';
import { listXlsxSheets } from '../../src/readers/xlsx.js';
import { tempDir } from '../support/import-env.js';
import { writeZip } from '../support/tiny-xlsx.js';

const MAIN = 'http://schemas.openxmlformats.org/spreadsheetml/2006/main';
const REL = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';

/** A workbook of tabs, each with a state and its `<sheetData>`, with inline strings (no shared strings part). */
function workbook(tabs: readonly { name: string; state?: string; data: string }[]): string {
  const file = path.join(tempDir(), 'book.xlsx');
  const parts: Record<string, string> = {
    'xl/workbook.xml': `<workbook xmlns="${MAIN}" xmlns:r="${REL}"><sheets>${tabs
      .map((t, i) => `<sheet name="${t.name}" sheetId="${i + 1}"${t.state ? ` state="${t.state}"` : ''} r:id="rId${i + 1}"/>`)
      .join('')}</sheets></workbook>`,
    'xl/_rels/workbook.xml.rels': `<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">${tabs
      .map((_, i) => `<Relationship Id="rId${i + 1}" Type="${REL}/worksheet" Target="worksheets/sheet${i + 1}.xml"/>`)
      .join('')}</Relationships>`,
  };
  tabs.forEach((t, i) => (parts[`xl/worksheets/sheet${i + 1}.xml`] = `<worksheet xmlns="${MAIN}"><sheetData>${t.data}</sheetData></worksheet>`));
  writeZip(file, parts);
  return file;
}

const row = (r: number, ...texts: string[]) =>
  `<row r="${r}">${texts.map((t, i) => `<c r="${String.fromCharCode(65 + i)}${r}" t="inlineStr"><is><t>${t}</t></is></c>`).join('')}</row>`;

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
