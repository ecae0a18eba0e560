import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ImportSummary } from '../../src/writers/summary-file.js';
import { envFor, readSummary } from '../support/import-env.js';
import { runCli } from '../support/run-cli.js';
import {
  addressBookBed,
  apiRejects,
  expectBookMatchesResults,
  expectEveryRowOnce,
  figures,
  generatedContacts,
  readOutcome,
  runAddressBookImport,
  type AddressBookBed,
} from './fault-bed.js';

let bed: AddressBookBed;

beforeEach(async () => {
  bed = await addressBookBed({ seed: 51 });
});

afterEach(async () => {
  await bed.emulator.close();
});

describe('an address book import under 429 storms', () => {
  // Pacing measured by the clock: a suite of more files than cores can hold a timer back long enough
  // to bunch what the limiter spaced, so a miss is tried again (twice) before it counts.
  it('rides out a storm of injected per-second 429s on half the requests and loses no row', { retry: 2 }, async () => {
    bed.emulator.setFaults({ rateLimitRate: 0.5 });
    const calm = setTimeout(() => bed.emulator.setFaults({ rateLimitRate: 0 }), 3000);
    const run = await runAddressBookImport(bed, { file: generatedContacts(bed.dir, 1000) }).finally(() => clearTimeout(calm));
    figures('429 storm (rateLimitRate 0.5 for 3 s), 1000 rows', run, bed.emulator);
    expectEveryRowOnce(run);
    expectBookMatchesResults(bed, run);
    expect(apiRejects(run)).toEqual([]);
    expect(run.summary.succeeded).toBe(1000);
    expect(run.summary.rateLimited).toBe(bed.emulator.stats().rateLimited.total);
    // Each 429 pauses the label for its Retry-After (1 s), so a 3-second storm meets only a few.
    expect(run.summary.rateLimited).toBeGreaterThanOrEqual(3);
  });

  it('shares the MEDIUM quota with another app using half of it, and loses no row', async () => {
    bed.emulator.setFaults({ backgroundLoad: { MEDIUM: 0.5 } });
    const run = await runAddressBookImport(bed, { file: generatedContacts(bed.dir, 1000) });
    figures('background load MEDIUM 0.5 (library), 1000 rows', run, bed.emulator);
    expectEveryRowOnce(run);
    expectBookMatchesResults(bed, run);
    expect(apiRejects(run)).toEqual([]);
    expect(run.summary.succeeded).toBe(1000);
    expect(run.summary.rateLimited).toBe(bed.emulator.stats().rateLimited.total);
  });

  // Regression: the timer that ends a 429 pause was unref()'d, and while a label is paused it is
  // the only thing left in the event loop, so the CLI ended at its first 429 with exit code 13 and
  // nothing written. In-process (library, vitest) the host keeps the loop alive: only the CLI shows it.
  it('shares the MEDIUM quota with another app using half of it (the CLI as it ships)', async () => {
    bed.emulator.setFaults({ backgroundLoad: { MEDIUM: 0.5 } });
    const file = generatedContacts(bed.dir, 1000);
    const out = path.join(bed.dir, 'out-cli');
    const started = Date.now();
    const cli = await runCli(['import', 'address-book', file, '--book', 'Customers', '--out', out, '--quiet'], {
      env: envFor(bed.emulator),
      timeoutMs: 120_000,
    });
    expect(cli.stderr).toBe('');
    expect(cli.code).toBe(0);
    const summary = readSummary(out) as unknown as ImportSummary;
    const run = { file, out, summary, ...readOutcome(out), events: {}, elapsedMs: Date.now() - started };
    figures('background load MEDIUM 0.5 (CLI), 1000 rows', run, bed.emulator);
    expectEveryRowOnce(run);
    expectBookMatchesResults(bed, run);
    expect(summary.succeeded).toBe(1000);
    expect(summary.rateLimited).toBe(bed.emulator.stats().rateLimited.total);
  });
});
