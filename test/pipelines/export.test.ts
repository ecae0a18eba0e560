import { spawn } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import ExcelJS from '../../src/exceljs.js';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startEmulator, type RunningEmulator } from '../../src/emulator/server.js';
import { openTable } from '../../src/readers/open-table.js';
import { addressBookContactCells, CONTACT_EXPORT_COLUMNS } from '../../src/transforms/export-rows.js';
import { ContactCenterClient, type AddressBookContactInput } from '../../src/zoom/client.js';
import { configFor } from '../support/emulator-client.js';
import { envFor, readCsv, tempDir } from '../support/import-env.js';
import { cliPath, runCli } from '../support/run-cli.js';

/** Fast limits, so that thousands of contacts are seeded in seconds. */
const FAST = { LIGHT: 2000, MEDIUM: 2000, HEAVY: 2000 };

let emulator: RunningEmulator;
let client: ContactCenterClient;
let bookId: string;
let dir: string;

/** Awkward but valid contacts: unicode, commas, quotes, newlines, formula-looking text, several phones and e-mails. */
function contact(i: number, tierId: string): AddressBookContactInput {
  const awkward = [`Zoë "Zed" Ørsted ${i}`, `Smith, Jones ${i}`, `Line\nBreak ${i}`, `=HYPERLINK("x") ${i}`, `+Plus ${i}`, `-Minus ${i}`, `@At ${i}`, `王芳 ${i} 🙂`];
  const n = String(i).padStart(4, '0');
  return {
    display_name: awkward[i % awkward.length]!,
    first_name: i % 3 === 0 ? `First${i}` : undefined,
    last_name: i % 3 === 0 ? `Last, ${i}` : undefined,
    phones: [
      { phone_number: `+1212736${n}`, phone_type: 'main' },
      ...(i % 2 === 0 ? [{ phone_number: `+4479111${String(i).padStart(5, '0')}`, phone_type: 'mobile' as const }] : []),
      ...(i % 5 === 0 ? [{ phone_number: `+1312846${n}`, phone_type: 'work' as const }] : []),
    ],
    emails: [`p${i}@example.com`, ...(i % 4 === 0 ? [`Second.${i}@example.org`] : [])],
    company: i % 2 === 0 ? `Acme, "Inc." ${i}` : undefined,
    role: i % 7 === 0 ? '=cmd|calc' : undefined,
    location: 'Zürich',
    timezone: i % 2 === 0 ? 'Europe/Zurich' : undefined,
    account_number: `00${n}`,
    custom_fields: i % 2 === 0 ? [{ custom_field_id: tierId, custom_field_value: `tier, ${i % 3}` }] : [],
  };
}

async function seed(count: number): Promise<void> {
  const tier = await client.createAddressBookCustomField({ custom_field_name: 'Tier', data_type: 'string' });
  for (let start = 0; start < count; start += 10) {
    const batch = Array.from({ length: Math.min(10, count - start) }, (_, k) => contact(start + k, tier.custom_field_id!));
    const answer = await client.batchCreateAddressBookContacts(bookId, batch);
    expect(answer.invalid_contacts ?? []).toEqual([]);
  }
}

beforeEach(async () => {
  emulator = await startEmulator({ seed: 9, limits: FAST });
  client = new ContactCenterClient(configFor(emulator), { limits: FAST });
  const unit = await client.createUnit({ unit_name: 'Exports' });
  bookId = (await client.createAddressBook({ unit_id: unit.unit_id!, address_book_name: 'Customers' })).address_book_id!;
  dir = tempDir();
});

afterEach(async () => {
  await client.close();
  await emulator.close();
});

function exportCli(...args: string[]) {
  return runCli(['export', ...args], { env: envFor(emulator) });
}

/** What the emulator holds, as the export's cells, keyed by contact id. */
function expectedRows(customNames: string[] = []): Map<string, string[]> {
  const names = new Map(emulator.store.addressBookCustomFields().map((f) => [f.custom_field_id, f.custom_field_name]));
  return new Map(
    emulator.store.addressBookContacts(bookId).map((c) => {
      const values = new Map((c.custom_fields ?? []).map((f) => [names.get(f.custom_field_id) ?? '', f.custom_field_value ?? '']));
      return [c.contact_id!, addressBookContactCells(c as never, customNames, values)];
    }),
  );
}

async function readBack(file: string, sheet?: string): Promise<{ header: readonly string[]; rows: string[][] }> {
  const table = await openTable(file, sheet === undefined ? {} : { sheet });
  const rows: string[][] = [];
  for await (const item of table.items) {
    expect(item.kind).toBe('row');
    rows.push([...item.cells]);
  }
  return { header: table.header, rows };
}

