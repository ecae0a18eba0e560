import path from 'node:path';
import { CcbulkError } from '../errors.js';
import type { CsvReadOptions } from '../readers/csv.js';
import { identityChange, inputIdentity } from '../readers/input-identity.js';
import { openTable } from '../readers/open-table.js';
import type { SourceTable } from '../readers/source-row.js';
import { planColumns, type ColumnPlan } from '../transforms/column-mapping.js';
import { phoneInputsOf, type PhoneNormaliser } from '../transforms/phone.js';
import { Journal, type JournalState } from '../writers/journal.js';
import { OutcomeFiles } from '../writers/outcome-files.js';
import { preparePrivateDirectory } from '../writers/private-file.js';
import { writeSummary, type ImportSummary } from '../writers/summary-file.js';
import type { ContactCenterClient } from '../zoom/client.js';
import { runImportEngine, type ImportProgress, type ImportTarget } from './import-engine.js';

/** Options every import job shares, already checked (see the CLI's schemas). */
export interface ImportJobOptions {
  readonly file: string;
  readonly sheet?: string | number | undefined;
  /** The parsed `--map` file, checked by the column planner. */
  readonly map?: unknown;
  readonly encoding?: CsvReadOptions['encoding'];
  readonly delimiter?: CsvReadOptions['delimiter'];
  readonly outDir: string;
  readonly dryRun: boolean;
  /** Batches in flight at once. */
  readonly concurrency: number;
  readonly onProgress?: ((progress: ImportProgress) => void) | undefined;
  /** When aborted (SIGINT/SIGTERM): finish batches in flight, then stop, resumable. */
  readonly stop?: AbortSignal | undefined;
  /** The journal of the interrupted run this one resumes (`ccbulk resume`). */
  readonly resume?: JournalState | undefined;
  /** The rate plan the client paces by, recorded in the journal so a resume paces the same. */
  readonly plan?: string | undefined;
  /**
   * Worker threads for phone numbers once a file proves large (see `createPhoneNormaliser`);
   * default one per core but one, 0 for none. Results are the same either way.
   */
  readonly phoneThreads?: number | undefined;
}

/** What a job sets up once the file's columns are known: its target and how to describe it. */
export interface JobSetup<T> {
  readonly target: ImportTarget<T>;
  /** What the job wrote to, for the summary (`{ addressBookId, name }`…). */
  readonly describe: Readonly<Record<string, string>>;
  /** Extra summary fields, read when the run ends (look-up counts, planned writes…). */
  readonly extra?: () => Partial<ImportSummary>;
  /** Frees what the job holds (worker threads) once the run has ended, however it ended. */
  readonly close?: () => Promise<void>;
  /** Numbers normalised on worker threads, for the summary. */
  readonly phonesOnThreads?: () => number;
}

/**
 * `target` with a prefetch that normalises, on `phones`' worker threads, the numbers in the
 * cells at `indexes` of the rows read ahead (in each row's country, from `countryIndex`), and a
 * `close` for the job's set-up that stops those threads.
 */
export function prefetchingPhones<T>(
  target: ImportTarget<T>,
  phones: PhoneNormaliser,
  indexes: readonly number[],
  countryIndex: number | undefined,
): Pick<JobSetup<T>, 'target' | 'close' | 'phonesOnThreads'> {
  return {
    target: { ...target, prefetch: (rows) => phones.prefetch(phoneInputsOf(rows, indexes, countryIndex)) },
    close: () => phones.close(),
    phonesOnThreads: () => phones.stats.threaded,
  };
}

/**
 * An import that stopped before every row had an outcome: resumable with `ccbulk resume`.
 * `cause` is what stopped it (a daily limit, a signal, a failure).
 */
export class ImportStopped extends CcbulkError {
  override name = 'ImportStopped';
  constructor(
    readonly summary: ImportSummary,
    readonly outDir: string,
    cause: unknown,
  ) {
    const why = cause instanceof Error ? cause.message : 'stopped on request';
    super('STOPPED', `${why}; ${summary.pending ?? 0} rows read are not sent yet`, { cause });
  }
}

