import { readFileSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { CcbulkError } from '../../src/errors.js';
import { openTable } from '../../src/readers/open-table.js';
import type { ExportColumn } from '../../src/writers/export-sink.js';
import { openExportSink } from '../../src/writers/open-export-sink.js';
import { tempDir } from '../support/import-env.js';

const columns: readonly ExportColumn[] = [
  { name: 'name', kind: 'text' },
  { name: 'phone', kind: 'phone' },
];

async function cellsOf(file: string): Promise<{ header: readonly string[]; rows: (readonly string[])[] }> {
  const table = await openTable(file);
  const rows: (readonly string[])[] = [];
  for await (const item of table.items) rows.push(item.cells);
  return { header: table.header, rows };
}

describe('CSV export sink', () => {
  it('writes RFC 4180 with a BOM and CRLF into a mode 0600 file, and reports the rows written', async () => {
    const target = path.join(tempDir(), 'out.csv');
    const sink = await openExportSink(target);
    await sink.startSheet('Contacts', columns);
    await sink.writeRow(['Ana', '+14155550123']);
    await sink.writeRow(['Bo', '']);
    expect(await sink.commit()).toEqual({ path: target, rows: { Contacts: 2 } });
    expect(readFileSync(target, 'utf8')).toBe('\ufeffname,phone\r\nAna,+14155550123\r\nBo,\r\n');
    expect(statSync(target).mode & 0o777).toBe(0o600);
    expect(readdirSync(path.dirname(target))).toEqual(['out.csv']);
  });

  it('leaves the BOM out when told to', async () => {
    const target = path.join(tempDir(), 'out.csv');
    const sink = await openExportSink(target, { bom: false });
    await sink.startSheet('Contacts', columns);
    await sink.commit();
    expect(readFileSync(target, 'utf8')).toBe('name,phone\r\n');
  });

  it('quotes commas, quotes and line breaks of any kind, and keeps unicode and emoji as they are', async () => {
    const target = path.join(tempDir(), 'out.csv');
    const sink = await openExportSink(target);
    await sink.startSheet('Contacts', columns);
    await sink.writeRow(['Wu, Terrence "Terry"', '']);
    await sink.writeRow(['first\nsecond', '']);
    await sink.writeRow(['carriage\rreturn', '']);
    await sink.writeRow(['王芳 Zoë 👩‍💻', '']);
    await sink.commit();
    expect(readFileSync(target, 'utf8')).toBe(
      '\ufeffname,phone\r\n"Wu, Terrence ""Terry""",\r\n"first\nsecond",\r\n"carriage\rreturn",\r\n王芳 Zoë 👩‍💻,\r\n',
    );
  });

  it('guards formulas in text columns, and in phone columns only what is not a plain E.164 number', async () => {
    const target = path.join(tempDir(), 'out.csv');
    const sink = await openExportSink(target);
    await sink.startSheet('Contacts', columns);
    await sink.writeRow(['=HYPERLINK("http://evil")', '+14155550123']);
    await sink.writeRow(['+1 was here', '=1+2']);
    await sink.writeRow(['@ana', '+1 (415) 555-0123']);
    await sink.commit();
    expect((await cellsOf(target)).rows).toEqual([
      ['\'=HYPERLINK("http://evil")', '+14155550123'],
      ["'+1 was here", "'=1+2"],
      ["'@ana", "'+1 (415) 555-0123"],
    ]);
  });

  it('reads back through the project reader as the rows written', async () => {
    const target = path.join(tempDir(), 'nested', 'dir', 'round.CSV');
    const rows = [
      ['Terrence Wu', '+14155550123'],
      ['Facilities Manager\nNorth Campus', ''],
      ['  spaced  ', '+442071234567'],
      ['00123', ''],
      ['王芳 👩‍💻', '+8613800138000'],
      ['"quoted", with comma', ''],
    ];
    const sink = await openExportSink(target);
    await sink.startSheet('Contacts', columns);
    for (const row of rows) await sink.writeRow(row);
    await sink.commit();
    expect(await cellsOf(target)).toEqual({ header: ['name', 'phone'], rows });
  });

  it('refuses a second table, since a CSV file holds one', async () => {
    const sink = await openExportSink(path.join(tempDir(), 'out.csv'));
    await sink.startSheet('Contacts', columns);
    await expect(sink.startSheet('More', columns)).rejects.toMatchObject({ code: 'OUTPUT_INVALID' });
    await sink.abort();
  });

  it('refuses a target that is neither .csv nor .xlsx', async () => {
    const target = path.join(tempDir(), 'x.txt');
    const error = await openExportSink(target).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CcbulkError);
    expect(error).toMatchObject({ code: 'OUTPUT_INVALID', message: `Expected \`--out\` to end in .csv or .xlsx, got \`${target}\`` });
    expect(readdirSync(path.dirname(target))).toEqual([]);
  });
});
