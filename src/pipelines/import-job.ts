import { sampleRowEstimate } from '../readers/row-estimate.js';
import { limitsFound } from '../zoom/limits-found.js';
import path from 'node:path';
import { CcbulkError } from '../errors.js';
import type { CsvReadOptions } from '../readers/csv.js';
import { identityChange, inputIdentity, type InputIdentity } from '../readers/input-identity.js';
import { openTable } from '../readers/open-table.js';
import { countRows } from '../readers/row-count.js';
import type { SourceTable } from '../readers/source-row.js';
import { planColumns, type ColumnPlan } from '../transforms/column-mapping.js';
import { refusingUnfixedRejects } from '../transforms/earlier-reject.js';
import { phoneInputsOf, type PhoneNormaliser } from '../transforms/phone.js';
import type { Threshold } from '../transforms/threshold.js';
import { Journal, type JournalState } from '../writers/journal.js';
import { BeforeImages } from '../writers/before-images.js';
import { OutcomeFiles } from '../writers/outcome-files.js';
import { refuseEarlierRun } from '../writers/out-folder.js';
import { runFileError } from '../writers/write-error.js';
import { preparePrivateDirectory } from '../writers/private-file.js';
import { readSummary, writeSummary, type ImportSummary } from '../writers/summary-file.js';
import { writePrivateFile } from '../writers/private-file.js';
import { REPORT_FILE, writeImportReport } from '../writers/run-report.js';
import { RATE_PLANS, DEFAULT_RATE_PLAN, type RatePlanName } from '../zoom/rate-plans.js';
import { SINGLE_CREATE_LABEL } from '../senders/two-lane-creates.js';
import { commandLineOf, shellWord } from './run-command-line.js';
import { RunSeriesRecorder } from './run-series.js';
import { lockTarget, type TargetLock } from './target-lock.js';
import type { JobWriteOperation } from './write-operation.js';
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
  /** `--quota-share` the client was given, recorded in the journal so a resume leaves other apps the same room. */
  readonly quotaShare?: number | undefined;
  /**
   * Worker threads for phone numbers once a file proves large (see `createPhoneNormaliser`);
   * default one per core but one for a dry run of an import, none for a run paced by the API
   * (see {@link phoneSettingsFor}); 0 for none. Results are the same either way.
   */
  readonly phoneThreads?: number | undefined;
  /**
   * `--max-rejects`: stop the run, resumably, once more rows are rejected than this (a share
   * counts once 1,000 rows are read). Default none. A resume does not apply it again: the person
   * has seen the reasons and chosen to go on.
   */
  readonly maxRejects?: Threshold | undefined;
  /** Who runs the job, as its locks name it (`ccbulk import address-book …`, `ccbulk ui`). Default the job's command. */
  readonly command?: string | undefined;
}

/** Which job runs, in which mode: what the frame records and reports. */
export interface JobIdentity {
  readonly name: string;
  readonly mode: string;
  /** The operation that writes in this mode (the report's rate line). */
  readonly operation: JobWriteOperation;
  /** What the job writes to, for its lock. */
  readonly targetKind: TargetKind;
}

/** The book or list a job resolved, by id: claimed once, before the job reads or writes it. */
export interface ClaimedTarget {
  readonly id: string;
  readonly name: string;
}

/**
 * Claims the job's target for this run (see {@link runImportJob}): a job calls it as soon as it
 * has resolved its book or list, before reading it.
 */
export type ClaimTarget = (target: ClaimedTarget) => Promise<void>;

/** What a job writes to: the kinds of target, for locks and messages. */
export type TargetKind = 'address-book' | 'campaign-list' | 'dnc-list' | 'roster';

