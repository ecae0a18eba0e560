import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { startEmulator, type RunningEmulator } from '../../src/emulator/server.js';
import { startUiServer } from '../../src/ui/ui-server.js';
import { ContactCenterClient } from '../../src/zoom/client.js';
import { configFor } from '../support/emulator-client.js';
import { envFor, readCsv, readSummary, tempDir, writeFile } from '../support/import-env.js';
import { cliPath, runCli, type CliRun } from '../support/run-cli.js';
import { openUiSession, settledRun } from '../support/ui-session.js';

/**
 * One writer per run folder and per target, tried as users race: two commands started together
 * (real processes), two requests to the page at once. Whatever the timing, the target holds each
 * row once and the side that was refused says why.
 */

let emulator: RunningEmulator | undefined;
afterEach(async () => {
  await emulator?.close();
  emulator = undefined;
});

/** An emulator slow enough that two runs started together overlap, with an empty book `Book`. */
async function slowBook(latencyMs = 150): Promise<{ emulator: RunningEmulator; bookId: string }> {
  emulator = await startEmulator({ faults: { latencyMs } });
  const client = new ContactCenterClient(configFor(emulator));
  const unit = await client.createUnit({ unit_name: 'U' });
  const bookId = (await client.createAddressBook({ unit_id: unit.unit_id!, address_book_name: 'Book' })).address_book_id!;
  await client.close();
  return { emulator, bookId };
}

function contactsFile(dir: string, rows: number): string {
  const lines = ['name,phone,email'];
  for (let i = 0; i < rows; i++) lines.push(`Person ${i},+1212736${String(1000 + i)},p${i}@example.com`);
  return writeFile(dir, 'contacts.csv', `${lines.join('\n')}\n`);
}

/** Each phone number in the book, and how many contacts hold it. */
function holders(em: RunningEmulator, bookId: string): Map<string, number> {
  const counts = new Map<string, number>();
  for (const contact of em.store.addressBookContacts(bookId)) {
    for (const phone of contact.phones ?? []) counts.set(phone.phone_number ?? '', (counts.get(phone.phone_number ?? '') ?? 0) + 1);
  }
  return counts;
}

/** Runs two commands at the same moment. */
function together(a: readonly string[], b: readonly string[], env: NodeJS.ProcessEnv): Promise<[CliRun, CliRun]> {
  return Promise.all([runCli(a, { env, timeoutMs: 120_000 }), runCli(b, { env, timeoutMs: 120_000 })]);
}

/** The journal of a run, as far as it is written. */
const journalOf = (out: string) => (existsSync(path.join(out, 'journal.jsonl')) ? readFileSync(path.join(out, 'journal.jsonl'), 'utf8') : '');

