import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { parseSavedRun } from '../cli/import-options.js';
import { resumedJob, resumedJobOptions } from '../cli/resume-command.js';
import { importAddressBook } from '../pipelines/import-address-book.js';
import { importCampaignContacts } from '../pipelines/import-campaign-contacts.js';
import { importDnc } from '../pipelines/import-dnc.js';
import { syncAddressBook } from '../pipelines/sync-address-book.js';
import { syncCampaignContacts } from '../pipelines/sync-campaign-contacts.js';
import { syncDnc } from '../pipelines/sync-dnc.js';
import { CcbulkError } from '../errors.js';
import type { ImportProgress } from '../pipelines/import-engine.js';
import type { ImportJobOptions } from '../pipelines/import-job.js';
import { JOB_MODES } from '../pipelines/job-operations.js';
import { Journal } from '../writers/journal.js';
import { outcomeOf } from '../writers/run-report.js';
import type { ImportSummary } from '../writers/summary-file.js';
import type { ContactCenterClient } from '../zoom/client.js';
import type { UiJob } from './ui-state.js';

/** A book or list a job can write to, as the pickers show it. */
export interface UiTarget {
  readonly id: string;
  readonly name: string;
  readonly size?: number | undefined;
}

/** The account's books or lists for a job, fetched through the client. */
export async function targetsFor(client: ContactCenterClient, job: UiJob): Promise<UiTarget[]> {
  const targets: UiTarget[] = [];
  if (job === 'address-book') {
    for await (const unit of client.listUnits()) {
      for await (const book of client.listAddressBooks(unit.unit_id ?? '')) {
        targets.push({ id: book.address_book_id ?? '', name: book.address_book_name ?? '', size: book.total_contacts });
      }
    }
  } else {
    for await (const list of client.listCampaignContactLists(job === 'dnc' ? 'do_not_contact' : 'contact')) {
      targets.push({ id: list.contact_list_id ?? '', name: list.contact_list_name ?? '' });
    }
  }
  return targets;
}

/** The modes of a job, default first. */
export function modesOf(job: UiJob): readonly string[] {
  return JOB_MODES[job];
}

/** What the UI asks an import to do. */
export interface UiImportRequest {
  readonly job: UiJob;
  readonly mode: string;
  readonly target: string;
  readonly country: string;
}

/**
 * Runs an import the way `ccbulk import` does: the same pipeline functions, with the UI's
 * choices as their options.
 */
export function runImport(client: ContactCenterClient, request: UiImportRequest, common: ImportJobOptions): Promise<ImportSummary> {
  const { target, country } = request;
  // A sync from the page lists what is not in the file and deletes nothing: deleting is the
  // command line's `--delete-missing`, a choice made with its guard in view.
  const sync = { deleteMissing: false, maxDelete: { percent: 10 } } as const;
  switch (request.job) {
    case 'address-book': {
      const mode = modeOf('address-book', request.mode);
      return mode === 'sync' ? syncAddressBook(client, { ...common, ...sync, book: target, country }) : importAddressBook(client, { ...common, book: target, mode, country });
    }
    case 'campaign-contacts': {
      const mode = modeOf('campaign-contacts', request.mode);
      return mode === 'sync'
        ? syncCampaignContacts(client, { ...common, ...sync, list: target, country, scrubDnc: [] })
        : importCampaignContacts(client, { ...common, list: target, mode, country, scrubDnc: [] });
    }
    case 'dnc': {
      const mode = modeOf('dnc', request.mode);
      return mode === 'sync' ? syncDnc(client, { ...common, ...sync, list: target, country }) : importDnc(client, { ...common, list: target, mode, country });
    }
  }
}

/** The page's mode, checked against the job's: never a cast. */
function modeOf<J extends UiJob>(job: J, mode: string): (typeof JOB_MODES)[J][number] {
  const modes: readonly string[] = JOB_MODES[job];
  if (!modes.includes(mode)) throw new CcbulkError('OPTION_INVALID', `Expected the mode to be one of ${modes.join(', ')}, got \`${mode}\``);
  return mode as (typeof JOB_MODES)[J][number];
}

/**
 * Resumes an interrupted run from its journal, as `ccbulk resume` does: finished rows are
 * skipped and results and rejects appended to.
 */
export async function resumeImport(
  client: ContactCenterClient,
  outDir: string,
  live: { readonly stop: AbortSignal; readonly onProgress: (p: ImportProgress) => void },
): Promise<ImportSummary> {
  const state = await Journal.read(outDir);
  const saved = parseSavedRun(outDir, state.start);
  // The same pipeline `ccbulk resume` runs, with the job's options as the journal saved them.
  return resumedJob(saved).run(client, { ...resumedJobOptions(saved, state, outDir), stop: live.stop, onProgress: live.onProgress });
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
