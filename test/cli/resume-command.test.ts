import { spawn } from 'node:child_process';
import { readFileSync, utimesSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { startEmulator, type RunningEmulator } from '../../src/emulator/server.js';
import { identityChange, inputIdentity } from '../../src/readers/input-identity.js';
import { Journal } from '../../src/writers/journal.js';
import { ContactCenterClient } from '../../src/zoom/client.js';
import { configFor } from '../support/emulator-client.js';
import { envFor, readCsv, readSummary, tempDir, writeFile } from '../support/import-env.js';
import { cliPath, runCli } from '../support/run-cli.js';

let emulator: RunningEmulator | undefined;
afterEach(async () => {
  await emulator?.close();
  emulator = undefined;
});

function contactsFile(dir: string, rows: number): string {
  const lines = ['name,phone,email'];
  for (let i = 0; i < rows; i++) {
    if (i % 25 === 7) lines.push(`Broken ${i},555-12,`);
    else lines.push(`Person ${i},+1212736${String(1000 + i)},p${i}@example.com`);
  }
  return writeFile(dir, 'contacts.csv', `${lines.join('\n')}\n`);
}

async function waitFor(condition: () => boolean, timeoutMs = 20_000): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > until) throw new Error('timed out waiting for the run to get under way');
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

const journalText = (out: string): string => {
  try {
    return readFileSync(path.join(out, 'journal.jsonl'), 'utf8');
  } catch {
    return '';
  }
};

describe('ccbulk resume', () => {
  it('resumes from another folder a run started with a relative path, after a daily limit, on a touched but identical file, exiting 2 for its rejects', async () => {
    emulator = await startEmulator({ faults: { latencyMs: 300 } });
    const client = new ContactCenterClient(configFor(emulator));
    const unit = await client.createUnit({ unit_name: 'U' });
    const bookId = (await client.createAddressBook({ unit_id: unit.unit_id!, address_book_name: 'Book' })).address_book_id!;
    await client.close();
    const env = envFor(emulator);
    const dir = tempDir();
    const file = contactsFile(dir, 150);
    const out = path.join(dir, 'run');

    // Started in the file's folder, with the relative path a person types.
    const child = spawn(process.execPath, [cliPath, 'import', 'address-book', 'contacts.csv', '--book', 'Book', '--out', 'run', '--quiet', '--concurrency', '2'], {
      cwd: dir,
      env: { ...process.env, ...env },
      stdio: 'ignore',
    });
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    await waitFor(() => /"ack":\[\d/.test(journalText(out)));
    emulator.setFaults({ forceDailyLimit: true });
    expect(await exited).toBe(75);

    // The batches the 429 refused were never applied: the journal says so, and nothing is left to check.
    expect(journalText(out)).toMatch(/"t":"unsent"/);
    expect((await Journal.read(out)).unsure.size).toBe(0);

    emulator.setFaults({ forceDailyLimit: false });
    const later = new Date(Date.now() + 60_000);
    utimesSync(file, later, later);
    const resumed = await runCli(['resume', out, '--quiet'], { env });
    expect(resumed.stderr).toBe('');
    expect(resumed.code).toBe(2);

    const results = readCsv(path.join(out, 'results.csv'));
    const rejects = readCsv(path.join(out, 'rejects.csv'));
    expect([...results, ...rejects].map((r) => Number(r._line)).sort((a, b) => a - b)).toEqual(Array.from({ length: 150 }, (_, i) => i + 2));
    expect(emulator.store.addressBookContacts(bookId)).toHaveLength(results.length);
    expect(readSummary(out)).toMatchObject({ rows: 150, succeeded: results.length, rejected: rejects.length });
  }, 60_000);

  it('tells a touched file with the same bytes from an edited one of the same size', async () => {
    const dir = tempDir();
    const file = writeFile(dir, 'a.csv', 'name,phone\nAda,+12127361000\n');
    const before = await inputIdentity(file);
    const later = new Date(Date.now() + 60_000);
    utimesSync(file, later, later);
    expect(identityChange(before, await inputIdentity(file))).toBeUndefined();
    writeFile(dir, 'a.csv', 'name,phone\nAdb,+12127361000\n');
    expect(identityChange(before, await inputIdentity(file))).toBe('its content changed');
  });
});