/** `address book`, `DNC list`: a target kind in words. */
export const TARGET_WORDS: Readonly<Record<TargetKind, string>> = { 'address-book': 'address book', 'campaign-list': 'campaign contact list', 'dnc-list': 'DNC list', roster: 'roster' };

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
  /**
   * The input's identity, when the set-up read the whole file and took it on the way (a sync's
   * plan), having refused a resumed run's changed input with {@link refuseChangedInput}: given
   * by every set-up of a job run with `setUpReadsInput` (see {@link runImportJob}).
   */
  readonly identity?: InputIdentity | undefined;
  /** The rows the file holds, when the set-up counted them (a sync's plan): a stopped run says what is left without counting again. */
  readonly rows?: number | undefined;
  /**
   * Work once every row has its outcome, before the summary (a sync's deletes); skipped when the
   * run stopped early. What it throws stops the run as a batch's error does: a resume runs it again.
   */
  readonly finish?: (stop: AbortSignal, images: BeforeImages | undefined) => Promise<void>;
  /** results.csv's columns after `_id`, when the job has its own (the roster's `_assigned`, `_unassigned`); default `_phones`. */
  readonly resultColumns?: readonly string[] | undefined;
}

/**
 * How a job's phone normaliser spends memory for speed (`createPhoneNormaliser`'s `workers` and
 * `cacheSize`). A dry run of an import reads as fast as the CPU allows: a worker thread for its
 * numbers speeds it up by a third. A run paced by the API (a real import, any sync) spends about
 * 1 % of a core on its rows, so it gets no thread (25 MB of a 200,000-contact sync's 228 MB).
 * The cache holds 20,000 answers for a dry run (room for the numbers read ahead for the thread,
 * and a file's repeated numbers; 100,000 held 15 MB more heap, for no speed measured) and
 * 10,000 for a paced run. `phoneThreads`, when given, decides the threads.
 */
export function phoneSettingsFor(
  options: Pick<ImportJobOptions, 'dryRun' | 'phoneThreads'>,
  paced: boolean = !options.dryRun,
): { readonly workers: number | undefined; readonly cacheSize: number } {
  return { workers: options.phoneThreads ?? (paced ? 0 : undefined), cacheSize: paced ? 10_000 : 20_000 };
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
    // The inputs are gathered only when the normaliser would send them to a thread.
    target: { ...target, prefetch: async (rows) => (phones.prefetching ? phones.prefetch(phoneInputsOf(rows, indexes, countryIndex)) : undefined) },
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
    super('STOPPED', `${why}; ${leftForResume(summary)}`, { cause });
  }
}

/** `20000` → `20,000`. */
const count = (n: number) => n.toLocaleString('en-US');

/**
 * How far a run that stopped got, counted against the whole file, not against the rows it had
 * read: `4,000 of 20,000 rows done; 16,000 wait for the resume`. The page and the command line
 * say the same. Without the file's row count (it could not be read again), no number is made up
 * for the rest.
 */
export function leftForResume(summary: ImportSummary): string {
  const done = summary.succeeded + summary.rejected;
  const total = summary.fileRows;
  // Every row done and the run still stopped: what was left is the run's last step (a sync's deletes).
  if ((summary.pending ?? 0) === 0 && (total === undefined || summary.rows >= total)) return 'every row has its outcome, and the rest of the run is left for the resume';
  // A DNC import's items are numbers, several to a row: its rows are counted as read.
  if (summary.items !== undefined) {
    const rest = total === undefined ? 'the rest of the file waits for the resume' : `the rest of its ${count(total)} rows waits for the resume`;
    return `${count(done)} numbers done, from the file's first ${count(summary.rows)} rows; ${rest}`;
  }
  if (total === undefined) return `${count(done)} rows done; the rest of the file waits for the resume`;
  return `${count(done)} of ${count(total)} rows done; ${count(Math.max(0, total - done))} wait for the resume`;
}

/**
 * report.html beside summary.json, with the command that runs the job again (its `--map` saved
 * as map.json beside it) and, for a run that stopped, the one that finishes it.
 */
