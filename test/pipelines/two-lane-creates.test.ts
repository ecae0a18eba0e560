import { unguardFormula } from '../../src/transforms/formula-guard.js';
import { spawn } from 'node:child_process';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { startEmulator, type RunningEmulator } from '../../src/emulator/server.js';
import { importAddressBook } from '../../src/pipelines/address-book.js';
import { AddressBookSender } from '../../src/senders/address-book-sender.js';
import { ContactFinder } from '../../src/senders/contact-finder.js';
import { TwoLaneCreates } from '../../src/senders/two-lane-creates.js';
import { ContactCenterClient } from '../../src/zoom/client.js';
import { configFor, newAddressBook } from '../support/emulator-client.js';
import { envFor, readCsv, readSummary, tempDir, writeFile } from '../support/import-env.js';
import { cliPath, runCli } from '../support/run-cli.js';

let emulator: RunningEmulator | undefined;
let client: ContactCenterClient | undefined;
afterEach(async () => {
  await client?.close();
  await emulator?.close();
  client = undefined;
  emulator = undefined;
});

async function setUp(faults: Parameters<typeof startEmulator>[0] = {}): Promise<{ emulator: RunningEmulator; client: ContactCenterClient; bookId: string }> {
  emulator = await startEmulator({ seed: 19, ...faults });
  client = new ContactCenterClient(configFor(emulator), { backoffBaseMs: 5 });
  const bookId = await newAddressBook(client, 'Book');
  return { emulator, client, bookId };
}

/** Unique valid contacts, with a row the file itself refuses every 25. */
function contactsFile(dir: string, rows: number, name = 'contacts.csv'): string {
  const lines = ['name,phone,email'];
  for (let i = 0; i < rows; i++) {
    if (i % 25 === 7) lines.push(`Broken ${i},555-12,`);
    else lines.push(`Person ${i},+1212736${String(1000 + i)},p${i}@example.com`);
  }
  return writeFile(dir, name, `${lines.join('\n')}\n`);
}

/** A results or rejects file reduced to what must not depend on the lane: line, outcome, reason. */
function outcomeLines(out: string): string[] {
  const results = readCsv(path.join(out, 'results.csv')).map((r) => `${r._line} ${r._status} ${r._phones ?? ''}`);
  const rejects = readCsv(path.join(out, 'rejects.csv')).map((r) => `${r._line} rejected ${r._stage}: ${r._reason}`);
  return [...results, ...rejects].sort((a, b) => Number(a.split(' ')[0]) - Number(b.split(' ')[0]));
}

/** The book holds exactly the contacts results.csv names, each once, and no number twice. */
function expectBookMatchesResults(emu: RunningEmulator, bookId: string, out: string): void {
  // `_id` comes formula-guarded when an id starts with '-' (as Zoom's can): compare the id itself.
  const results = readCsv(path.join(out, 'results.csv')).map((r) => ({ ...r, _id: unguardFormula(r._id ?? '') }));
  const stored = emu.store.addressBookContacts(bookId);
  expect(results.every((r) => /^[\w-]+$/.test(r._id))).toBe(true);
  expect(new Set(stored.map((c) => c.contact_id))).toEqual(new Set(results.map((r) => r._id)));
  expect(stored).toHaveLength(results.length);
  const numbers = stored.flatMap((c) => (c.phones ?? []).map((p) => p.phone_number));
  expect(new Set(numbers).size).toBe(numbers.length);
}

