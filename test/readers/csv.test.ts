import { describe, expect, it } from 'vitest';
import { CSV_CHUNK_BYTES, openCsv } from '../../src/readers/csv.js';
import { CcbulkError } from '../../src/errors.js';
import { readAll, summarise, tempFolder } from './table-files.js';

const files = tempFolder();

async function read(content: string | Uint8Array, options: Parameters<typeof openCsv>[1] = {}) {
  const table = await openCsv(files.write(`t${Math.random().toString(36).slice(2)}.csv`, content), options);
  return { header: table.header, items: summarise(await readAll(table)) };
}

describe('openCsv', () => {
  it('keeps every cell as the text in the file, never casting numbers', async () => {
    const { header, items } = await read('phone,zip,amount\n+15551234567,02134,1e3\n');
    expect(header).toEqual(['phone', 'zip', 'amount']);
    expect(items).toEqual(['2: ["+15551234567","02134","1e3"]']);
  });

  it('gives each row its origin: the file as given and the 1-based line', async () => {
    const path = files.write('origin.csv', 'a\nx\n');
    const [item] = await readAll(await openCsv(path));
    expect(item).toEqual({ kind: 'row', origin: { file: path, line: 2 }, cells: ['x'] });
  });

  it('reads LF, CRLF and CR line endings, even mixed in one file', async () => {
    expect((await read('a,b\n1,2\n')).items).toEqual(['2: ["1","2"]']);
    expect((await read('a,b\r\n1,2\r\n')).items).toEqual(['2: ["1","2"]']);
    expect((await read('a,b\r1,2\r3,4')).items).toEqual(['2: ["1","2"]', '3: ["3","4"]']);
    expect((await read('a,b\r\n1,2\n3,4\r5,6\r\n')).items).toEqual(['2: ["1","2"]', '3: ["3","4"]', '4: ["5","6"]']);
  });

  it('reads a quoted field with line breaks and numbers the records after it by their first line', async () => {
    // csv-parse alone counts a CRLF inside quotes as two lines; Ed is on line 9 as an editor shows.
    const { items } = await read('name,notes\nAnn,"one\ntwo\nthree"\nBob,x\n"Cy\r\nDee","a\r\nb"\r\nEd,y\r\n');
    expect(items).toEqual(['2: ["Ann","one\\ntwo\\nthree"]', '5: ["Bob","x"]', '6: ["Cy\\r\\nDee","a\\r\\nb"]', '9: ["Ed","y"]']);
  });

  it('skips blank lines, and rows whose cells are all empty, without losing count of lines', async () => {
    const { items } = await read('\n\na,b\n\n1,2\r\n\r\n,\n   \n3,4');
    expect(items).toEqual(['5: ["1","2"]', '9: ["3","4"]']);
  });

  it('keeps a header with duplicate or empty names as it is', async () => {
    expect((await read('phone,,phone\n1,2,3\n')).header).toEqual(['phone', '', 'phone']);
  });

  it('sniffs the delimiter from the header line', async () => {
    expect((await read('a;b;c\n1;2,5;3\n')).items).toEqual(['2: ["1","2,5","3"]']);
    expect((await read('a\tb\n1\t2\n')).items).toEqual(['2: ["1","2"]']);
    expect((await read('a|b\n1|2\n')).items).toEqual(['2: ["1","2"]']);
    expect((await read('"x,y";b;c\n1;2;3\n')).header).toEqual(['x,y', 'b', 'c']);
    expect((await read('only\n1,2\n')).items).toEqual(['2: reject wrong number of fields: expected 1, got 2']);
  });

  it('uses the delimiter it is given over the sniffed one', async () => {
    expect((await read('a;b,c\n1;2,3\n', { delimiter: ',' })).header).toEqual(['a;b', 'c']);
  });

  it('reads UTF-8 with or without a BOM', async () => {
    const text = 'name\nZoë\n';
    expect((await read(text)).items).toEqual(['2: ["Zoë"]']);
    const withBom = await read(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text)]));
    expect(withBom).toEqual({ header: ['name'], items: ['2: ["Zoë"]'] });
  });

  it('reads UTF-16 LE and BE by their BOM', async () => {
    const text = 'name,city\nZoë,Kraków\n';
    const le = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]);
    const be = Buffer.from(le.subarray(2)).swap16();
    expect((await read(le)).items).toEqual(['2: ["Zoë","Kraków"]']);
    expect((await read(Buffer.concat([Buffer.from([0xfe, 0xff]), be]))).items).toEqual(['2: ["Zoë","Kraków"]']);
  });

  it('reads UTF-16 LE without a BOM when told to', async () => {
    expect((await read(Buffer.from('n\nZoë\n', 'utf16le'), { encoding: 'utf16le' })).items).toEqual(['2: ["Zoë"]']);
  });

  it('reads Windows-1252 when the bytes are not UTF-8, including the euro sign and curly quotes', async () => {
    const bytes = Buffer.from([...Buffer.from('name\n'), 0x4a, 0x6f, 0x73, 0xe9, 0x20, 0x80, 0x92, 0x0a]);
    expect((await read(bytes)).items).toEqual(['2: ["José €’"]']);
    expect((await read(bytes, { encoding: 'win1252' })).items).toEqual(['2: ["José €’"]']);
  });

  it('detects Windows-1252 whose first accented letter is far into the file', async () => {
    const ascii = 'name\n' + 'Smith\n'.repeat(100_000);
    const { items } = await read(Buffer.concat([Buffer.from(ascii), Buffer.from([0x4d, 0xfc, 0x6c, 0x6c, 0x65, 0x72, 0x0a])]));
    expect(items.at(-1)).toBe('100002: ["Müller"]');
  });

  it('reads a UTF-8 character split across two read chunks as UTF-8', async () => {
    // Put "é" (two bytes) across the boundary of the first read chunk.
    const head = 'name\n' + 'x'.repeat(CSV_CHUNK_BYTES - 6) + '\n';
    const { items } = await read(Buffer.from(head + 'é\n'));
    expect(items.at(-1)).toBe('3: ["é"]');
  });

  it('rejects a record with the wrong number of fields, with its cells, and reads on', async () => {
    const table = await openCsv(files.write('count.csv', 'a,b\n1,2,3\n4\n5,6\n'));
    const items = await readAll(table);
    expect(items[0]).toMatchObject({ kind: 'parse-reject', origin: { line: 2 }, reason: { kind: 'wrong number of fields', text: 'wrong number of fields: expected 2, got 3' }, cells: ['1', '2', '3'] });
    expect(summarise(items).slice(1)).toEqual(['3: reject wrong number of fields: expected 2, got 1', '4: ["5","6"]']);
  });

  it('rejects the line of an unterminated quote and resumes on the next line, to the end of the file', async () => {
    const { items } = await read('a,b\n1,"open\n3,4\n5,6\n');
    expect(items).toEqual([
      '2: reject unterminated quote: a quoted field starting on this line is never closed properly (the line was skipped and reading resumed on the next one)',
      '3: ["3","4"]',
      '4: ["5","6"]',
    ]);
  });

  it('rejects only the line of an unterminated quote when a later quoted field stops the parser', async () => {
    const { items } = await read('a,b\n1,"open\n3,4\n"5",6\n7,8\n');
    expect(items).toEqual([
      expect.stringMatching(/^2: reject unterminated quote/),
      '3: ["3","4"]',
      '4: ["5","6"]',
      '5: ["7","8"]',
    ]);
  });

  it('rejects the line of an unterminated quote in a large file without swallowing the rest', async () => {
    const rows = Array.from({ length: 20_000 }, (_, i) => `${i},row ${i}`).join('\n');
    const { items } = await read(`a,b\nx,"open\n${rows}\n`);
    expect(items).toHaveLength(20_001);
    expect(items[0]).toMatch(/^2: reject unterminated quote/);
    expect(items[1]).toBe('3: ["0","row 0"]');
    expect(items.at(-1)).toBe('20002: ["19999","row 19999"]');
  });

  it('rejects a quoted field longer than the record limit as too long, and reads none of its lines as rows', async () => {
    // 3,000 lines of 60 bytes inside one quoted field: about 180 KB, past the 128 KB limit.
    const inner = Array.from({ length: 3000 }, (_, i) => `${i},inner line ${i} ${'x'.repeat(40)}`).join('\n');
    for (const eol of ['\n', '\r\n']) {
      const { items } = await read(['a,b', '1,2', `3,"${inner.replace(/\n/g, eol)}"`, '5,6', '7,"short ""quoted"""'].join(eol) + eol);
      expect(items).toEqual([
        '2: ["1","2"]',
        `3: reject the record is longer than 131072 bytes: a quoted field starting on this line runs on to line 3002; the record was skipped to the field's end and reading resumed after it`,
        '3003: ["5","6"]',
        '3004: ["7","short \\"quoted\\""]',
      ]);
    }
  });

  it('still takes a quote open past the record limit, never closed to the end of the file, for an unterminated quote', async () => {
    const rows = Array.from({ length: 12_000 }, (_, i) => `${i},row ${i}`).join('\n');
    const { items } = await read(`a,b\nx,"open\n${rows}\n`);
    expect(items).toHaveLength(12_001);
    expect(items[0]).toMatch(/^2: reject unterminated quote/);
    expect(items[1]).toBe('3: ["0","row 0"]');
  });

  it('rejects text after a closing quote and a quote inside an unquoted field, and reads on', async () => {
    const { items } = await read('a,b\n1,"x"y\n2,b"c\n3,"ok ""quoted"""\n');
    expect(items).toEqual([
      '2: reject text after a closing quote: a quoted field must end at a delimiter or the end of the line (the line was skipped and reading resumed on the next one)',
      '3: reject a quote inside an unquoted field: quote the whole field and double the quotes inside it (the line was skipped and reading resumed on the next one)',
      '4: ["3","ok \\"quoted\\""]',
    ]);
  });

  it('puts the broken line, split on the delimiter, in the reject cells', async () => {
    const [reject] = await readAll(await openCsv(files.write('cells.csv', 'a;b;c\n1;"two;3\n')));
    expect(reject).toMatchObject({ kind: 'parse-reject', cells: ['1', '"two', '3'] });
  });

  it('says an empty file is empty', async () => {
    await expect(openCsv(files.write('empty.csv', ''))).rejects.toThrow(/Input file '.*empty\.csv' is empty\./);
  });

  it('says a file of blank lines has no header', async () => {
    await expect(openCsv(files.write('blank.csv', '\n\r\n\n'))).rejects.toThrow(/has no header line/);
  });

  it('says a header line with an unterminated quote cannot be read', async () => {
    const error = await openCsv(files.write('bad-header.csv', 'a,"b\n1,2\n')).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CcbulkError);
    expect((error as CcbulkError).code).toBe('INPUT_INVALID');
    expect((error as CcbulkError).message).toMatch(/has a header line \(line 1\) that cannot be read: unterminated quote/);
    expect((error as CcbulkError).line).toBe(1);
  });

  it('says a missing file does not exist, with no fs jargon', async () => {
    await expect(openCsv(files.path('nope.csv'))).rejects.toThrow(/^Input file '.*nope\.csv' does not exist\.$/);
  });
});
