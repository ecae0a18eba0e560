import { readdirSync } from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startEmulator, type RunningEmulator } from '../../src/emulator/server.js';
import { exportAddressBooks } from '../../src/pipelines/export-contacts.js';
import { ContactCenterClient } from '../../src/zoom/client.js';
import { configFor } from '../support/emulator-client.js';
import { readCsv, tempDir } from '../support/import-env.js';

const FAST = { LIGHT: 2000, MEDIUM: 2000, HEAVY: 2000 };
/** Books of several pages (300 contacts a page), of none, and of one, in the order the unit lists them. */
const SIZES: Record<string, number> = { North: 650, Empty: 0, East: 301, South: 40, West: 920 };

let emulator: RunningEmulator;
let client: ContactCenterClient;
let dir: string;
let tmp: string | undefined;

beforeEach(async () => {
  emulator = await startEmulator({ seed: 21, limits: FAST, faults: { latencyMs: 5, jitterMs: 5 } });
  client = new ContactCenterClient(configFor(emulator), { limits: FAST, maxInFlight: 32 });
  const unit = await client.createUnit({ unit_name: 'Regions' });
  let n = 0;
  for (const [name, size] of Object.entries(SIZES)) {
    const bookId = (await client.createAddressBook({ unit_id: unit.unit_id!, address_book_name: name })).address_book_id!;
    const batches = [];
    for (let start = 0; start < size; start += 10) {
      batches.push(
        client.batchCreateAddressBookContacts(
          bookId,
          Array.from({ length: Math.min(10, size - start) }, () => {
            const i = n++;
            return { display_name: `${name} person ${i}`, phones: [{ phone_number: `+1212736${String(i).padStart(4, '0')}`, phone_type: 'main' as const }], emails: [`p${i}@example.com`] };
          }),
        ),
      );
    }
    await Promise.all(batches);
  }
  dir = tempDir();
  // The spool goes under the temporary folder: one of the test's own, to see it is left empty.
  tmp = process.env.TMPDIR;
  process.env.TMPDIR = tempDir('ccbulk-spool-test-');
});

afterEach(async () => {
  const spoolRoot = process.env.TMPDIR!;
  if (tmp === undefined) delete process.env.TMPDIR;
  else process.env.TMPDIR = tmp;
  expect(readdirSync(spoolRoot)).toEqual([]);
  await client.close();
  await emulator.close();
});

describe('export address-book --all with several books listed at once', () => {
  it('writes the CSV exactly as book after book would: every book in order, each in its listing order', async () => {
    const out = path.join(dir, 'all.csv');
    const summary = await exportAddressBooks(client, { all: true, out, bom: true });
    expect(summary.rows).toBe(1911);
    const rows = readCsv(out);
    const expected: Record<string, string>[] = [];
    for (const name of Object.keys(SIZES)) {
      const one = path.join(dir, `${name}.csv`);
      await exportAddressBooks(client, { book: name, out: one, bom: true });
      expected.push(...readCsv(one).map((r) => ({ address_book: name, ...r })));
    }
    expect(rows.map((r) => r.address_book)).toEqual(expected.map((r) => r.address_book));
    expect(rows).toEqual(expected);
  });

  it('writes a sheet per book in XLSX, in the unit\'s order, each with all its contacts', async () => {
    const summary = await exportAddressBooks(client, { all: true, out: path.join(dir, 'all.xlsx'), bom: true });
    expect(Object.entries(summary.sheets)).toEqual(Object.entries(SIZES));
  });
});
