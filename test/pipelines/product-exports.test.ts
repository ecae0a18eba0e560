import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startEmulator, type RunningEmulator } from '../../src/emulator/server.js';
import { ContactCenterClient } from '../../src/zoom/client.js';
import { configFor } from '../support/emulator-client.js';
import { envFor, readSummary, tempDir } from '../support/import-env.js';
import { projectRoot, runCli } from '../support/run-cli.js';

/**
 * The contact exports people start from, each imported without a `--map`: its headers as the
 * product documents its export, rows made up. Each has golden results and rejects files beside
 * it (CCBULK_UPDATE_GOLDEN=1 rewrites them: review the diff before committing), and the columns
 * the summary lists as not used.
 */
const exports = {
  'salesforce-contacts': ['Id', 'AccountId', 'Salutation', 'MailingStreet', 'MailingState', 'MailingPostalCode', 'Fax', 'Department', 'LeadSource', 'Description', 'OwnerId', 'CreatedDate'],
  'salesforce-leads': ['Id', 'Salutation', 'Street', 'State', 'PostalCode', 'Fax', 'Website', 'LeadSource', 'Status', 'Industry', 'OwnerId'],
  'hubspot-contacts': ['Record ID', 'Street Address', 'State/Region', 'Postal Code', 'Lifecycle Stage', 'Lead Status', 'Contact owner', 'Create Date', 'Last Activity Date'],
  'google-contacts': [
    'Middle Name', 'Phonetic First Name', 'Phonetic Middle Name', 'Phonetic Last Name', 'Name Prefix', 'Name Suffix', 'Nickname', 'File As',
    'Organization Department', 'Birthday', 'Notes', 'Photo', 'Labels', 'Address 1 - Label', 'Address 1 - Formatted', 'Address 1 - Street',
    'Address 1 - PO Box', 'Address 1 - Region', 'Address 1 - Postal Code', 'Address 1 - Extended Address', 'Website 1 - Label', 'Website 1 - Value',
  ],
  'outlook-contacts': [
    'Middle Name', 'Title (also maps to role, already taken by Job Title)', 'Suffix', 'Nickname', 'Given Yomi', 'Surname Yomi', 'Home Phone 2', 'Business Phone 2', 'Car Phone', 'Pager',
    'Business Fax', 'Home Fax', 'Other Fax', 'Company Main Phone', 'Callback', 'Radio Phone', 'Telex', 'TTY/TDD Phone', 'IMAddress',
    'Department', 'Office Location', "Manager's Name", "Assistant's Name", "Assistant's Phone", 'Company Yomi', 'Business Street',
    'Business City', 'Business State', 'Business Postal Code', 'Business Country/Region', 'Home Street', 'Home City', 'Home State',
    'Home Postal Code', 'Home Country/Region', 'Other Street', 'Other City', 'Other State', 'Other Postal Code', 'Other Country/Region',
    'Personal Web Page', 'Spouse', 'Schools', 'Hobby', 'Web Page', 'Birthday', 'Anniversary', 'Notes',
  ],
  'zoom-template': [],
} as const;

let emulator: RunningEmulator;
let client: ContactCenterClient;
let bookId: string;

beforeEach(async () => {
  emulator = await startEmulator({ seed: 28 });
  client = new ContactCenterClient(configFor(emulator));
  const unit = await client.createUnit({ unit_name: 'Imports' });
  bookId = (await client.createAddressBook({ unit_id: unit.unit_id!, address_book_name: 'Customers' })).address_book_id!;
});

afterEach(async () => {
  await client.close();
  await emulator.close();
});

/** An outcome file with its records in line order and results' ids as `<id>` (the emulator draws them). */
function inLineOrder(file: string): string {
  const text = readFileSync(file, 'utf8');
  const records = parse(text, { bom: true, raw: true }) as unknown as { raw: string; record: string[] }[];
  const [header, ...rows] = records;
  const lineAt = header!.record.indexOf('_line');
  const idAt = header!.record.indexOf('_id');
  const cut = rows
    .sort((a, b) => Number(a.record[lineAt]) - Number(b.record[lineAt]))
    .map(({ raw, record }) => (idAt < 0 ? raw : raw.replace(`,${record[idAt]!},`, ',<id>,')));
  return `\uFEFF${[header!.raw, ...cut].map((raw) => `${raw}\n`).join('')}`;
}

function golden(name: string, actual: string): string {
  const file = path.join(projectRoot, 'fixtures', 'exports', name);
  if (process.env['CCBULK_UPDATE_GOLDEN'] === '1') writeFileSync(file, actual);
  return readFileSync(file, 'utf8');
}

describe('contact exports of other products, imported without a --map', () => {
  for (const [name, unused] of Object.entries(exports)) {
    it(`imports ${name}.csv as its golden results and rejects say, and lists only the columns Zoom has no place for`, async () => {
      const out = path.join(tempDir(), 'out');
      const file = path.join(projectRoot, 'fixtures', 'exports', `${name}.csv`);
      const run = await runCli(['import', 'address-book', file, '--book', 'Customers', '--out', out, '--quiet'], { env: envFor(emulator) });
      expect(run.stderr).toBe('');
      const summary = readSummary(out);
      expect(summary['unmappedColumns']).toEqual(unused);
      expect(inLineOrder(path.join(out, 'results.csv'))).toBe(golden(`${name}.results.csv`, inLineOrder(path.join(out, 'results.csv'))));
      expect(readFileSync(path.join(out, 'rejects.csv'), 'utf8')).toBe(golden(`${name}.rejects.csv`, readFileSync(path.join(out, 'rejects.csv'), 'utf8')));
    });
  }

  it("gives each number of a Google Contacts export the kind its 'Phone N - Type' cell names", async () => {
    const out = path.join(tempDir(), 'out');
    const file = path.join(projectRoot, 'fixtures', 'exports', 'google-contacts.csv');
    await runCli(['import', 'address-book', file, '--book', 'Customers', '--out', out, '--quiet'], { env: envFor(emulator) });
    const phones = (display: string) => emulator.store.addressBookContacts(bookId).find((c) => c.display_name === display)?.phones;
    expect(phones('André Allen')).toEqual([
      { phone_number: '+14049956971', phone_type: 'main' },
      { phone_number: '+14046354062', phone_type: 'work' },
    ]);
    expect(phones('José Álvarez')).toEqual([
      { phone_number: '+13054428817', phone_type: 'main' },
      { phone_number: '+13036410297', phone_type: 'home' },
      { phone_number: '+13054428899', phone_type: 'other' },
    ]);
    expect(phones('François Lefèvre')).toEqual([
      { phone_number: '+33524886930', phone_type: 'main' },
      { phone_number: '+33649274410', phone_type: 'mobile' },
      { phone_number: '+33511207311', phone_type: 'mobile' },
    ]);
  });
});
