import { describe, expect, it } from 'vitest';
import { writeFile } from '../support/import-env.js';
import { atLine, expectAccounted, expectFatal, freshPhone, importCli, namesFile, useBadInputEnv } from './harness.js';

const env = useBadInputEnv();

/** A CSV of `lines` joined with `\n` (and a final one) in the env's folder. */
function csv(name: string, ...lines: string[]): string {
  return writeFile(env.dir, name, `${lines.join('\n')}\n`);
}

function storedNames(): string[] {
  return env.emulator.store.addressBookContacts(env.bookId).map((c) => c.display_name ?? '');
}

describe('bad CSV input to import address-book', () => {
  it('stops on an empty file, naming it', async () => {
    const file = writeFile(env.dir, 'empty.csv', '');
    expectFatal(await importCli(env, file), new RegExp(`${namesFile(file).source} is empty\\.`));
  });

  it('finishes with nothing to do on a header-only file', async () => {
    const run = await importCli(env, csv('header-only.csv', 'name,phone'));
    const { summary } = expectAccounted(run, []);
    expect(summary.rows).toBe(0);
    expect(run.code).toBe(0);
  });

  // Regression: when no column mapped to a field, every row was rejected as "display_name:
  // missing …", which hid the cause. It stops before reading rows, naming the file and its headers.
  it('stops with one error naming the file when none of its columns is a contact field', async () => {
    const file = csv('no-columns.csv', 'foo,bar', `Ann,${freshPhone()}`, `Bob,${freshPhone()}`);
    expectFatal(await importCli(env, file), new RegExp(`${namesFile(file).source}.*foo.*bar`));
  });

  // The same bug seen from its commonest cause: a `;` file read with `--delimiter ,` is one column.
  it('stops with one error when the delimiter given leaves a single unrecognised column', async () => {
    const file = csv('wrong-delimiter.csv', 'name;phone', `Ann;${freshPhone()}`);
    expectFatal(await importCli(env, file, ['--delimiter', ',']), new RegExp(`${namesFile(file).source}.*name;phone`));
  });

  it('stops on binary garbage, naming the file', async () => {
    const file = writeFile(env.dir, 'garbage.csv', Buffer.from([0x01, 0x02, 0x00, 0x9c, 0xff, 0xfe, 0x00, 0x7f]));
    expectFatal(await importCli(env, file), new RegExp(`${namesFile(file).source} is not a text \\(CSV\\) file: it holds binary data`));
  });

  it('stops on a UTF-16 file without its byte-order mark, saying a BOM is needed', async () => {
    const file = writeFile(env.dir, 'utf16.csv', Buffer.from(`name,phone\nAnn,${freshPhone()}\n`, 'utf16le'));
    expectFatal(await importCli(env, file), /holds binary data \(the first NUL byte is on line 1, at byte offset 1\)\. A UTF-16 CSV without a byte-order mark needs `--encoding utf16le` \(or utf16be\)\./);
  });

  it('stops on a file named .xlsx that is really CSV', async () => {
    const file = writeFile(env.dir, 'really-csv.xlsx', `name,phone\nAnn,${freshPhone()}\n`);
    expectFatal(await importCli(env, file), new RegExp(`${namesFile(file).source} is named \\.xlsx but is not an Excel workbook`));
  });

  it('rejects the line of an unterminated quote and reads on from the next line', async () => {
    const [ann, bob, cid] = [freshPhone(), freshPhone(), freshPhone()];
    const run = await importCli(env, csv('open-quote.csv', 'name,phone', `"Ann,${ann}`, `Bob,${bob}`, `Cid,${cid}`));
    const { results, rejects } = expectAccounted(run, [2, 3, 4]);
    expect(atLine(rejects, 2)).toMatchObject({ _stage: 'parse', _reason: expect.stringMatching(/^unterminated quote/) });
    expect(results.map((r) => r.name)).toEqual(['Bob', 'Cid']);
  });

  it('rejects an unterminated quote on the last line without losing the rows before it', async () => {
    const run = await importCli(env, csv('open-quote-last.csv', 'name,phone', `Ann,${freshPhone()}`, `"Bob,${freshPhone()}`));
    const { rejects } = expectAccounted(run, [2, 3]);
    expect(atLine(rejects, 3)?._reason).toMatch(/^unterminated quote/);
  });

  it('rejects a stray quote inside an unquoted field, with its line', async () => {
    const run = await importCli(env, csv('stray-quote.csv', 'name,phone', `Cid "C" Moe,${freshPhone()}`, `Dee,${freshPhone()}`));
    const { rejects } = expectAccounted(run, [2, 3]);
    expect(atLine(rejects, 2)?._reason).toMatch(/^a quote inside an unquoted field/);
  });

  it('stops on a header line that cannot be read, naming the file and the line', async () => {
    const file = csv('bad-header.csv', 'name,"phone', `Ann,${freshPhone()}`);
    expectFatal(await importCli(env, file), new RegExp(`${namesFile(file).source} has a header line \\(line 1\\) that cannot be read: unterminated quote`));
  });

  it('rejects ragged rows, too long and too short, with the field counts', async () => {
    const run = await importCli(env, csv('ragged.csv', 'name,phone', `Ann,${freshPhone()},extra`, 'Bob', `Cid,${freshPhone()}`));
    const { rejects, results } = expectAccounted(run, [2, 3, 4]);
    expect(atLine(rejects, 2)?._reason).toBe('wrong number of fields: expected 2, got 3');
    expect(atLine(rejects, 3)?._reason).toBe('wrong number of fields: expected 2, got 1');
    expect(results.map((r) => r.name)).toEqual(['Cid']);
  });

  it('rejects the row holding a 10 MB field and imports the rows around it', async () => {
    const file = writeFile(env.dir, 'huge-field.csv', `name,phone,notes\nAnn,${freshPhone()},${'x'.repeat(10 * 1024 * 1024)}\nBob,${freshPhone()},ok\n`);
    const { rejects, results } = expectAccounted(await importCli(env, file), [2, 3]);
    expect(atLine(rejects, 2)?._reason).toMatch(/^the record is longer than 131072 bytes/);
    expect(results.map((r) => r.name)).toEqual(['Bob']);
  });

  it('imports a row of 10,000 columns and lists the unmapped ones', async () => {
    const extra = Array.from({ length: 9998 }, (_, i) => `c${i}`);
    const run = await importCli(env, csv('wide.csv', ['name', 'phone', ...extra].join(','), ['Wide Wanda', freshPhone(), ...extra.map(() => 'x')].join(',')));
    const { summary } = expectAccounted(run, [2]);
    expect(summary.unmappedColumns).toHaveLength(9998);
    expect(storedNames()).toContain('Wide Wanda');
  });

  it('stops on a NUL byte near the start of the file, as binary data', async () => {
    const file = csv('nul-early.csv', 'name,phone', `A\u0000nn,${freshPhone()}`);
    expectFatal(await importCli(env, file), new RegExp(`${namesFile(file).source} is not a text \\(CSV\\) file`));
  });

  // Fixed in csv-record-parser.ts: past the 8 KiB openTable sniffs, a NUL went into the contact's name.
  it('rejects a row with a NUL byte past the sniffed start, with its line', async () => {
    const filler = Array.from({ length: 600 }, (_, i) => `Filler ${i},`);
    const run = await importCli(env, csv('nul-late.csv', 'name,email', ...filler.map((f, i) => `${f}f${i}@example.com`), `Nu\u0000l,nul@example.com`, `After,after@example.com`));
    const { rejects } = expectAccounted(run, Array.from({ length: 602 }, (_, i) => i + 2));
    expect(rejects).toEqual([expect.objectContaining({ _line: '602', _stage: 'parse', _reason: expect.stringMatching(/^holds a NUL byte/) })]);
    expect(storedNames().some((n) => n.includes('\u0000'))).toBe(false);
  });

  it('reads mixed line endings (CRLF, LF, CR) with the right line numbers', async () => {
    const file = writeFile(env.dir, 'mixed-eol.csv', `name,phone\r\nAnn,${freshPhone()}\nBob,${freshPhone()}\rCid,${freshPhone()}\r\n`);
    const { results } = expectAccounted(await importCli(env, file), [2, 3, 4]);
    expect(results.map((r) => [r.name, r._line])).toEqual([['Ann', '2'], ['Bob', '3'], ['Cid', '4']]);
  });

  it('reads bytes that are not UTF-8, with no --encoding, as Windows-1252', async () => {
    const file = writeFile(env.dir, 'latin.csv', Buffer.concat([Buffer.from('name,phone\nJos'), Buffer.from([0xe9]), Buffer.from(` M\x80ller,${freshPhone()}\n`, 'latin1')]));
    const { results } = expectAccounted(await importCli(env, file), [2]);
    expect(results[0]?.name).toBe('José M€ller');
    expect(storedNames()).toContain('José M€ller');
  });

  // Fixed in csv-record-parser.ts: a UTF-8 file with a Windows-1252 line further on (past the first
  // chunk, after UTF-8 was settled on) created the contact 'J\uFFFD', the character lost for good.
  it('rejects a line that is not valid UTF-8 in a file already read as UTF-8', async () => {
    const padding = 'x'.repeat(300_000); // past the first 256 KiB chunk, which settles on UTF-8
    const file = writeFile(env.dir, 'mixed-encodings.csv', Buffer.concat([
      Buffer.from(`name,phone,notes\nJosé,${freshPhone()},ok\nPad,${freshPhone()},${padding.slice(0, 100_000)}\n`),
      Buffer.from(`Pad2,${freshPhone()},${padding.slice(0, 100_000)}\nPad3,${freshPhone()},${padding.slice(0, 100_000)}\nJ`),
      Buffer.from([0xe9]),
      Buffer.from(`r\xf4me,${freshPhone()},ok\n`, 'latin1'),
    ]));
    const { rejects, results } = expectAccounted(await importCli(env, file), [2, 3, 4, 5, 6]);
    expect(rejects).toEqual([expect.objectContaining({ _line: '6', _stage: 'parse', _reason: expect.stringMatching(/not valid UTF-8.*--encoding win1252/) })]);
    expect(results.map((r) => r.name)).toEqual(['José', 'Pad', 'Pad2', 'Pad3']);
    expect(storedNames().some((n) => n.includes('\ufffd'))).toBe(false);
  });

  it('rejects a line that is not UTF-8 when --encoding utf8 is forced, rather than storing U+FFFD', async () => {
    const file = writeFile(env.dir, 'forced-utf8.csv', Buffer.concat([Buffer.from(`name,phone\nOk,${freshPhone()}\nZo`), Buffer.from([0xeb]), Buffer.from(`,${freshPhone()}\n`)]));
    const { rejects } = expectAccounted(await importCli(env, file, ['--encoding', 'utf8']), [2, 3]);
    expect(atLine(rejects, 3)?._reason).toMatch(/not valid UTF-8/);
  });

  it('sends the numbers of both of two duplicate phone headers, the second as other_phone', async () => {
    const [first, second] = [freshPhone(), freshPhone()];
    const run = await importCli(env, csv('dup-headers.csv', 'name,phone,phone', `Dup Dora,${first},${second}`));
    const { summary, results } = expectAccounted(run, [2]);
    expect(summary.unmappedColumns).toEqual([]);
    expect(results[0]?._phones?.split(/[ ;,]+/)).toEqual([first, second]);
    expect(run.stdout).not.toMatch(/unmapped columns/);
  });

  it('sends formula-looking text as plain text, and takes one guarding quote off', async () => {
    const phone = freshPhone();
    const run = await importCli(env, csv('formulas.csv', 'name,phone,company', `"=HYPERLINK(""http://evil.example"",""x"")",${phone},@SUM(1)`, `'=1+2,${freshPhone()},-cmd`));
    expectAccounted(run, [2, 3]);
    const stored = env.emulator.store.addressBookContacts(env.bookId);
    expect(stored.find((c) => c.company === '@SUM(1)')?.display_name).toBe('=HYPERLINK("http://evil.example","x")');
    expect(stored.find((c) => c.company === '-cmd')?.display_name).toBe('=1+2');
  });

  // Regression: results.csv and rejects.csv repeated cells verbatim, so =HYPERLINK(…) ran when the
  // user opened rejects.csv in a spreadsheet to fix it. Guarded as exports are; the import un-guards.
  it('guards formula-looking cells in results.csv and rejects.csv', async () => {
    const run = await importCli(env, csv('formula-reject.csv', 'name,phone', `"=HYPERLINK(""http://evil.example"")",${freshPhone()}`, '=1+2,555-12'));
    const { results, rejects } = expectAccounted(run, [2, 3]);
    expect(results[0]?.name).toBe(`'=HYPERLINK("http://evil.example")`);
    expect(rejects[0]?.name).toBe(`'=1+2`);
  });

  it('rejects a 1,000-character name with the limit and the length', async () => {
    const run = await importCli(env, csv('long-name.csv', 'name,phone', `${'N'.repeat(1000)},${freshPhone()}`));
    const { rejects } = expectAccounted(run, [2]);
    expect(rejects[0]).toMatchObject({ _stage: 'validate', _reason: 'display_name: longer than 125 characters (1000)' });
  });

  it('keeps emoji and right-to-left text exactly', async () => {
    const name = '😀 مرحبا שלום 👩🏽‍💻';
    const { results } = expectAccounted(await importCli(env, csv('emoji.csv', 'name,phone,company', `${name},${freshPhone()},\u202eRTL override`)), [2]);
    expect(results[0]?.name).toBe(name);
    expect(env.emulator.store.addressBookContacts(env.bookId).find((c) => c.display_name === name)?.company).toBe('\u202eRTL override');
  });

  it('rejects a phone written in scientific notation, saying its digits are lost', async () => {
    const run = await importCli(env, csv('scientific.csv', 'name,phone', 'Sci Sam,4.4207946E+11'));
    const { rejects } = expectAccounted(run, [2]);
    expect(rejects[0]?._reason).toBe("phone: in scientific notation, so its last digits are lost (format the column as text and enter the number again): '4.4207946E+11'");
  });

  it('reads a UTF-8 BOM and a semicolon delimiter', async () => {
    const file = writeFile(env.dir, 'bom-semicolon.csv', `\ufeffName;Phone;Company\r\nBom Bea;${freshPhone()};Acme, Inc.\r\n`);
    const { results } = expectAccounted(await importCli(env, file), [2]);
    expect(results[0]).toMatchObject({ Name: 'Bom Bea', Company: 'Acme, Inc.' });
  });

  it('imports rows under a header with trailing empty columns, listing those columns', async () => {
    const run = await importCli(env, csv('trailing.csv', 'name,phone,,', `Trail Tom,${freshPhone()},,`));
    const { summary } = expectAccounted(run, [2]);
    expect(summary.unmappedColumns).toEqual(['(column 3, no header)', '(column 4, no header)']);
  });

  it('skips rows of only separators as blank, and still imports the others', async () => {
    const run = await importCli(env, csv('separators.csv', 'name,phone', ',', `Sep Sue,${freshPhone()}`, ',,,', ' , '));
    const { results } = expectAccounted(run, [3]);
    expect(results[0]?.name).toBe('Sep Sue');
  });
});
