import { readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import ExcelJS from '../../src/exceljs.js';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startEmulator, type RunningEmulator } from '../../src/emulator/server.js';
import { ContactCenterClient } from '../../src/zoom/client.js';
import { configFor } from '../support/emulator-client.js';
import { envFor, readCsv, readSummary, tempDir, writeFile } from '../support/import-env.js';
import { projectRoot, runCli } from '../support/run-cli.js';
import { writeRequests } from '../support/write-requests.js';
import { unguardFormula } from '../../src/transforms/formula-guard.js';

const fixture = path.join(projectRoot, 'fixtures', 'contacts.csv');

let emulator: RunningEmulator;
let client: ContactCenterClient;
let bookId: string;
let dir: string;

beforeEach(async () => {
  emulator = await startEmulator({ seed: 11 });
  client = new ContactCenterClient(configFor(emulator));
  const unit = await client.createUnit({ unit_name: 'Imports' });
  bookId = (await client.createAddressBook({ unit_id: unit.unit_id!, address_book_name: 'Customers' })).address_book_id!;
  dir = tempDir();
});

afterEach(async () => {
  await client.close();
  await emulator.close();
});

function importCli(file: string, ...args: string[]) {
  const out = path.join(dir, `out-${Math.random().toString(36).slice(2)}`);
  return runCli(['import', 'address-book', file, '--book', 'Customers', '--out', out, '--quiet', ...args], { env: envFor(emulator) }).then((run) => ({ ...run, out }));
}

function bookContacts() {
  return emulator.store.addressBookContacts(bookId);
}

/**
 * An outcome file as ccbulk wrote it, byte for byte, but for two things a run does not fix: its
 * records in line order (batches finish in any order, and each is written when it finishes), and
 * results' `_id` cells reading `<id>` (the emulator draws ids at random; the test checks each
 * against the book). The records are cut out of the text as they are, so quoting, line ends
 * and the BOM are compared too.
 */
