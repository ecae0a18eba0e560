import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import PQueue from 'p-queue';
import { CcbulkError } from '../errors.js';
import { formatReasons, type Reason } from '../reason.js';
import { identityTap, inputIdentity, type InputIdentity } from '../readers/input-identity.js';
import { openTable } from '../readers/open-table.js';
import type { SourceTable } from '../readers/source-row.js';
import type { ColumnPlan } from '../transforms/column-mapping.js';
import { refusingUnfixedRejects } from '../transforms/earlier-reject.js';
import type { RejectStage } from '../transforms/row-plan.js';
import type { FieldChange } from '../transforms/sync-diff.js';
import type { BeforeImage } from '../transforms/before-image.js';
import type { SyncKey } from '../transforms/sync-match.js';
import { allowedBy, thresholdText, topReasons, type Threshold } from '../transforms/threshold.js';
import { done, refused, type RowVerdict } from '../senders/row-verdict.js';
import type { TargetIndex } from '../senders/target-index.js';
import { writeNotInFile, type NotInFileRecord } from '../writers/not-in-file.js';
import type { OutcomeCounts, OutcomeSizes, RowSuccess } from '../writers/outcome-files.js';
import { PlanFile } from '../writers/plan-file.js';
import { writeSummary, type ImportSummary, type SyncSummary } from '../writers/summary-file.js';
import type { ContactCenterClient } from '../zoom/client.js';
import { runImportEngine, type ImportProgress, type ImportTarget, type OutcomeSink, type Prepared } from './import-engine.js';
import { refuseChangedInput, runImportJob, type ClaimTarget, type ImportJobOptions, type JobIdentity, type JobSetup } from './import-job.js';

/** What a sync does, beyond any import's options. */
export interface SyncOptions {
  /** What rows are matched by (`--key`); default by the file's columns (see `defaultSyncKey`). */
  readonly key?: SyncKey | undefined;
  /** `--delete-missing`: delete the target's contacts no row matches. Default false: list them. */
  readonly deleteMissing: boolean;
  /** `--max-delete`: refuse, before any write, to delete more than this. Default 10 % of the target. */
  readonly maxDelete: Threshold;
  /** `--blanks`: an empty cell keeps the contact's value (default) or clears it. */
  readonly blanks?: 'keep' | 'clear' | undefined;
}

/** What a row of a sync becomes: a contact to create, fields of one to update, or nothing to do. */
export type SyncItem<C, U> =
  | { readonly action: 'create'; readonly item: C; readonly image: BeforeImage }
  | { readonly action: 'update'; readonly item: U; readonly contactId: string; readonly changes: readonly FieldChange[]; readonly image: BeforeImage }
  | { readonly action: 'unchanged'; readonly contactId: string };

/** A sync batch's before-images: each item carries its own, made from the target as listed. */
export async function syncImages<C, U>(batch: readonly Prepared<SyncItem<C, U>>[]): Promise<(BeforeImage | undefined)[]> {
  return batch.map(({ item }) => (item.action === 'unchanged' ? undefined : item.image));
}

/** A sync's target, set up once the file's columns are known. */
export interface SyncSetup<T extends SyncItem<unknown, unknown>> extends Omit<JobSetup<T>, 'finish' | 'extra'> {
  /** The target as read, before anything is sent. */
  readonly index: TargetIndex;
  readonly key: SyncKey;
  /** `contacts`, `numbers`: what the target holds, for messages. */
  readonly noun: string;
  /** Deletes of contacts not in the file: the most ids a request takes, and the request. */
  readonly deleteBatchSize: number;
  remove(ids: readonly string[]): Promise<RowVerdict[]>;
  /** How a contact not in the file is listed in not-in-file.csv (its status aside). */
  describeMissing(slot: number): Omit<NotInFileRecord, 'status'>;
  readonly extra?: () => Partial<ImportSummary>;
}

/** `Contacts!12` for workbooks, `12` for CSV. */
const lineText = (origin: { readonly sheet?: string; readonly line: number }) => (origin.sheet === undefined ? String(origin.line) : `${origin.sheet}!${origin.line}`);

/** How many contacts a guard's message names. */
const NAMED = 5;

/**
 * The frame of every sync: an import job whose set-up reads the target once (the job's
 * `setUp`), then plans the whole file against it before anything is sent — the file through the
 * engine as the run will take it, every item settled without a request, counted as create,
 * update, unchanged or rejected, and written to plan.csv — and refuses to go on when
 * `--delete-missing` would delete more than `--max-delete`. The plan's pass also identifies the
 * input (for the journal, and to refuse a resume on a changed file), so a CSV is read twice in
 * all: by the plan and by the run. The run then sends what the plan said (the engine journals
 * it, so a resume ends in the same state), and, once every row has its outcome, deletes or lists
 * the contacts no row matched (not-in-file.csv). A resume reads the target again: what the first
 * run did is then unchanged, and only the rest is sent.
 */
