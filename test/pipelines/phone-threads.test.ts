import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startEmulator, type RunningEmulator } from '../../src/emulator/server.js';
import { importAddressBook } from '../../src/pipelines/address-book.js';
import { importDnc } from '../../src/pipelines/dnc.js';
import { ContactCenterClient } from '../../src/zoom/client.js';
import { configFor } from '../support/emulator-client.js';
import { tempDir } from '../support/import-env.js';

let emulator: RunningEmulator;
let client: ContactCenterClient;
let dir: string;

beforeEach(async () => {
  emulator = await startEmulator({ seed: 5 });
  client = new ContactCenterClient(configFor(emulator));
  const unit = await client.createUnit({ unit_name: 'Imports' });
  await client.createAddressBook({ unit_id: unit.unit_id!, address_book_name: 'Customers' });
  await client.createCampaignContactList({ contact_list_name: 'No calls', contact_list_type: 'do_not_contact' });
  dir = tempDir();
});

afterEach(async () => {
  await client.close();
  await emulator.close();
});

/**
 * A file big enough for the phone threads to start (they wait for 20,000 numbers): numbers in
 * four styles, some in a row's own country, some invalid, some repeated, some two to a cell.
 */
function bigFile(rows: number): string {
  const lines = ['Name,Phone,Mobile,Email,Country'];
  for (let i = 0; i < rows; i++) {
    const area = [212, 415, 617, 305][i % 4];
    const n = `${200 + (i % 799)}-${String(i % 10_000).padStart(4, '0')}`;
    const phone = i % 37 === 5 ? `555-${i % 100}` : i % 4 === 1 ? `+1 ${area} ${n}` : `(${area}) ${n}`;
    const mobile = i % 3 === 0 ? `${area}.${n.replace('-', '.')}1`.slice(0, 12) : i % 11 === 0 ? `"020 7946 ${String(i % 10_000).padStart(4, '0')}; ${area} 201 0000"` : '';
    const country = i % 11 === 0 ? 'GB' : i % 53 === 0 ? 'Atlantis' : '';
    lines.push(`Contact ${i},${phone},${mobile},c${i % 24_000}@example.com,${country}`);
  }
  const file = path.join(dir, 'big.csv');
  writeFileSync(file, `${lines.join('\n')}\n`);
  return file;
}

const files = (out: string) => ['results.csv', 'rejects.csv'].map((f) => readFileSync(path.join(out, f), 'utf8'));

describe('phone numbers on worker threads', () => {
  it('give an address book dry run the same results and rejects, byte for byte, as the main thread alone', async () => {
    const file = bigFile(26_000);
    const common = { file, book: 'Customers', mode: 'create' as const, country: 'US', dryRun: true, concurrency: 4 };
    const alone = await importAddressBook(client, { ...common, outDir: path.join(dir, 'alone'), phoneThreads: 0 });
    const threaded = await importAddressBook(client, { ...common, outDir: path.join(dir, 'threaded'), phoneThreads: 1 });
    expect(alone.phonesOnThreads).toBeUndefined();
    expect(threaded.phonesOnThreads).toBeGreaterThan(10_000);
    expect(threaded.rows).toBe(26_000);
    expect(threaded.succeeded + threaded.rejected).toBe(26_000);
    expect(threaded.rejected).toBeGreaterThan(1000);
    expect(files(path.join(dir, 'threaded'))).toEqual(files(path.join(dir, 'alone')));
  }, 60_000);

  it('give a DNC dry run the same outcome for every number', async () => {
    const file = bigFile(22_000);
    const common = { file, list: 'No calls', mode: 'add' as const, country: 'US', dryRun: true, concurrency: 4 };
    const alone = await importDnc(client, { ...common, outDir: path.join(dir, 'dnc-alone'), phoneThreads: 0 });
    const threaded = await importDnc(client, { ...common, outDir: path.join(dir, 'dnc-threaded'), phoneThreads: 1 });
    expect(threaded.phonesOnThreads).toBeGreaterThan(1000);
    expect(threaded.items).toBe(alone.items);
    expect(files(path.join(dir, 'dnc-threaded'))).toEqual(files(path.join(dir, 'dnc-alone')));
  }, 60_000);

  it('are not started by a run paced by the API, which has the time to check its numbers itself', async () => {
    const file = bigFile(22_000);
    const summary = await importDnc(client, { file, list: 'No calls', mode: 'add', country: 'US', dryRun: false, concurrency: 4, outDir: path.join(dir, 'dnc-real') });
    expect(summary.items).toBeGreaterThan(20_000);
    expect(summary.rows).toBe(22_000);
    expect(summary.succeeded + summary.rejected).toBe(summary.items);
    expect(summary.phonesOnThreads).toBeUndefined();
    const dry = await importDnc(client, { file, list: 'No calls', mode: 'add', country: 'US', dryRun: true, concurrency: 4, outDir: path.join(dir, 'dnc-dry') });
    expect(dry.phonesOnThreads).toBeGreaterThan(1000);
    // A real import of 22,000 rows paced at the plan's rate, then a dry run: 24 s alone on a
    // loaded machine, and over 60 s once in a full suite beside the other files.
  }, 180_000);
});
