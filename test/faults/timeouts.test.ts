import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  addressBookBed,
  apiRejects,
  expectBookMatchesResults,
  expectEveryRowOnce,
  figures,
  generatedContacts,
  runAddressBookImport,
  type AddressBookBed,
} from './fault-bed.js';

let bed: AddressBookBed;

beforeEach(async () => {
  bed = await addressBookBed({ seed: 41 });
});

afterEach(async () => {
  await bed.emulator.close();
});

describe('an address book import whose requests outlast the client timeout', () => {
  it('never creates a contact twice when batches time out and the server applies them anyway', async () => {
    // The emulator answers after 500–700 ms, and applies the batch then, while the client gives up
    // at 300 ms: each batch create in that stretch has an unknown outcome.
    // Progress stalls while every request times out, so the slow stretch ends by the clock.
    let phase: 'before' | 'slow' | 'after' = 'before';
    let slowTimer: NodeJS.Timeout | undefined;
    const run = await runAddressBookImport(bed, {
      file: generatedContacts(bed.dir, 600),
      client: { timeoutMs: 300, backoffBaseMs: 50, maxRetries: 10 },
      onProgress: ({ sent }) => {
        if (phase === 'before' && sent >= 100) {
          phase = 'slow';
          bed.emulator.setFaults({ latencyMs: 500, jitterMs: 200 });
          slowTimer = setTimeout(() => {
            phase = 'after';
            bed.emulator.setFaults({ latencyMs: 0, jitterMs: 0 });
          }, 1500);
        }
      },
    }).finally(() => clearTimeout(slowTimer));
    figures('latency 500+200 ms over a 300 ms timeout, 600 rows', run, bed.emulator);
    expect(phase).toBe('after');
    expectEveryRowOnce(run);
    expectBookMatchesResults(bed, run);
    expect(apiRejects(run).every((r) => r.includes('outcome unknown'))).toBe(true);
  });

  // Regression: after a timed-out batch create the contacts were looked up at once, and a server
  // that was merely slow applied the abandoned batch after the look-up: 210 contacts for 200 rows.
  // The look-up now waits for the request's late-arrival window (client.lateArrivalMs) first.
  it('never creates a contact twice when a timed-out batch is applied after the look-up that followed it', async () => {
    let slowTimer: NodeJS.Timeout | undefined;
    const run = await runAddressBookImport(bed, {
      file: generatedContacts(bed.dir, 200),
      concurrency: 1,
      client: { timeoutMs: 300, backoffBaseMs: 50, maxRetries: 10 },
      onProgress: ({ sent }) => {
        if (sent >= 100 && slowTimer === undefined) {
          bed.emulator.setFaults({ latencyMs: 1000 });
          slowTimer = setTimeout(() => bed.emulator.setFaults({ latencyMs: 0 }), 100);
        }
      },
    }).finally(() => clearTimeout(slowTimer));
    // Let the late batch land before looking at the book.
    await new Promise((resolve) => setTimeout(resolve, 1200));
    figures('one batch answered after 1 s, 300 ms timeout, 200 rows', run, bed.emulator);
    console.log(`[faults] stored ${bed.emulator.store.addressBookContacts(bed.bookId).length} contacts for ${run.summary.succeeded} succeeded rows`);
    expectEveryRowOnce(run);
    expectBookMatchesResults(bed, run);
  });
});
