import { readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { openTable } from '../../src/readers/open-table.js';
import { CsvFile } from '../../src/writers/csv-file.js';
import { tempDir } from '../support/import-env.js';

describe('CsvFile', () => {
  it('writes RFC 4180 with a BOM and CRLF, quoting fields with line breaks of any kind, mode 0600', async () => {
    const file = path.join(tempDir(), 'out.csv');
    const csv = await CsvFile.create(file, ['name', 'note']);
    csv.write(['Ana', 'first\nsecond']);
    csv.write(['Bo', 'carriage\rreturn']);
    csv.write(['Cy', 'comma, "quote"']);
    await csv.close();
    expect(readFileSync(file, 'utf8')).toBe('\ufeffname,note\r\nAna,"first\nsecond"\r\nBo,"carriage\rreturn"\r\nCy,"comma, ""quote"""\r\n');
    expect(statSync(file).mode & 0o777).toBe(0o600);
  });

  it('reads back through the project reader as the same records', async () => {
    const file = path.join(tempDir(), 'round.csv');
    const records = [
      ['Terrence Wu', 'Facilities Manager\nNorth Campus'],
      ['=cmd', '  spaced  '],
      ['王芳', ''],
    ];
    const csv = await CsvFile.create(file, ['name', 'role']);
    for (const r of records) csv.write(r);
    await csv.close();
    const table = await openTable(file);
    expect(table.header).toEqual(['name', 'role']);
    const cells = [];
    for await (const item of table.items) cells.push(item.cells);
    // Every cell is formula-guarded on the way out; the import's transforms take the quote off.
    expect(cells).toEqual([records[0], ["'=cmd", '  spaced  '], records[2]]);
  });
});
