import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import type { ColumnPlan } from '../transforms/column-mapping.js';
import type { SyncKey } from '../transforms/sync-match.js';
import { CcbulkError } from '../errors.js';
import { Journal, type JournalState } from '../writers/journal.js';
import { preparePrivateDirectory } from '../writers/private-file.js';
import { lockRunFolder } from '../writers/run-folder-lock.js';
import { UNDO_FOLDER, UndoJournal } from '../writers/undo-files.js';
import type { ImportSummary } from '../writers/summary-file.js';
import type { ContactCenterClient } from '../zoom/client.js';
import type { OperationId } from '../zoom/generated/operations.js';
import { addressBookJob } from './address-book.js';
import { campaignContactsJob } from './campaign-contacts.js';
import { dncJob } from './dnc.js';
import { rosterJob } from './roster.js';
import type { ImportProgress } from './import-engine.js';
import { TARGET_WORDS } from './import-job.js';
import type { JobTarget } from './job-definition.js';
import { commonJobOptions } from './job-options.js';
import { parseOptions, type OptionDoor } from './option-values.js';
import type { JobWriteOperation } from './write-operation.js';

/**
 * The job registry: every import job, defined once in its target's module. The command line, the
 * page, the library and resume all parse a job's options with {@link jobOptionsSchema} and run it
 * with {@link runJob} or {@link resumeJob}; none of them says for itself which job runs in which
 * mode. Adding a target or a mode touches its module and this table, nothing else.
 */
export const JOBS = {
  'address-book': addressBookJob,
  'campaign-contacts': campaignContactsJob,
  dnc: dncJob,
  roster: rosterJob,
} as const;

/** The import jobs. */
export type ImportJobName = keyof typeof JOBS;

/** The job names, in the order `--help` and the page list them. */
export const JOB_NAMES = Object.keys(JOBS) as ImportJobName[];

/** What a job can do to each row. */
export type JobMode<J extends ImportJobName> = (typeof JOBS)[J]['modes'][number];

/** The modes of each job, the default first. */
export const JOB_MODES: { readonly [J in ImportJobName]: (typeof JOBS)[J]['modes'] } = {
  'address-book': addressBookJob.modes,
  'campaign-contacts': campaignContactsJob.modes,
  dnc: dncJob.modes,
  roster: rosterJob.modes,
};

/** The operation that writes for `job` in `mode`, with its batch size and rate label from the spec. */
export function writeOperationOf<J extends ImportJobName>(job: J, mode: JobMode<J>): JobWriteOperation {
  return (JOBS[job].writes as Readonly<Record<string, JobWriteOperation>>)[mode]!;
}

/** Whether `name` is an import job. */
export function isJobName(name: unknown): name is ImportJobName {
  return typeof name === 'string' && Object.hasOwn(JOBS, name);
}

/** A job's whole option schema: the shared options and the job's own. */
export function jobOptionsSchema<J extends ImportJobName>(job: J) {
  return commonJobOptions.extend(JOBS[job].options.shape as (typeof JOBS)[J]['options']['shape']);
}

/** A job's checked options. */
export type JobOptionsOf<J extends ImportJobName> = z.infer<ReturnType<typeof jobOptionsSchema<J>>>;

/** A job and its checked options: what every door hands the registry. */
export type JobRequest = { [J in ImportJobName]: { readonly job: J; readonly options: JobOptionsOf<J> } }[ImportJobName];

/**
 * Checks a job's options as a door received them: text from the command line, values from code
 * or a journal. Errors name the options as that door does (`--max-rejects` or `maxRejects`).
 */
export function parseJobRequest(job: unknown, raw: unknown, door: OptionDoor): JobRequest {
  if (!isJobName(job)) {
    throw new CcbulkError('OPTION_INVALID', `Expected the job to be one of ${JOB_NAMES.join(', ')}, got \`${String(job)}\``, { field: 'job' });
  }
  const request = { job, options: parseOptions(jobOptionsSchema(job), raw, door) } as JobRequest;
  refuseOptionsOfOtherModes(request, raw, door);
  return request;
}

/**
 * Refuses an option given (in `raw`, as the door received it) for a mode that does not use it
 * (`--delete-missing` without `--mode sync`, `--lanes` with `--mode update`): ignored, it would
 * let a person believe it did something. A value that changes nothing (`false`) passes.
 */
