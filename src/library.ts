import type { RosterMode } from './transforms/roster-diff.js';
import { z } from 'zod';
import { CcbulkError, dispositionOf } from './errors.js';
import type { AddressBookMode } from './pipelines/address-book.js';
import type { CampaignMode } from './pipelines/campaign-contacts.js';
import type { DncMode } from './pipelines/dnc.js';
import { exportAddressBooks, exportCampaignContacts as exportCampaignList, exportDnc as exportDncList } from './pipelines/export-contacts.js';
import type { ExportSummary } from './pipelines/export-job.js';
import type { ImportProgress } from './pipelines/import-engine.js';
import { ImportStopped, type ImportJobOptions } from './pipelines/import-job.js';
import { parseJobRequest, readSavedRun, resumeJob, runJob, type AlreadyComplete, type ImportJobName } from './pipelines/jobs.js';
import { refuseUndoOfUndo, undoRun, type UndoSummary } from './pipelines/undo-run.js';
import type { SyncKey } from './transforms/sync-match.js';
import type { Threshold } from './transforms/threshold.js';
import type { ImportSummary } from './writers/summary-file.js';
import { ContactCenterClient } from './zoom/client.js';
import { zoomConfigFromEnv } from './zoom/config.js';
import type { RatePlanName } from './zoom/rate-plans.js';

/** How every job reaches Zoom. */
export interface JobConnection {
  /**
   * The client to use; the caller keeps it and closes it. Default: one made from the ZOOM_*
   * environment variables (as the CLI does), closed when the job ends.
   */
  readonly client?: ContactCenterClient;
  /** Rate plan the client made from the environment paces by. Default `business`. */
  readonly plan?: RatePlanName;
  /** Share rate limits and the token with other workers through this Redis (redis:// URL). Default none. */
  readonly redis?: string;
}

/**
 * Options every import takes (the command line's shared import options, named as properties),
 * checked with the same schema the command line uses.
 */
export interface ImportOptions extends JobConnection {
  /** The CSV or XLSX file to import. Required. */
  readonly file: string;
  /** Where results.csv, rejects.csv, summary.json and the journal go. Required. */
  readonly outDir: string;
  /** XLSX: sheet by name or 1-based number. Default the first. */
  readonly sheet?: string | number;
  /** A mapping `{ "Header in file": "canonical_field" }` over the automatic one. Default none. */
  readonly map?: Readonly<Record<string, string | null>>;
  /** CSV encoding. Default `auto`. */
  readonly encoding?: ImportJobOptions['encoding'];
  /** CSV delimiter. Default `auto`. */
  readonly delimiter?: ImportJobOptions['delimiter'];
  /** ISO code of the country of numbers written without one. Default `US`. */
  readonly country?: string;
  /** Validate and look up, write nothing. Default false. */
  readonly dryRun?: boolean;
  /** Batches in flight at once, 1 to 64. Default 8. */
  readonly concurrency?: number;
  /** Stop, resumably, once more rows than this are rejected: a count, or a share (`'10%'`). Default none. */
  readonly maxRejects?: number | string | Threshold;
  /** Use at most this share of each rate limit, above 0 and at most 1 (kept for a resume). Default 1. */
  readonly quotaShare?: number;
  /** Called as rows are read and sent. Default none. */
  readonly onProgress?: (progress: ImportProgress) => void;
  /**
   * When aborted: stop reading, let the batches in flight finish, and return the summary with
   * `pending` set; {@link resumeImport} finishes the run. Default none.
   */
  readonly signal?: AbortSignal;
}

/** Options of `--mode sync` (ignored by the other modes). */
export interface SyncOptions {
  /** What rows are matched to contacts by. Default by the file's columns. */
  readonly key?: SyncKey;
  /** Delete what the target holds and the file does not. Default false: list it in not-in-file.csv. */
  readonly deleteMissing?: boolean;
  /** Refuse, before any write, to delete more than this: a count, or a share (`'10%'`). Default 10%. */
  readonly maxDelete?: number | string | Threshold;
}

/** Options every export takes. */
export interface ExportOptions extends JobConnection {
  /** The file to write, `.csv` or `.xlsx`; `{date}` and `{time}` are filled in. Required. */
  readonly out: string;
  /** Keep the newest n files made from the same `out` template, deleting older ones. Default all. */
  readonly keep?: number;
  /** CSV: write a byte-order mark so Excel reads UTF-8 right. Default true. */
  readonly bom?: boolean;
  /** Add a `custom:<name>` column per custom field. Default false. */
  readonly customFields?: boolean;
  /** Requests in flight at once, 1 to 64. Default 8. */
  readonly concurrency?: number;
}

