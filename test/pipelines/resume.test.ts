import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { startEmulator, type RunningEmulator } from '../../src/emulator/server.js';
import { ContactCenterClient } from '../../src/zoom/client.js';
import { configFor } from '../support/emulator-client.js';
import { envFor, readCsv, readSummary, tempDir, writeFile } from '../support/import-env.js';
import { cliPath, runCli } from '../support/run-cli.js';
import { unguardFormula } from '../../src/transforms/formula-guard.js';

let emulator: RunningEmulator | undefined;
afterEach(async () => {
  await emulator?.close();
  emulator = undefined;
});

/** A file of valid, unique contacts, with a few bad rows in between. */
function contactsFile(dir: string, rows: number): string {
  const lines = ['name,phone,email'];
  for (let i = 0; i < rows; i++) {
    if (i % 25 === 7) lines.push(`Broken ${i},555-12,`);
    else lines.push(`Person ${i},+1212736${String(1000 + i)},p${i}@example.com`);
  }
  return writeFile(dir, 'contacts.csv', `${lines.join('\n')}\n`);
}

async function setUp(latencyMs: number): Promise<{ bookId: string; env: NodeJS.ProcessEnv }> {
  emulator = await startEmulator({ faults: { latencyMs } });
  const client = new ContactCenterClient(configFor(emulator));
  const unit = await client.createUnit({ unit_name: 'U' });
  const bookId = (await client.createAddressBook({ unit_id: unit.unit_id!, address_book_name: 'Book' })).address_book_id!;
  await client.close();
  return { bookId, env: envFor(emulator) };
}

/** Every row of the file exactly once across results and rejects; the book holds exactly the results, once each. */
function expectAccountedFor(out: string, rows: number, bookId: string): void {
  const results = readCsv(path.join(out, 'results.csv'));
  const rejects = readCsv(path.join(out, 'rejects.csv'));
  const lines = [...results, ...rejects].map((r) => Number(r._line)).sort((a, b) => a - b);
  expect(lines).toEqual(Array.from({ length: rows }, (_, i) => i + 2));
  const stored = emulator!.store.addressBookContacts(bookId);
  expect(new Set(stored.map((c) => c.contact_id))).toEqual(new Set(results.map((r) => unguardFormula(r._id!))));
  const numbers = stored.flatMap((c) => (c.phones ?? []).map((p) => p.phone_number));
  expect(new Set(numbers).size).toBe(numbers.length);
  const summary = readSummary(out);
  expect(summary).toMatchObject({ rows, succeeded: results.length, rejected: rejects.length });
  expect(summary.pending).toBeUndefined();
}

function readJournal(out: string): string {
  try {
    return readFileSync(path.join(out, 'journal.jsonl'), 'utf8');
  } catch {
    return '';
  }
}

async function waitFor(condition: () => boolean, timeoutMs = 20_000): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > until) throw new Error('timed out waiting for the run to get under way');
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

function startImport(file: string, out: string, env: NodeJS.ProcessEnv) {
  const child = spawn(process.execPath, [cliPath, 'import', 'address-book', file, '--book', 'Book', '--out', out, '--quiet', '--concurrency', '2'], {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code, signal) => resolve(code ?? (signal ? -1 : null))));
  return { child, exited, output: () => ({ stdout, stderr }) };
}