export function refuseOptionsOfOtherModes(request: JobRequest, raw: unknown, door: OptionDoor): void {
  const given = typeof raw === 'object' && raw !== null ? (raw as Record<string, unknown>) : {};
  const mode = request.options.mode as string;
  for (const [option, modes] of Object.entries(JOBS[request.job].modeOptions as Readonly<Record<string, readonly string[]>>)) {
    const value = given[option];
    if (value === undefined || value === false || modes.includes(mode)) continue;
    const name = door === 'command-line' ? `--${option.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}` : option;
    const where = door === 'command-line' ? modes.map((m) => `\`--mode ${m}\``).join(' or ') : modes.map((m) => `mode \`${m}\``).join(' or ');
    throw new CcbulkError('OPTION_INVALID', `\`${name}\` applies only to ${where}, and this run's mode is ${mode}: leave it out, or choose that mode`, { field: name });
  }
}

/** The write operation of a request's job and mode. */
export function writeOperationOfRequest(request: JobRequest): JobWriteOperation {
  return writeOperationOf(request.job, request.options.mode as never);
}

/**
 * Whether the run counts the file's rows itself before it sends anything (a sync's plan, reported
 * as progress' `total`): then a door need not read the file again for an estimate.
 */
export function countsItsRows(request: JobRequest): boolean {
  return request.options.mode === 'sync';
}

/** What a run deletes from its target, as the check of the same request counted it. */
export interface PlannedDeletions {
  readonly count: number;
  /** `contacts`, a DNC list's `numbers`, or the roster's `users`. */
  readonly items: 'contacts' | 'numbers' | 'users';
}

/**
 * What a run of `request` deletes, as `check` (a dry run of the same job and mode) counted: in a
 * delete mode every row the check says would succeed; in a sync with `deleteMissing` the target's
 * contacts no row matched (the check's `sync.deleted`, a dry run's "would be"). Undefined when the
 * request deletes nothing; a count of 0 when the check found nothing to delete.
 */
export function deletionsOf(request: JobRequest, check: ImportSummary): PlannedDeletions | undefined {
  const { modes, items } = JOBS[request.job].deletes as { readonly modes: readonly string[]; readonly items: PlannedDeletions['items'] };
  const options = request.options as { readonly mode: string; readonly deleteMissing?: boolean; readonly removeMissing?: boolean };
  if (modes.includes(options.mode)) return { count: check.succeeded, items };
  if (options.deleteMissing === true) return { count: check.sync?.deleted ?? 0, items };
  if (options.removeMissing === true) return { count: check.roster?.removedUsers ?? 0, items };
  return undefined;
}

/** Whether a run of `request` may delete from its target (what {@link deletionsOf} counts). */
export function mayDelete(request: JobRequest): boolean {
  const { modes } = JOBS[request.job].deletes as { readonly modes: readonly string[] };
  const options = request.options as { readonly mode: string; readonly deleteMissing?: boolean; readonly removeMissing?: boolean };
  return modes.includes(options.mode) || options.deleteMissing === true || options.removeMissing === true;
}

/**
 * Every operation a run of `request` may call (its job's reads, its mode's writes, and what its
 * options add), each once: what the token's scopes are checked against before the first request.
 */
export function operationsOf(request: JobRequest): OperationId[] {
  const calls = JOBS[request.job].calls as {
    readonly reads: readonly OperationId[];
    readonly modes: Readonly<Record<string, readonly OperationId[]>>;
    readonly options?: Readonly<Record<string, readonly OperationId[]>>;
  };
  const options = request.options as Record<string, unknown>;
  const given = Object.entries(calls.options ?? {}).flatMap(([option, ids]) => {
    const value = options[option];
    return value === true || (Array.isArray(value) && value.length > 0) ? ids : [];
  });
  return [...new Set([...calls.reads, ...(calls.modes[options.mode as string] ?? []), ...given])];
}

/** Every operation a job may call in any mode with any option: what the README's scope table lists. */
export function everyOperationOf(job: ImportJobName): OperationId[] {
  const calls = JOBS[job].calls as { readonly reads: readonly OperationId[]; readonly modes: Readonly<Record<string, readonly OperationId[]>>; readonly options?: Readonly<Record<string, readonly OperationId[]>> };
  return [...new Set([...calls.reads, ...Object.values(calls.modes).flat(), ...Object.values(calls.options ?? {}).flat()])];
}

/**
 * Checks, once the token is fetched and before the run's first request, that its scopes grant
 * every operation the run may call: a run refused for a scope half-way would leave a target half
 * written. Skipped when the token response said nothing of scopes.
 */
