/**
 * The bench every fault case runs on: an emulator with an address book (or campaign and DNC
 * lists), a whole import through the library API, and the checks that must hold whatever the
 * network did — every input row exactly once across results.csv and rejects.csv, the summary's
 * arithmetic, the account holding exactly what results.csv says, and nothing created twice.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import { expect } from 'vitest';
import { startEmulator, type EmulatorOptions, type RunningEmulator } from '../../src/emulator/server.js';
import type { ImportProgress } from '../../src/pipelines/import-engine.js';
import { importAddressBook } from '../../src/pipelines/address-book.js';
import type { ImportSummary } from '../../src/writers/summary-file.js';
import { ContactCenterClient, type ContactCenterClientOptions } from '../../src/zoom/client.js';
import { configFor } from '../support/emulator-client.js';
import { readCsv, readSummary, tempDir, writeFile } from '../support/import-env.js';
import { projectRoot } from '../support/run-cli.js';
import { unguardFormula } from '../../src/transforms/formula-guard.js';

/** 200 rows, 185 valid: 13 invalid and 2 duplicates. */
export const contactsFixture = path.join(projectRoot, 'fixtures', 'contacts.csv');
export const FIXTURE_VALID_ROWS = 185;

/**
 * Writes `count` contacts with valid, unique US numbers (+1212736NNNN, then +1312846NNNN) and
 * unique e-mails, one per row. Every row is valid, so every row must succeed.
 */
export function generatedContacts(dir: string, count = 1000): string {
  const rows = Array.from({ length: count }, (_, i) => {
    const number = i < 5000 ? `+1212736${String(i + 1000).padStart(4, '0')}` : `+1312846${String(i - 5000 + 1000).padStart(4, '0')}`;
    const alt = `+1312846${String(i + 1000).padStart(4, '0')}`;
    // Every tenth row has a second number, so batches carry more than one phone per contact.
    return `Person ${i},${number},${i % 10 === 0 ? alt : ''},person${i}@example.com`;
  });
  return writeFile(dir, `contacts-${count}.csv`, ['Full Name,Phone,Mobile,Email', ...rows].join('\n') + '\n');
}

/** The line each data record of a CSV starts on, as csv-parse counts it: what `_line` must be. */
export function recordLines(file: string): number[] {
  const records = parse(readFileSync(file), { bom: true, info: true, relax_column_count: true, skip_empty_lines: true }) as unknown as {
    info: { lines: number };
  }[];
  // csv-parse's info.lines is the line a record ends on; the first record starts after the header.
  const lines: number[] = [];
  let next = 0;
  for (const { info } of records) {
    lines.push(next + 1);
    next = info.lines;
  }
  return lines.slice(1);
}

/** An emulator with one address book in it, made with a fault-free client. */
export interface AddressBookBed {
  readonly emulator: RunningEmulator;
  readonly bookId: string;
  readonly dir: string;
}

/** Starts an emulator and creates a unit and the address book 'Customers' in it. */
export async function addressBookBed(options: EmulatorOptions = {}): Promise<AddressBookBed> {
  // Quota headers on success, as Zoom sends them at times: the background-load cases read them.
  const emulator = await startEmulator({ seed: 7, rateHeaders: true, ...options });
  const setup = new ContactCenterClient(configFor(emulator));
  try {
    const unit = await setup.createUnit({ unit_name: 'Imports' });
    const book = await setup.createAddressBook({ unit_id: unit.unit_id!, address_book_name: 'Customers' });
    return { emulator, bookId: book.address_book_id!, dir: tempDir('ccbulk-faults-') };
  } finally {
    await setup.close();
  }
}

/** One finished import: what the library returned and what it wrote. */
export interface ImportRun {
  readonly file: string;
  readonly out: string;
  readonly summary: ImportSummary;
  readonly results: Record<string, string>[];
  readonly rejects: Record<string, string>[];
  /** Client events by type (retries, 429s, token re-fetches) and wall time. */
  readonly events: Record<string, number>;
  readonly elapsedMs: number;
}

/** Options of one import run on a bed. */
export interface RunOptions {
  readonly file: string;
  readonly client?: ContactCenterClientOptions;
  readonly config?: Partial<ReturnType<typeof configFor>>;
  readonly concurrency?: number;
  readonly onProgress?: (progress: ImportProgress) => void;
}

