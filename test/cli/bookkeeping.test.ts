import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { startEmulator, type RunningEmulator } from '../../src/emulator/server.js';
import { importAddressBook } from '../../src/library.js';
import { ContactCenterClient } from '../../src/zoom/client.js';
import { configFor } from '../support/emulator-client.js';
import { envFor, readSummary, tempDir, writeFile } from '../support/import-env.js';
import { cliPath, runCli } from '../support/run-cli.js';

/** What a run says of itself: options it would ignore, a sync's guard, its deletes, every leg of a resumed run. */

let emulator: RunningEmulator | undefined;
afterEach(async () => {
  await emulator?.close();
  emulator = undefined;
});

async function bookWith(rows: number, latencyMs = 0): Promise<{ em: RunningEmulator; env: NodeJS.ProcessEnv; dir: string; file: string }> {
  emulator = await startEmulator({ faults: { latencyMs } });
  const client = new ContactCenterClient(configFor(emulator));
  const unit = await client.createUnit({ unit_name: 'U' });
  await client.createAddressBook({ unit_id: unit.unit_id!, address_book_name: 'Book' });
  await client.close();
  const dir = tempDir();
  const file = writeFile(dir, 'c.csv', ['name,phone', ...Array.from({ length: rows }, (_, i) => `Person ${i},+1212736${1000 + i}`)].join('\n') + '\n');
  return { em: emulator, env: envFor(emulator), dir, file };
}

describe('what a run says of itself', () => {
  it('refuses an option its mode would ignore, from the command line and from code, naming the mode that takes it', async () => {
    const { env, dir, file } = await bookWith(3);
    const cli = await runCli(['import', 'address-book', file, '--book', 'Book', '--delete-missing', '--out', path.join(dir, 'a')], { env });
    expect(cli.code).toBe(1);
    expect(cli.stderr).toBe("ccbulk: `--delete-missing` applies only to `--mode sync`, and this run's mode is create: leave it out, or choose that mode\n");
    const lanes = await runCli(['import', 'address-book', file, '--book', 'Book', '--mode', 'update', '--lanes', 'batch', '--out', path.join(dir, 'b')], { env });
    expect(lanes.stderr).toContain('`--lanes` applies only to `--mode create`');
    const sheet = await runCli(['import', 'address-book', file, '--book', 'Book', '--sheet', '2', '--out', path.join(dir, 'c')], { env });
    expect(sheet.code).toBe(1);
    expect(sheet.stderr).toContain(`\`--sheet\` picks a sheet of a workbook (.xlsx), and ${file} is a CSV file`);
    await expect(importAddressBook({ file, book: 'Book', outDir: path.join(dir, 'd'), replaceLists: true, client: new ContactCenterClient(configFor(emulator!)) })).rejects.toThrow(
      "`replaceLists` applies only to mode `update` or mode `upsert`, and this run's mode is create",
    );
  });

  it('refuses a --book that is one book\'s id and another book\'s name, naming both, and sends nothing', async () => {
    const { em, env, dir, file } = await bookWith(3);
    const client = new ContactCenterClient(configFor(em));
    const unit = await client.createUnit({ unit_name: 'V' });
    const first = (await client.createAddressBook({ unit_id: unit.unit_id!, address_book_name: 'First' })).address_book_id!;
    // Someone named a book after the first one's id.
    const second = (await client.createAddressBook({ unit_id: unit.unit_id!, address_book_name: first })).address_book_id!;
    await client.close();
    const run = await runCli(['import', 'address-book', file, '--book', first, '--out', path.join(dir, 'x')], { env });
    expect(run.code).toBe(1);
    expect(run.stderr).toBe(`ccbulk: '${first}' is the id of one address book and the name of another (id ${second}): give the id of the one you mean with --book, or rename one\n`);
    expect(em.store.addressBookContacts(first)).toHaveLength(0);
    expect(em.store.addressBookContacts(second)).toHaveLength(0);
    // The other's id is not a name of anything: it resolves.
    expect((await runCli(['import', 'address-book', file, '--book', second, '--out', path.join(dir, 'y'), '--quiet'], { env })).code).toBe(0);
    expect(em.store.addressBookContacts(second)).toHaveLength(3);
  });

  it('writes summary.json when a sync is refused by its guard, and lets the same command run again into that folder', async () => {
    const { env, dir, file } = await bookWith(10);
    const out = path.join(dir, 'sync');
    expect((await runCli(['import', 'address-book', file, '--book', 'Book', '--out', path.join(dir, 'first'), '--quiet'], { env })).code).toBe(0);
    // Night 2: the file lost 6 of the 10.
    const fewer = writeFile(dir, 'fewer.csv', ['name,phone', ...Array.from({ length: 4 }, (_, i) => `Person ${i},+1212736${1000 + i}`)].join('\n') + '\n');
    const refused = await runCli(['import', 'address-book', fewer, '--book', 'Book', '--mode', 'sync', '--delete-missing', '--out', out, '--quiet'], { env });
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/Refusing to delete 6 of the 10 contacts not in the file/);
    expect(readSummary(out)).toMatchObject({ refused: true, rows: 4, succeeded: 0, rejected: 0, pending: 4, sync: { unchanged: 4, notInFile: 6, deleted: 0 } });
    expect(String(readSummary(out)['stoppedBy'])).toMatch(/^refused before anything was sent: Refusing to delete 6/);
    // The person raises the guard and runs the same command into the same folder; the summary says what was deleted.
    const again = await runCli(['import', 'address-book', fewer, '--book', 'Book', '--mode', 'sync', '--delete-missing', '--max-delete', '60%', '--out', out], { env });
    expect(again.code).toBe(0);
    expect(again.stdout).toMatch(/ {2}not in file 6: 6 deleted, 0 kept {2}→ .*not-in-file\.csv/);
    expect(readSummary(out)).toMatchObject({ sync: { deleted: 6 } });
    expect(readSummary(out)['refused']).toBeUndefined();
  });

  it('counts the requests and time of every leg of a resumed run in its summary', async () => {
    const { em, env, dir, file } = await bookWith(600, 100);
    const out = path.join(dir, 'run');
    const child = spawn(process.execPath, [cliPath, 'import', 'address-book', file, '--book', 'Book', '--out', out, '--concurrency', '1', '--lanes', 'batch', '--quiet'], {
      env: { ...process.env, ...env },
      stdio: 'ignore',
    });
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    const journal = () => (existsSync(path.join(out, 'journal.jsonl')) ? readFileSync(path.join(out, 'journal.jsonl'), 'utf8') : '');
    for (const until = Date.now() + 30_000; !/"ack":\[\d/.test(journal()) && Date.now() < until; ) await new Promise((r) => setTimeout(r, 20));
    em.setFaults({ forceDailyLimit: true });
    expect(await exited).toBe(75);
    em.setFaults({ forceDailyLimit: false });
    const first = readSummary(out) as unknown as { requests: number; elapsedMs: number };
    em.resetStats();
    const resumed = await runCli(['resume', out, '--quiet'], { env });
    expect(resumed.code).toBe(0);
    const whole = readSummary(out) as unknown as { requests: number; elapsedMs: number; legs: number; succeeded: number };
    expect(whole.succeeded).toBe(600);
    expect(whole.legs).toBe(2);
    const secondLeg = em.stats().total;
    expect(whole.requests).toBe(first.requests + secondLeg);
    expect(whole.elapsedMs).toBeGreaterThan(first.elapsedMs);
  });
});
