import { existsSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator, type RunningEmulator } from '../../src/emulator/server.js';
import { envFor, readCsv, tempDir } from '../support/import-env.js';
import { projectRoot, runCli } from '../support/run-cli.js';

let emulator: RunningEmulator;

beforeAll(async () => {
  // Every token lives 1 ms: the one fetched after a 401 has expired again when it is used.
  emulator = await startEmulator({ seed: 111, tokenTtlSeconds: 0.001 });
});

afterAll(async () => {
  await emulator.close();
});

describe('a run whose fresh token is refused too', () => {
  it('stops with exit 75, resumably, and rejects no row', async () => {
    const out = path.join(tempDir(), 'out');
    const run = await runCli(['import', 'address-book', path.join(projectRoot, 'fixtures', 'contacts.csv'), '--book', 'Customers', '--out', out], {
      env: envFor(emulator),
    });
    expect(run.code).toBe(75);
    expect(run.stderr).toMatch(/answered 401 .*Nothing was sent: run the command again\./);
    expect(emulator.stats().unauthorized).toBeGreaterThanOrEqual(2);
    if (existsSync(path.join(out, 'rejects.csv'))) expect(readCsv(path.join(out, 'rejects.csv'))).toEqual([]);
  });
});
