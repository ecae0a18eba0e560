import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import { stringify } from 'csv-stringify/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator, type RunningEmulator } from '../../src/emulator/server.js';
import { importAddressBook } from '../../src/pipelines/address-book.js';
import { ContactCenterClient } from '../../src/zoom/client.js';
import { CSV_OPTIONS } from '../../src/writers/csv-records.js';
import { configFor, newAddressBook } from '../support/emulator-client.js';
import { contactRowsCsv } from '../support/contact-rows.js';
import { tempDir, writeFile } from '../support/import-env.js';

/**
 * The bytes of the outcome files of a 50,000-row dry run, recorded before the per-row work was
 * cut (issue 31): a faster path that wrote one byte differently would fail here. Regenerate only
 * for a change meant to alter what the files say, with `OUTCOME_BYTES_WRITE=1`.
 */
const GOLDEN = path.resolve('fixtures/outcomes/dry-run-50k.json');
const ROWS = 50_000;

const sha256 = (bytes: Buffer): string => createHash('sha256').update(bytes).digest('hex');

describe('the outcome files of a 50,000-row dry run', () => {
  let emulator: RunningEmulator;
  let out: string;
  beforeAll(async () => {
    emulator = await startEmulator({ seed: 31 });
    const client = new ContactCenterClient(configFor(emulator));
    await newAddressBook(client, 'Golden');
    const dir = tempDir();
    out = path.join(dir, 'out');
    await importAddressBook(client, { file: writeFile(dir, 'contacts.csv', contactRowsCsv(ROWS)), outDir: out, book: 'Golden', mode: 'create', country: 'US', dryRun: true, concurrency: 8 });
    await client.close();
  }, 120_000);
  afterAll(async () => {
    await emulator.close();
  });

  it('are byte for byte what they were before the per-row work was cut', async () => {
    const digests = Object.fromEntries(['results.csv', 'rejects.csv'].map((name) => [name, sha256(readFileSync(path.join(out, name)))]));
    if (process.env.OUTCOME_BYTES_WRITE === '1') writeFile(path.dirname(GOLDEN), path.basename(GOLDEN), `${JSON.stringify(digests, null, 2)}\n`);
    expect(digests).toEqual(JSON.parse(readFileSync(GOLDEN, 'utf8')));
  });

  it('are what csv-stringify writes for the records they hold', () => {
    for (const name of ['results.csv', 'rejects.csv']) {
      const text = readFileSync(path.join(out, name), 'utf8').replace(/^\ufeff/, '');
      const records = parse(text, { relax_column_count: true }) as string[][];
      expect(records.length).toBeGreaterThan(1_000);
      expect(stringify(records, CSV_OPTIONS)).toBe(text);
    }
  });
});