async function writeReport(
  job: JobIdentity,
  options: ImportJobOptions,
  summary: ImportSummary,
  header: readonly string[],
  samples: OutcomeFiles['samples'],
  incomplete: boolean,
): Promise<void> {
  let mapFile: string | undefined;
  if (options.map !== undefined) {
    mapFile = path.join(options.outDir, 'map.json');
    await writePrivateFile(mapFile, `${JSON.stringify(options.map, null, 2)}\n`);
  }
  const operation = job.operation;
  const plan = (options.plan ?? DEFAULT_RATE_PLAN) as RatePlanName;
  // Creates sent on two lanes went at the single create's rate too (its own label's allowance).
  const singles = summary.createLanes !== undefined && summary.createLanes.single.requests > 0 ? RATE_PLANS[plan][SINGLE_CREATE_LABEL] : undefined;
  await writeImportReport(options.outDir, summary, {
    commandLine: commandLineOf(job.name, journalled(options), mapFile),
    resumeCommand: incomplete ? `ccbulk resume ${shellWord(options.outDir)}` : undefined,
    header: header.filter((name) => !name.trim().startsWith('_')),
    samples,
    rate: {
      plan,
      label: operation.rateLabel,
      requestsPerSecond: RATE_PLANS[plan][operation.rateLabel],
      batchSize: operation.batchSize,
      ...(singles === undefined ? {} : { singlesPerSecond: singles }),
    },
  });
}

/** The options a journal keeps to run a job again: everything but callbacks, signals and state. */
function journalled(options: object): Record<string, unknown> {
  const { onProgress: _p, stop: _s, resume: _r, command: _c, ...rest } = options as Record<string, unknown>;
  return rest;
}

/**
 * The frame of every import: open the file, plan its columns, let the job set up its target
 * (resolving lists, books and custom fields: errors there stop the run before any write), run
 * the engine into results.csv and rejects.csv with a journal, and write summary.json — also
 * when the run stopped early, before the error that stopped it is thrown on. A resumed run
 * checks the input is the one the journal names, and appends to the same files.
 *
 * `setUpReadsInput`: the set-up reads the whole input before anything is sent (a sync's plan),
 * identifies it on the way and checks a resumed run's input itself (`JobSetup.identity`), so the
 * frame does not read the file once more for it.
 */
export async function runImportJob<T>(
  client: ContactCenterClient,
  job: JobIdentity,
  options: ImportJobOptions,
  setUp: (table: SourceTable, plan: ColumnPlan, claim: ClaimTarget) => Promise<JobSetup<T>>,
  setUpReadsInput = false,
): Promise<ImportSummary> {
  const started = Date.now();
  // A client may serve several jobs (the demo runs three): count only this job's traffic.
  const before = { ...client.stats };
  const identity = setUpReadsInput ? undefined : await inputIdentity(options.file).catch(() => undefined);
  const resume = options.resume;
  if (!resume) await refuseEarlierRun(options.outDir, options);
  if (!setUpReadsInput) refuseChangedInput(options.file, resume, identity);
  // This run's time line and latency, for summary.json and report.html: from the look-ups of
  // the set-up on, so that the latency covers every request the run counts.
  const recorder = new RunSeriesRecorder(Date.now, started, resume?.counts);
  const unwatch = client.watch(recorder);
  // The engine stops when the caller asks, or when another host takes the target's lock.
  const stopping = new AbortController();
  const forwardStop = () => stopping.abort();
  if (options.stop?.aborted) stopping.abort();
  else options.stop?.addEventListener('abort', forwardStop, { once: true });
  let claimed: ClaimedTarget | undefined;
  let targetLock: TargetLock | undefined;
  const claim: ClaimTarget = async (target) => {
    const recorded = resume?.start.target;
    if (recorded !== undefined && recorded.id !== target.id) {
      throw new CcbulkError(
        'RESUME_INVALID',
        `Cannot resume: the run wrote to the ${TARGET_WORDS[job.targetKind]} '${recorded.name}' (id ${recorded.id}), and found '${target.name}' (id ${target.id}) instead. Nothing was sent`,
      );
    }
    claimed = { id: target.id, name: target.name };
    // A dry run writes nothing to the target: it takes no lock, and runs beside a real one.
    if (options.dryRun) return;
    targetLock = await lockTarget(
      { accountId: client.account.id, apiUrl: client.account.apiUrl, kind: job.targetKind, id: target.id, name: target.name },
      { command: options.command ?? `ccbulk import ${job.name}`, outDir: path.resolve(options.outDir) },
      client.redisUrl,
    );
    targetLock.lost.addEventListener('abort', forwardStop, { once: true });
  };
  const releaseTarget = async () => {
    options.stop?.removeEventListener('abort', forwardStop);
    await targetLock?.release();
  };
  let table: SourceTable;
  let plan: ColumnPlan;
  let setup: JobSetup<T>;
  try {
    table = refusingUnfixedRejects(await openTable(options.file, { encoding: options.encoding, delimiter: options.delimiter, sheet: options.sheet }));
    plan = planColumns(table.header, options.map);
    setup = await setUp(table, plan, claim);
  } catch (error) {
    unwatch();
    await releaseTarget();
    throw error;
  }
  try {
    return await runClaimed(client, job, options, { table, plan, setup, claimed, started, before, identity: identity ?? setup.identity, recorder, unwatch, stop: stopping.signal, lost: () => targetLock?.lost });
  } finally {
    await releaseTarget();
  }
}

