import { readFileSync } from 'node:fs';
import { crc32 } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { zipParts } from '../support/zip-parts.js';
import { writeFile } from '../support/import-env.js';
import { atLine, expectAccounted, expectFatal, freshPhone, importCli, namesFile, useBadInputEnv, writeWorkbook } from './harness.js';

const env = useBadInputEnv();

/**
 * A minimal OLE compound file (what Office writes a password-protected workbook, or a legacy .xls,
 * as): the magic, 512-byte sectors, and a first directory sector naming `streams`. That is all the
 * reader looks at to tell them apart, so no real encrypted workbook needs committing.
 */
function compoundFile(streams: readonly string[]): Buffer {
  const bytes = Buffer.alloc(1024);
  Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]).copy(bytes, 0);
  bytes.writeUInt16LE(9, 0x1e); // sector size 2^9
  bytes.writeUInt32LE(0, 0x30); // first directory sector
  streams.forEach((name, i) => {
    const entry = 512 + i * 128;
    bytes.write(name, entry, 'utf16le');
    bytes.writeUInt16LE((name.length + 1) * 2, entry + 64);
  });
  return bytes;
}

/** Where the stored data of `entry` starts in a zip: after its local file header, name and extra field. */
function sheetDataOffset(zip: Buffer, entry: string): number {
  for (let at = zip.indexOf('PK\x03\x04', 0, 'latin1'); at >= 0; at = zip.indexOf('PK\x03\x04', at + 4, 'latin1')) {
    const nameLength = zip.readUInt16LE(at + 26);
    const extraLength = zip.readUInt16LE(at + 28);
    if (zip.toString('utf8', at + 30, at + 30 + nameLength) === entry) return at + 30 + nameLength + extraLength;
  }
  return -1;
}

/** A valid zip (stored, no compression) of `parts`: what re-zipping a damaged part gives. */
function storedZip(parts: ReadonlyMap<string, Buffer>): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const [name, data] of parts) {
    const nameBytes = Buffer.from(name, 'utf8');
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt32LE(crc32(data), 14);
    local.writeUInt32LE(data.length, 18);
    local.writeUInt32LE(data.length, 22);
    local.writeUInt16LE(nameBytes.length, 26);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4);
    central.writeUInt16LE(20, 6);
    central.writeUInt32LE(crc32(data), 16);
    central.writeUInt32LE(data.length, 20);
    central.writeUInt32LE(data.length, 24);
    central.writeUInt16LE(nameBytes.length, 28);
    central.writeUInt32LE(offset, 42);
    locals.push(local, nameBytes, data);
    centrals.push(central, nameBytes);
    offset += 30 + nameBytes.length + data.length;
  }
  const directory = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(parts.size, 8);
  end.writeUInt16LE(parts.size, 10);
  end.writeUInt32LE(directory.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, directory, end]);
}

async function peopleWorkbook(name: string, phone = freshPhone()): Promise<string> {
  return writeWorkbook(env, name, (workbook) => {
    const sheet = workbook.addWorksheet('People');
    sheet.addRow(['Name', 'Phone']);
    sheet.addRow(['Xena Lux', phone]);
  });
}

