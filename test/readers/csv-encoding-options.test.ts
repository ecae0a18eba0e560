import { describe, expect, it } from 'vitest';
import { importOptionsSchema } from '../../src/cli/import-options.js';
import { parseOptions } from '../../src/cli/options.js';
import { openTable } from '../../src/readers/open-table.js';
import { tempDir, writeFile } from '../support/import-env.js';

async function rowsOf(file: string, options: Parameters<typeof openTable>[1] = {}) {
  const table = await openTable(file, options);
  const rows: { line: number; cells: readonly string[] }[] = [];
  for await (const item of table.items) rows.push({ line: item.origin.line, cells: item.cells });
  return { header: table.header, rows };
}

const TEXT = 'name,phone\nJosé Müller,+12127361000\n';

describe('reading a CSV in the encoding it was written in', () => {
  it('reads a UTF-16 LE file without a byte-order mark with `--encoding utf16le`', async () => {
    const file = writeFile(tempDir(), 'le.csv', Buffer.from(TEXT, 'utf16le'));
    const { header, rows } = await rowsOf(file, { encoding: 'utf16le' });
    expect(header).toEqual(['name', 'phone']);
    expect(rows).toEqual([{ line: 2, cells: ['José Müller', '+12127361000'] }]);
  });

  it('reads a UTF-16 BE file without a byte-order mark with `--encoding utf16be`', async () => {
    const file = writeFile(tempDir(), 'be.csv', Buffer.from(TEXT, 'utf16le').swap16());
    const { rows } = await rowsOf(file, { encoding: 'utf16be' });
    expect(rows[0]?.cells).toEqual(['José Müller', '+12127361000']);
  });

  it("takes the delimiter from Excel's `sep=;` first line and keeps the file's line numbers", async () => {
    const file = writeFile(tempDir(), 'sep.csv', 'sep=;\r\nname;phone\r\nAna, Bea;+12127361000\r\n');
    const { header, rows } = await rowsOf(file);
    expect(header).toEqual(['name', 'phone']);
    expect(rows).toEqual([{ line: 3, cells: ['Ana, Bea', '+12127361000'] }]);
  });

  it('refuses `--encoding win1252` on a UTF-8 file rather than garble its names', async () => {
    const file = writeFile(tempDir(), 'utf8.csv', TEXT);
    await expect(rowsOf(file, { encoding: 'win1252' })).rejects.toThrow(/valid UTF-8.*garbled/);
  });

  it('still reads a real Windows-1252 file with `--encoding win1252`', async () => {
    const file = writeFile(tempDir(), 'w.csv', Buffer.from(TEXT, 'latin1'));
    const { rows } = await rowsOf(file, { encoding: 'win1252' });
    expect(rows[0]?.cells[0]).toBe('José Müller');
  });

  it.each([
    ['utf-8', 'utf8'],
    ['UTF8', 'utf8'],
    ['UTF-16LE', 'utf16le'],
    ['utf-16be', 'utf16be'],
    ['latin1', 'win1252'],
    ['cp1252', 'win1252'],
    ['Windows-1252', 'win1252'],
  ])('accepts `--encoding %s` as %s', (given, meant) => {
    expect(parseOptions(importOptionsSchema, { encoding: given }).encoding).toBe(meant);
  });

  it('refuses an encoding it cannot read, listing those it can', () => {
    expect(() => parseOptions(importOptionsSchema, { encoding: 'ebcdic' })).toThrow(
      'Expected `--encoding` to be one of auto, utf8, utf16le, utf16be, win1252 (or a spelling such as UTF-8, cp1252, latin1), got `ebcdic`',
    );
  });
});
