import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startEmulator, type RunningEmulator } from '../../src/emulator/server.js';
import { ContactCenterClient } from '../../src/zoom/client.js';
import { configFor } from '../support/emulator-client.js';
import { envFor, readSummary, tempDir, writeFile } from '../support/import-env.js';
import { runCli } from '../support/run-cli.js';

let emulator: RunningEmulator;
let dir: string;

beforeEach(async () => {
  emulator = await startEmulator({ seed: 17 });
  const client = new ContactCenterClient(configFor(emulator));
  const unit = await client.createUnit({ unit_name: 'U' });
  await client.createAddressBook({ unit_id: unit.unit_id!, address_book_name: 'Book' });
  await client.close();
  dir = tempDir();
});

afterEach(async () => {
  await emulator.close();
});

describe('--max-rejects on an import', () => {
  it('stops a mostly bad file resumably once more rows than allowed are rejected, naming the top reason', async () => {
    const rows = ['name,phone', ...Array.from({ length: 40 }, (_, i) => (i % 4 === 0 ? `Good ${i},+1212736${String(2000 + i)}` : `Bad ${i},555-1${i}`))];
    const file = writeFile(dir, 'bad.csv', rows.join('\n'));
    const out = path.join(dir, 'run');
    const run = await runCli(['import', 'address-book', file, '--book', 'Book', '--out', out, '--quiet', '--max-rejects', '5'], { env: envFor(emulator) });
    expect(run.code).toBe(75);
    const said = run.stderr.match(/(\d+) of (\d+) rows read were rejected, more than `--max-rejects 5` allows \(5\): (\d+) × phone: not a valid number for US/);
    expect(said, run.stderr).not.toBeNull();
    // The message and summary.json count the same rows: those whose outcome the run recorded.
    const summary = readSummary(out);
    expect(Number(said![1])).toBe(summary.rejected);
    expect(Number(said![3])).toBe(summary.rejected);
    expect(Number(said![2])).toBe(summary.rows);
    expect(summary.rejected).toBeGreaterThan(5);
    expect(summary.pending).toBeGreaterThan(0);
  });

  it('says in its stop message the count summary.json holds, when the row that passes the threshold holds two bad numbers', async () => {
    const client = new ContactCenterClient(configFor(emulator));
    await client.createCampaignContactList({ contact_list_name: 'Do not call', contact_list_type: 'do_not_contact' });
    await client.close();
    const rows = ['name,phone,mobile', ...Array.from({ length: 40 }, (_, i) => `Bad ${i},555-1${i},555-2${i}`)];
    const file = writeFile(dir, 'bad-dnc.csv', rows.join('\n'));
    const out = path.join(dir, 'dnc-run');
    const run = await runCli(['import', 'dnc', file, '--list', 'Do not call', '--out', out, '--quiet', '--max-rejects', '5'], { env: envFor(emulator) });
    expect(run.code).toBe(75);
    const summary = readSummary(out);
    const said = run.stderr.match(/(\d+) of (\d+) numbers read \(in (\d+) rows\) were rejected, more than `--max-rejects 5` allows \(5\)/);
    expect(said, run.stderr).not.toBeNull();
    expect(Number(said![1])).toBe(summary.rejected);
    expect(Number(said![2])).toBe(summary.items);
    expect(Number(said![3])).toBe(summary.rows);
  });

  it('refuses a threshold that is neither a count nor a percentage', async () => {
    const file = writeFile(dir, 'one.csv', 'name,phone\nA,+12127362000\n');
    const run = await runCli(['import', 'address-book', file, '--book', 'Book', '--out', path.join(dir, 'x'), '--max-rejects', 'lots'], { env: envFor(emulator) });
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('Expected `--max-rejects` to be a count (`500`) or a percentage (`10%`), got `lots`');
  });
});
