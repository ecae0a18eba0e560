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

/**
 * A 5xx to a look-up is retried by the client; a 5xx to a create is an unknown outcome, so its
 * contacts are looked up and (as errorRate's 5xx are never applied) all sent again in a new
 * request: 100 batches of 10 cost one more create request per 5xx the creates met.
 */
function expectEachServerErrorSettled(retries: number): void {
  const stats = bed.emulator.stats();
  const onCreates = stats.injected.serverErrors - retries;
  expect(stats.byOperation.batchCreateContact).toBe(100 + onCreates);
  if (onCreates > 0) expect(stats.byOperation.listContacts).toBeGreaterThan(0);
}

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
    expectEachServerErrorSettled(run.summary.retries);
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
    expectEachServerErrorSettled(run.summary.retries);
  });

  it('looks up, rather than creates twice, batches applied and then answered 5xx (10 %)', async () => {
    bed.emulator.setFaults({ appliedErrorRate: 0.1 });
    const run = await runAddressBookImport(bed, { file: generatedContacts(bed.dir, 1000), client: { backoffBaseMs: 10 } });
    figures('applied then 5xx 10%, 1000 rows', run, bed.emulator);
    expectEveryRowOnce(run);
    expectBookMatchesResults(bed, run);
    expect(bed.emulator.stats().injected.appliedErrors).toBeGreaterThan(0);
    // Every contact the 5xx hid was found by the look-up: none rejected, none stored twice.
    expect(apiRejects(run)).toEqual([]);
    expect(run.summary.succeeded).toBe(1000);
  });
});