/** Starts an import of `file` into `Book` and stops it with a spent daily quota once a batch is in: exit 75, resumable. */
async function stoppedRun(em: RunningEmulator, file: string, out: string, concurrency: number): Promise<void> {
  const child = spawn(process.execPath, [cliPath, 'import', 'address-book', file, '--book', 'Book', '--out', out, '--quiet', '--concurrency', String(concurrency)], {
    env: { ...process.env, ...envFor(em) },
    stdio: 'ignore',
  });
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  for (const until = Date.now() + 30_000; !/"ack":\[\d/.test(journalOf(out)) && Date.now() < until; ) await new Promise((r) => setTimeout(r, 20));
  em.setFaults({ forceDailyLimit: true });
  expect(await exited).toBe(75);
  em.setFaults({ forceDailyLimit: false });
}

const refusedLine = /ccbulk: .*being written by another ccbulk run|ccbulk: Another ccbulk run is writing to the out folder/;

describe('one writer per target and per run folder', () => {
  it('refuses the second of two imports of one file into one book started together, naming the first run', async () => {
    const { emulator: em, bookId } = await slowBook();
    const dir = tempDir();
    const file = contactsFile(dir, 300);
    const env = envFor(em);
    const [a, b] = await together(
      ['import', 'address-book', file, '--book', 'Book', '--out', path.join(dir, 'a'), '--quiet', '--concurrency', '2'],
      ['import', 'address-book', file, '--book', 'Book', '--out', path.join(dir, 'b'), '--quiet', '--concurrency', '2'],
      env,
    );
    const [winner, loser, loserDir, winnerDir] = a.code === 0 ? [a, b, 'b', 'a'] : [b, a, 'a', 'b'];
    expect(winner.code).toBe(0);
    expect(loser.code).toBe(1);
    expect(loser.stderr).toMatch(/The address book 'Book' \(id \S+\) is being written by another ccbulk run \(pid \d+ on host .+, started .+, out folder .+\)/);
    expect(loser.stderr).toContain(path.join(dir, winnerDir));
    expect(loser.stderr).toContain('Nothing was sent');
    // The refused run wrote no journal and no results: nothing to resume, nothing to confuse.
    expect(existsSync(path.join(dir, loserDir, 'journal.jsonl'))).toBe(false);
    const counts = holders(em, bookId);
    expect(counts.size).toBe(300);
    expect([...counts.values()].every((n) => n === 1)).toBe(true);
  });

  it('refuses the second of two imports into one out folder started together, and keeps the first run whole', async () => {
    const { emulator: em, bookId } = await slowBook();
    const dir = tempDir();
    const file = contactsFile(dir, 200);
    const env = envFor(em);
    const out = path.join(dir, 'run');
    // Dry runs take no target lock: only the folder's lock can keep them apart.
    const [a, b] = await together(
      ['import', 'address-book', file, '--book', 'Book', '--out', out, '--quiet', '--dry-run'],
      ['import', 'address-book', file, '--book', 'Book', '--out', out, '--quiet', '--dry-run'],
      env,
    );
    const codes = [a.code, b.code].sort();
    expect(codes).toEqual([0, 1]);
    const loser = a.code === 1 ? a : b;
    expect(loser.stderr).toMatch(/Another ccbulk run is writing to the out folder .*run \(pid \d+ on host .+, started .+: ccbulk import address-book/);
    expect(readSummary(out).rows).toBe(200);
    expect(readCsv(path.join(out, 'results.csv'))).toHaveLength(200);
    expect(em.store.addressBookContacts(bookId)).toHaveLength(0);
  });

  it('lets only one of two resumes of a stopped run started together send, and each row is created once', async () => {
    const { emulator: em, bookId } = await slowBook(100);
    const dir = tempDir();
    const file = contactsFile(dir, 400);
    const env = envFor(em);
    const out = path.join(dir, 'run');
    await stoppedRun(em, file, out, 2);

    const [a, b] = await together(['resume', out, '--quiet'], ['resume', out, '--quiet'], env);
    // One finishes the run; the other is refused while it holds the folder, or finds it complete.
    const codes = [a.code, b.code].sort();
    expect(codes[0]).toBe(0);
    const other = a.code === 0 && b.code !== 0 ? b : b.code === 0 && a.code !== 0 ? a : undefined;
    if (other !== undefined) expect(other.stderr).toMatch(refusedLine);
    else expect(`${a.stdout}${b.stdout}`).toContain('already complete: nothing to resume');
    const counts = holders(em, bookId);
    expect(counts.size).toBe(400);
    expect([...counts.values()].every((n) => n === 1)).toBe(true);
    expect(readCsv(path.join(out, 'results.csv'))).toHaveLength(400);
    expect(readSummary(out).succeeded).toBe(400);
  });

  it('resumes into the book the run resolved, by id: a book deleted and made again under its name is refused, nothing sent', async () => {
    const { emulator: em, bookId } = await slowBook(100);
    const dir = tempDir();
    const file = contactsFile(dir, 300);
    const env = envFor(em);
    const out = path.join(dir, 'run');
    await stoppedRun(em, file, out, 1);
    // The journal names the book by the id it resolved, not by the name typed.
    expect(journalOf(out)).toContain(`"target":{"kind":"address-book","id":"${bookId}","name":"Book"}`);

    // Someone deletes the book and makes a new one with the same name.
    const unitId = em.store.booksById.get(bookId)!.unit_id!;
    em.store.booksById.delete(bookId);
    const client = new ContactCenterClient(configFor(em));
    const newId = (await client.createAddressBook({ unit_id: unitId, address_book_name: 'Book' })).address_book_id!;
    await client.close();
    const resumed = await runCli(['resume', out, '--quiet'], { env });
    expect(resumed.code).toBe(1);
    expect(resumed.stderr).toBe(`ccbulk: Cannot resume the run in ${out}: the address book it writes to, 'Book' (id ${bookId}), no longer exists. Nothing was sent\n`);
    expect(em.store.addressBookContacts(newId)).toHaveLength(0);
  });

  it('exits with the run\'s own code when asked to resume a run that is already complete', async () => {
    const { emulator: em } = await slowBook(0);
    const dir = tempDir();
    const file = writeFile(dir, 'c.csv', 'name,phone\nAnn,+12127361000\nBroken,555-12\n');
    const env = envFor(em);
    const out = path.join(dir, 'run');
    expect((await runCli(['import', 'address-book', file, '--book', 'Book', '--out', out, '--quiet'], { env })).code).toBe(2);
    const again = await runCli(['resume', out, '--quiet'], { env });
    expect(again.stdout).toContain('already complete: nothing to resume');
    expect(again.stdout).toContain('It rejected 1 rows');
    expect(again.code).toBe(2);
  });

  it('refuses, from the page, a second start on a target being written and a second resume of a run, with 409', async () => {
    const { emulator: em, bookId } = await slowBook(150);
    const client = new ContactCenterClient(configFor(em));
    const workDir = tempDir('ccbulk-ui-');
    const ui = await startUiServer({ client, workDir, concurrency: 1 });
    try {
      const session = await openUiSession(ui);
      expect((await session.post('/api/job', { job: 'address-book', mode: 'create', target: bookId })).status).toBe(200);
      expect((await session.upload(contactsFile(tempDir(), 300))).status).toBe(200);
      // A double click: two requests at once.
      const [first, second] = await Promise.all([session.post('/api/run', {}), session.post('/api/run', {})]);
      expect([first.status, second.status].sort()).toEqual([202, 409]);
      const refused = first.status === 409 ? first : second;
      expect(((await refused.json()) as { error: string }).error).toMatch(/is being written by the run/);
      const { id } = (await (first.status === 202 ? first : second).json()) as { id: string };
      // Stop it half-way, then double-click Resume.
      await new Promise((r) => setTimeout(r, 1500));
      expect((await session.post(`/api/runs/${id}/stop`, {})).status).toBe(202);
      expect((await settledRun(session, id)).status).toBe('stopped');
      const [r1, r2] = await Promise.all([session.post(`/api/runs/${id}/resume`, {}), session.post(`/api/runs/${id}/resume`, {})]);
      expect([r1.status, r2.status].sort()).toEqual([202, 409]);
      const view = await settledRun(session, id);
      expect(view.status).toBe('done');
      expect(view.summary?.['succeeded']).toBe(300);
      const counts = holders(em, bookId);
      expect(counts.size).toBe(300);
      expect([...counts.values()].every((n) => n === 1)).toBe(true);
      expect(readCsv(path.join(workDir, 'runs', id, 'results.csv'))).toHaveLength(300);
    } finally {
      await ui.close();
      await client.close();
    }
  });

  it('refuses a run from another process while the page writes the same book, naming the page\'s run', async () => {
    const { emulator: em, bookId } = await slowBook(150);
    const client = new ContactCenterClient(configFor(em));
    const workDir = tempDir('ccbulk-ui-');
    const ui = await startUiServer({ client, workDir, concurrency: 1 });
    try {
      const session = await openUiSession(ui);
      await session.post('/api/job', { job: 'address-book', mode: 'create', target: bookId });
      const dir = tempDir();
      const file = contactsFile(dir, 1500);
      await session.upload(file);
      const { id } = (await (await session.post('/api/run', {})).json()) as { id: string };
      // Under way: its first contacts are in the book.
      for (const until = Date.now() + 20_000; em.store.addressBookContacts(bookId).length === 0 && Date.now() < until; ) await new Promise((r) => setTimeout(r, 20));
      const cli = await runCli(['import', 'address-book', file, '--book', bookId, '--out', path.join(dir, 'cli'), '--quiet'], { env: envFor(em) });
      expect(cli.code).toBe(1);
      expect(cli.stderr).toMatch(/being written by another ccbulk run \(pid \d+ .*ccbulk ui|out folder .*runs/);
      expect((await settledRun(session, id)).status).toBe('done');
      expect(holders(em, bookId).size).toBe(1500);
      expect([...holders(em, bookId).values()].every((n) => n === 1)).toBe(true);
    } finally {
      await ui.close();
      await client.close();
    }
  });
});
