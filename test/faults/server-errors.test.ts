import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  addressBookBed,
  apiRejects,
  contactsFixture,
  expectBookMatchesResults,
  expectEveryRowOnce,
  figures,
  FIXTURE_VALID_ROWS,
  generatedContacts,
  runAddressBookImport,
  type AddressBookBed,
} from './fault-bed.js';

let bed: AddressBookBed;

beforeEach(async () => {
  bed = await addressBookBed({ seed: 21 });
});

afterEach(async () => {
  await bed.emulator.close();
});

describe('an address book import under 5xx answers', () => {
  it('without faults (the control) creates every valid row of the fixture once', async () => {
    const run = await runAddressBookImport(bed, { file: contactsFixture });
    figures('no faults, fixture', run, bed.emulator);
    expectEveryRowOnce(run);
    expectBookMatchesResults(bed, run);
    expect(run.summary.succeeded).toBe(FIXTURE_VALID_ROWS);
    expect(run.summary.retries).toBe(0);
  });

  it('retries 5% of requests answered 500/502/503 and loses no row', async () => {
    bed.emulator.setFaults({ errorRate: 0.05 });
    const run = await runAddressBookImport(bed, { file: generatedContacts(bed.dir, 1000), client: { backoffBaseMs: 10 } });
    figures('5xx 5%, 1000 rows', run, bed.emulator);
    expectEveryRowOnce(run);
    expectBookMatchesResults(bed, run);
    expect(apiRejects(run)).toEqual([]);
    expect(run.summary.succeeded).toBe(1000);
    expect(bed.emulator.stats().injected.serverErrors).toBeGreaterThan(0);
    expect(run.summary.retries).toBe(bed.emulator.stats().injected.serverErrors);
  });

  it('retries 30% of requests answered 500/502/503 and loses no row', async () => {
    bed.emulator.setFaults({ errorRate: 0.3 });
    // Eight retries: with five, one request in 1,400 would fail six times in a row at 30%.
    const run = await runAddressBookImport(bed, { file: generatedContacts(bed.dir, 1000), client: { backoffBaseMs: 10, maxRetries: 8 } });
    figures('5xx 30%, 1000 rows', run, bed.emulator);
    expectEveryRowOnce(run);
    expectBookMatchesResults(bed, run);
    expect(apiRejects(run)).toEqual([]);
    expect(run.summary.succeeded).toBe(1000);
    expect(run.summary.retries).toBe(bed.emulator.stats().injected.serverErrors);
  });
});