export function runSyncJob<T extends SyncItem<unknown, unknown>>(
  client: ContactCenterClient,
  job: JobIdentity,
  options: ImportJobOptions & SyncOptions,
  setUp: (table: SourceTable, plan: ColumnPlan, claim: ClaimTarget) => Promise<SyncSetup<T>>,
): Promise<ImportSummary> {
  let total: number | undefined;
  const onProgress = options.onProgress;
  // Once planned, the run's progress says how many rows the file holds.
  const reporting = onProgress === undefined ? options : { ...options, onProgress: (progress: ImportProgress) => onProgress({ ...progress, total }) };
  const setUpAndPlan = async (table: SourceTable, columns: ColumnPlan, claim: ClaimTarget): Promise<JobSetup<T>> => {
    const setup = await setUp(table, columns, claim);
    const started = Date.now();
    const before = { ...client.stats };
    let planned: PlannedSync | undefined;
    let missing: number[];
    try {
      planned = await planSync(options, setup.target, setup.index);
      missing = setup.index.unclaimed();
      refuseChangedInput(options.file, options.resume, planned.identity);
      if (options.deleteMissing) refuseLargeDeletes(options.maxDelete, missing, setup);
      if (options.maxRejects !== undefined) refuseManyRejects(options.maxRejects, planned);
    } catch (error) {
      await setup.close?.();
      // Refused by a guard after its plan: summary.json says so, and that nothing was sent.
      if (planned !== undefined && error instanceof CcbulkError && !options.resume) {
        await writeSummary(options.outDir, {
          job: job.name,
          mode: job.mode,
          dryRun: options.dryRun,
          input: options.file,
          target: setup.describe,
          rows: planned.rows,
          succeeded: 0,
          rejected: 0,
          pending: planned.rows,
          requests: client.stats.requests - before.requests,
          retries: client.stats.retries - before.retries,
          rateLimited: client.stats.rateLimited - before.rateLimited,
          elapsedMs: Date.now() - started,
          rejectedByStage: {},
          rejectedByReason: {},
          unmappedColumns: columns.unmapped,
          sync: { key: setup.key, create: planned.create, update: planned.update, unchanged: planned.unchanged, rejected: planned.rejected, notInFile: setup.index.unclaimed().length, deleted: 0, targetSize: setup.index.size, files: { plan: planned.path } },
          files: { plan: planned.path, summary: path.join(options.outDir, 'summary.json') },
          refused: true,
          stoppedBy: `refused before anything was sent: ${error.message}`,
        });
      }
      throw error;
    }
    total = planned.rows;
    let deleted = 0;
    let notInFilePath: string | undefined;
    const summary = (): SyncSummary => ({
      key: setup.key,
      create: planned.create,
      update: planned.update,
      unchanged: planned.unchanged,
      rejected: planned.rejected,
      notInFile: missing.length,
      deleted,
      targetSize: setup.index.size,
      files: { plan: planned.path, ...(notInFilePath === undefined ? {} : { notInFile: notInFilePath }) },
    });
    return {
      target: setup.target,
      identity: planned.identity,
      rows: planned.rows,
      describe: setup.describe,
      ...(setup.close ? { close: setup.close } : {}),
      ...(setup.phonesOnThreads ? { phonesOnThreads: setup.phonesOnThreads } : {}),
      extra: () => ({ ...setup.extra?.(), sync: summary() }),
      finish: async (stop, images) => {
        const status = new Map<number, string>();
        if (options.deleteMissing && missing.length > 0) {
          const queue = new PQueue({ concurrency: options.concurrency });
          let failure: { error: unknown } | undefined;
          for (let i = 0; i < missing.length; i += setup.deleteBatchSize) {
            const slots = missing.slice(i, i + setup.deleteBatchSize);
            void queue.add(async () => {
              if (failure !== undefined || stop.aborted) return;
              let verdicts: RowVerdict[];
              try {
                // The whole contact, as listed, on disk before it is deleted: the undo re-creates it.
                await images?.record(slots.map((s) => ({ image: { t: 'delete', id: setup.index.idAt(s), before: setup.index.fieldsAt(s) } })));
                verdicts = await setup.remove(slots.map((s) => setup.index.idAt(s)));
              } catch (error) {
                failure ??= { error };
                return;
              }
              slots.forEach((slot, k) => {
                const verdict = verdicts[k];
                if (verdict?.ok) deleted++;
                status.set(slot, verdict === undefined ? 'no answer' : verdict.ok ? verdict.status : formatReasons(verdict.reasons));
              });
            });
          }
          await queue.onIdle();
          // What stops the run (a daily limit) is thrown on; a resume reads the target again and deletes the rest.
          if (failure !== undefined) throw failure.error;
          if (stop.aborted) throw new CcbulkError('STOPPED', 'stopped on request while deleting the contacts not in the file');
        }
        notInFilePath = await writeNotInFile(
          options.outDir,
          missing.map((slot) => ({ ...setup.describeMissing(slot), status: status.get(slot) ?? 'kept' })),
        );
      },
    };
  };
  // The plan reads the whole input and identifies it: the frame need not read it for that.
  return runImportJob(client, job, reporting, setUpAndPlan, true);
}

