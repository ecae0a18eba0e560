import { afterEach, describe, expect, it } from 'vitest';
import { startEmulator, type RunningEmulator } from '../../src/emulator/server.js';
import { importCampaignContacts } from '../../src/pipelines/campaign-contacts.js';
import { importDnc } from '../../src/pipelines/dnc.js';
import { ContactCenterClient } from '../../src/zoom/client.js';
import { configFor } from '../support/emulator-client.js';
import { readSummary, tempDir, writeFile } from '../support/import-env.js';
import {
  addressBookBed,
  apiRejects,
  contactsFixture,
  expectBookMatchesResults,
  expectEveryRowOnce,
  expectNoDuplicates,
  figures,
  generatedContacts,
  readOutcome,
  recordLines,
  runAddressBookImport,
  type AddressBookBed,
} from './fault-bed.js';

let emulators: RunningEmulator[] = [];

afterEach(async () => {
  await Promise.all(emulators.map((e) => e.close()));
  emulators = [];
});

async function bedWith(seed: number): Promise<AddressBookBed> {
  const bed = await addressBookBed({ seed });
  emulators.push(bed.emulator);
  return bed;
}

describe('an address book import whose connections are reset', () => {
  it('before the server applies a batch: retries and creates every row once', async () => {
    const bed = await bedWith(31);
    bed.emulator.setFaults({ resetBeforeRate: 0.2 });
    const run = await runAddressBookImport(bed, { file: generatedContacts(bed.dir, 1000), client: { backoffBaseMs: 10, maxRetries: 8 } });
    figures('reset before 0.2, 1000 rows', run, bed.emulator);
    expectEveryRowOnce(run);
    expectBookMatchesResults(bed, run);
    expect(apiRejects(run)).toEqual([]);
    expect(run.summary.succeeded).toBe(1000);
    expect(bed.emulator.stats().injected.resetsBefore).toBeGreaterThan(10);
  });

  it('after the server applied a batch: looks the contacts up instead of creating them twice', async () => {
    const bed = await bedWith(32);
    bed.emulator.setFaults({ resetAfterRate: 0.2 });
    const run = await runAddressBookImport(bed, { file: generatedContacts(bed.dir, 1000), client: { backoffBaseMs: 10, maxRetries: 8 } });
    figures('reset after 0.2, 1000 rows', run, bed.emulator);
    expectEveryRowOnce(run);
    expectBookMatchesResults(bed, run);
    expect(bed.emulator.stats().injected.resetsAfter).toBeGreaterThan(10);
    // A batch reset four times running is given up as unknown; every other row must be created.
    expect(apiRejects(run).every((r) => r.includes('outcome unknown'))).toBe(true);
    expect(run.summary.succeeded + apiRejects(run).length).toBe(1000);
  });

  it('after the server applied a batch, on the fixture of mixed rows', async () => {
    const bed = await bedWith(33);
    bed.emulator.setFaults({ resetAfterRate: 0.2 });
    const run = await runAddressBookImport(bed, { file: contactsFixture, concurrency: 4, client: { backoffBaseMs: 10, maxRetries: 8 } });
    figures('reset after 0.2, fixture', run, bed.emulator);
    expectEveryRowOnce(run);
    expectBookMatchesResults(bed, run);
  });
});

describe('campaign and DNC imports whose connections are reset after the batch was applied', () => {
  async function listsOn(emulator: RunningEmulator) {
    const setup = new ContactCenterClient(configFor(emulator));
    try {
      const campaign = await setup.createCampaignContactList({ contact_list_name: 'Spring push', contact_list_type: 'contact' });
      const dnc = await setup.createCampaignContactList({ contact_list_name: 'Do not call', contact_list_type: 'do_not_contact' });
      return { campaignId: campaign.contact_list_id!, dncId: dnc.contact_list_id! };
    } finally {
      await setup.close();
    }
  }

  it('inserts every campaign contact once', async () => {
    const emulator = await startEmulator({ seed: 34 });
    emulators.push(emulator);
    const { campaignId } = await listsOn(emulator);
    const dir = tempDir('ccbulk-faults-');
    const file = generatedContacts(dir, 1000);
    emulator.setFaults({ resetAfterRate: 0.2 });
    const events: Record<string, number> = {};
    const client = new ContactCenterClient(configFor(emulator), { backoffBaseMs: 10, maxRetries: 8, onEvent: (e) => (events[e.type] = (events[e.type] ?? 0) + 1) });
    const out = `${dir}/out`;
    const started = Date.now();
    const summary = await importCampaignContacts(client, { file, outDir: out, dryRun: false, concurrency: 8, list: campaignId, mode: 'insert', country: 'US', scrubDnc: [] }).finally(() => client.close());
    const run = { file, out, summary, ...readOutcome(out), events, elapsedMs: Date.now() - started };
    figures('campaign insert, reset after 0.2, 1000 rows', run, emulator);
    expectEveryRowOnce(run);
    const stored = emulator.store.campaignContacts(campaignId);
    expectNoDuplicates('phone', stored.flatMap((c) => (c.contact_phones ?? []).map((p) => p.contact_phone_number ?? '')));
    expect(emulator.stats().injected.resetsAfter).toBeGreaterThan(0);
    // The list holds exactly the rows results.csv calls inserted, by their numbers.
    expect(stored.flatMap((c) => (c.contact_phones ?? []).map((p) => p.contact_phone_number)).sort()).toEqual(
      run.results.flatMap((r) => r._phones!.split(' ')).sort(),
    );
  });

  it('adds every DNC number once', async () => {
    const emulator = await startEmulator({ seed: 35 });
    emulators.push(emulator);
    const { dncId } = await listsOn(emulator);
    const dir = tempDir('ccbulk-faults-');
    const numbers = Array.from({ length: 1000 }, (_, i) => `+1212736${String(i + 1000).padStart(4, '0')}`);
    const file = writeFile(dir, 'dnc.csv', ['Phone Number,Name', ...numbers.map((n, i) => `${n},Caller ${i}`)].join('\n') + '\n');
    emulator.setFaults({ resetAfterRate: 0.2 });
    const client = new ContactCenterClient(configFor(emulator), { backoffBaseMs: 10, maxRetries: 8 });
    const out = `${dir}/out`;
    const summary = await importDnc(client, { file, outDir: out, dryRun: false, concurrency: 8, list: dncId, mode: 'add', country: 'US' }).finally(() => client.close());
    const { results, rejects } = readOutcome(out);
    console.log(
      `[faults] DNC add, reset after 0.2, 1000 numbers: succeeded ${summary.succeeded}, rejected ${summary.rejected}; requests ${summary.requests}, retries ${summary.retries}; resets after ${emulator.stats().injected.resetsAfter}`,
    );
    // One number per row: each line once, each number once.
    expect([...results, ...rejects].map((r) => Number(r._line)).sort((a, b) => a - b)).toEqual(recordLines(file));
    const written = readSummary(out);
    expect(written.rows).toBe(1000);
    expect(written.rows).toBe(written.succeeded + written.rejected);
    const stored = emulator.store.dncPhones(dncId).map((p) => p.phone_number);
    expectNoDuplicates('DNC number', stored);
    expect(stored.sort()).toEqual(results.map((r) => r._phones).sort());
    expect(emulator.stats().injected.resetsAfter).toBeGreaterThan(0);
  });
});