/** The options a journal keeps to run a job again: everything but callbacks, signals and state. */
function journalled(options: object): Record<string, unknown> {
  const { onProgress: _p, stop: _s, resume: _r, ...rest } = options as Record<string, unknown>;
  return rest;
}

/**
 * The frame of every import: open the file, plan its columns, let the job set up its target
 * (resolving lists, books and custom fields: errors there stop the run before any write), run
 * the engine into results.csv and rejects.csv with a journal, and write summary.json — also
 * when the run stopped early, before the error that stopped it is thrown on. A resumed run
 * checks the input is the one the journal names, and appends to the same files.
 */
export async function runImportJob<T>(
  client: ContactCenterClient,
  job: { readonly name: string; readonly mode: string },
  options: ImportJobOptions,
  setUp: (table: SourceTable, plan: ColumnPlan) => Promise<JobSetup<T>>,
): Promise<ImportSummary> {
  const started = Date.now();
  // A client may serve several jobs (the demo runs three): count only this job's traffic.
  const before = { ...client.stats };
  const identity = await inputIdentity(options.file).catch(() => undefined);
  const resume = options.resume;
  if (resume) {
    const change = identity === undefined ? 'it cannot be read' : identityChange(resume.start.input, identity);
    if (change !== undefined) {
      throw new CcbulkError('RESUME_INVALID', `Cannot resume: the input ${options.file} is not the file the run started with (${change})`);
    }
  }
  const table = await openTable(options.file, { encoding: options.encoding, delimiter: options.delimiter, sheet: options.sheet });
  const plan = planColumns(table.header, options.map);
  const setup = await setUp(table, plan);
  await preparePrivateDirectory(options.outDir);
  const outcomes = await OutcomeFiles.create(options.outDir, table.header, resume?.sizes);
  if (resume?.counts) outcomes.restore(resume.counts);
  // A dry run writes nothing to Zoom, so it has nothing to resume: no journal.
  const journal = options.dryRun
    ? undefined
    : resume
    ? await Journal.reopen(options.outDir)
    : await Journal.create(options.outDir, {
        t: 'start',
        version: 1,
        job: job.name,
        mode: job.mode,
        input: identity!,
        options: journalled(options),
        at: new Date(started).toISOString(),
      });
  let result;
  try {
    result = await runImportEngine({
      table,
      target: setup.target,
      outcomes,
      journal,
      concurrency: options.concurrency,
      stop: options.stop,
      resume,
      onProgress: options.onProgress,
    });
  } finally {
    await outcomes.close();
    await setup.close?.();
  }
  const incomplete = result.pending > 0 || result.stoppedBy !== undefined || result.interrupted;
  const reason = result.stoppedBy instanceof Error ? result.stoppedBy.message : result.interrupted ? 'stopped on request' : undefined;
  await journal?.end(!incomplete, reason);
  const summary: ImportSummary = {
    job: job.name,
    mode: job.mode,
    dryRun: options.dryRun,
    input: options.file,
    target: setup.describe,
    rows: result.rows,
    ...(result.items === result.rows ? {} : { items: result.items }),
    succeeded: outcomes.counts.succeeded,
    rejected: outcomes.counts.rejected,
    ...(incomplete ? { pending: result.pending } : {}),
    requests: client.stats.requests - before.requests,
    retries: client.stats.retries - before.retries,
    rateLimited: client.stats.rateLimited - before.rateLimited,
    elapsedMs: Date.now() - started,
    rejectedByStage: outcomes.counts.rejectedByStage,
    rejectedByReason: outcomes.counts.rejectedByReason,
    unmappedColumns: plan.unmapped,
    ...setup.extra?.(),
    ...(setup.phonesOnThreads?.() ? { phonesOnThreads: setup.phonesOnThreads() } : {}),
    files: {
      ...outcomes.paths,
      summary: path.join(options.outDir, 'summary.json'),
      ...(journal === undefined ? {} : { journal: path.join(options.outDir, 'journal.jsonl') }),
    },
    ...(reason === undefined ? {} : { stoppedBy: reason }),
    ...(resume ? { resumed: true } : {}),
  };
  await writeSummary(options.outDir, summary);
  if (incomplete) throw new ImportStopped(summary, options.outDir, result.stoppedBy);
  return summary;
}