const concurrencySchema = z
  .number({ error: (issue) => `Expected \`concurrency\` to be an integer from 1 to 64, got \`${String(issue.input)}\`` })
  .int({ error: (issue) => `Expected \`concurrency\` to be an integer from 1 to 64, got \`${String(issue.input)}\`` })
  .min(1, { error: (issue) => `Expected \`concurrency\` to be an integer from 1 to 64, got \`${String(issue.input)}\`` })
  .max(64, { error: (issue) => `Expected \`concurrency\` to be an integer from 1 to 64, got \`${String(issue.input)}\`` })
  .default(8);

function concurrencyOf(value: number | undefined): number {
  const parsed = concurrencySchema.safeParse(value);
  if (!parsed.success) throw new CcbulkError('OPTION_INVALID', parsed.error.issues.map((i) => i.message).join('; '));
  return parsed.data;
}

function required(value: unknown, name: string, what: string): string {
  if (typeof value !== 'string' || value.trim() === '') throw new CcbulkError('OPTION_INVALID', `Expected \`${name}\` to be ${what}, got \`${String(value)}\``);
  return value;
}

/**
 * Runs `job` with the caller's client (kept to `quotaShare` of its rates when one is given), or
 * one from the environment; a client made here is closed afterwards.
 */
async function withClient<R>(connection: JobConnection, concurrency: number, quotaShare: number | undefined, job: (client: ContactCenterClient) => Promise<R>): Promise<R> {
  const given = connection.client;
  const client =
    given?.withQuotaShare(quotaShare) ??
    new ContactCenterClient(zoomConfigFromEnv(), {
      plan: connection.plan ?? 'business',
      maxInFlight: Math.max(16, concurrency),
      ...(connection.redis === undefined ? {} : { redisUrl: connection.redis }),
      ...(quotaShare === undefined ? {} : { quotaShare }),
    });
  try {
    return await job(client);
  } finally {
    if (client !== given) await client.close();
  }
}

/** A stopped run (signal, daily limit) is a summary with `pending`; what is fatal is thrown. */
async function settled(run: Promise<ImportSummary>): Promise<ImportSummary> {
  try {
    return await run;
  } catch (error) {
    return settledError(error);
  }
}

/** The summary of a run that stopped resumably; anything else thrown on. */
function settledError(error: unknown): ImportSummary {
  if (error instanceof ImportStopped && (error.cause === undefined || dispositionOf(error.cause) === 'stop')) return error.summary;
  throw error;
}

/**
 * Runs `job` through the registry, as the command line does: the options checked with the job's
 * schema (errors name them as properties), the run holding its out folder and target.
 */
async function runLibraryJob(job: ImportJobName, name: string, options: ImportOptions): Promise<ImportSummary> {
  const { client: _client, redis: _redis, outDir, onProgress, signal, ...raw } = options;
  const request = parseJobRequest(job, { ...raw, plan: options.plan }, 'code');
  const dir = required(outDir, 'outDir', 'the folder results go to');
  return withClient(options, request.options.concurrency, request.options.quotaShare, (client) =>
    settled(runJob(client, request, { outDir: dir, stop: signal, onProgress, command: `ccbulk library ${name}` })),
  );
}

/** `ccbulk import address-book`: a file into an address book, in any mode (sync too). Resolves to summary.json's contents. */
export function importAddressBook(
  options: ImportOptions &
    SyncOptions & {
      readonly book: string;
      readonly mode?: AddressBookMode;
      /** Creates on the batch and single create endpoints (`both`), or the batch one alone. Default both. */
      readonly lanes?: 'both' | 'batch';
      /** Create rows a contact already in the book has a number or e-mail of. Default false. */
      readonly allowDuplicates?: boolean;
      /** Upsert and update replace a contact's numbers and e-mails. Default false: add to them. */
      readonly replaceLists?: boolean;
      /** Update, upsert and sync: an empty cell keeps the contact's value (`keep`) or clears it (`clear`). Default keep. */
      readonly blanks?: 'keep' | 'clear';
    },
): Promise<ImportSummary> {
  return runLibraryJob('address-book', 'importAddressBook', options);
}

/** `ccbulk import campaign-contacts`: a file into a campaign contact list, optionally scrubbed against DNC lists; any mode (sync too). */
export function importCampaignContacts(
  options: ImportOptions &
    SyncOptions & {
      readonly list: string;
      readonly mode?: CampaignMode;
      /** DNC lists, by id or name, whose numbers no row may carry. Default none. */
      readonly scrubDnc?: readonly string[];
      /** Insert rows a contact already on the list has a number or e-mail of. Default false. */
      readonly allowDuplicates?: boolean;
      /** Update and sync: an empty cell keeps the contact's value (`keep`) or clears it (`clear`). Default keep. */
      readonly blanks?: 'keep' | 'clear';
    },
): Promise<ImportSummary> {
  return runLibraryJob('campaign-contacts', 'importCampaignContacts', options);
}

