import { dispositionOf } from '../../src/errors.js';
/**
 * One sequence's test bed: an emulator of its own, a client paced far above the files' needs (the
 * property is about outcomes, not pacing), a folder, and the ways a step can run — to the end,
 * stopped by its signal and resumed, SIGKILLed as a CLI process and resumed, or through a while
 * when the API answers nothing but errors.
 */
import { spawn } from 'node:child_process';
import { existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import { startEmulator, type RunningEmulator } from '../../src/emulator/server.js';
import { importAddressBook, importCampaignContacts, importDnc, resumeImport } from '../../src/library.js';
import { unguardFormula } from '../../src/transforms/formula-guard.js';
import type { ImportSummary } from '../../src/writers/summary-file.js';
import { ContactCenterClient } from '../../src/zoom/client.js';
import { operationTable, type OperationId } from '../../src/zoom/generated/operations.js';
import { configFor } from '../support/emulator-client.js';
import { envFor, tempDir } from '../support/import-env.js';
import { cliPath } from '../support/run-cli.js';
import { KNOWN_DEFECTS } from './known-defects.js';

/** The three targets. */
export type Job = 'address-book' | 'campaign-contacts' | 'dnc';

/** How a step is run. */
export type Interrupt =
  | { readonly kind: 'none' }
  /** The library call's signal aborted after `afterMs` (a resumable stop), then resumeImport. */
  | { readonly kind: 'abort'; readonly afterMs: number }
  /** The CLI as it ships, SIGKILLed after `afterMs`, then resumeImport. */
  | { readonly kind: 'kill'; readonly afterMs: number }
  /** Every request answered 503 from `afterMs` for `forMs`; then resumeImport if the run stopped. */
  | { readonly kind: 'outage'; readonly afterMs: number; readonly forMs: number };

const FAST = { LIGHT: 5000, MEDIUM: 5000, HEAVY: 5000 };

/** An emulator, a client and a target for one sequence. */
export class Bed {
  private steps = 0;
  readonly dir = tempDir('ccbulk-prop-');
  /** What went on in the sequence, printed when a property fails. */
  readonly log: string[] = [];

  private constructor(
    readonly emulator: RunningEmulator,
    readonly client: ContactCenterClient,
    readonly job: Job,
    readonly targetId: string,
  ) {}

  /** Records what happened (and prints it with PROPERTY_DEBUG=1). */
  note(line: string): void {
    this.log.push(line);
    if (process.env.PROPERTY_DEBUG === '1') process.stderr.write(`[${this.job} ${this.dir}] ${line}\n`);
  }

  static async start(job: Job, seed: number): Promise<Bed> {
    const emulator = await startEmulator({ seed, limits: FAST });
    // Outages are short: a few quick retries, so that one outlasts them and stops the run.
    const client = new ContactCenterClient(configFor(emulator), { limits: FAST, backoffBaseMs: 2, maxRetries: 3, timeoutMs: 10_000 });
    let targetId: string;
    if (job === 'address-book') {
      const unit = await client.createUnit({ unit_name: 'Props' });
      targetId = (await client.createAddressBook({ unit_id: unit.unit_id!, address_book_name: 'Props book' })).address_book_id!;
    } else {
      const type = job === 'dnc' ? 'do_not_contact' : 'contact';
      targetId = (await client.createCampaignContactList({ contact_list_name: `Props ${job}`, contact_list_type: type })).contact_list_id!;
    }
    return new Bed(emulator, client, job, targetId);
  }

  async close(): Promise<void> {
    await this.client.close();
    await this.emulator.close();
  }

  /** Write requests (anything but GET) the emulator received so far. */
  writes(): number {
    const ops = this.emulator.stats().byOperation;
    let n = 0;
    for (const [op, count] of Object.entries(ops)) {
      const entry = (operationTable as Record<string, { method: string }>)[op as OperationId];
      if (entry !== undefined && entry.method !== 'GET') n += count;
    }
    return n;
  }

  /** Runs one import of `text` in `mode`; resolves once it is complete, however it was interrupted. */
  async run(mode: string, text: string, options: StepOptions, interrupt: Interrupt): Promise<StepRun> {
    const n = ++this.steps;
    const file = path.join(this.dir, `night-${n}.csv`);
    writeFileSync(file, text);
    const outDir = path.join(this.dir, `out-${n}`);
    const writesBefore = this.writes();
    if (process.env.PROPERTY_DEBUG === '1') process.stderr.write(`[${this.job}] step ${n} ${mode} ${interrupt.kind} starts\n`);
    const events: string[] = [];
    let summary: ImportSummary | undefined;
    let stoppedOnce = false;
    const syncOptions = mode === 'sync' ? { deleteMissing: options.deleteMissing, maxDelete: '100%' } : {};
    const call = (signal?: AbortSignal) => {
      const common = { client: this.client, file, outDir, concurrency: 2, signal, ...syncOptions };
      if (this.job === 'address-book') return importAddressBook({ ...common, book: this.targetId, mode: mode as never, ...(mode === 'create' ? { lanes: 'batch' as const } : {}) });
      if (this.job === 'campaign-contacts') return importCampaignContacts({ ...common, list: this.targetId, mode: mode as never });
      return importDnc({ ...common, list: this.targetId, mode: mode as never });
    };

    if (interrupt.kind === 'none') summary = await call();
    else if (interrupt.kind === 'abort') {
      this.emulator.setFaults({ latencyMs: 8 });
      const stop = new AbortController();
      const timer = setTimeout(() => stop.abort(), interrupt.afterMs);
      try {
        summary = await call(stop.signal);
      } finally {
        clearTimeout(timer);
        this.emulator.setFaults({ latencyMs: 0 });
      }
      if (summary.pending !== undefined) ((stoppedOnce = true), events.push(`stopped with ${summary.pending} pending`));
    } else if (interrupt.kind === 'kill') {
      this.emulator.setFaults({ latencyMs: 8 });
      try {
        const killed = await this.runCliAndKill(mode, file, outDir, options, interrupt.afterMs);
        events.push(killed ? 'killed' : 'the CLI finished before the kill');
        stoppedOnce = killed;
      } finally {
        this.emulator.setFaults({ latencyMs: 0 });
      }
    } else {
      const on = setTimeout(() => this.emulator.setFaults({ errorRate: 1 }), interrupt.afterMs);
      const off = setTimeout(() => this.emulator.setFaults({ errorRate: 0 }), interrupt.afterMs + interrupt.forMs);
      try {
        summary = await call();
        if (summary.pending !== undefined) ((stoppedOnce = true), events.push(`stopped by the outage, ${summary.pending} pending`));
      } catch (error) {
        // Stopped before the run began (the book or list could not be resolved): nothing was
        // sent and no journal kept; the same step simply runs again, as the message says.
        const beforeTheRun = dispositionOf(error) === 'stop' && !existsSync(path.join(outDir, 'journal.jsonl'));
        if (!beforeTheRun && !KNOWN_DEFECTS.outageFailsInsteadOfStopping) throw new OutageFailure(error as Error, outDir);
        stoppedOnce = true;
        events.push(`the run failed in the outage (known defect): ${(error as Error).message.slice(0, 160)}`);
        summary = undefined;
      } finally {
        await new Promise((resolve) => setTimeout(resolve, Math.max(0, interrupt.afterMs + interrupt.forMs)));
        clearTimeout(on);
        clearTimeout(off);
        this.emulator.setFaults({ errorRate: 0 });
      }
    }
    if (stoppedOnce || summary === undefined) {
      // A run that never got as far as its journal wrote nothing: it is simply run again.
      if (existsSync(path.join(outDir, 'journal.jsonl'))) summary = await this.resume(outDir, events);
      else ((summary = await call()), events.push('no journal: ran again'));
    }
    this.note(`step ${n}: ${this.job} ${mode}${options.deleteMissing ? ' --delete-missing' : ''} (${interrupt.kind}) ${events.join('; ')}`);
    return { n, file, outDir, text, summary, writes: this.writes() - writesBefore, interrupted: stoppedOnce };
  }

  /** Resumes an out folder until the run is complete (a resume is itself not interrupted). */
  async resume(outDir: string, events: string[]): Promise<ImportSummary> {
    if (!existsSync(path.join(outDir, 'journal.jsonl'))) throw new Error(`no journal in ${outDir} to resume (${events.join('; ')})`);
    const resumed = await resumeImport(outDir, { client: this.client });
    events.push('resumed');
    if ('pending' in resumed && resumed.pending !== undefined) throw new Error(`the resume stopped too: ${resumed.pending} pending`);
    return JSON.parse(readFileSync(path.join(outDir, 'summary.json'), 'utf8')) as ImportSummary;
  }

  private runCliAndKill(mode: string, file: string, outDir: string, options: StepOptions, afterMs: number): Promise<boolean> {
    const flag = this.job === 'address-book' ? '--book' : '--list';
    const args = ['import', this.job, file, flag, this.targetId, '--mode', mode, '--out', outDir, '--quiet', '--concurrency', '2'];
    // `--lanes` is create's own option (any other mode refuses it).
    if (this.job === 'address-book' && mode === 'create') args.push('--lanes', 'batch');
    if (mode === 'sync') {
      args.push('--max-delete', '100%');
      if (options.deleteMissing) args.push('--delete-missing');
    }
    return new Promise((resolve) => {
      const child = spawn(process.execPath, [cliPath, ...args], { env: { ...process.env, ...envFor(this.emulator) }, stdio: 'ignore' });
      const timer = setTimeout(() => child.kill('SIGKILL'), afterMs);
      child.on('exit', (_code, signal) => {
        clearTimeout(timer);
        resolve(signal === 'SIGKILL');
      });
    });
  }
}

/** The run failed outright in an outage instead of stopping resumably. */
export class OutageFailure extends Error {
  constructor(
    readonly error: Error,
    readonly outDir: string,
  ) {
    super(`the run failed in the outage instead of stopping resumably: ${error.message}`);
  }
}

/** Options of a step. */
export interface StepOptions {
  readonly deleteMissing: boolean;
}

/** A completed step. */
export interface StepRun {
  readonly n: number;
  readonly file: string;
  readonly outDir: string;
  readonly text: string;
  readonly summary: ImportSummary;
  /** Write requests the step sent, resumes included. */
  readonly writes: number;
  readonly interrupted: boolean;
}

/** A CSV outcome file's records (empty when it does not exist), `_id` unguarded. */
export function readOutcomes(file: string): Record<string, string>[] {
  if (!existsSync(file)) return [];
  const records = parse(readFileSync(file), { columns: true, bom: true, skip_empty_lines: true, relax_column_count: true }) as Record<string, string>[];
  return records.map((r) => ({ ...r, ...(r._id === undefined ? {} : { _id: unguardFormula(r._id) }) }));
}

/**
 * What every completed step's files must agree on, whatever the target: every input line in
 * exactly one of results.csv and rejects.csv (DNC: each of its numbers once), the counts equal to
 * summary.json's, rows read = succeeded + rejected, and the journal's last checkpoint equal to
 * both, its files' sizes equal to the files', and its end complete. Returns what is wrong.
 */
export function checkOutcomeFiles(step: StepRun, inputLines: readonly number[], itemsPerLine?: ReadonlyMap<number, number>): string[] {
  const problems: string[] = [];
  const { summary, outDir } = step;
  const results = readOutcomes(path.join(outDir, 'results.csv'));
  const rejects = readOutcomes(path.join(outDir, 'rejects.csv'));
  if (summary.pending !== undefined) problems.push(`summary.json of a completed step has pending ${summary.pending}`);
  if (summary.rows !== inputLines.length) problems.push(`summary.json rows ${summary.rows}, the file has ${inputLines.length}`);
  const items = summary.items ?? summary.rows;
  if (items !== summary.succeeded + summary.rejected) problems.push(`items ${items} != succeeded ${summary.succeeded} + rejected ${summary.rejected}`);
  if (results.length !== summary.succeeded) problems.push(`results.csv has ${results.length} rows, summary.json succeeded ${summary.succeeded}`);
  if (rejects.length !== summary.rejected) problems.push(`rejects.csv has ${rejects.length} rows, summary.json rejected ${summary.rejected}`);
  const seen = new Map<number, number>();
  for (const r of [...results, ...rejects]) seen.set(Number(r._line), (seen.get(Number(r._line)) ?? 0) + 1);
  for (const line of inputLines) {
    const want = itemsPerLine?.get(line) ?? 1;
    const got = seen.get(line) ?? 0;
    // A DNC row with no number at all is one reject line.
    if (got !== Math.max(1, want)) problems.push(`line ${line} is in results/rejects ${got} times, expected ${Math.max(1, want)}`);
  }
  for (const line of seen.keys()) if (!inputLines.includes(line)) problems.push(`line ${line} in the outcome files is no line of the input`);
  const journal = path.join(outDir, 'journal.jsonl');
  if (!existsSync(journal)) problems.push('no journal.jsonl');
  else {
    const entries = readFileSync(journal, 'utf8')
      .split('\n')
      .filter((l) => l.trim() !== '')
      .map((l) => JSON.parse(l) as { t: string; complete?: boolean; counts?: { succeeded: number; rejected: number }; sizes?: { results: number; rejects: number } });
    const end = entries.at(-1);
    if (end?.t !== 'end' || end.complete !== true) problems.push(`the journal does not end complete: ${JSON.stringify(end)}`);
    const ck = entries.filter((e) => e.t === 'ck').at(-1);
    if (ck !== undefined) {
      if (ck.counts?.succeeded !== summary.succeeded || ck.counts?.rejected !== summary.rejected) {
        problems.push(`the journal's last checkpoint counts ${JSON.stringify(ck.counts)}, summary.json ${summary.succeeded}/${summary.rejected}`);
      }
      const size = (name: string) => (existsSync(path.join(outDir, name)) ? statSync(path.join(outDir, name)).size : 0);
      if (ck.sizes?.results !== size('results.csv') || ck.sizes?.rejects !== size('rejects.csv')) {
        problems.push(`the journal's last checkpoint sizes ${JSON.stringify(ck.sizes)}, files ${size('results.csv')}/${size('rejects.csv')}`);
      }
    } else if (summary.rows > 0) problems.push('the journal has no checkpoint');
  }
  return problems;
}

/** Lines of an outcome file with their status (results) or stage (rejects). */
export function outcomesByLine(step: StepRun): { results: Record<string, string>[]; rejects: Record<string, string>[] } {
  return { results: readOutcomes(path.join(step.outDir, 'results.csv')), rejects: readOutcomes(path.join(step.outDir, 'rejects.csv')) };
}