/**
 * Refuses to resume a run on an input that is not the file it started with (`identity` is the
 * input now; undefined when it cannot be read). Nothing to check for a run that resumes nothing.
 */
export function refuseChangedInput(file: string, resume: JournalState | undefined, identity: InputIdentity | undefined): void {
  if (!resume) return;
  const change = identity === undefined ? 'it cannot be read' : identityChange(resume.start.input, identity);
  if (change !== undefined) {
    throw new CcbulkError('RESUME_INVALID', `Cannot resume: the input ${file} is not the file the run started with (${change})`);
  }
}

/** What {@link runImportJob} has set up when the rows start to flow. */
interface ClaimedRun<T> {
  readonly table: SourceTable;
  readonly plan: ColumnPlan;
  readonly setup: JobSetup<T>;
  readonly claimed: ClaimedTarget | undefined;
  readonly started: number;
  readonly before: ContactCenterClient['stats'];
  readonly identity: InputIdentity | undefined;
  readonly recorder: RunSeriesRecorder;
  readonly unwatch: () => void;
  /** The engine's stop: the caller's, or a lost target lock. */
  readonly stop: AbortSignal;
  /** The target lock's loss, once taken. */
  readonly lost: () => AbortSignal | undefined;
}

/** The rows of a set-up job through the engine, then its summary and report (see {@link runImportJob}). */
async function runClaimed<T>(client: ContactCenterClient, job: JobIdentity, options: ImportJobOptions, run: ClaimedRun<T>): Promise<ImportSummary> {
  const { table, plan, setup, claimed, started, before, identity, recorder, unwatch } = run;
  const resume = options.resume;
  await preparePrivateDirectory(options.outDir);
  const outcomes = await OutcomeFiles.create(options.outDir, table.header, resume?.sizes, setup.resultColumns);
  if (resume?.counts) outcomes.restore(resume.counts);
  // What the run needs to undo itself, written before each write (see `ccbulk undo`): there
  // before the journal, so that a run with a journal always has its before-images.
  const images = options.dryRun ? undefined : await BeforeImages.open(options.outDir, resume !== undefined);
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
        ...(claimed === undefined ? {} : { target: { kind: job.targetKind, ...claimed } }),
        at: new Date(started).toISOString(),
      });
  const onProgress = (progress: ImportProgress) => {
    recorder.progress(progress);
    options.onProgress?.(progress);
  };
  let result;
  let closing: unknown;
  try {
    result = await runImportEngine({
      table,
      expectedRows: await sampleRowEstimate(options.file),
      target: setup.target,
      outcomes,
      journal,
      concurrency: options.concurrency,
      stop: run.stop,
      resume,
      images,
      onProgress,
      // A resume goes on past the threshold: the person has seen the reasons and chosen to.
      maxRejects: resume ? undefined : options.maxRejects,
    });
  } finally {
    unwatch();
    // A file that cannot be written stopped the engine already (a run with a journal) or is said
    // below (a dry run): it does not take the place of what the run ended with.
    await outcomes.close().catch((error: unknown) => (closing = error));
    await setup.close?.();
  }
  // Another writer took the target (its lock lapsed): stop, resumably, and say why.
  let stoppedBy = run.lost()?.aborted ? (run.lost()!.reason as unknown) : (result.stoppedBy ?? (journal === undefined ? undefined : closing));
  // A dry run sent nothing and has no journal to resume: its files' failure is the run's, and
  // the same command runs again once it is fixed.
  if (journal === undefined && closing !== undefined) throw closing;
  if (setup.finish && result.pending === 0 && stoppedBy === undefined && !result.interrupted) {
    try {
      await setup.finish(run.stop, images);
    } catch (error) {
      stoppedBy = error;
    }
  }
  await images?.close().catch((error: unknown) => (stoppedBy ??= error));
  let incomplete = result.pending > 0 || stoppedBy !== undefined || result.interrupted;
  // What is left is said against the whole file: a stopped run counts its rows once more (one
  // pass over the reader, nothing checked), unless its set-up counted them already.
  const fileRows = incomplete ? (setup.rows ?? (await countRows(options.file, { encoding: options.encoding, delimiter: options.delimiter, sheet: options.sheet }))) : undefined;
  const reason = stoppedBy instanceof Error ? stoppedBy.message : result.interrupted ? 'stopped on request' : undefined;
  const counts = result.counts;
  // A resume's bookkeeping covers the whole run: the legs before it said theirs in summary.json.
  const earlier = resume ? await readSummary(options.outDir) : undefined;
  const summary: ImportSummary = {
    job: job.name,
    mode: job.mode,
    dryRun: options.dryRun,
    input: options.file,
    target: setup.describe,
    rows: result.rows,
    ...(result.items === result.rows ? {} : { items: result.items }),
    succeeded: counts.succeeded,
    rejected: counts.rejected,
    ...(incomplete ? { pending: result.pending, ...(fileRows === undefined ? {} : { fileRows }) } : {}),
    requests: (earlier?.requests ?? 0) + client.stats.requests - before.requests,
    retries: (earlier?.retries ?? 0) + client.stats.retries - before.retries,
    rateLimited: (earlier?.rateLimited ?? 0) + client.stats.rateLimited - before.rateLimited,
    ...(limitsFound(client.limiter).length > 0 ? { limitsFound: limitsFound(client.limiter) } : {}),
    elapsedMs: (earlier?.elapsedMs ?? 0) + Date.now() - started,
    ...(earlier === undefined ? {} : { legs: (earlier.legs ?? 1) + 1 }),
    rejectedByStage: counts.rejectedByStage,
    rejectedByReason: counts.rejectedByReason,
    ...(Object.keys(outcomes.examples).length > 0 ? { reasonExamples: outcomes.examples } : {}),
    unmappedColumns: plan.unmapped,
    ...((table.mergedCellsFilled?.() ?? 0) > 0 ? { mergedCellsFilled: table.mergedCellsFilled!() } : {}),
    ...setup.extra?.(),
    ...(setup.phonesOnThreads?.() ? { phonesOnThreads: setup.phonesOnThreads() } : {}),
    files: {
      ...outcomes.paths,
      summary: path.join(options.outDir, 'summary.json'),
      report: path.join(options.outDir, REPORT_FILE),
      ...(journal === undefined ? {} : { journal: path.join(options.outDir, 'journal.jsonl') }),
    },
    ...(reason === undefined ? {} : { stoppedBy: reason }),
    ...(resume ? { resumed: true } : {}),
    series: recorder.series(),
    ...(recorder.latency() === undefined ? {} : { latency: recorder.latency() }),
  };
  // summary.json and report.html before the journal's end: a run whose summary cannot be written
  // (a full disk) has not ended, and its resume writes it.
  try {
    await writeSummary(options.outDir, summary).catch((error: unknown) => Promise.reject(runFileError(summary.files.summary!, error)));
    await writeReport(job, options, summary, table.header, outcomes.samples, incomplete).catch((error: unknown) => Promise.reject(runFileError(summary.files.report!, error)));
  } catch (error) {
    if (journal === undefined) throw error;
    stoppedBy ??= error;
    incomplete = true;
  }
  try {
    await journal?.end(!incomplete, reason ?? (stoppedBy instanceof Error ? stoppedBy.message : undefined));
  } catch (error) {
    // The run's outcome is in the checkpoints; an end that cannot be written leaves it to resume.
    if (!incomplete) {
      stoppedBy = error;
      incomplete = true;
    }
  }
  if (incomplete) throw new ImportStopped(summary, options.outDir, stoppedBy);
  return summary;
}