/** Runs a whole address book import (create) through the library API with its own client. */
export async function runAddressBookImport(bed: AddressBookBed, options: RunOptions): Promise<ImportRun> {
  const events: Record<string, number> = {};
  const client = new ContactCenterClient(
    { ...configFor(bed.emulator), ...options.config },
    {
      ...options.client,
      onEvent: (event) => {
        const key = event.type === 'retry' ? `retry (${event.reason.replace(/ \(.*$/, '')})` : event.type;
        events[key] = (events[key] ?? 0) + 1;
      },
    },
  );
  const out = path.join(bed.dir, `out-${Math.random().toString(36).slice(2)}`);
  const started = Date.now();
  try {
    const summary = await importAddressBook(client, {
      file: options.file,
      outDir: out,
      dryRun: false,
      concurrency: options.concurrency ?? 8,
      book: bed.bookId,
      mode: 'create',
      country: 'US',
      onProgress: options.onProgress,
    });
    return { ...readOutcome(out), file: options.file, out, summary, events, elapsedMs: Date.now() - started };
  } finally {
    await client.close();
  }
}

/** results.csv and rejects.csv of an out folder. */
export function readOutcome(out: string): { results: Record<string, string>[]; rejects: Record<string, string>[] } {
  return { results: readCsv(path.join(out, 'results.csv')), rejects: readCsv(path.join(out, 'rejects.csv')) };
}

/**
 * What must hold after any import, whatever faults it met: each input row in exactly one of
 * results.csv and rejects.csv, the summary's counts adding up (in summary.json as returned),
 * and — for an address book — the book holding exactly the contacts results.csv names, none twice.
 */
export function expectEveryRowOnce(run: Pick<ImportRun, 'file' | 'out' | 'summary' | 'results' | 'rejects'>): void {
  const expected = recordLines(run.file);
  const seen = [...run.results, ...run.rejects].map((r) => Number(r._line)).sort((a, b) => a - b);
  expect(seen).toEqual(expected);
  const written = readSummary(run.out);
  expect(written.rows).toBe(expected.length);
  expect(written.rows).toBe(written.succeeded + written.rejected);
  expect(written.succeeded).toBe(run.results.length);
  expect(written.rejected).toBe(run.rejects.length);
  expect(run.summary.rows).toBe(written.rows);
}

/** The book holds exactly results.csv's contacts, and no number or e-mail is on two of them. */
export function expectBookMatchesResults(bed: AddressBookBed, run: Pick<ImportRun, 'results'>): void {
  const stored = bed.emulator.store.addressBookContacts(bed.bookId);
  const ids = run.results.map((r) => unguardFormula(r._id ?? ''));
  expect(new Set(ids).size).toBe(ids.length);
  expect(new Set(ids)).toEqual(new Set(stored.map((c) => c.contact_id)));
  expect(stored).toHaveLength(run.results.length);
  expectNoDuplicates(
    'phone',
    stored.flatMap((c) => (c.phones ?? []).map((p) => p.phone_number ?? '')),
  );
  expectNoDuplicates(
    'e-mail',
    stored.flatMap((c) => (c.emails ?? []).map((e) => e.toLowerCase())),
  );
  // Each contact holds the numbers results.csv says were sent for its row.
  const byId = new Map(stored.map((c) => [c.contact_id, c]));
  for (const row of run.results) {
    expect((byId.get(unguardFormula(row._id!))?.phones ?? []).map((p) => p.phone_number).join(' '), `line ${row._line}`).toBe(row._phones);
  }
}

/** Fails naming the values that occur more than once. */
export function expectNoDuplicates(what: string, values: readonly string[]): void {
  const counts = new Map<string, number>();
  for (const v of values) counts.set(v, (counts.get(v) ?? 0) + 1);
  const twice = [...counts].filter(([, n]) => n > 1).map(([v, n]) => `${v} ×${n}`);
  expect(twice, `${what}s stored more than once`).toEqual([]);
}

/** Rejects of the `api` stage: rows the faults cost, with their reasons, for a failure message. */
export function apiRejects(run: Pick<ImportRun, 'rejects'>): string[] {
  return run.rejects.filter((r) => r._stage === 'api').map((r) => `line ${r._line}: ${r._reason}`);
}

/** One line of figures for the log: what the run met and what it cost. */
export function figures(label: string, run: ImportRun, emulator: RunningEmulator): string {
  const s = emulator.stats();
  const line =
    `[faults] ${label}: rows ${run.summary.rows}, succeeded ${run.summary.succeeded}, rejected ${run.summary.rejected} ` +
    `(api ${apiRejects(run).length}); requests ${run.summary.requests}, retries ${run.summary.retries}, 429s ${run.summary.rateLimited}; ` +
    `emulator: 429 ${s.rateLimited.total}, 5xx ${s.injected.serverErrors}, resets ${s.injected.resetsBefore}/${s.injected.resetsAfter}, ` +
    `401 ${s.unauthorized}, token fetches ${s.tokenFetches}; client events ${JSON.stringify(run.events)}; ${run.elapsedMs} ms`;
  console.log(line);
  return line;
}
