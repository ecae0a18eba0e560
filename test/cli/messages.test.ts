import { existsSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator, type RunningEmulator } from '../../src/emulator/server.js';
import { ContactCenterClient } from '../../src/zoom/client.js';
import { configFor } from '../support/emulator-client.js';
import { envFor, tempDir, writeFile } from '../support/import-env.js';
import { cliPath, runCli, runCommand } from '../support/run-cli.js';

let emulator: RunningEmulator;
let env: NodeJS.ProcessEnv;
let dir: string;
let file: string;

beforeAll(async () => {
  emulator = await startEmulator();
  const client = new ContactCenterClient(configFor(emulator));
  const unit = await client.createUnit({ unit_name: 'U' });
  await client.createAddressBook({ unit_id: unit.unit_id!, address_book_name: 'Book' });
  await client.close();
  env = envFor(emulator);
  dir = tempDir();
  file = writeFile(dir, 'c.csv', 'name,phone\nAda,+12127361000\n');
});
afterAll(() => emulator.close());

const importArgs = (...more: string[]) => ['import', 'address-book', file, '--book', 'Book', '--dry-run', '--quiet', ...more];

/** One line on stderr, with ccbulk's prefix, and never a stack trace or "unexpected error". */
function expectOneMessage(stderr: string): void {
  expect(stderr).toMatch(/^ccbulk: /);
  expect(stderr).not.toMatch(/unexpected error|\n\s+at /);
}

describe('messages of runs that cannot start', () => {
  it('says in words that the `--map` file does not exist', async () => {
    const run = await runCli(importArgs('--map', path.join(dir, 'nope.json'), '--out', path.join(dir, 'm')), { env });
    expect(run.code).toBe(1);
    expectOneMessage(run.stderr);
    expect(run.stderr).toContain('`--map` file');
    expect(run.stderr).toContain('it does not exist (ENOENT)');
  });

  it('says that an `--out` folder under a file cannot be made, and why', async () => {
    const run = await runCli(importArgs('--out', path.join(file, 'x')), { env });
    expect(run.code).toBe(1);
    expectOneMessage(run.stderr);
    expect(run.stderr).toContain('a part of the path is a file, not a folder (ENOTDIR)');
  });

  it.skipIf(!existsSync('/proc/self'))('refuses `--out /proc/x` at once instead of hanging', async () => {
    const run = await runCli(importArgs('--out', '/proc/ccbulk-x'), { env, timeoutMs: 20_000 });
    expect(run.code).toBe(1);
    expectOneMessage(run.stderr);
    expect(run.stderr).toContain('no folder can be created at /proc/ccbulk-x');
    const exported = await runCli(['export', 'dnc', '--list', 'L', '--out', '/proc/ccbulk-x/e.csv'], { env, timeoutMs: 20_000 });
    expect(exported.code).toBe(1);
    expect(exported.stderr).toContain('no folder can be created');
  });

  it('says an API URL without /v2 would answer 404 "No such API", not that the book is missing', async () => {
    const run = await runCli(importArgs('--out', path.join(dir, 'v')), { env: { ...env, ZOOM_API_URL: env.ZOOM_API_URL!.replace(/\/v2$/, '') } });
    expect(run.code).toBe(1);
    expectOneMessage(run.stderr);
    expect(run.stderr).toContain('ending in /v2');
    expect(run.stderr).toContain('404 "No such API"');
    expect(run.stderr).not.toMatch(/No address book/);
  });

  it('refuses plain http to another machine as such, not as missing credentials', async () => {
    const run = await runCli(importArgs('--out', path.join(dir, 'h')), { env: { ...env, ZOOM_API_URL: 'http://example.com/v2' } });
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('does not send credentials in the clear');
    expect(run.stderr).not.toMatch(/not configured/);
  });

  it('says it could not connect to a Redis that is not there at the start, not that it was lost', async () => {
    const run = await runCli(importArgs('--out', path.join(dir, 'r'), '--redis', 'redis://127.0.0.1:9'), { env });
    expect(run.stderr).toContain('could not connect to redis://127.0.0.1:9');
    expect(run.stderr).not.toMatch(/ccbulk: lost/);
  });

  it('says a file with a header and no data rows has nothing to send', async () => {
    const empty = writeFile(dir, 'header-only.csv', 'name,phone\n');
    const run = await runCli(['import', 'address-book', empty, '--book', 'Book', '--dry-run', '--quiet', '--out', path.join(dir, 'e')], { env });
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('has a header and no data rows');
  });

  it('ends quietly when the reader of its output goes away (`| head`)', async () => {
    const lines = ['name,phone', ...Array.from({ length: 500 }, (_, i) => `P${i},+1212736${String(1000 + i)}`)];
    const big = writeFile(dir, 'big.csv', `${lines.join('\n')}\n`);
    const run = await runCommand('bash', ['-c', `node ${cliPath} import address-book ${big} --book Book --dry-run --json --out ${path.join(dir, 'p')} | head -c 1`], { env });
    expect(run.stderr).not.toMatch(/EPIPE|\n\s+at /);
  });
});
