import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { identityTap, inputIdentity } from '../../src/readers/input-identity.js';
import { openTable } from '../../src/readers/open-table.js';
import { readAll, tempFolder } from './table-files.js';

const files = tempFolder();

/** About 3 MiB of rows, none alike: several of the reader's chunks, and a first MiB that is not the whole. */
const bigCsv = () => ['name,phone', ...Array.from({ length: 100_000 }, (_, i) => `Person ${i},+1212${String(i).padStart(7, '0')}`)].join('\r\n');

describe('identityTap', () => {
  it('identifies a CSV from the bytes its reader reads, as inputIdentity does', async () => {
    const file = files.write('big.csv', bigCsv());
    const tap = await identityTap(file);
    const table = await openTable(file, { onBytes: tap.onBytes });
    expect(await readAll(table)).toHaveLength(100_000);
    expect(tap.identity()).toEqual(await inputIdentity(file));
  });

  it('identifies a small file, with a byte-order mark, as inputIdentity does', async () => {
    const file = files.write('small.csv', '\ufeffname;phone\nAnn;+12127360001\n');
    const tap = await identityTap(file);
    await readAll(await openTable(file, { onBytes: tap.onBytes }));
    expect(tap.identity()).toEqual(await inputIdentity(file));
  });

  it('identifies nothing while the reader has not read every byte', async () => {
    const file = files.write('partial.csv', bigCsv());
    const tap = await identityTap(file);
    const table = await openTable(file, { onBytes: tap.onBytes });
    for await (const item of table.items) if (item.origin.line > 10) break;
    expect(tap.identity()).toBeUndefined();
  });

  it('identifies nothing for a workbook, whose reader does not show its bytes', async () => {
    const book = new ExcelJS.Workbook();
    book.addWorksheet('S').addRow(['name']);
    book.getWorksheet('S')?.addRow(['Ann']);
    const file = files.write('book.xlsx', Buffer.from(await book.xlsx.writeBuffer()));
    const tap = await identityTap(file);
    await readAll(await openTable(file, { onBytes: tap.onBytes }));
    expect(tap.identity()).toBeUndefined();
  });
});
