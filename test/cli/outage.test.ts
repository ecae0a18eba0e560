import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { startEmulator, type RunningEmulator } from '../../src/emulator/server.js';
import { Journal } from '../../src/writers/journal.js';
import { expectBookMatchesResults, generatedContacts, readOutcome, recordLines } from '../faults/fault-bed.js';
import { configFor, newAddressBook } from '../support/emulator-client.js';
import { envFor, readSummary, tempDir, writeFile } from '../support/import-env.js';
import { cliPath, runCli } from '../support/run-cli.js';
import { ContactCenterClient } from '../../src/zoom/client.js';

let running: RunningEmulator[] = [];
afterEach(async () => {
  await Promise.all(running.map((e) => e.close().catch(() => undefined)));
  running = [];
});

/** A loopback port nothing listens on: connections to it are refused. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

async function bookOn(emulator: RunningEmulator): Promise<string> {
  const client = new ContactCenterClient(configFor(emulator));
  try {
    return await newAddressBook(client, 'Customers');
  } finally {
    await client.close();
  }
}

const journalText = (out: string): string => (existsSync(path.join(out, 'journal.jsonl')) ? readFileSync(path.join(out, 'journal.jsonl'), 'utf8') : '');

async function waitFor(condition: () => boolean, timeoutMs = 30_000): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > until) throw new Error('timed out waiting for the run to get under way');
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

/** Starts an import into `out` and resolves with its exit code and output once it ends. */
function startImport(args: readonly string[], env: NodeJS.ProcessEnv): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const child = spawn(process.execPath, [cliPath, ...args], { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  return new Promise((resolve) => child.on('close', (code) => resolve({ code, stdout, stderr })));
}

describe('an import when Zoom cannot be reached', () => {
  it('exits 75 saying nothing was sent, and leaves no journal, when the OAuth server refuses connections', async () => {
    const emulator = await startEmulator({ seed: 80 });
    running.push(emulator);
    await bookOn(emulator);
    const dir = tempDir();
    const file = writeFile(dir, 'one.csv', 'name,phone\nAda,+12127361000\n');
    const out = path.join(dir, 'out');
    const port = await closedPort();
    const run = await runCli(['import', 'address-book', file, '--book', 'Customers', '--out', out, '--quiet'], {
      env: { ...envFor(emulator), ZOOM_OAUTH_URL: `http://127.0.0.1:${port}/oauth/token` },
      timeoutMs: 60_000,
    });
    expect(run.stderr).toMatch(/^ccbulk: OAuth token request to \S+ failed: ECONNREFUSED\. Nothing was sent: run the command again\.\n$/);
    expect(run.code).toBe(75);
    expect(existsSync(path.join(out, 'journal.jsonl'))).toBe(false);
  }, 60_000);

  // Connection refused is retried with backoff (6 attempts, about 14 s).
  it('exits 75 saying nothing was sent, and leaves no journal, when the API refuses connections before the run begins', async () => {
    const emulator = await startEmulator({ seed: 81 });
    running.push(emulator);
    await bookOn(emulator);
    const dir = tempDir();
    const file = writeFile(dir, 'one.csv', 'name,phone\nAda,+12127361000\n');
    const out = path.join(dir, 'out');
    const port = await closedPort();
    const run = await runCli(['import', 'address-book', file, '--book', 'Customers', '--out', out, '--quiet'], {
      env: { ...envFor(emulator), ZOOM_API_URL: `http://127.0.0.1:${port}/v2` },
      timeoutMs: 60_000,
    });
    expect(run.stderr).toMatch(/^ccbulk: GET \S+ at 127\.0\.0\.1:\d+ failed without an answer: ECONNREFUSED \(gave up after 6 attempts\)\. Nothing was sent: run the command again\.\n$/);
    expect(run.code).toBe(75);
    expect(existsSync(path.join(out, 'journal.jsonl'))).toBe(false);
  }, 60_000);

  it('stops resumably when the API goes away mid-run, rejecting no row for it, and the resume once it is back writes every row once', async () => {
    const first = await startEmulator({ seed: 82, faults: { latencyMs: 50 } });
    running.push(first);
    const bookId = await bookOn(first);
    const port = Number(new URL(first.baseUrl).port);
    const dir = tempDir();
    const file = generatedContacts(dir, 600);
    const out = path.join(dir, 'out');
    const run = startImport(['import', 'address-book', file, '--book', 'Customers', '--out', out, '--quiet', '--concurrency', '2'], envFor(first));
    await waitFor(() => (journalText(out).match(/"ack":\[\d/g) ?? []).length >= 3);
    await first.close();
    const stopped = await run;
    console.log(`[outage] stopped: exit ${stopped.code}; ${stopped.stderr.trim()}`);
    expect(stopped.stderr).not.toMatch(/\n\s+at /);
    expect(stopped.code).toBe(75);
    const { rejects } = readOutcome(out);
    expect(rejects.filter((r) => r._stage === 'api')).toEqual([]);
    const summary = readSummary(out);
    // What is left is counted against the file's 600 rows, not against the rows read.
    const done = (summary.succeeded as number) + (summary.rejected as number);
    expect(summary.fileRows).toBe(600);
    expect(stopped.stderr).toMatch(/^ccbulk: [^\n]*failed without an answer[^\n]*; (\d+) of 600 rows done; (\d+) wait for the resume\. Resume with: ccbulk resume \S+\n$/);
    expect(stopped.stderr).toContain(`; ${done} of 600 rows done; ${600 - done} wait for the resume.`);
    expect(summary.pending).toBeGreaterThan(0);
    expect(summary.rows).toBe(summary.succeeded + summary.rejected + (summary.pending as number));
    const state = await Journal.read(out);
    const unsent = (journalText(out).match(/"t":"unsent"/g) ?? []).length;
    console.log(`[outage] journal: ${state.done.size} done, ${state.unsure.size} of unknown outcome; unsent entries: ${unsent}`);
    // Batches whose every connection was refused were never sent: the journal says so.
    expect(unsent).toBeGreaterThan(0);

    const again = await startEmulator({ port, store: first.store, seed: 83 });
    running.push(again);
    const resumed = await runCli(['resume', out, '--quiet'], { env: envFor(again), timeoutMs: 120_000 });
    expect(resumed.stderr).toBe('');
    expect(resumed.code).toBe(0);
    const outcome = readOutcome(out);
    expect(outcome.rejects).toEqual([]);
    expect(outcome.results.map((r) => Number(r._line)).sort((a, b) => a - b)).toEqual(recordLines(file));
    expectBookMatchesResults({ emulator: again, bookId, dir }, outcome);
    expect(readSummary(out)).toMatchObject({ rows: 600, succeeded: 600, rejected: 0 });
  }, 180_000);

  it('stops resumably (75, with the resume command) when every request is answered 5xx mid-run, and the resume finishes', async () => {
    const emulator = await startEmulator({ seed: 84, faults: { latencyMs: 50 } });
    running.push(emulator);
    const bookId = await bookOn(emulator);
    const dir = tempDir();
    const file = generatedContacts(dir, 400);
    const out = path.join(dir, 'out');
    const run = startImport(['import', 'address-book', file, '--book', 'Customers', '--out', out, '--quiet', '--concurrency', '2'], envFor(emulator));
    await waitFor(() => (journalText(out).match(/"ack":\[\d/g) ?? []).length >= 3);
    emulator.setFaults({ errorRate: 1 });
    const stopped = await run;
    console.log(`[5xx storm] stopped: exit ${stopped.code}; ${stopped.stderr.trim()}`);
    expect(stopped.stderr).toMatch(/^ccbulk: [^\n]*answered 5\d\d[^\n]*Resume with: ccbulk resume \S+\n$/);
    expect(stopped.code).toBe(75);
    expect(readOutcome(out).rejects.filter((r) => r._stage === 'api')).toEqual([]);
    expect(readSummary(out).pending).toBeGreaterThan(0);

    emulator.setFaults({ errorRate: 0 });
    const resumed = await runCli(['resume', out, '--quiet'], { env: envFor(emulator), timeoutMs: 120_000 });
    expect(resumed.stderr).toBe('');
    expect(resumed.code).toBe(0);
    const outcome = readOutcome(out);
    expect(outcome.results.map((r) => Number(r._line)).sort((a, b) => a - b)).toEqual(recordLines(file));
    expectBookMatchesResults({ emulator, bookId, dir }, outcome);
  }, 180_000);
});