export async function requireScopesFor(client: ContactCenterClient, request: JobRequest): Promise<void> {
  await client.requireScopes(operationsOf(request), `\`ccbulk import ${request.job} --mode ${String((request.options as { mode: string }).mode)}\``);
}

/** The book or list a request names, by id or name. */
export function targetOf(request: JobRequest): string {
  const options = request.options as Record<string, unknown>;
  const option = JOBS[request.job].targetOption;
  return option === null ? 'the account' : String(options[option]);
}

/**
 * What a sync of `job` matches rows to contacts by, for a file whose columns plan as `plan` and
 * the `key` option (if given): the job's own answer, the one its sync uses.
 */
export function syncKeyOf(job: ImportJobName, plan: ColumnPlan, key: SyncKey | undefined): SyncKey {
  return JOBS[job].syncKey(plan, key);
}

/** The names of the account's custom fields a job's file can feed, for the page's mapping. */
export function customFieldsOf(client: ContactCenterClient, job: ImportJobName): Promise<string[]> {
  return JOBS[job].customFields(client);
}

/** The account's books or lists a job can write to, for the page's pickers. */
export function targetsOf(client: ContactCenterClient, job: ImportJobName): Promise<JobTarget[]> {
  return JOBS[job].targets(client);
}

/** What a run needs beyond its options: where it writes, and the caller's live hooks. */
export interface JobRunContext {
  /** The run's out folder: results.csv, rejects.csv, summary.json, the journal. */
  readonly outDir: string;
  /** When aborted: finish the batches in flight, then stop, resumably. */
  readonly stop?: AbortSignal | undefined;
  readonly onProgress?: ((progress: ImportProgress) => void) | undefined;
  /** Who runs it, as its locks name it (`ccbulk import address-book …`, `ccbulk ui`). */
  readonly command?: string | undefined;
}

/**
 * Runs a job in its mode, holding its out folder for its whole life: a second run or resume into
 * the folder meanwhile is refused at once, naming this one. (The target's own lock is taken by
 * the job once it has resolved the book or list.)
 */
export async function runJob(client: ContactCenterClient, request: JobRequest, context: JobRunContext): Promise<ImportSummary> {
  return holdingRunFolder(context, async () => {
    await requireScopesFor(client, request);
    return runRequest(client, request, context, undefined);
  });
}

/** Runs a checked request with its run context, as a new run or as a resume of `resume`. */
function runRequest(client: ContactCenterClient, request: JobRequest, context: JobRunContext, resume: JournalState | undefined): Promise<ImportSummary> {
  const live = { outDir: context.outDir, stop: context.stop, onProgress: context.onProgress, command: context.command, resume };
  switch (request.job) {
    case 'address-book':
      return addressBookJob.run(client, { ...request.options, ...live });
    case 'campaign-contacts':
      return campaignContactsJob.run(client, { ...request.options, ...live });
    case 'dnc':
      return dncJob.run(client, { ...request.options, ...live });
    case 'roster':
      return rosterJob.run(client, { ...request.options, ...live });
  }
}

/** Holds the run's out folder while `work` runs; the folder is made (0700) first. */
async function holdingRunFolder<R>(context: JobRunContext, work: () => Promise<R>): Promise<R> {
  await preparePrivateDirectory(context.outDir);
  const lock = await lockRunFolder(context.outDir, context.command ?? 'ccbulk');
  try {
    return await work();
  } finally {
    await lock.release();
  }
}

/** A saved run, as the journal in its out folder describes it. */
export interface SavedRun {
  /** The job and its options, checked as any door's are; the target by the id the run resolved. */
  readonly request: JobRequest;
  readonly state: JournalState;
  /** The summary the run last wrote, if any. */
  readonly summary: ImportSummary | undefined;
}

/**
 * Reads the run in `outDir` (its journal and summary) without holding the folder: what a door
 * needs before resuming it (the plan and quota share its client paces by, the operation its
 * progress line shows). {@link resumeJob} reads it again under the folder's lock.
 */
export async function readSavedRun(outDir: string): Promise<SavedRun> {
  const state = await Journal.read(outDir);
  const summary = await readFile(path.join(outDir, 'summary.json'), 'utf8')
    .then((text) => JSON.parse(text) as ImportSummary)
    .catch(() => undefined);
  return { request: savedRequestOf(outDir, state), state, summary };
}