describe('ccbulk export address-book', () => {
  it.each(['csv', 'xlsx'])('writes thousands of awkward contacts to %s exactly as the emulator holds them', async (format) => {
    await seed(2000);
    const file = path.join(dir, `contacts.${format}`);
    // Custom fields cost a request per contact at the plan's rate: the round-trip test has them.
    const run = await exportCli('address-book', '--book', 'Customers', '--out', file, '--json');
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout)).toMatchObject({ rows: 2000, file });
    const { header, rows } = await readBack(file);
    expect(header).toEqual(CONTACT_EXPORT_COLUMNS.map((c) => c.name));
    const expected = expectedRows();
    const idColumn = header.indexOf('contact_id');
    // Formula-looking text comes back with the guard quote; the import takes it off again.
    const unguard = (cells: string[]) => cells.map((c) => (/^'[=+\-@]/.test(c) ? c.slice(1) : c));
    for (const row of rows.map(unguard)) expect(row, row[idColumn]).toEqual(expected.get(row[idColumn]!));
    expect(rows).toHaveLength(expected.size);
  }, 60_000);

  it('stores phone numbers as text and guards formula-looking names in XLSX', async () => {
    await seed(20);
    const file = path.join(dir, 'contacts.xlsx');
    expect((await exportCli('address-book', '--book', bookId, '--out', file)).code).toBe(0);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.readFile(file);
    const sheet = workbook.worksheets[0]!;
    expect(sheet.getCell('A1').font?.bold).toBe(true);
    const phone = sheet.getCell(2, CONTACT_EXPORT_COLUMNS.findIndex((c) => c.name === 'phone') + 1);
    expect(typeof phone.value).toBe('string');
    expect(String(phone.value)).toMatch(/^\+1212736/);
    const names = sheet.getColumn(1).values.filter((v): v is string => typeof v === 'string');
    expect(names).toContain("'=HYPERLINK(\"x\") 3");
  });

  it('re-imports an edited-nothing export with --mode update without changing a thing', async () => {
    await seed(300);
    const before = structuredClone(emulator.store.addressBookContacts(bookId));
    const file = path.join(dir, 'roundtrip.csv');
    expect((await exportCli('address-book', '--book', 'Customers', '--out', file, '--custom-fields')).code).toBe(0);
    const out = path.join(dir, 'reimport');
    const run = await runCli(['import', 'address-book', file, '--book', 'Customers', '--mode', 'update', '--out', out, '--quiet'], { env: envFor(emulator) });
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(readCsv(path.join(out, 'results.csv')).every((r) => r._status === 'updated')).toBe(true);
    expect(emulator.store.addressBookContacts(bookId)).toEqual(before);
  }, 60_000);

  it('writes every book of --all: a sheet each in XLSX, an address_book column in CSV', async () => {
    await seed(15);
    const unit = emulator.store.units()[0]!;
    const other = await client.createAddressBook({ unit_id: unit.unit_id!, address_book_name: 'Suppliers' });
    await client.batchCreateAddressBookContacts(other.address_book_id!, [{ display_name: 'Vendor', emails: ['v@example.com'] }]);
    const xlsx = path.join(dir, 'all.xlsx');
    const run = await exportCli('address-book', '--all', '--out', xlsx, '--json');
    expect(JSON.parse(run.stdout)).toMatchObject({ rows: 16, sheets: { Customers: 15, Suppliers: 1 } });
    expect((await readBack(xlsx, 'Suppliers')).rows.map((r) => r[0])).toEqual(['Vendor']);
    const csv = path.join(dir, 'all.csv');
    await exportCli('address-book', '--all', '--out', csv);
    const rows = readCsv(csv);
    expect(rows).toHaveLength(16);
    expect(rows.filter((r) => r.address_book === 'Suppliers').map((r) => r.display_name)).toEqual(['Vendor']);
  });

  it('survives an expired page token without duplicates or gaps', async () => {
    await client.close();
    await emulator.close();
    // Page tokens that expire long before a slow export (a custom-field look-up per contact) pages on.
    // (1 s: at 300 ms a loaded machine made no progress within a token's life, and the export rightly gave up.)
    emulator = await startEmulator({ seed: 9, limits: FAST, pageTokenTtlMs: 1000 });
    client = new ContactCenterClient(configFor(emulator), { limits: FAST });
    const unit = await client.createUnit({ unit_name: 'Exports' });
    bookId = (await client.createAddressBook({ unit_id: unit.unit_id!, address_book_name: 'Customers' })).address_book_id!;
    await seed(1000);
    emulator.setFaults({ latencyMs: 30 });
    const file = path.join(dir, 'slow.csv');
    const run = await exportCli('address-book', '--book', bookId, '--out', file, '--custom-fields', '--json');
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    // Ids that start with '-' come back guarded against formula injection.
    const ids = readCsv(file).map((r) => r.contact_id!.replace(/^'(?=-)/, ''));
    expect(ids).toHaveLength(1000);
    expect(new Set(ids)).toEqual(new Set(emulator.store.addressBookContacts(bookId).map((c) => c.contact_id)));
    expect(JSON.parse(run.stdout).listingRestarts).toBeGreaterThan(0);
  }, 120_000);

  it('leaves the previous file untouched when a run is killed mid-export', async () => {
    await seed(600);
    const file = path.join(dir, 'nightly.csv');
    writeFileSync(file, 'the previous good export\r\n');
    emulator.setFaults({ latencyMs: 40 });
    const child = spawn(process.execPath, [cliPath, 'export', 'address-book', '--book', 'Customers', '--out', file, '--custom-fields'], {
      env: { ...process.env, ...envFor(emulator) },
      stdio: 'ignore',
    });
    // Kill it once it is writing: its temporary file exists beside the target.
    const until = Date.now() + 20_000;
    while (!readdirSync(dir).some((f) => f.endsWith('.tmp')) && Date.now() < until) await new Promise((resolve) => setTimeout(resolve, 20));
    await new Promise((resolve) => setTimeout(resolve, 200));
    child.kill('SIGKILL');
    await new Promise((resolve) => child.on('exit', resolve));
    expect(readFileSync(file, 'utf8')).toBe('the previous good export\r\n');
    expect(readdirSync(dir).filter((f) => f.endsWith('.tmp'))).toHaveLength(1);
  });

  it('fills {date} in the file name and keeps the newest N exports of the template', async () => {
    await seed(5);
    const template = path.join(dir, 'exports', 'contacts-{date}.csv');
    for (const day of ['2026-11-20', '2026-11-21', '2026-11-22']) writeFileSync(path.join(dir, 'keep-me.csv'), day);
    const exportsDir = path.join(dir, 'exports');
    await exportCli('address-book', '--book', 'Customers', '--out', template);
    for (const day of ['2026-11-20', '2026-11-21', '2026-11-22']) writeFileSync(path.join(exportsDir, `contacts-${day}.csv`), day);
    writeFileSync(path.join(exportsDir, 'contacts-2026-11-20.csv.report.html'), 'its report');
    writeFileSync(path.join(exportsDir, 'notes.txt'), 'not an export');
    const run = await exportCli('address-book', '--book', 'Customers', '--out', template, '--keep', '2', '--json');
    const summary = JSON.parse(run.stdout) as { file: string; deleted: string[] };
    expect(path.basename(summary.file)).toMatch(/^contacts-\d{4}-\d{2}-\d{2}\.csv$/);
    expect(summary.deleted.map((f) => path.basename(f)).sort()).toEqual(['contacts-2026-11-20.csv', 'contacts-2026-11-21.csv']);
    // Each export keeps its report beside it; a deleted export's report goes with it.
    expect(readdirSync(exportsDir).sort()).toEqual([path.basename(summary.file), `${path.basename(summary.file)}.report.html`, 'contacts-2026-11-22.csv', 'notes.txt'].sort());
    expect(existsSync(path.join(dir, 'keep-me.csv'))).toBe(true);
  });
});

describe('ccbulk export campaign-contacts and dnc', () => {
  it('exports a campaign list in the contact columns, and a DNC list with phone ids', async () => {
    const list = await client.createCampaignContactList({ contact_list_name: 'Spring', contact_list_type: 'contact' });
    await client.batchInsertCampaignContacts(list.contact_list_id!, [
      { contact_display_name: '=Boss', contact_phones: [{ contact_phone_number: '+12127364410', contact_phone_type: 'Main' }, { contact_phone_number: '+12127364411', contact_phone_type: 'Mobile' }], contact_emails: ['b@example.com'] },
    ]);
    const dnc = await client.createCampaignContactList({ contact_list_name: 'DNC', contact_list_type: 'do_not_contact' });
    await client.batchAddDncPhones(dnc.contact_list_id!, ['+13125550142', '+13125550143']);

    const campaignFile = path.join(dir, 'campaign.csv');
    expect((await exportCli('campaign-contacts', '--list', 'Spring', '--out', campaignFile)).code).toBe(0);
    expect(readCsv(campaignFile)).toEqual([
      expect.objectContaining({ display_name: "'=Boss", phone: '+12127364410', mobile: '+12127364411', email: 'b@example.com' }),
    ]);
    const dncFile = path.join(dir, 'dnc.xlsx');
    expect((await exportCli('dnc', '--list', 'DNC', '--out', dncFile)).code).toBe(0);
    const { header, rows } = await readBack(dncFile);
    expect(header).toEqual(['phone', 'phone_id']);
    expect(rows.map((r) => r[0]).sort()).toEqual(['+13125550142', '+13125550143']);
    expect(rows.map((r) => r[1])).toEqual(emulator.store.dncPhones(dnc.contact_list_id!).map((p) => p.phone_id));
  });

  it('refuses an --out that is neither .csv nor .xlsx, with one clear message', async () => {
    const run = await exportCli('dnc', '--list', 'x', '--out', path.join(dir, 'list.txt'));
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/^ccbulk: Expected `--out` to end in \.csv or \.xlsx/);
  });
});
