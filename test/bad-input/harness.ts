/**
 * Shared frame of the bad-input suite: an emulator with one address book ("Customers"), a temp
 * folder, `ccbulk import address-book` run through the built CLI, and the two outcomes a bad input
 * may have — rows accounted for in results.csv/rejects.csv, or one fatal line on stderr.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, expect } from 'vitest';
import ExcelJS from '../../src/exceljs.js';
import { startEmulator, type RunningEmulator } from '../../src/emulator/server.js';
import { ContactCenterClient } from '../../src/zoom/client.js';
import { configFor } from '../support/emulator-client.js';
import { envFor, readCsv, readSummary, tempDir } from '../support/import-env.js';
import { runCli, type CliRun } from '../support/run-cli.js';

/** A finished import and the folder it was told to write to. */
export interface ImportRun extends CliRun {
  readonly out: string;
}

/** What a run that accounted for its rows left behind. */
export interface Accounted {
  readonly summary: ReturnType<typeof readSummary>;
  readonly results: Record<string, string>[];
  readonly rejects: Record<string, string>[];
}

/** The emulator, its book and a temp folder, set up once per test file. */
export interface BadInputEnv {
  readonly emulator: RunningEmulator;
  readonly bookId: string;
  readonly dir: string;
}

/**
 * Starts an emulator with the address book "Customers" before the file's tests and stops it after.
 * The returned object is filled in by `beforeAll`, so read it inside tests only.
 */
export function useBadInputEnv(): BadInputEnv {
  const env = {} as { emulator: RunningEmulator; bookId: string; dir: string };
  let client: ContactCenterClient;
  beforeAll(async () => {
    env.emulator = await startEmulator({ seed: 5 });
    client = new ContactCenterClient(configFor(env.emulator));
    const unit = await client.createUnit({ unit_name: 'Bad input' });
    env.bookId = (await client.createAddressBook({ unit_id: unit.unit_id!, address_book_name: 'Customers' })).address_book_id!;
    env.dir = tempDir('ccbulk-bad-input-');
  });
  afterAll(async () => {
    await client?.close();
    await env.emulator?.close();
  });
  return env;
}

let phoneCounter = 0;

/**
 * A valid US number not used before in this process (415-737 is an assigned San Francisco
 * exchange), so tests sharing one book never meet each other's numbers.
 */
export function freshPhone(): string {
  phoneCounter++;
  return `+1415737${String(1000 + phoneCounter).padStart(4, '0')}`;
}

/** `ccbulk import address-book FILE --book Customers --out <fresh dir> --quiet …args`. */
export async function importCli(
  env: BadInputEnv,
  file: string,
  args: readonly string[] = [],
  options: { env?: NodeJS.ProcessEnv; timeoutMs?: number } = {},
): Promise<ImportRun> {
  const out = path.join(env.dir, `out-${Math.random().toString(36).slice(2)}`);
  const run = await runCli(['import', 'address-book', file, '--book', 'Customers', '--out', out, '--quiet', ...args], {
    env: { ...envFor(env.emulator), ...options.env },
    ...(options.timeoutMs === undefined ? {} : { timeoutMs: options.timeoutMs }),
  });
  return { ...run, out };
}

/**
 * Asserts the run stopped with exit 1 and exactly one line on stderr, `ccbulk: …` matching
 * `message`, with no stack trace, and wrote no results (nothing was imported).
 */
export function expectFatal(run: ImportRun, message: RegExp): void {
  expect(run.stderr, 'a stack trace').not.toMatch(/\n\s+at /);
  expect(run.stderr).toMatch(/^ccbulk: [^\n]+\n$/);
  expect(run.stderr).toMatch(message);
  expect(run.code).toBe(1);
  expect(existsSync(path.join(run.out, 'results.csv')), 'results.csv after a fatal error').toBe(false);
}

/** Asserts `message` names the file: the path as it was given. */
export function namesFile(file: string): RegExp {
  return new RegExp(`Input file '${file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}'`);
}

/**
 * Asserts the run finished and accounted for every data row: nothing on stderr, exit 2 when a row
 * was rejected (else 0), rows = succeeded + rejected, and the `_line`s of results.csv and
 * rejects.csv together are exactly `lines`, each once — no row dropped, none counted twice.
 */
export function expectAccounted(run: ImportRun, lines: readonly (string | number)[]): Accounted {
  expect(run.stderr, 'stderr of a finished run').toBe('');
  const summary = readSummary(run.out);
  const results = readCsv(path.join(run.out, 'results.csv'));
  const rejects = readCsv(path.join(run.out, 'rejects.csv'));
  expect(summary.rows).toBe(summary.succeeded + summary.rejected);
  expect(results).toHaveLength(summary.succeeded);
  expect(rejects).toHaveLength(summary.rejected);
  const seen = [...results, ...rejects].map((row) => row._line).sort();
  expect(seen).toEqual(lines.map(String).sort());
  expect(run.code).toBe(summary.rejected > 0 ? 2 : 0);
  return { summary, results, rejects };
}

/** The row of results.csv or rejects.csv with this `_line`. */
export function atLine(rows: readonly Record<string, string>[], line: string | number): Record<string, string> | undefined {
  return rows.find((row) => row._line === String(line));
}

/** Writes a workbook built by `build` into the env's folder and returns its path. */
export async function writeWorkbook(env: BadInputEnv, name: string, build: (workbook: InstanceType<typeof ExcelJS.Workbook>) => void): Promise<string> {
  const workbook = new ExcelJS.Workbook();
  build(workbook);
  const file = path.join(env.dir, name);
  await workbook.xlsx.writeFile(file);
  return file;
}
