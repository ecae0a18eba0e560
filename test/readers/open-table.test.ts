import { describe, expect, it } from 'vitest';
import ExcelJS from 'exceljs';
import { openTable } from '../../src/readers/open-table.js';
import { CcbulkError } from '../../src/errors.js';
import { readAll, tempFolder } from './table-files.js';

const files = tempFolder();

async function xlsxBytes(): Promise<Buffer> {
  const book = new ExcelJS.Workbook();
  book.addWorksheet('S').addRow(['name']);
  book.getWorksheet('S')?.addRow(['Ann']);
  return Buffer.from(await book.xlsx.writeBuffer());
}

/** A minimal OLE compound file whose first directory sector names the given streams. */
function compoundFile(streams: string[]): Buffer {
  const file = Buffer.alloc(512 * 2);
  Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]).copy(file);
  file.writeUInt16LE(9, 0x1e); // 512-byte sectors
  file.writeUInt32LE(0, 0x30); // the directory starts in sector 0, right after the header
  ['Root Entry', ...streams].slice(0, 4).forEach((name, i) => {
    const entry = 512 + i * 128;
    file.write(name, entry, 'utf16le');
    file.writeUInt16LE((name.length + 1) * 2, entry + 64);
  });
  return file;
}

async function problem(path: string): Promise<string> {
  const error = await openTable(path).catch((e: unknown) => e);
  expect(error).toBeInstanceOf(CcbulkError);
  expect((error as CcbulkError).code).toBe('INPUT_INVALID');
  return (error as CcbulkError).message;
}

describe('openTable', () => {
  it('reads a CSV as CSV', async () => {
    const table = await openTable(files.write('plain.csv', 'name\nAnn\n'));
    expect(table.header).toEqual(['name']);
  });

  it('reads a workbook as XLSX by its content, whatever it is named', async () => {
    const table = await openTable(files.write('export.csv', await xlsxBytes()));
    expect(await readAll(table)).toMatchObject([{ kind: 'row', origin: { sheet: 'S', line: 2 }, cells: ['Ann'] }]);
  });

  it('passes the sheet option to the XLSX reader and the CSV options to the CSV reader', async () => {
    await expect(openTable(files.write('sheet.xlsx', await xlsxBytes()), { sheet: 'T' })).rejects.toThrow(/has no sheet named 'T'/);
    expect((await openTable(files.write('semi.csv', 'a;b\n'), { delimiter: ',' })).header).toEqual(['a;b']);
  });

  it('says a missing file does not exist, a directory is a directory, and an empty file is empty', async () => {
    expect(await problem(files.path('nope.csv'))).toMatch(/^Input file '.*nope\.csv' does not exist\.$/);
    expect(await problem(files.path(''))).toMatch(/is a directory, not a file\.$/);
    expect(await problem(files.write('empty.xlsx', ''))).toMatch(/'.*empty\.xlsx' is empty\.$/);
  });

  it('says a file named .xlsx that is not a workbook is not one', async () => {
    expect(await problem(files.write('fake.xlsx', 'name\nAnn\n'))).toMatch(/is named \.xlsx but is not an Excel workbook/);
  });

  it('says a truncated workbook is damaged or incomplete', async () => {
    const bytes = await xlsxBytes();
    expect(await problem(files.write('cut.xlsx', bytes.subarray(0, Math.floor(bytes.length / 2))))).toMatch(
      /is a damaged or incomplete zip file/,
    );
  });

  it('says a zip that is not a workbook is not one', async () => {
    // A zip holding one entry, notes.txt: its central directory and end record, after the magic.
    const entry = Buffer.alloc(46 + 'notes.txt'.length);
    entry.writeUInt32LE(0x02014b50, 0);
    entry.writeUInt16LE('notes.txt'.length, 28);
    entry.write('notes.txt', 46);
    const end = Buffer.alloc(22);
    end.writeUInt32LE(0x06054b50, 0);
    end.writeUInt32LE(entry.length, 12);
    end.writeUInt32LE(4, 16);
    const zip = Buffer.concat([Buffer.from([0x50, 0x4b, 0x03, 0x04]), entry, end]);
    expect(await problem(files.write('other.zip', zip))).toMatch(/is a zip file but not an XLSX workbook/);
  });

  it('says a password-protected workbook is password-protected', async () => {
    const path = files.write('secret.xlsx', compoundFile(['EncryptionInfo', 'EncryptedPackage']));
    expect(await problem(path)).toMatch(/^Input file '.*secret\.xlsx' is password-protected/);
  });

  it('says a legacy .xls is one', async () => {
    expect(await problem(files.write('old.xls', compoundFile(['Workbook'])))).toMatch(/is a legacy Excel 97–2003 workbook \(\.xls\)/);
  });

  it('says binary data is not a CSV', async () => {
    expect(await problem(files.write('image.csv', Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 0, 0, 0x0d])))).toMatch(/is not a text \(CSV\) file/);
  });

  it('names the line and byte offset of the first NUL byte, so one stray byte can be found and fixed', async () => {
    const path = files.write('one-nul.csv', Buffer.from('name,phone\r\nAda,+12127361000\r\nBo\u0000b,+12127361001\r\nCy,+12127361002\r\n', 'utf8'));
    expect(await problem(path)).toBe(
      `Input file '${path}' is not a text (CSV) file: it holds binary data (the first NUL byte is on line 3, at byte offset 32). ` +
        'A UTF-16 CSV without a byte-order mark needs `--encoding utf16le` (or utf16be).',
    );
  });
});
