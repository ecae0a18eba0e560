import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startEmulator, type RunningEmulator } from '../../src/emulator/server.js';
import { importAddressBook } from '../../src/pipelines/address-book.js';
import { importCampaignContacts } from '../../src/pipelines/campaign-contacts.js';
import { ContactCenterClient } from '../../src/zoom/client.js';
import { configFor } from '../support/emulator-client.js';
import { envFor, readCsv, tempDir, writeFile } from '../support/import-env.js';
import { runCli } from '../support/run-cli.js';

/** `--blanks keep|clear`: what an empty cell in a column the file has does to an update, upsert or sync. */
describe('--blanks', () => {
  let emulator: RunningEmulator;
  let client: ContactCenterClient;
  let dir: string;
  let runs = 0;

  beforeEach(async () => {
    emulator = await startEmulator({ seed: 28 });
    client = new ContactCenterClient(configFor(emulator));
    const unit = await client.createUnit({ unit_name: 'Imports' });
    await client.createAddressBook({ unit_id: unit.unit_id!, address_book_name: 'Customers' });
    await client.createCampaignContactList({ contact_list_name: 'Spring', contact_list_type: 'contact' });
    dir = tempDir();
  });

  afterEach(async () => {
    await client.close();
    await emulator.close();
  });

  const common = () => ({ outDir: path.join(dir, `run-${runs++}`), country: 'US', dryRun: false, concurrency: 2, phoneThreads: 0 });
  const created = 'Name,Phone,Mobile,Email,Company,City,Title\nAda Lovelace,202-555-0143,202-555-0199,ada@example.com,Engines,London,Countess\n';

  /** The book's one contact after creating it from `created` and running `csv` in `mode` with `blanks`. */
  async function bookAfter(mode: 'update' | 'upsert' | 'sync', csv: (id: string) => string, blanks?: 'keep' | 'clear', dryRun = false) {
    await importAddressBook(client, { ...common(), file: writeFile(dir, 'created.csv', created), book: 'Customers', mode: 'create' });
    const id = emulator.store.addressBookContacts([...emulator.store.booksById.keys()][0]!)[0]!.contact_id;
    const run = { ...common(), dryRun, file: writeFile(dir, `${mode}.csv`, csv(id)), book: 'Customers', mode, ...(blanks === undefined ? {} : { blanks }) };
    const summary = await importAddressBook(client, run);
    const [contact] = emulator.store.addressBookContacts([...emulator.store.booksById.keys()][0]!);
    return { contact: contact!, summary, results: readCsv(path.join(run.outDir, 'results.csv')), outDir: run.outDir };
  }

  const updateRow = (id: string) => `contact_id,Name,Phone,Mobile,Email,Company,City,Title\n${id},Ada Lovelace,202-555-0143,,,,London,\n`;

  it('keeps every field an empty cell stands for by default, as every run did before', async () => {
    const { contact } = await bookAfter('update', updateRow);
    expect(contact).toMatchObject({ company: 'Engines', role: 'Countess', location: 'London', emails: ['ada@example.com'] });
  });

  it('clears in an update each text field whose cell is empty, removes the numbers of an empty phone column and the e-mails, and says so in results.csv', async () => {
    const { contact, results } = await bookAfter('update', updateRow, 'clear');
    expect(contact).toMatchObject({ company: '', role: '', location: 'London', emails: [], phones: [{ phone_number: '+12025550143', phone_type: 'main' }] });
    expect(results[0]!['_status']).toBe('updated (cleared company, role, mobile numbers, e-mails)');
  });

  it('writes nothing in a dry run and says what each row would clear', async () => {
    const { contact, results } = await bookAfter('update', updateRow, 'clear', true);
    expect(contact).toMatchObject({ company: 'Engines', role: 'Countess' });
    expect(results[0]!['_status']).toBe('would update (would clear company, role, mobile numbers, e-mails)');
  });

  it('clears in an upsert what the empty cells stand for on the contact it finds by number', async () => {
    const row = () => 'Name,Phone,Mobile,Email,Company,City,Title\nAda Lovelace,202-555-0143,,ada@example.com,,Paris,\n';
    const { contact, results } = await bookAfter('upsert', row, 'clear');
    expect(contact).toMatchObject({ company: '', role: '', location: 'Paris', emails: ['ada@example.com'], phones: [{ phone_number: '+12025550143', phone_type: 'main' }] });
    expect(results[0]!['_status']).toMatch(/^updated \(cleared company, role, mobile numbers\)$/);
  });

  it('clears in a sync the text fields of empty cells and shows each clear in plan.csv', async () => {
    const row = () => 'Name,Phone,Mobile,Email,Company,City,Title\nAda Lovelace,202-555-0143,202-555-0199,ada@example.com,,London,\n';
    const { contact, outDir } = await bookAfter('sync', row, 'clear');
    expect(contact).toMatchObject({ company: '', role: '', location: 'London' });
    const plan = readCsv(path.join(outDir, 'plan.csv'));
    expect(plan.map((p) => [p['action'], p['field'], p['before'], p['after']])).toEqual([
      ['clear', 'company', 'Engines', ''],
      ['clear', 'role', 'Countess', ''],
    ]);
  });

  it('keeps them in a sync by default: the contact is unchanged', async () => {
    const row = () => 'Name,Phone,Mobile,Email,Company,City,Title\nAda Lovelace,202-555-0143,202-555-0199,ada@example.com,,London,\n';
    const { contact, summary } = await bookAfter('sync', row);
    expect(contact).toMatchObject({ company: 'Engines', role: 'Countess' });
    expect(summary.sync).toMatchObject({ unchanged: 1, update: 0 });
  });

  it('clears a campaign contact’s fields in an update', async () => {
    await importCampaignContacts(client, { ...common(), file: writeFile(dir, 'insert.csv', created), list: 'Spring', mode: 'insert', scrubDnc: [] });
    const listId = [...emulator.store.listsById.keys()][0]!;
    const id = emulator.store.campaignContacts(listId)[0]!.contact_id;
    await importCampaignContacts(client, { ...common(), file: writeFile(dir, 'update.csv', updateRow(id)), list: 'Spring', mode: 'update', scrubDnc: [], blanks: 'clear' });
    expect(emulator.store.campaignContacts(listId)[0]).toMatchObject({ contact_company: '', contact_role: '', contact_location: 'London', contact_emails: [] });
  });

  it('is refused by the command line for a mode it does nothing in, and taken for a sync', async () => {
    const file = writeFile(dir, 'sync.csv', created);
    const refused = await runCli(['import', 'address-book', file, '--book', 'Customers', '--mode', 'create', '--blanks', 'clear', '--out', path.join(dir, 'cli-1'), '--quiet'], { env: envFor(emulator) });
    expect(refused.stderr).toMatch(/`--blanks` applies only to `--mode update` or `--mode upsert` or `--mode sync`/);
    const wrong = await runCli(['import', 'address-book', file, '--book', 'Customers', '--mode', 'sync', '--blanks', 'empty', '--out', path.join(dir, 'cli-2'), '--quiet'], { env: envFor(emulator) });
    expect(wrong.stderr).toMatch(/Expected `--blanks` to be one of keep, clear, got `empty`/);
    await importAddressBook(client, { ...common(), file, book: 'Customers', mode: 'create' });
    const noCompany = writeFile(dir, 'no-company.csv', created.replace('Engines', ''));
    const taken = await runCli(['import', 'address-book', noCompany, '--book', 'Customers', '--mode', 'sync', '--blanks', 'clear', '--dry-run', '--out', path.join(dir, 'cli-3'), '--quiet'], { env: envFor(emulator) });
    expect(taken.stderr).toBe('');
    expect(readFileSync(path.join(dir, 'cli-3', 'plan.csv'), 'utf8')).toMatch(/,clear,[^,]+,company,Engines,\r?\n$/);
  });
});
