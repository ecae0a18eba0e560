import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import type { ImportProgress } from '../pipelines/import-engine.js';
import type { JobTarget } from '../pipelines/job-definition.js';
import { JOB_MODES, JOBS, parseJobRequest, readSavedRun, resumeJob, runJob, targetsOf, type AlreadyComplete, type JobRequest } from '../pipelines/jobs.js';
import { outcomeOf } from '../writers/run-report.js';
import type { ImportSummary } from '../writers/summary-file.js';
import type { ContactCenterClient } from '../zoom/client.js';
import type { UiJob } from './ui-state.js';

/** A book or list a job can write to, as the pickers show it. */
export type UiTarget = JobTarget;

/** The account's books or lists for a job, fetched through the client. */
export function targetsFor(client: ContactCenterClient, job: UiJob): Promise<UiTarget[]> {
  return targetsOf(client, job);
}

/** The modes of a job, default first. */
export function modesOf(job: UiJob): readonly string[] {
  return JOB_MODES[job];
}

/** What the page asks a job to do: the job, its mode and target, and any of its other options. */
export interface UiImportRequest {
  readonly job: UiJob;
  readonly mode: string;
  /** The book or list, by the id its picker gave. */
  readonly target: string;
  readonly country: string;
  /** The job's other options as the page set them (`scrubDnc`, `deleteMissing`, `maxRejects`…), named as the library names them. */
  readonly options?: Readonly<Record<string, unknown>> | undefined;
}

/** What a run from the page reads, and how: the file and sheet, the mapping, a dry run or not. */
export interface UiRunInput {
  readonly file: string;
  readonly sheet?: string | number | undefined;
  readonly map?: unknown;
  readonly dryRun: boolean;
  readonly concurrency: number;
  readonly plan: 'pro' | 'business';
}

/**
 * The page's choices as a job request, checked with the job's schema from the registry (as the
 * command line's and the library's are): an option the job refuses is refused here, named as a
 * property.
 */
export function requestOf(request: UiImportRequest, input: UiRunInput): JobRequest {
  const targetOption = JOBS[request.job].targetOption;
  return parseJobRequest(
    request.job,
    { ...request.options, ...input, mode: request.mode, country: request.country, ...(targetOption === null ? {} : { [targetOption]: request.target }) },
    'code',
  );
}

/** Runs a job the way `ccbulk import` does: through the registry, holding its out folder and target. */
export function runImport(
  client: ContactCenterClient,
  request: JobRequest,
  outDir: string,
  live: { readonly stop: AbortSignal; readonly onProgress: (p: ImportProgress) => void },
): Promise<ImportSummary> {
  return runJob(client, request, { outDir, stop: live.stop, onProgress: live.onProgress, command: 'ccbulk ui' });
}

/**
 * Resumes an interrupted run from its journal, as `ccbulk resume` does: finished rows are
 * skipped and results and rejects appended to, on the quota share the run started with.
 */
export async function resumeImport(
  client: ContactCenterClient,
  outDir: string,
  live: { readonly stop: AbortSignal; readonly onProgress: (p: ImportProgress) => void },
): Promise<ImportSummary | AlreadyComplete> {
  const { request } = await readSavedRun(outDir);
  const paced = client.withQuotaShare(request.options.quotaShare);
  try {
    return await resumeJob(paced, outDir, { stop: live.stop, onProgress: live.onProgress, command: 'ccbulk ui' });
  } finally {
    if (paced !== client) await paced.close();
  }
}

/** A past run in the UI's working folder, for the list of runs. */
export interface PastRun {
  readonly id: string;
  readonly outcome: string;
  readonly job: string;
  readonly mode: string;
  readonly dryRun: boolean;
  readonly input: string;
  readonly rows: number;
  readonly succeeded: number;
  readonly rejected: number;
  readonly pending?: number | undefined;
  /** Whether `Resume` applies: it stopped early and has a journal. */
  readonly resumable: boolean;
}

/** A run going now, as the server's view of it says (see `runView`). */
export interface RunningView {
  readonly id: string;
  readonly dryRun: boolean;
  readonly job: string;
  readonly mode: string;
  readonly input: string;
  readonly progress: { readonly read: number; readonly succeeded: number; readonly rejected: number };
}

/**
 * Past runs with the runs going now among them, as `running`: a first leg has no summary yet,
 * and a resumed one's says how it stopped. Newest first (ids start with their time).
 */
export function withRunning(past: readonly PastRun[], running: readonly RunningView[]): PastRun[] {
  const going = new Map(running.map((run) => [run.id, run]));
  const asRunning = (run: RunningView): PastRun => ({
    id: run.id,
    outcome: 'running',
    job: run.job,
    mode: run.mode,
    dryRun: run.dryRun,
    input: run.input,
    rows: run.progress.read,
    succeeded: run.progress.succeeded,
    rejected: run.progress.rejected,
    resumable: false,
  });
  const listed = past.map((run) => (going.has(run.id) ? asRunning(going.get(run.id)!) : run));
  const unlisted = running.filter((run) => !past.some((p) => p.id === run.id)).map(asRunning);
  return [...unlisted, ...listed].sort((a, b) => (a.id < b.id ? 1 : a.id > b.id ? -1 : 0));
}

/** The runs under `runsDir` that wrote a summary, newest first. */
export async function pastRuns(runsDir: string): Promise<PastRun[]> {
  const names = await readdir(runsDir).catch(() => [] as string[]);
  const runs: PastRun[] = [];
  for (const id of names.sort().reverse()) {
    let summary: ImportSummary;
    try {
      summary = JSON.parse(await readFile(path.join(runsDir, id, 'summary.json'), 'utf8')) as ImportSummary;
    } catch {
      continue;
    }
    const outcome = outcomeOf(summary);
    runs.push({
      id,
      outcome,
      job: summary.job,
      mode: summary.mode,
      dryRun: summary.dryRun,
      input: path.basename(summary.input),
      rows: summary.rows,
      succeeded: summary.succeeded,
      rejected: summary.rejected,
      pending: summary.pending,
      resumable: outcome === 'stopped' && summary.files['journal'] !== undefined,
    });
  }
  return runs;
}