/** What the plan counted. */
interface PlannedSync {
  readonly rows: number;
  readonly create: number;
  readonly update: number;
  readonly unchanged: number;
  readonly rejected: number;
  readonly rejectedByReason: Readonly<Record<string, number>>;
  readonly path: string;
  /** The input as the plan read it. */
  readonly identity: InputIdentity;
}

/**
 * Runs the whole file through the engine once before anything is sent, as the run will take it
 * (the same table, the same target preparing each row, the same duplicate checks, the same
 * claims on the target's contacts), but with every item settled without a request: counted by
 * action, and written to plan.csv. Holds nothing per row: the file is read again by the run.
 * The pass also hashes the file's bytes, which identifies the input without another read (a
 * workbook, whose bytes the reader does not show, is read for it once more).
 */
async function planSync<T extends SyncItem<unknown, unknown>>(options: ImportJobOptions, target: ImportTarget<T>, index: TargetIndex): Promise<PlannedSync> {
  await mkdir(options.outDir, { recursive: true, mode: 0o700 });
  const file = await PlanFile.create(options.outDir);
  const tally = new PlanTally();
  let rows: number;
  let identity: InputIdentity | undefined;
  try {
    const tap = await identityTap(options.file);
    const table = refusingUnfixedRejects(
      await openTable(options.file, { encoding: options.encoding, delimiter: options.delimiter, sheet: options.sheet, onBytes: tap.onBytes }),
    );
    const result = await runImportEngine({ table, target: planning(target, file), outcomes: tally, concurrency: 1 });
    if (result.stoppedBy !== undefined) throw result.stoppedBy;
    rows = result.rows;
    identity = tap.identity();
    for (const slot of index.unclaimed()) file.add({ line: '', action: 'delete', contactId: index.idAt(slot), field: '', before: '', after: '' });
  } finally {
    await file.close();
  }
  const { counts, actions } = tally;
  return {
    rows,
    create: actions.create ?? 0,
    update: actions.update ?? 0,
    unchanged: actions.unchanged ?? 0,
    rejected: counts.rejected,
    rejectedByReason: counts.rejectedByReason,
    path: file.path,
    // Not every byte went through the tap: a workbook, or a file that changed while it was read.
    identity: identity ?? (await inputIdentity(options.file)),
  };
}

/**
 * The sync's target as its plan runs it: every item it would send settled at once, with its
 * action as its status, and written to plan.csv — a create as the numbers it sends, an update
 * as one line per field it changes. Nothing is sent.
 */
function planning<T extends SyncItem<unknown, unknown>>(target: ImportTarget<T>, file: PlanFile): ImportTarget<T> {
  return {
    ...target,
    noRequest: ({ row, item, phones }) => {
      const line = lineText(row.origin);
      if (item.action === 'create') file.add({ line, action: 'create', contactId: '', field: '', before: '', after: phones.join(' ') });
      else if (item.action === 'update') {
        for (const change of item.changes) file.add({ line, action: change.clear === true ? 'clear' : 'update', contactId: item.contactId, field: change.field, before: change.before, after: change.after });
      }
      return { status: item.action };
    },
    send: () => Promise.reject(new Error('a sync plan sends nothing: its every item is settled without a request')),
    recover: undefined,
  };
}

/** The plan's outcomes: counted, written nowhere (plan.csv is written by its target). */
class PlanTally implements OutcomeSink {
  readonly counts: OutcomeCounts = { succeeded: 0, rejected: 0, rejectedByStage: {}, rejectedByReason: {} };
  /** Items settled, by their action (`create`, `update`, `unchanged`). */
  readonly actions: Record<string, number> = {};
  readonly backlogged = false;

  succeeded(_row: unknown, outcome: RowSuccess): void {
    this.counts.succeeded++;
    this.actions[outcome.status] = (this.actions[outcome.status] ?? 0) + 1;
  }