function inLineOrder(file: string): string {
  const text = readFileSync(file, 'utf8');
  const records = parse(text, { bom: true, raw: true }) as unknown as { raw: string; record: string[] }[];
  // csv-parse's raw text of a record ends before the record's final "\n"; put together again,
  // the records must give the file back, or this comparison would hide a difference.
  expect(`\uFEFF${records.map((r) => `${r.raw}\n`).join('')}`).toBe(text);
  const [header, ...rows] = records;
  const lineAt = header!.record.indexOf('_line');
  const idAt = header!.record.indexOf('_id');
  const cut = rows
    .sort((a, b) => Number(a.record[lineAt]) - Number(b.record[lineAt]))
    .map(({ raw, record }) => {
      if (idAt < 0) return raw;
      // An id starting with '-' (as Zoom's can) is written formula-guarded, `'-V7Y…`.
      const id = record[idAt]!;
      expect(id, `line ${record[lineAt]}`).toMatch(/^'?[\w-]+$/);
      return raw.replace(`,${id},`, ',<id>,');
    });
  return `\uFEFF${[header!.raw, ...cut].map((raw) => `${raw}\n`).join('')}`;
}

/**
 * A golden file of fixtures/. With CCBULK_UPDATE_GOLDEN=1 it is rewritten from `actual` first:
 * for when a change of output is intended (review the diff before committing it).
 */
function golden(name: string, actual: string): string {
  const file = path.join(projectRoot, 'fixtures', name);
  if (process.env['CCBULK_UPDATE_GOLDEN'] === '1') writeFileSync(file, actual);
  return readFileSync(file, 'utf8');
}

describe('ccbulk import address-book', () => {
  it('creates every valid row of the fixture, rejects the broken ones with reasons, and the book matches results.csv', async () => {
    const run = await importCli(fixture);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(2);
    const summary = readSummary(run.out);
    const results = readCsv(path.join(run.out, 'results.csv'));
    const rejects = readCsv(path.join(run.out, 'rejects.csv'));
    expect(summary.rows).toBe(summary.succeeded + summary.rejected);
    expect(results).toHaveLength(summary.succeeded);
    expect(rejects).toHaveLength(summary.rejected);
    // Every data record of the file is in exactly one of the two files.
    const lines = [...results, ...rejects].map((r) => Number(r._line)).sort((a, b) => a - b);
    expect(new Set(lines).size).toBe(lines.length);
    expect(lines).toHaveLength(summary.rows);

    // The emulator holds exactly the contacts results.csv names, with the numbers it says were sent.
    const stored = new Map(bookContacts().map((c) => [c.contact_id, c]));
    expect(stored.size).toBe(results.length);
    for (const row of results) {
      const contact = stored.get(unguardFormula(row._id!));
      expect(contact, `line ${row._line}`).toBeDefined();
      expect((contact!.phones ?? []).map((p) => p.phone_number).join(' ')).toBe(row._phones);
      expect(row._status).toBe('created');
    }

    // Both files are golden: results with status and numbers sent, rejects with the rows as they
    // were, their line, stage and reason.
    const resultsText = inLineOrder(path.join(run.out, 'results.csv'));
    expect(resultsText).toBe(golden('contacts.results.csv', resultsText));
    const rejectsText = inLineOrder(path.join(run.out, 'rejects.csv'));
    expect(rejectsText).toBe(golden('contacts.rejects.csv', rejectsText));
  });

  it('writes results, rejects and summary readable by their owner only', async () => {
    const run = await importCli(fixture);
    for (const name of ['results.csv', 'rejects.csv', 'summary.json']) {
      expect(statSync(path.join(run.out, name)).mode & 0o777).toBe(0o600);
    }
  });

  it('re-runs a fixed rejects file as it is, ignoring its _ columns', async () => {
    const first = await importCli(fixture);
    const rejectsFile = path.join(first.out, 'rejects.csv');
    const fixed = readFileSync(rejectsFile, 'utf8').replace("555-12,", '(312) 555-0142 x9,'.replace('555-0142', '846-0142'));
    const again = await importCli(writeFile(dir, 'fixed.csv', fixed));
    const results = readCsv(path.join(again.out, 'results.csv'));
    expect(results.map((r) => r['Full Name'])).toContain('Kevin Marsh');
    const header = readFileSync(fixture, 'utf8').split('\r\n')[0]!.split(',');
    expect(Object.keys(results[0]!)).toEqual([...header, '_line', '_status', '_id', '_phones']);
  });

  it('keeps a record with more fields than the header whole in _raw, and rejects it again on re-import until it is fixed', async () => {
    const csv = 'name,phone,email,company\nAda Lovelace,+14157372671,ada@example.com,Analytical\nXtra One,(415) 555-0261,x1@example.com,Acme, Inc\n';
    const first = await importCli(writeFile(dir, 'extra.csv', csv));
    expect(first.code).toBe(2);
    const rejectsFile = path.join(first.out, 'rejects.csv');
    const [rejected] = readCsv(rejectsFile);
    expect(rejected).toMatchObject({ name: 'Xtra One', company: 'Acme', _line: '3', _stage: 'parse', _raw: 'Xtra One,(415) 555-0261,x1@example.com,Acme, Inc' });

    // Re-imported as it is, the row is refused again: its columns hold only part of the record.
    const again = await importCli(rejectsFile);
    expect(again.code).toBe(2);
    const [still] = readCsv(path.join(again.out, 'rejects.csv'));
    expect(still).toMatchObject({ name: 'Xtra One', _line: '2', _stage: 'parse', _raw: 'Xtra One,(415) 555-0261,x1@example.com,Acme, Inc' });
    expect(still!._reason).toMatch(/^not fixed since an earlier run could not read it: `_raw` holds the record/);
    expect(bookContacts().map((c) => c.display_name)).toEqual(['Ada Lovelace']);

    // Fixed (the company put right, _raw cleared), it imports.
    const fixed = readFileSync(rejectsFile, 'utf8').split('\n');
    fixed[1] = 'Xtra One,(415) 555-0261,x1@example.com,"Acme, Inc",3,parse,x,';
    const done = await importCli(writeFile(dir, 'fixed.csv', fixed.join('\n')));
    expect(done.code).toBe(0);
    expect(bookContacts().find((c) => c.display_name === 'Xtra One')?.company).toBe('Acme, Inc');
  });

  it('updates contacts by contact id, and rejects an unknown id with Zoom\'s reason', async () => {
    const created = await importCli(fixture);
    const results = readCsv(path.join(created.out, 'results.csv')).slice(0, 3);
    const csv = ['contact_id,company', ...results.map((r) => `${r._id},Renamed Inc`), 'nosuchcontactid0000000,Ghost Ltd'].join('\n');
    const run = await importCli(writeFile(dir, 'update.csv', csv), '--mode', 'update');
    expect(run.code).toBe(2);
    const updated = readCsv(path.join(run.out, 'results.csv'));
    expect(updated.map((r) => r._status)).toEqual(['updated', 'updated', 'updated']);
    for (const r of results) expect(bookContacts().find((c) => c.contact_id === unguardFormula(r._id!))!.company).toBe('Renamed Inc');
    const rejects = readCsv(path.join(run.out, 'rejects.csv'));
    expect(rejects).toEqual([{ contact_id: 'nosuchcontactid0000000', company: 'Ghost Ltd', _line: '5', _stage: 'api', _reason: expect.stringMatching(/does not exist/), _raw: '' }]);
  });

  it('upserts: updates contacts found by phone or e-mail, creates the rest', async () => {
    await importCli(writeFile(dir, 'seed.csv', 'name,phone,email\nAda Lovelace,+14157372671,\nBob Stone,,bob@example.com\n'));
    const csv = 'name,phone,email,company\nAda L.,+14157372671,,Analytical\nBob Stone,,BOB@example.com,Quarry\nCyd New,+12127364410,,Fresh\n';
    const run = await importCli(writeFile(dir, 'upsert.csv', csv), '--mode', 'upsert');
    expect(run.code).toBe(0);
    const results = readCsv(path.join(run.out, 'results.csv'));
    expect(results.map((r) => [r.name, r._status])).toEqual([
      ['Ada L.', 'updated'],
      ['Bob Stone', 'updated'],
      ['Cyd New', 'created'],
    ]);
    expect(bookContacts().map((c) => [c.display_name, c.company]).sort()).toEqual([
      ['Ada L.', 'Analytical'],
      ['Bob Stone', 'Quarry'],
      ['Cyd New', 'Fresh'],
    ]);
  });

  it('reports an upsert of an unchanged file unchanged, row by row, and sends no write for it', async () => {
    const created = await importCli(fixture);
    const made = readCsv(path.join(created.out, 'results.csv')).length;
    const before = writeRequests(emulator);
    const run = await importCli(fixture, '--mode', 'upsert');
    const results = readCsv(path.join(run.out, 'results.csv'));
    expect(results).toHaveLength(made);
    expect(results.filter((r) => r._status !== 'unchanged')).toEqual([]);
    expect(writeRequests(emulator) - before).toBe(0);

    // A row that does change its contact is updated, and only it.
    const csv = 'name,phone,email,company\nAda Lovelace,+14157372671,,Analytical\n';
    await importCli(writeFile(dir, 'one.csv', 'name,phone,email,company\nAda Lovelace,+14157372671,,Engines\n'));
    const changed = await importCli(writeFile(dir, 'changed.csv', csv), '--mode', 'upsert');
    expect(readCsv(path.join(changed.out, 'results.csv')).map((r) => r._status)).toEqual(['updated']);
    const same = await importCli(writeFile(dir, 'same.csv', csv), '--mode', 'upsert');
    expect(readCsv(path.join(same.out, 'results.csv')).map((r) => r._status)).toEqual(['unchanged']);
    // Five commands, each its own process.
  }, 180_000);

  it('upserts by adding the file\'s numbers to the contact\'s, keeping the ones the file does not give, unless --replace-lists', async () => {
    await importCli(writeFile(dir, 'seed.csv', 'name,phone,mobile,email\nAda Lovelace,+14157372671,+14157372672,ada@example.com\n'));
    const phonesOf = () => bookContacts()[0]!.phones!.map((p) => [p.phone_number, p.phone_type]);
    const run = await importCli(writeFile(dir, 'upsert.csv', 'name,phone,work_phone,company\nAda Lovelace,+14157372671,+14157372673,Analytical\n'), '--mode', 'upsert');
    expect(run.code).toBe(0);
    expect(bookContacts()).toHaveLength(1);
    expect(bookContacts()[0]!.company).toBe('Analytical');
    expect(bookContacts()[0]!.emails).toEqual(['ada@example.com']);
    expect(phonesOf()).toEqual([
      ['+14157372671', 'main'],
      ['+14157372672', 'mobile'],
      ['+14157372673', 'work'],
    ]);

    // A new number the row calls main joins as `other`: the contact keeps its main number.
    const newMain = await importCli(writeFile(dir, 'main.csv', 'name,phone,email\nAda Lovelace,+14157372679,ada@example.com\n'), '--mode', 'upsert');
    expect(newMain.code).toBe(0);
    expect(phonesOf().at(0)).toEqual(['+14157372671', 'main']);
    expect(phonesOf().at(-1)).toEqual(['+14157372679', 'other']);

    // Past Zoom's 5 numbers the merge is refused, with why, and the contact is left as it was.
    const tooMany = await importCli(writeFile(dir, 'many.csv', 'name,home_phone,other_phone,email\nAda Lovelace,+14157372674,+14157372675,ada@example.com\n'), '--mode', 'upsert');
    expect(tooMany.code).toBe(2);
    expect(readCsv(path.join(tooMany.out, 'rejects.csv'))[0]!._reason).toMatch(/^phones: the contact would have 6 numbers, more than 5/);
    expect(phonesOf()).toHaveLength(4);

    const replaced = await importCli(writeFile(dir, 'replace.csv', 'name,phone\nAda Lovelace,+14157372671\n'), '--mode', 'upsert', '--replace-lists');
    expect(replaced.code).toBe(0);
    expect(phonesOf()).toEqual([['+14157372671', 'main']]);
  });

  it('switches upsert look-ups to one full listing when that costs fewer requests', async () => {
    // 40 contacts in the book: one 300-contact page lists them all, cheaper than 10-number look-ups.
    const rows = Array.from({ length: 40 }, (_, i) => `P${i},+1212736${String(4000 + i)}`);
    await importCli(writeFile(dir, 'seed.csv', ['name,phone', ...rows].join('\n')));
    const run = await importCli(writeFile(dir, 'upsert.csv', ['name,phone,role', ...rows.map((r) => `${r},Lead`)].join('\n')), '--mode', 'upsert');
    expect(run.code).toBe(0);
    const summary = readSummary(run.out) as unknown as { lookups: { requests: number; fullListing: boolean } };
    expect(summary.lookups.fullListing).toBe(true);
    expect(summary.lookups.requests).toBeLessThanOrEqual(2);
    expect(bookContacts().every((c) => c.role === 'Lead')).toBe(true);
  });

  it('deletes by contact id and by phone, and rejects a phone that is not in the book', async () => {
    const created = await importCli(fixture);
    const results = readCsv(path.join(created.out, 'results.csv'));
    const byId = results[0]!;
    const byPhone = results[1]!;
    const csv = ['contact_id,phone', `${byId._id},`, `,${byPhone._phones!.split(' ')[0]}`, ',+12127360000'].join('\n');
    const run = await importCli(writeFile(dir, 'delete.csv', csv), '--mode', 'delete');
    expect(run.code).toBe(2);
    const deleted = readCsv(path.join(run.out, 'results.csv'));
    expect(deleted.map((r) => r._id).sort()).toEqual([byId._id, byPhone._id].sort());
    expect(readCsv(path.join(run.out, 'rejects.csv'))[0]!._reason).toMatch(/^not found/);
    expect(bookContacts()).toHaveLength(results.length - 2);
  });

  it('creates nothing twice when the same file is imported again: rows already in the book are rejected as duplicates, naming the contact', async () => {
    const first = await importCli(fixture);
    const created = readCsv(path.join(first.out, 'results.csv'));
    const stored = bookContacts().length;
    expect(stored).toBe(created.length);

    const dry = await importCli(fixture, '--dry-run');
    const plan = readSummary(dry.out) as unknown as { lookups: { requests: number; fullListing: boolean }; plannedWrites: number };
    expect(plan.lookups).toEqual({ requests: Math.ceil(stored / 300), fullListing: true });
    expect(plan.plannedWrites).toBe(0);

    const again = await importCli(fixture);
    expect(again.code).toBe(2);
    expect(bookContacts()).toHaveLength(stored);
    const summary = readSummary(again.out);
    expect(summary.succeeded).toBe(0);
    expect((summary.rejectedByReason as Record<string, number>)['already in the address book']).toBe(created.length);
    // results.csv guards an id starting with '-' (`'-V7Y…`); the reason names the id itself.
    const ids = new Map(created.map((r) => [r._line, unguardFormula(r._id ?? '')]));
    const held = readCsv(path.join(again.out, 'rejects.csv')).filter((r) => r._stage === 'duplicate' && r._reason!.startsWith('already'));
    expect(held).toHaveLength(created.length);
    for (const r of held) expect(r._reason).toBe(`already in the address book (contact ${ids.get(r._line!)})`);

    const allowed = await importCli(fixture, '--allow-duplicates');
    expect(readSummary(allowed.out).succeeded).toBe(created.length);
    expect(bookContacts()).toHaveLength(2 * stored);
  });

  it('rejects a delete by a contact_id that is not in the book as not found, and reports only real deletions', async () => {
    const created = await importCli(writeFile(dir, 'seed.csv', 'name,phone\nAda,+14157372671\nBob,+14157372672\n'));
    const [ada] = readCsv(path.join(created.out, 'results.csv'));
    const csv = ['contact_id', ada!._id, 'nosuchcontactid0000000', ada!._id].join('\n');
    const run = await importCli(writeFile(dir, 'delete.csv', csv), '--mode', 'delete');
    expect(run.code).toBe(2);
    expect(readCsv(path.join(run.out, 'results.csv')).map((r) => [r._line, r._status, r._id])).toEqual([['2', 'deleted', ada!._id]]);
    const rejects = readCsv(path.join(run.out, 'rejects.csv')).sort((a, b) => Number(a._line) - Number(b._line));
    expect(rejects.map((r) => [r._line, r._stage, r._reason])).toEqual([
      ['3', 'api', 'not found: no contact in the address book has this contact_id: nosuchcontactid0000000'],
      // The same contact_id twice is one row and its duplicate, as in an update.
      ['4', 'duplicate', 'duplicate of line 2'],
    ]);
    expect(bookContacts().map((c) => c.display_name)).toEqual(['Bob']);
  });

  it('dry run writes nothing, still looks up, and says how many requests the real run needs', async () => {
    const run = await runCli(['import', 'address-book', fixture, '--book', 'Customers', '--dry-run', '--out', path.join(dir, 'dry')], { env: envFor(emulator) });
    expect(run.code).toBe(2);
    expect(bookContacts()).toHaveLength(0);
    const summary = readSummary(path.join(dir, 'dry')) as unknown as { plannedWrites: number; succeeded: number };
    expect(summary.plannedWrites).toBe(Math.ceil(summary.succeeded / 10));
    expect(run.stdout).toMatch(new RegExp(`The real run needs about ${summary.plannedWrites} requests`));
    expect(readCsv(path.join(dir, 'dry', 'results.csv')).every((r) => r._status === 'would create')).toBe(true);
  });

  it('reads an XLSX sheet whose phones are numeric cells, and reports sheet and row', async () => {
    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet('People');
    sheet.addRow(['Name', 'Mobile', 'Email']);
    sheet.addRow(['Lena Berg', 447911123456, 'lena@example.com']);
    sheet.getCell('B2').numFmt = '"+"0';
    sheet.addRow(['No Contact', null, null]);
    const file = path.join(dir, 'people.xlsx');
    await workbook.xlsx.writeFile(file);
    const run = await importCli(file);
    expect(run.code).toBe(2);
    expect(readCsv(path.join(run.out, 'results.csv'))).toEqual([
      expect.objectContaining({ Name: 'Lena Berg', Mobile: '+447911123456', _line: 'People!2', _phones: '+447911123456' }),
    ]);
    expect(readCsv(path.join(run.out, 'rejects.csv'))[0]).toMatchObject({ Name: 'No Contact', _line: 'People!3', _stage: 'validate' });
  });

  it('fills custom fields by name, and stops before any write on an unknown one', async () => {
    const field = await client.createAddressBookCustomField({ custom_field_name: 'Tier', data_type: 'string' } as never);
    const ok = await importCli(writeFile(dir, 'custom.csv', 'name,email,custom:Tier\nGina,gina@example.com,gold\n'));
    expect(ok.code).toBe(0);
    const gina = bookContacts()[0]!;
    expect(gina.custom_fields).toEqual([expect.objectContaining({ custom_field_id: field.custom_field_id, custom_field_value: 'gold' })]);

    const bad = await importCli(writeFile(dir, 'bad.csv', 'name,email,custom:Colour\nHal,hal@example.com,red\n'));
    expect(bad.code).toBe(1);
    expect(bad.stderr.trim()).toBe("ccbulk: Unknown address book custom field 'Colour'; there are: Tier");
    expect(bookContacts()).toHaveLength(1);
  });

  it('stops with one clear message for an address book that does not exist, and for missing credentials', async () => {
    const missing = await runCli(['import', 'address-book', fixture, '--book', 'Nope', '--out', path.join(dir, 'x')], { env: envFor(emulator) });
    expect(missing.code).toBe(1);
    expect(missing.stderr.trim()).toBe("ccbulk: No address book has the id or name 'Nope'");
    const noCreds = await runCli(['import', 'address-book', fixture, '--book', 'Customers'], { env: { ...envFor(emulator), ZOOM_CLIENT_ID: '' } });
    expect(noCreds.code).toBe(1);
    expect(noCreds.stderr.trim()).toBe('ccbulk: Zoom credentials are not configured: `ZOOM_CLIENT_ID` is empty');
  });

  it('names the option, the expected values and the value it refuses', async () => {
    const run = await runCli(['import', 'address-book', fixture, '--book', 'Customers', '--concurrency', '0', '--mode', 'merge'], { env: envFor(emulator) });
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('Expected `--concurrency` to be an integer from 1 to 64, got `0`');
    expect(run.stderr).toContain('Expected `--mode` to be one of create, update, upsert, delete, sync, got `merge`');
  });

  it('never creates a contact twice when connections die after batches were applied', async () => {
    emulator.setFaults({ resetAfterRate: 0.3 });
    const run = await importCli(fixture, '--concurrency', '4');
    emulator.setFaults({ resetAfterRate: 0 });
    expect(run.code).toBe(2);
    const summary = readSummary(run.out);
    expect(summary.rows).toBe(summary.succeeded + summary.rejected);
    const results = readCsv(path.join(run.out, 'results.csv'));
    const stored = bookContacts();
    expect(stored).toHaveLength(results.length);
    // Numbers are unique across the file's accepted rows, so a contact created twice shows as a shared number.
    const numbers = stored.flatMap((c) => (c.phones ?? []).map((p) => p.phone_number));
    expect(new Set(numbers).size).toBe(numbers.length);
    expect(emulator.stats().injected.resetsAfter).toBeGreaterThan(0);
    expect(new Set(results.map((r) => unguardFormula(r._id!)))).toEqual(new Set(stored.map((c) => c.contact_id)));
  });
});

describe('reasons in the summary', () => {
  it('counts a row whose e-mail cell holds "; " under one reason kind, with the cell whole in _reason', async () => {
    // Two addresses that are each valid are read (issue 28); one that is not keeps the cell a reason of its own.
    const file = writeFile(dir, 'two-emails.csv', 'Name,Phone,Email\nAda Lovelace,+1 212 736 4410,a@x.com; b@\n');
    const run = await importCli(file);
    expect(run.code).toBe(2);
    const summary = readSummary(run.out);
    expect(summary.rejectedByReason).toEqual({ 'email: invalid format': 1 });
    const rejects = readCsv(path.join(run.out, 'rejects.csv'));
    expect(rejects.map((r) => r._reason)).toEqual([expect.stringMatching(/^email: invalid format: 'a@x\.com; b@' \(several addresses in one cell are read when/)]);
  });
});