describe('address book creates on two lanes', () => {
  it('gives the same outcome for every row as a batch-only run, with every created contact id recorded', async () => {
    const dir = tempDir();
    const file = contactsFile(dir, 300);
    const outcomes: Record<string, string[]> = {};
    const singles: Record<string, number> = {};
    for (const lanes of ['both', 'batch'] as const) {
      const { emulator: emu, client: c, bookId } = await setUp();
      const out = path.join(dir, lanes);
      const summary = await importAddressBook(c, { file, outDir: out, dryRun: false, concurrency: 8, book: 'Book', mode: 'create', country: 'US', lanes });
      expect(summary).toMatchObject({ rows: 300, succeeded: 288, rejected: 12 });
      expectBookMatchesResults(emu, bookId, out);
      outcomes[lanes] = outcomeLines(out);
      singles[lanes] = emu.stats().byOperation['createContact'] ?? 0;
      await c.close();
      await emu.close();
      client = undefined;
      emulator = undefined;
    }
    expect(outcomes['both']).toEqual(outcomes['batch']);
    expect(singles['both']).toBeGreaterThan(0);
  });

  it('sends no single creates with --lanes batch, and some by default and with --lanes both', async () => {
    const dir = tempDir();
    const file = contactsFile(dir, 200);
    const singles: number[] = [];
    for (const args of [['--lanes', 'batch'], [], ['--lanes', 'both']]) {
      const { emulator: emu } = await setUp();
      const run = await runCli(['import', 'address-book', file, '--book', 'Book', '--out', path.join(dir, `out-${singles.length}`), '--quiet', ...args], { env: envFor(emu) });
      expect(run.code, run.stderr).toBe(2);
      expect(emu.stats().byOperation['batchCreateContact']).toBeGreaterThan(0);
      singles.push(emu.stats().byOperation['createContact'] ?? 0);
      await client!.close();
      await emu.close();
      client = undefined;
      emulator = undefined;
    }
    expect(singles[0]).toBe(0);
    expect(singles[1]).toBeGreaterThan(0);
    expect(singles[2]).toBeGreaterThan(0);
  });

  it("refuses `--lanes` other than both or batch, in the options' one voice", async () => {
    const run = await runCli(['import', 'address-book', 'x.csv', '--book', 'Book', '--lanes', 'single']);
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('Expected `--lanes` to be one of both, batch, got `single`');
  });

  it("gives a contact the single create refuses Zoom's reason, and creates the others of its batch", async () => {
    const { emulator: emu, client: c, bookId } = await setUp();
    const finder = new ContactFinder(c, bookId, 0);
    const sender = new AddressBookSender(c, bookId, finder);
    // A clock that stands still: five batches book the batch lane 250 ms ahead, so the sixth is
    // the single lane's (10 contacts at 40/s also take 250 ms, and a tie goes to the batch).
    const lanes = new TwoLaneCreates(c, bookId, finder, sender, () => 0);
    const contact = (i: number, phone = `+1212555${String(1000 + i)}`) => ({ display_name: `P ${i}`, phones: [{ phone_number: phone, phone_type: 'main' as const }], emails: [`p${i}@example.com`] });
    for (let b = 0; b < 5; b++) await lanes.create(Array.from({ length: 10 }, (_, k) => contact(b * 10 + k)));
    expect(emu.stats().byOperation['createContact'] ?? 0).toBe(0);
    const verdicts = await lanes.create([contact(50), contact(51, '+1555'), contact(52)]);
    expect(emu.stats().byOperation['createContact']).toBe(3);
    expect(verdicts[0]).toMatchObject({ ok: true, status: 'created' });
    expect(verdicts[2]).toMatchObject({ ok: true, status: 'created' });
    expect(verdicts[1]!.ok).toBe(false);
    const [batchRefusal] = await sender.create([contact(53, '+1555')]);
    // The same reasons as the batch create's invalid_contacts give the same contact.
    expect(verdicts[1]).toEqual(batchRefusal);
    const stored = new Set(emu.store.addressBookContacts(bookId).map((s) => s.contact_id));
    for (const v of [verdicts[0]!, verdicts[2]!]) expect(stored.has((v as { id: string }).id)).toBe(true);
    expect(lanes.counts).toEqual({ batch: { requests: 5, contacts: 50 }, single: { requests: 3, contacts: 3 } });
  });

  it('creates every contact once on both lanes when a fifth of the connections are reset after the request was applied', async () => {
    const { emulator: emu, client: c, bookId } = await setUp();
    // Only once the book exists: the set-up's own creates are not what is under test.
    emu.setFaults({ resetAfterRate: 0.2 });
    const dir = tempDir();
    const out = path.join(dir, 'run');
    const summary = await importAddressBook(c, { file: contactsFile(dir, 300), outDir: out, dryRun: false, concurrency: 8, book: 'Book', mode: 'create', country: 'US', lanes: 'both' });
    expect(summary).toMatchObject({ rows: 300, succeeded: 288, rejected: 12 });
    expect(emu.stats().injected.resetsAfter).toBeGreaterThan(0);
    expect(summary.createLanes?.single.contacts).toBeGreaterThan(0);
    expectBookMatchesResults(emu, bookId, out);
  });

  it('resumes a run killed mid-way with every row once and no contact created twice across the lanes', async () => {
    const { emulator: emu, bookId } = await setUp({ faults: { latencyMs: 150 } });
    const dir = tempDir();
    const rows = 400;
    const file = contactsFile(dir, rows);
    const out = path.join(dir, 'run');
    const env = envFor(emu);
    const child = spawn(process.execPath, [cliPath, 'import', 'address-book', file, '--book', 'Book', '--out', out, '--quiet', '--lanes', 'both'], {
      env: { ...process.env, ...env },
      stdio: 'ignore',
    });
    const exited = new Promise<unknown>((resolve) => child.on('exit', resolve));
    // Killed once both lanes carry requests: some single creates may be in flight.
    const until = Date.now() + 20_000;
    while ((emu.stats().byOperation['createContact'] ?? 0) < 3 && Date.now() < until) await new Promise((r) => setTimeout(r, 10));
    child.kill('SIGKILL');
    await exited;
    expect(emu.stats().byOperation['createContact']).toBeGreaterThan(0);
    expect(emu.store.addressBookContacts(bookId).length).toBeLessThan(rows);
    const resumed = await runCli(['resume', out, '--quiet'], { env });
    expect(resumed.code, resumed.stderr).toBe(2);
    const results = readCsv(path.join(out, 'results.csv'));
    const rejects = readCsv(path.join(out, 'rejects.csv'));
    expect([...results, ...rejects].map((r) => Number(r._line)).sort((a, b) => a - b)).toEqual(Array.from({ length: rows }, (_, i) => i + 2));
    expect(readSummary(out)).toMatchObject({ rows, succeeded: results.length, rejected: rejects.length });
    expectBookMatchesResults(emu, bookId, out);
  }, 60_000);
});

describe('--quota-share', () => {
  it("configures each label's limiter at that share of the plan's rate", async () => {
    const { emulator: emu } = await setUp();
    const half = new ContactCenterClient(configFor(emu), { plan: 'business', quotaShare: 0.5 });
    const full = new ContactCenterClient(configFor(emu), { plan: 'business' });
    try {
      expect(half.limits).toEqual({ LIGHT: 20, MEDIUM: 10, HEAVY: 5 });
      expect(['LIGHT', 'MEDIUM', 'HEAVY'].map((l) => half.limiter.state(l as 'LIGHT').configured)).toEqual([20, 10, 5]);
      expect(full.limiter.state('MEDIUM').configured).toBe(20);
    } finally {
      await half.close();
      await full.close();
    }
  });

  it('refuses a share of 0 or above 1 with the value given', async () => {
    for (const share of ['0', '1.5', 'half']) {
      const run = await runCli(['import', 'dnc', 'x.csv', '--list', 'L', '--quota-share', share]);
      expect(run.code).toBe(1);
      expect(run.stderr).toContain(`Expected \`--quota-share\` to be a number above 0 and at most 1, got \`${share}\``);
    }
  });
});
