import { readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import ExcelJS from '../../src/exceljs.js';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startEmulator, type RunningEmulator } from '../../src/emulator/server.js';
import { ContactCenterClient } from '../../src/zoom/client.js';
import { configFor } from '../support/emulator-client.js';
import { envFor, readCsv, readSummary, tempDir, writeFile } from '../support/import-env.js';
import { projectRoot, runCli } from '../support/run-cli.js';
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

/** The rows of results.csv or rejects.csv ordered by line, for comparing with golden files. */
function byLine(rows: Record<string, string>[]) {
  return [...rows].sort((a, b) => Number(a._line) - Number(b._line));
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

    // Rejects are golden: the rows as they were, with line, stage and reason.
    const golden = readCsv(path.join(projectRoot, 'fixtures', 'contacts.rejects.csv'));
    expect(byLine(rejects)).toEqual(golden);
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
    expect(rejects).toEqual([{ contact_id: 'nosuchcontactid0000000', company: 'Ghost Ltd', _line: '5', _stage: 'api', _reason: expect.stringMatching(/does not exist/) }]);
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
    expect(run.stderr).toContain('Expected `--mode` to be one of create, update, upsert, delete, got `merge`');
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
    const file = writeFile(dir, 'two-emails.csv', 'Name,Phone,Email\nAda Lovelace,+1 212 736 4410,a@x.com; b@y.com\n');
    const run = await importCli(file);
    expect(run.code).toBe(2);
    const summary = readSummary(run.out);
    expect(summary.rejectedByReason).toEqual({ 'email: invalid format': 1 });
    const rejects = readCsv(path.join(run.out, 'rejects.csv'));
    expect(rejects.map((r) => r._reason)).toEqual(["email: invalid format: 'a@x.com; b@y.com'"]);
  });
});
