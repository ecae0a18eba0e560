import { afterEach, describe, expect, it } from 'vitest';
import { startEmulator, type RunningEmulator } from '../../src/emulator/server.js';
import {
  addressBookBed,
  apiRejects,
  expectBookMatchesResults,
  expectEveryRowOnce,
  figures,
  generatedContacts,
  runAddressBookImport,
} from './fault-bed.js';

let running: RunningEmulator[] = [];

afterEach(async () => {
  await Promise.all(running.map((e) => e.close().catch(() => undefined)));
  running = [];
});

describe('an address book import while the emulator restarts', () => {
  it('serves the same account on the same port after a restart', async () => {
    const first = await startEmulator({ seed: 70 });
    running.push(first);
    first.store.unitsById.set('u1', { unit_id: 'u1', unit_name: 'Kept' });
    const port = Number(new URL(first.baseUrl).port);
    await first.close();
    const second = await startEmulator({ port, store: first.store });
    running.push(second);
    expect(second.baseUrl).toBe(first.baseUrl);
    expect(second.store).toBe(first.store);
    expect(second.store.units()).toEqual([{ unit_id: 'u1', unit_name: 'Kept' }]);
  });

  it('retries through the outage and creates every row once', async () => {
    const bed = await addressBookBed({ seed: 71 });
    running.push(bed.emulator);
    const port = Number(new URL(bed.emulator.baseUrl).port);
    let restart: Promise<RunningEmulator> | undefined;
    const run = await runAddressBookImport(bed, {
      file: generatedContacts(bed.dir, 1000),
      client: { backoffBaseMs: 100, maxRetries: 8 },
      onProgress: ({ sent }) => {
        if (restart === undefined && sent >= 300) {
          // Batches in flight now lose their connection (outcome unknown); requests in the next
          // second find nothing listening (connection refused, safe to repeat).
          restart = (async () => {
            await bed.emulator.close();
            await new Promise((resolve) => setTimeout(resolve, 1000));
            const again = await startEmulator({ port, store: bed.emulator.store, seed: 72 });
            running.push(again);
            return again;
          })();
        }
      },
    });
    expect(restart).toBeDefined();
    const second = await restart!;
    figures('emulator restarted after 300 rows (1 s down), 1000 rows — counters of the restarted one', run, second);
    expectEveryRowOnce(run);
    expectBookMatchesResults(bed, run);
    expect(apiRejects(run)).toEqual([]);
    expect(run.summary.succeeded).toBe(1000);
    expect(run.summary.retries).toBeGreaterThan(0);
  });
});
