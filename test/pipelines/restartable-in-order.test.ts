import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { exportCatalogueResource } from '../../src/pipelines/export-resource.js';
import { restartableInOrder } from '../../src/pipelines/restartable-in-order.js';
import { ZoomApiError } from '../../src/zoom/api-error.js';
import type { RunningEmulator } from '../../src/emulator/server.js';
import type { ContactCenterClient } from '../../src/zoom/client.js';
import { emulatorWithClient } from '../support/emulator-client.js';

const expired = () =>
  new ZoomApiError({ method: 'GET', path: '/v2/queues', status: 400, zoomCode: 300, zoomMessage: 'The next page token is invalid or expired.', retryable: false });

/**
 * A listing of `items` whose n-th call fails with an expired page token after `failAt[n]` items
 * (the calls after the last go through); with `reordered`, the calls after the first list that.
 */
function flaky<T>(items: readonly T[], failAt: readonly number[], reordered?: readonly T[]) {
  let calls = 0;
  return async function* () {
    const call = calls++;
    const these = call > 0 && reordered ? reordered : items;
    for (const [i, item] of these.entries()) {
      if (i === failAt[call]) throw expired();
      yield item;
    }
  };
}

async function all<T>(iterable: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const item of iterable) out.push(item);
  return out;
}

describe('a listing without ids that starts over when its page token expires', () => {
  const items = Array.from({ length: 25 }, (_, i) => ({ queue: `q${i % 5}`, calls: i % 3 }));

  it('yields every item once, in order, identical items included', async () => {
    const restarts: number[] = [];
    const got = await all(restartableInOrder(flaky(items, [10, 20]), { onRestart: (seen) => restarts.push(seen) }));
    expect(got).toEqual(items);
    expect(restarts).toEqual([10, 20]);
  });

  it('gives up when a restart gets no further than the one before', async () => {
    await expect(all(restartableInOrder(flaky(items, [10, 10, 10])))).rejects.toThrow(
      "The listing's page token expired 2 times, the last time without progress; giving up after 10 items",
    );
  });

  it('stops the run, naming the item, when the listing comes back in another order', async () => {
    const reordered = [...items.slice(0, 3), items[4]!, items[3]!, ...items.slice(5)];
    await expect(all(restartableInOrder(flaky(items, [10], reordered)))).rejects.toThrow(
      "The listing's page token expired, and listed again from the start it no longer gives the same items in the same order (item 4 differs): run the export again",
    );
  });
});

describe('exporting a catalogue resource whose page token expires midway', () => {
  let emulator: RunningEmulator;
  let client: ContactCenterClient;
  let close: () => Promise<void>;
  let dir: string;

  beforeAll(async () => {
    ({ emulator, client, close } = await emulatorWithClient({ seed: 12, catalogueItems: 120 }));
    dir = await mkdtemp(join(tmpdir(), 'ccbulk-restart-'));
  });
  afterAll(async () => {
    await close?.();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('writes the same rows as an export whose tokens never expire, and counts the restart', async () => {
    const plain = await exportCatalogueResource(client, 'queues', { out: join(dir, 'plain.csv'), bom: false, pageSize: 10 });
    let pages = 0;
    const restarted = await exportCatalogueResource(client, 'queues', {
      out: join(dir, 'restarted.csv'),
      bom: false,
      pageSize: 10,
      // After the third page, every token the emulator gave out is expired.
      onPage: () => {
        if (++pages === 3) emulator.expirePageTokens();
      },
    });
    expect(plain.rows).toBe(120);
    expect(plain.listingRestarts).toBe(0);
    expect(restarted.rows).toBe(120);
    expect(restarted.listingRestarts).toBe(1);
    expect(await readFile(join(dir, 'restarted.csv'), 'utf8')).toBe(await readFile(join(dir, 'plain.csv'), 'utf8'));
  });
});