/** A run that was already complete when asked to resume: nothing was sent. */
export interface AlreadyComplete {
  readonly complete: true;
  readonly outDir: string;
  /** Its summary, whose counts say how it ended (rejected rows: exit 2). */
  readonly summary: ImportSummary | undefined;
}

/**
 * Resumes the interrupted run in `outDir` from its journal, holding the folder: finished rows
 * are skipped, results and rejects appended to, batches whose outcome is unknown checked before
 * anything is sent again. The journal is read under the lock, so two resumes started together
 * never both send: the second is refused, or finds the run complete. The run writes to the
 * target its journal recorded, by id, and no other. A client's plan and quota share are the
 * caller's (see {@link readSavedRun} and `ContactCenterClient.withQuotaShare`).
 */
export async function resumeJob(client: ContactCenterClient, outDir: string, context: Omit<JobRunContext, 'outDir'> = {}): Promise<ImportSummary | AlreadyComplete> {
  return holdingRunFolder({ ...context, outDir }, async () => {
    const saved = await readSavedRun(outDir);
    // Undone, the run is over: resumed, it would write again what the undo took back.
    if ((await UndoJournal.read(path.join(outDir, UNDO_FOLDER))) !== undefined) {
      throw new CcbulkError('RESUME_INVALID', `Cannot resume the run in ${outDir}: it was undone (see ${path.join(outDir, UNDO_FOLDER)}). Nothing was sent; to write it again, run the import anew`);
    }
    if (saved.state.complete) return { complete: true, outDir, summary: saved.summary };
    await requireScopesFor(client, saved.request);
    try {
      return await runRequest(client, saved.request, { ...context, outDir }, saved.state);
    } catch (error) {
      const target = saved.state.start.target;
      if (error instanceof CcbulkError && error.code === 'TARGET_NOT_FOUND' && target !== undefined) {
        const words = TARGET_WORDS[JOBS[saved.request.job].targetKind];
        throw new CcbulkError('RESUME_INVALID', `Cannot resume the run in ${outDir}: the ${words} it writes to, '${target.name}' (id ${target.id}), no longer exists. Nothing was sent`, { cause: error });
      }
      throw error;
    }
  });
}

/** The request the journal in `outDir` describes: its input by the absolute path the run started with, its target by the id it resolved. */
export function savedRequestOf(outDir: string, state: JournalState): JobRequest {
  const start = state.start;
  return parseSavedRun(outDir, { ...start, options: { ...start.options, file: start.input.path } });
}

/**
 * The request a journal's start line describes, checked with the job's own schema: a journal
 * from another version, or edited by hand, is refused with the field that is wrong rather than
 * run with options no door could have given. The target is the id the run resolved, when the
 * journal kept it.
 */
export function parseSavedRun(
  outDir: string,
  start: { readonly job: string; readonly mode?: string; readonly options: unknown; readonly target?: { readonly id: string } | undefined },
): JobRequest {
  const job = start.job;
  if (!isJobName(job)) {
    throw new CcbulkError('RESUME_INVALID', `Cannot resume the run in ${outDir}: its journal's job is \`${job}\`, and ccbulk imports only ${JOB_NAMES.join(', ')}`, { field: 'job' });
  }
  const saved: Record<string, unknown> = typeof start.options === 'object' && start.options !== null ? { ...start.options } : {};
  // Syncs of earlier versions kept no `mode` in their options: the journal's own says it is a
  // sync, and without it the run would resume as the job's default mode (create).
  if (!('mode' in saved) && start.mode !== undefined) saved.mode = start.mode;
  // Creates of versions before `--lanes` went to the batch endpoint alone.
  if (job === 'address-book' && !('lanes' in saved)) saved.lanes = 'batch';
  // A resume goes on past `--max-rejects`: the person has seen the reasons and chosen to.
  delete saved.maxRejects;
  const targetOption = JOBS[job].targetOption;
  if (start.target !== undefined && targetOption !== null) saved[targetOption] = start.target.id;
  const parsed = jobOptionsSchema(job).safeParse(saved);
  if (!parsed.success) {
    const issues = parsed.error.issues;
    const problems = issues.map((issue) => `\`${issue.path.join('.') || 'options'}\`: ${issue.message}`);
    throw new CcbulkError('RESUME_INVALID', `Cannot resume the run in ${outDir}: its journal's saved option ${problems.join('; ')}`, {
      field: issues[0]?.path.join('.') ?? 'options',
    });
  }
  return { job, options: parsed.data } as JobRequest;
}