describe('stopping and resuming an import', () => {
  it('stops cleanly on SIGINT with exit 75 and the resume command, and resume finishes the rest', async () => {
    // 20 batches of 10 at 300 ms, two at a time: about 3 s of sending.
    const { bookId, env } = await setUp(300);
    const dir = tempDir();
    const file = contactsFile(dir, 200);
    const out = path.join(dir, 'run');
    const run = startImport(file, out, env);
    // Once some batches are acknowledged, ask it to stop.
    await waitFor(() => /"ack":\[\d/.test(readJournal(out)));
    run.child.kill('SIGINT');
    expect(await run.exited).toBe(75);
    expect(run.output().stderr).toContain(`Resume with: ccbulk resume ${out}`);
    const stopped = readSummary(out);
    expect(stopped.pending).toBeGreaterThan(0);
    expect(stopped.stoppedBy).toBe('stopped on request');

    const resumed = await runCli(['resume', out, '--quiet'], { env });
    expect(resumed.stderr).toBe('');
    expect(resumed.code).toBe(2);
    expectAccountedFor(out, 200, bookId);
    expect(statSync(path.join(out, 'journal.jsonl')).mode & 0o777).toBe(0o600);
    expect((await runCli(['resume', out], { env })).stdout).toMatch(/already complete/);
  }, 60_000);

  it('stops at a spent daily quota with exit 75, says when it resets, and resumes after it', async () => {
    const { bookId, env } = await setUp(300);
    const dir = tempDir();
    const file = contactsFile(dir, 150);
    const out = path.join(dir, 'run');
    const run = startImport(file, out, env);
    // Once some batches are acknowledged (the run is under way), the day's quota runs out.
    await waitFor(() => /"ack":\[\d/.test(readJournal(out)));
    emulator!.setFaults({ forceDailyLimit: true });
    expect(await run.exited).toBe(75);
    expect(run.output().stderr).toMatch(/daily MEDIUM API quota is used up.*The quota resets at \d{4}-\d\d-\d\dT.* Resume with: ccbulk resume /);
    emulator!.setFaults({ forceDailyLimit: false });
    const resumed = await runCli(['resume', out, '--quiet'], { env });
    expect(resumed.code).toBe(2);
    expectAccountedFor(out, 150, bookId);
  }, 60_000);

  it('exits 75 with the reset time when the quota is spent before the run begins', async () => {
    const { bookId, env } = await setUp(0);
    emulator!.setFaults({ forceDailyLimit: true });
    const dir = tempDir();
    const run = await runCli(['import', 'address-book', contactsFile(dir, 20), '--book', 'Book', '--out', path.join(dir, 'run')], { env });
    expect(run.code).toBe(75);
    expect(run.stderr.trim()).toMatch(/^ccbulk: The account's daily (LIGHT|MEDIUM) API quota is used up .*\. It resets at \d{4}-.*\. Nothing was sent: run the command again then\.$/);
    expect(emulator!.store.addressBookContacts(bookId)).toHaveLength(0);
  });

  it('refuses to resume against an input file that changed', async () => {
    const { env } = await setUp(300);
    const dir = tempDir();
    const file = contactsFile(dir, 200);
    const out = path.join(dir, 'run');
    const run = startImport(file, out, env);
    await waitFor(() => /"ack":\[\d/.test(readJournal(out)));
    run.child.kill('SIGTERM');
    expect(await run.exited).toBe(75);
    writeFileSync(file, 'name,phone\nSomeone else,+12127369999\n');
    const resumed = await runCli(['resume', out], { env });
    expect(resumed.code).toBe(1);
    expect(resumed.stderr.trim()).toMatch(/^ccbulk: Cannot resume: the input .*contacts\.csv is not the file the run started with \(its size changed from \d+ to \d+ bytes\)$/);
  }, 60_000);
});

describe('an out folder that holds an earlier run', () => {
  it('refuses a new import into the out folder of a stopped run, naming `ccbulk resume`, and sends nothing', async () => {
    const { bookId, env } = await setUp(300);
    const dir = tempDir();
    const file = contactsFile(dir, 200);
    const out = path.join(dir, 'run');
    const run = startImport(file, out, env);
    await waitFor(() => /"ack":\[\d/.test(readJournal(out)));
    run.child.kill('SIGINT');
    expect(await run.exited).toBe(75);
    const journal = readJournal(out);
    const stored = emulator!.store.addressBookContacts(bookId).length;

    for (const extra of [[], ['--dry-run']]) {
      const again = await runCli(['import', 'address-book', file, '--book', 'Book', '--out', out, '--quiet', ...extra], { env });
      expect(again.code).toBe(1);
      expect(again.stderr.trim()).toContain(`holds the files of an earlier import`);
      expect(again.stderr).toContain(`\`ccbulk resume ${out}\``);
    }
    expect(readJournal(out)).toBe(journal);
    expect(emulator!.store.addressBookContacts(bookId)).toHaveLength(stored);

    const resumed = await runCli(['resume', out, '--quiet'], { env });
    expect(resumed.code).toBe(2);
    expectAccountedFor(out, 200, bookId);
  }, 60_000);

  it('refuses a new import into the out folder of a finished run, and lets a run replace a dry run\'s files', async () => {
    const { bookId, env } = await setUp(0);
    const dir = tempDir();
    const file = contactsFile(dir, 30);
    const out = path.join(dir, 'run');
    const args = ['import', 'address-book', file, '--book', 'Book', '--out', out, '--quiet'];
    expect((await runCli([...args, '--dry-run'], { env })).code).toBe(2);
    expect((await runCli([...args, '--dry-run'], { env })).code).toBe(2);
    expect((await runCli(args, { env })).code).toBe(2);
    const stored = emulator!.store.addressBookContacts(bookId).length;
    const again = await runCli(args, { env });
    expect(again.code).toBe(1);
    expect(again.stderr).toMatch(/holds the files of an earlier import .*that import finished: give a new `--out` folder/);
    expect(emulator!.store.addressBookContacts(bookId)).toHaveLength(stored);
    expectAccountedFor(out, 30, bookId);
  });
});

describe('refusing a journal it cannot trust', () => {
  /** An out folder whose journal says an address book import started with `options`, then sent one batch. */
  function journalOf(options: Record<string, unknown>, ...more: string[]): string {
    const out = path.join(tempDir(), 'run');
    const start = {
      t: 'start',
      version: 1,
      job: 'address-book',
      mode: 'create',
      input: { path: path.join(out, 'contacts.csv'), size: 10, mtimeMs: 0, head: '00' },
      options,
      at: '2025-01-01T00:00:00.000Z',
    };
    mkdirSync(out, { recursive: true });
    writeFileSync(path.join(out, 'journal.jsonl'), `${[JSON.stringify(start), ...more].join('\n')}\n`);
    return out;
  }
  const saved = { file: 'contacts.csv', book: 'Book', mode: 'create', country: 'US', encoding: 'auto', delimiter: 'auto', dryRun: false, concurrency: 2, plan: 'business' };

  it('refuses saved options that no command line could have given, naming the out folder and the field', async () => {
    const out = journalOf({ ...saved, concurrency: 0 });
    const run = await runCli(['resume', out]);
    expect(run.code).toBe(1);
    expect(run.stderr.trim()).toBe(
      `ccbulk: Cannot resume the run in ${out}: its journal's saved option \`concurrency\`: Expected \`--concurrency\` to be an integer from 1 to 64, got \`0\``,
    );
  });

  it('refuses a journal with a damaged line in the middle, naming journal.jsonl and the line', async () => {
    const out = journalOf(saved, '{"t":"sent","b":0,"k":[0,1', '{"t":"sent","b":1,"k":[2,3]}');
    const run = await runCli(['resume', out]);
    expect(run.code).toBe(1);
    expect(run.stderr.trim()).toMatch(/^ccbulk: .*run[\\/]journal\.jsonl line 2 is damaged: it is not JSON/);
  });
});

/** Seeded so that a failure can be replayed: trial n always kills at the same moment. */
function killDelay(trial: number): number {
  let x = (trial + 1) * 2654435761;
  x ^= x >>> 13;
  x = Math.imul(x, 0x5bd1e995);
  return 500 + (Math.abs(x) % 1800);
}

const trials = Number(process.env.CCBULK_CRASH_TRIALS ?? 20);
const outcomes: string[] = [];
afterAll(() => {
  if (outcomes.length === 0) return;
  const counts = outcomes.reduce<Record<string, number>>((acc, o) => ({ ...acc, [o]: (acc[o] ?? 0) + 1 }), {});
  console.log(`crash suite: ${outcomes.length} trials: ${JSON.stringify(counts)}`);
});

function readSummaryIfAny(out: string): boolean {
  return existsSync(path.join(out, 'summary.json'));
}

describe(`crash suite: SIGKILL at seeded random points, then resume (${trials} trials)`, () => {
  it.each(Array.from({ length: trials }, (_, i) => i))('trial %i: every row once, the book holds exactly the results, no duplicates', async (trial) => {
    // 20 batches at 120 ms, two at a time, after ~0.5 s of start-up: the kill lands anywhere.
    const { bookId, env } = await setUp(120);
    const dir = tempDir();
    const rows = 200;
    const file = contactsFile(dir, rows);
    const out = path.join(dir, 'run');
    const run = startImport(file, out, env);
    await new Promise((resolve) => setTimeout(resolve, killDelay(trial)));
    run.child.kill('SIGKILL');
    const code = await run.exited;
    outcomes.push(code === -1 ? (readSummaryIfAny(out) ? 'killed after the run ended' : 'killed mid-run') : `finished first (${code})`);
    // Killed, or finished before the kill came: either way resume leaves the same state.
    const resumed = await runCli(['resume', out, '--quiet'], { env });
    if (resumed.code === 1 && /holds no ccbulk run journal/.test(resumed.stderr)) {
      // Killed before the journal existed: nothing was sent; the run starts afresh.
      expect(emulator!.store.addressBookContacts(bookId)).toHaveLength(0);
      const again = await runCli(['import', 'address-book', file, '--book', 'Book', '--out', out, '--quiet'], { env });
      expect(again.code, again.stderr).toBe(2);
    } else {
      expect([0, 2], `${resumed.stderr} (first run: ${code})`).toContain(resumed.code === 0 && /already complete/.test(resumed.stdout) ? 2 : resumed.code);
    }
    expectAccountedFor(out, rows, bookId);
  }, 60_000);
});
