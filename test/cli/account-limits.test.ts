import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { startEmulator, type EmulatorOptions, type RunningEmulator } from '../../src/emulator/server.js';
import { ContactCenterClient } from '../../src/zoom/client.js';
import { configFor } from '../support/emulator-client.js';
import { envFor, readSummary, tempDir, writeFile } from '../support/import-env.js';
import { runCli } from '../support/run-cli.js';

let emulator: RunningEmulator | undefined;
afterEach(async () => {
  await emulator?.close();
  emulator = undefined;
});

async function bookOn(options: EmulatorOptions): Promise<{ env: NodeJS.ProcessEnv; dir: string; file: string }> {
  emulator = await startEmulator(options);
  const client = new ContactCenterClient(configFor(emulator));
  const unit = await client.createUnit({ unit_name: 'U' });
  await client.createAddressBook({ unit_id: unit.unit_id!, address_book_name: 'Book' });
  await client.close();
  const dir = tempDir();
  const file = writeFile(dir, 'c.csv', ['name,phone', ...Array.from({ length: 30 }, (_, i) => `Person ${i},+1212736${1000 + i}`)].join('\n') + '\n');
  return { env: envFor(emulator), dir, file };
}

describe('a run on an account whose limits are not the plan’s', () => {
  it('says in summary.json and to the person what Zoom’s answers reported, and what to give next time', async () => {
    const { env, dir, file } = await bookOn({ limits: { MEDIUM: 35 }, rateHeaders: true });
    const out = path.join(dir, 'out');
    const run = await runCli(['import', 'address-book', file, '--book', 'Book', '--out', out], { env });
    expect(run.code).toBe(0);
    expect(readSummary(out).limitsFound).toEqual([{ label: 'MEDIUM', assumed: 20, found: 35, how: 'answers', rateLimited: 0 }]);
    expect(run.stdout).toContain("The plan's limit is not the account's: MEDIUM: Zoom's answers say 35/s where 20/s was assumed; give `--rate MEDIUM=35` (or CCBULK_RATE) next time");
  });

  it('says nothing of the kind when the plan was right', async () => {
    const { env, dir, file } = await bookOn({ rateHeaders: true });
    const out = path.join(dir, 'out');
    const run = await runCli(['import', 'address-book', file, '--book', 'Book', '--out', out], { env });
    expect(run.code).toBe(0);
    expect(readSummary(out).limitsFound).toBeUndefined();
    expect(run.stdout).not.toContain("The plan's limit");
  });

  it('takes --rate from CCBULK_RATE, and names the variable when its text is wrong', async () => {
    const { env, dir, file } = await bookOn({});
    const given = await runCli(['import', 'address-book', file, '--book', 'Book', '--out', path.join(dir, 'a'), '--rate', 'MEDIUM=fast'], { env });
    expect(given.code).toBe(1);
    expect(given.stderr).toContain('Expected `--rate` to be LABEL=requests per second pairs such as LIGHT=80,MEDIUM=40');
    const fromEnv = await runCli(['import', 'address-book', file, '--book', 'Book', '--out', path.join(dir, 'b')], { env: { ...env, CCBULK_RATE: 'MEDIUM=fast' } });
    expect(fromEnv.code).toBe(1);
    expect(fromEnv.stderr).toContain('Expected `CCBULK_RATE` to be LABEL=requests per second pairs');
    const fine = await runCli(['import', 'address-book', file, '--book', 'Book', '--out', path.join(dir, 'c')], { env: { ...env, CCBULK_RATE: 'MEDIUM=35,LIGHT=80' } });
    expect(fine.code).toBe(0);
  });
});

describe('an export on an account whose limits are not the plan’s', () => {
  it('takes --rate or CCBULK_RATE, and says what Zoom’s answers reported, for a book and for a catalogue resource', async () => {
    const { env, dir } = await bookOn({ limits: { MEDIUM: 35 }, rateHeaders: true });
    const book = await runCli(['export', 'address-book', '--book', 'Book', '--out', path.join(dir, 'book.csv'), '--rate', 'MEDIUM=10', '--json'], { env });
    expect(book.code).toBe(0);
    expect(JSON.parse(book.stdout).limitsFound).toEqual([{ label: 'MEDIUM', assumed: 10, found: 35, how: 'answers', rateLimited: 0 }]);
    const human = await runCli(['export', 'address-book', '--book', 'Book', '--out', path.join(dir, 'book2.csv')], { env: { ...env, CCBULK_RATE: 'MEDIUM=10' } });
    expect(human.code).toBe(0);
    expect(human.stdout).toContain("The plan's limit is not the account's: MEDIUM: Zoom's answers say 35/s where 10/s was assumed; give `--rate MEDIUM=35` (or CCBULK_RATE) next time");
    const units = await runCli(['export', 'address-books-units', '--out', path.join(dir, 'units.csv'), '--rate', 'MEDIUM=10', '--json'], { env });
    expect(units.code).toBe(0);
    expect(JSON.parse(units.stdout).limitsFound).toEqual([{ label: 'MEDIUM', assumed: 10, found: 35, how: 'answers', rateLimited: 0 }]);
  });

  it('refuses a --rate it cannot read, before any request', async () => {
    const { env, dir } = await bookOn({});
    emulator!.resetStats();
    for (const args of [['export', 'dnc', '--list', 'X'], ['export', 'address-books-units']]) {
      const run = await runCli([...args, '--out', path.join(dir, 'x.csv'), '--rate', 'LIGHT=0'], { env });
      expect(run.code).toBe(1);
      expect(run.stderr).toContain('Expected `--rate` to be LABEL=requests per second pairs such as LIGHT=80,MEDIUM=40');
    }
    expect(emulator!.stats().total).toBe(0);
  });
});