  rejected(_row: unknown, stage: RejectStage, reasons: readonly Reason[]): void {
    this.counts.rejected++;
    this.counts.rejectedByStage[stage] = (this.counts.rejectedByStage[stage] ?? 0) + 1;
    for (const { kind } of reasons) this.counts.rejectedByReason[kind] = (this.counts.rejectedByReason[kind] ?? 0) + 1;
  }

  async drain(): Promise<void> {}

  async flush(): Promise<OutcomeSizes> {
    return { results: 0, rejects: 0 };
  }
}

/** Stops a `--delete-missing` run that would delete more than `--max-delete`, naming the count and the first few. */
function refuseLargeDeletes(max: Threshold, missing: readonly number[], setup: Pick<SyncSetup<never>, 'index' | 'noun' | 'describeMissing'>): void {
  const allowed = allowedBy(max, setup.index.size);
  if (missing.length <= allowed) return;
  const named = missing.slice(0, NAMED).map((slot) => {
    const c = setup.describeMissing(slot);
    return c.displayName === '' ? c.id : `${c.displayName} (${c.id})`;
  });
  const more = missing.length > NAMED ? `, and ${missing.length - NAMED} more` : '';
  throw new CcbulkError(
    'OPTION_INVALID',
    `Refusing to delete ${missing.length} of the ${setup.index.size} ${setup.noun} not in the file, more than \`--max-delete ${thresholdText(max)}\` allows (${allowed}): ` +
      `${named.join(', ')}${more}. Nothing was sent. Check the file, or raise --max-delete`,
    { field: '--max-delete' },
  );
}

/** Stops a sync whose plan rejects more rows than `--max-rejects`, before anything is sent, naming the top reasons. */
function refuseManyRejects(max: Threshold, planned: PlannedSync): void {
  const allowed = allowedBy(max, planned.rows);
  if (planned.rejected <= allowed) return;
  throw new CcbulkError(
    'INPUT_INVALID',
    `The plan rejects ${planned.rejected} of ${planned.rows} rows, more than \`--max-rejects ${thresholdText(max)}\` allows (${allowed}): ` +
      `${topReasons(planned.rejectedByReason)}. Nothing was sent; the plan is in ${planned.path}`,
    { field: '--max-rejects' },
  );
}

/**
 * What a sync target tells the engine so that a resume reports what an interrupted run did: the
 * journal records each sent item's action, and an item the resume finds already as the row wants
 * it (`unchanged`) was created or updated by that run, not left alone. `created` is the target's
 * word for a create (`created`, `inserted`).
 */
export function syncResumeOutcomes<C, U>(created: string): {
  asked(item: SyncItem<C, U>): string;
  doneBefore(asked: string, settled: { readonly status: string; readonly id?: string }): { readonly status: string; readonly id?: string };
} {
  return {
    asked: (item) => item.action,
    doneBefore: (asked, settled) => (asked === 'create' ? { ...settled, status: created } : asked === 'update' ? { ...settled, status: 'updated' } : settled),
  };
}

/** A sync item's outcome when it needs no request: an unchanged contact, `unchanged` with its id. */
export function unchangedOutcome<C, U>({ item }: Pick<Prepared<SyncItem<C, U>>, 'item'>): { readonly status: string; readonly id: string } | undefined {
  return item.action === 'unchanged' ? { status: 'unchanged', id: item.contactId } : undefined;
}

/**
 * Sends a sync batch: creates in requests of up to `createBatch` (at once, under the limiter),
 * updates in one request, unchanged rows in none. One verdict per item, in order.
 */
export async function sendSyncBatch<C, U>(
  batch: readonly Prepared<SyncItem<C, U>>[],
  createBatch: number,
  create: (items: readonly C[]) => Promise<RowVerdict[]>,
  update: (items: readonly U[]) => Promise<RowVerdict[]>,
): Promise<RowVerdict[]> {
  const verdicts: RowVerdict[] = batch.map(({ item }) => (item.action === 'unchanged' ? done('unchanged', item.contactId) : refused('no answer for this row')));
  const creates = batch.flatMap(({ item }, i) => (item.action === 'create' ? [{ i, item: item.item }] : []));
  const updates = batch.flatMap(({ item }, i) => (item.action === 'update' ? [{ i, item: item.item }] : []));
  const requests: Promise<void>[] = [];
  for (let k = 0; k < creates.length; k += createBatch) {
    const chunk = creates.slice(k, k + createBatch);
    requests.push(create(chunk.map((c) => c.item)).then((answer) => chunk.forEach((c, j) => (verdicts[c.i] = answer[j] ?? verdicts[c.i]!))));
  }
  if (updates.length > 0) requests.push(update(updates.map((u) => u.item)).then((answer) => updates.forEach((u, j) => (verdicts[u.i] = answer[j] ?? verdicts[u.i]!))));
  await Promise.all(requests);
  return verdicts;
}