describe('bad XLSX input to import address-book', () => {
  it('reads a workbook named .csv as the workbook it is', async () => {
    const { results } = expectAccounted(await importCli(env, await peopleWorkbook('really-xlsx.csv')), ['People!2']);
    expect(results[0]?.Name).toBe('Xena Lux');
  });

  it('stops on a truncated workbook, naming the file', async () => {
    const whole = readFileSync(await peopleWorkbook('whole.xlsx'));
    const file = writeFile(env.dir, 'truncated.xlsx', whole.subarray(0, Math.floor(whole.length / 2)));
    expectFatal(await importCli(env, file), new RegExp(`${namesFile(file).source} is a damaged or incomplete zip file`));
  });

  it('stops before sending anything on a sheet whose XML is cut short inside a valid zip, naming the sheet and the last row', async () => {
    const whole = await writeWorkbook(env, 'thousand.xlsx', (workbook) => {
      const sheet = workbook.addWorksheet('People');
      sheet.addRow(['Name', 'Phone']);
      for (let i = 0; i < 1000; i++) sheet.addRow([`Person ${i}`, freshPhone()]);
    });
    const parts = await zipParts(whole);
    const xml = parts.get('xl/worksheets/sheet1.xml')!;
    parts.set('xl/worksheets/sheet1.xml', xml.subarray(0, Math.floor(xml.length * 0.6)));
    const file = writeFile(env.dir, 'cut-sheet.xlsx', storedZip(parts));
    const before = env.emulator.store.addressBookContacts(env.bookId).length;
    const run = await importCli(env, file);
    expectFatal(run, new RegExp(`${namesFile(file).source} is damaged: sheet 'People' stops in the middle of its XML after row \\d+, the last row it holds`));
    expect(env.emulator.store.addressBookContacts(env.bookId)).toHaveLength(before);

    // The same parts zipped whole import every row: the check is about the cut, not the re-zip.
    parts.set('xl/worksheets/sheet1.xml', xml);
    const intact = await importCli(env, writeFile(env.dir, 'rezipped.xlsx', storedZip(parts)));
    expect(intact.code).toBe(0);
  });

  it('stops on a workbook whose compressed data is corrupt, naming the file', async () => {
    const bytes = Buffer.from(readFileSync(await peopleWorkbook('to-corrupt.xlsx')));
    // Overwrite the start of the sheet's deflated data, found through its local file header.
    const data = sheetDataOffset(bytes, 'xl/worksheets/sheet1.xml');
    expect(data).toBeGreaterThan(0);
    bytes.fill(0x41, data, data + 64);
    const file = writeFile(env.dir, 'corrupt.xlsx', bytes);
    expectFatal(await importCli(env, file), new RegExp(`${namesFile(file).source} could not be read as an XLSX workbook`));
  });

  it('stops on a password-protected workbook, saying how to remove the password', async () => {
    const file = writeFile(env.dir, 'locked.xlsx', compoundFile(['Root Entry', 'EncryptionInfo', 'EncryptedPackage']));
    expectFatal(await importCli(env, file), new RegExp(`${namesFile(file).source} is password-protected: .*remove the password`));
  });

  it('stops on a legacy .xls workbook, saying to save it as .xlsx or .csv', async () => {
    const file = writeFile(env.dir, 'legacy.xls', compoundFile(['Root Entry', 'Workbook']));
    expectFatal(await importCli(env, file), /is a legacy Excel 97–2003 workbook \(\.xls\): save it as \.xlsx or \.csv/);
  });

  it('stops on an empty sheet, naming the file', async () => {
    const file = await writeWorkbook(env, 'empty-sheet.xlsx', (workbook) => void workbook.addWorksheet('Blank'));
    expectFatal(await importCli(env, file), new RegExp(`${namesFile(file).source} has nothing in sheet 1: there is no header row`));
  });

  it('stops on a sheet name that does not exist, listing the sheets there are', async () => {
    const file = await peopleWorkbook('named-sheet.xlsx');
    expectFatal(await importCli(env, file, ['--sheet', 'Contacts']), new RegExp(`${namesFile(file).source} has no sheet named 'Contacts': its sheets are 'People'`));
  });

  it('stops on a sheet number past the last sheet', async () => {
    const file = await peopleWorkbook('numbered-sheet.xlsx');
    expectFatal(await importCli(env, file, ['--sheet', '3']), /has no sheet number 3: it has 1 \('People'\)/);
  });

  it('reads a numeric phone cell shown as 4.4207946E+11 with all its digits', async () => {
    const file = await writeWorkbook(env, 'numeric-phones.xlsx', (workbook) => {
      const sheet = workbook.addWorksheet('People');
      sheet.addRow(['Name', 'Phone']);
      sheet.addRow(['Lon Don', 4.4207946e11]); // General format: Excel shows 4.42079E+11
      sheet.addRow(['Sci Fmt', 447911123456]);
      sheet.getCell('B3').numFmt = '0.00E+00';
    });
    const { results } = expectAccounted(await importCli(env, file, ['--country', 'GB']), ['People!2', 'People!3']);
    expect(results.map((r) => [r.Phone, r._phones])).toEqual([
      ['442079460000', '+442079460000'],
      ['447911123456', '+447911123456'],
    ]);
  });

  it('rejects a row with a value beyond the header, naming the column', async () => {
    const file = await writeWorkbook(env, 'wide-row.xlsx', (workbook) => {
      const sheet = workbook.addWorksheet('People');
      sheet.addRow(['Name', 'Phone']);
      sheet.addRow(['Wide Will', freshPhone(), 'stray']);
      sheet.addRow(['Narrow Nat', freshPhone()]);
    });
    const { rejects } = expectAccounted(await importCli(env, file), ['People!2', 'People!3']);
    expect(atLine(rejects, 'People!2')).toMatchObject({ _stage: 'parse', _reason: expect.stringMatching(/this row has a value in column C$/) });
  });

  it('rejects an error value in a phone cell', async () => {
    const file = await writeWorkbook(env, 'error-cell.xlsx', (workbook) => {
      const sheet = workbook.addWorksheet('People');
      sheet.addRow(['Name', 'Phone']);
      sheet.addRow(['Err Eve', { error: '#N/A' }]);
    });
    const { rejects } = expectAccounted(await importCli(env, file), ['People!2']);
    expect(rejects[0]?._reason).toBe("phone: not a valid number for US: '#N/A'");
  });

  it('keeps emoji and right-to-left text from a workbook exactly', async () => {
    const name = 'مرحبا 🌍 שלום';
    const file = await writeWorkbook(env, 'rtl.xlsx', (workbook) => {
      const sheet = workbook.addWorksheet('People');
      sheet.addRow(['Name', 'Phone']);
      sheet.addRow([name, freshPhone()]);
    });
    const { results } = expectAccounted(await importCli(env, file), ['People!2']);
    expect(results[0]?.Name).toBe(name);
  });
});