/** `ccbulk import dnc`: the numbers of a file added to (or removed from) a DNC list, or the list synced to it. */
export function importDnc(
  options: ImportOptions &
    Omit<SyncOptions, 'key'> & {
      readonly list: string;
      readonly mode?: DncMode;
      /** Read numbers from these columns only. Default every phone column. */
      readonly columns?: readonly string[];
    },
): Promise<ImportSummary> {
  return runLibraryJob('dnc', 'importDnc', options);
}

/** `ccbulk import roster`: Contact Center users and their queues, teams, skills and role from a file, one row per agent. */
export function importRoster(
  options: ImportOptions & {
    readonly mode?: RosterMode;
    /** A sync refuses to unassign more than this (a count, or a share of the assignments read). Default 10%. */
    readonly maxUnassign?: string | number;
    /** A sync also removes the Contact Center users the file does not list. Default false. */
    readonly removeMissing?: boolean;
    /** `removeMissing` refuses to remove more users than this (a count or a share). Default 10%. */
    readonly maxRemove?: string | number;
  },
): Promise<ImportSummary> {
  return runLibraryJob('roster', 'importRoster', options);
}

/**
 * `ccbulk resume <outDir>`: finishes an interrupted import from its journal, on the plan, quota
 * share and lanes it started with; a complete run's summary is returned as it is, with
 * `complete: true`.
 */
export async function resumeImport(
  outDir: string,
  options: JobConnection & { readonly onProgress?: (progress: ImportProgress) => void; readonly signal?: AbortSignal } = {},
): Promise<ImportSummary | AlreadyComplete> {
  const { request } = await readSavedRun(outDir);
  const o = request.options;
  return withClient({ plan: o.plan, ...options }, o.concurrency, o.quotaShare, (client) =>
    resumeJob(client, outDir, { stop: options.signal, onProgress: options.onProgress, command: 'ccbulk library resumeImport' }).catch((error: unknown) => settledError(error)),
  );
}

/**
 * `ccbulk undo <outDir>`: puts the target of the run in `outDir` back as it was before it (see
 * the README's "Undoing a run"): `dryRun` plans only (undo/plan.csv), `force` undoes also what was
 * changed since the run. Stopped, it is called again and goes on.
 */
export async function undoImport(
  outDir: string,
  options: JobConnection & { readonly dryRun?: boolean; readonly force?: boolean; readonly signal?: AbortSignal } = {},
): Promise<UndoSummary> {
  await refuseUndoOfUndo(outDir);
  const { request } = await readSavedRun(outDir);
  const o = request.options;
  return withClient({ plan: o.plan, ...options }, o.concurrency, o.quotaShare, (client) =>
    undoRun(client, outDir, { dryRun: options.dryRun, force: options.force, stop: options.signal, command: 'ccbulk library undoImport' }),
  );
}

function exportCommon(options: ExportOptions) {
  if (typeof options.out !== 'string' || !/\.(csv|xlsx)$/i.test(options.out)) {
    throw new CcbulkError('OPTION_INVALID', `Expected \`out\` to end in .csv or .xlsx, got \`${String(options.out)}\``);
  }
  return { out: options.out, keep: options.keep, bom: options.bom ?? true, customFields: options.customFields ?? false, concurrency: concurrencyOf(options.concurrency) };
}

/** `ccbulk export address-book`: one address book (`book`) or all of them (`all`, of `unit`) to a file. */
export async function exportAddressBook(options: ExportOptions & { readonly book?: string; readonly all?: boolean; readonly unit?: string }): Promise<ExportSummary> {
  if ((options.book === undefined) === !options.all) throw new CcbulkError('OPTION_INVALID', 'Expected either `book` or `all: true`, not both and not neither');
  const job = { ...exportCommon(options), book: options.book, all: options.all ?? false, unit: options.unit };
  return withClient(options, job.concurrency, undefined, (client) => exportAddressBooks(client, job));
}

/** `ccbulk export campaign-contacts`: a campaign contact list to a file. */
export async function exportCampaignContacts(options: ExportOptions & { readonly list: string }): Promise<ExportSummary> {
  const job = { ...exportCommon(options), list: required(options.list, 'list', 'a campaign contact list id or name') };
  return withClient(options, job.concurrency, undefined, (client) => exportCampaignList(client, job));
}

/** `ccbulk export dnc`: a DNC list to a file. */
export async function exportDnc(options: ExportOptions & { readonly list: string }): Promise<ExportSummary> {
  const job = { ...exportCommon(options), list: required(options.list, 'list', 'a DNC list id or name') };
  return withClient(options, job.concurrency, undefined, (client) => exportDncList(client, job));
}

export type { ImportSummary } from './writers/summary-file.js';
export type { ExportSummary } from './pipelines/export-job.js';
export type { ImportProgress } from './pipelines/import-engine.js';
export type { AddressBookMode, CampaignMode, DncMode, RosterMode };
export type { AlreadyComplete } from './pipelines/jobs.js';
export type { UndoSummary, UndoPlanCounts } from './pipelines/undo-run.js';
