import { z } from 'zod';
import { parseSavedRun } from './cli/import-options.js';
import { resumedJob, resumedJobOptions } from './cli/resume-command.js';
import { CcbulkError, dispositionOf } from './errors.js';
import { exportAddressBooks, exportCampaignContacts as exportCampaignList, exportDnc as exportDncList } from './pipelines/export-contacts.js';
import type { ExportSummary } from './pipelines/export-job.js';
import { importAddressBook as importAddressBookJob, type AddressBookMode } from './pipelines/import-address-book.js';
import { importCampaignContacts as importCampaignJob, type CampaignMode } from './pipelines/import-campaign-contacts.js';
import { importDnc as importDncJob, type DncMode } from './pipelines/import-dnc.js';
import type { ImportProgress } from './pipelines/import-engine.js';
import { ImportStopped, type ImportJobOptions } from './pipelines/import-job.js';
import { parseCountryOption } from './transforms/country.js';
import { Journal } from './writers/journal.js';
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

/** Options every import takes (the CLI's shared import options). */
export interface ImportOptions extends JobConnection {
  /** The CSV or XLSX file to import. Required. */
  readonly file: string;
  /** Where results.csv, rejects.csv, summary.json and the journal go. Required. */
  readonly outDir: string;
  /** XLSX: sheet by name or 1-based number. Default the first. */
  readonly sheet?: string | number;
  /** A mapping `{ "Header in file": "canonical_field" }` over the automatic one. Default none. */
  readonly map?: Readonly<Record<string, string>>;
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
  /** Called as rows are read and sent. Default none. */
  readonly onProgress?: (progress: ImportProgress) => void;
  /**
   * When aborted: stop reading, let the batches in flight finish, and return the summary with
   * `pending` set; {@link resumeImport} finishes the run. Default none.
   */
  readonly signal?: AbortSignal;
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

/** Runs `job` with the caller's client, or one from the environment that is closed afterwards. */
async function withClient<R>(connection: JobConnection, concurrency: number, job: (client: ContactCenterClient) => Promise<R>): Promise<R> {
  if (connection.client) return job(connection.client);
  const client = new ContactCenterClient(zoomConfigFromEnv(), {
    plan: connection.plan ?? 'business',
    maxInFlight: Math.max(16, concurrency),
    ...(connection.redis === undefined ? {} : { redisUrl: connection.redis }),
  });
  try {
    return await job(client);
  } finally {
    await client.close();
  }
}

/** A stopped run (signal, daily limit) is a summary with `pending`; what is fatal is thrown. */
async function settled(run: Promise<ImportSummary>): Promise<ImportSummary> {
  try {
    return await run;
  } catch (error) {
    if (error instanceof ImportStopped && (error.cause === undefined || dispositionOf(error.cause) === 'stop')) return error.summary;
    throw error;
  }
}

function common(options: ImportOptions): ImportJobOptions & { country: string } {
  return {
    file: required(options.file, 'file', 'the path of a CSV or XLSX file'),
    outDir: required(options.outDir, 'outDir', 'the folder results go to'),
    sheet: options.sheet,
    map: options.map,
    encoding: options.encoding ?? 'auto',
    delimiter: options.delimiter ?? 'auto',
    country: parseCountryOption(options.country ?? 'US', 'country'),
    dryRun: options.dryRun ?? false,
    concurrency: concurrencyOf(options.concurrency),
    plan: options.plan ?? 'business',
    onProgress: options.onProgress,
    stop: options.signal,
  };
}

/** `ccbulk import address-book`: a file into an address book. Resolves to summary.json's contents. */
export async function importAddressBook(
  options: ImportOptions & { readonly book: string; readonly mode?: AddressBookMode; readonly lanes?: 'both' | 'batch' },
): Promise<ImportSummary> {
  // Creates on both lanes unless told otherwise, as the command does.
  const job = { ...common(options), book: required(options.book, 'book', 'an address book id or name'), mode: options.mode ?? 'create', lanes: options.lanes ?? 'both' };
  return withClient(options, job.concurrency, (client) => settled(importAddressBookJob(client, job)));
}

/** `ccbulk import campaign-contacts`: a file into a campaign contact list, optionally scrubbed against DNC lists. */
export async function importCampaignContacts(
  options: ImportOptions & { readonly list: string; readonly mode?: CampaignMode; readonly scrubDnc?: readonly string[] },
): Promise<ImportSummary> {
  const job = { ...common(options), list: required(options.list, 'list', 'a campaign contact list id or name'), mode: options.mode ?? 'insert', scrubDnc: options.scrubDnc ?? [] };
  return withClient(options, job.concurrency, (client) => settled(importCampaignJob(client, job)));
}

/** `ccbulk import dnc`: the numbers of a file added to (or removed from) a DNC list. */
export async function importDnc(
  options: ImportOptions & { readonly list: string; readonly mode?: DncMode; readonly columns?: readonly string[] },
): Promise<ImportSummary> {
  const job = { ...common(options), list: required(options.list, 'list', 'a DNC list id or name'), mode: options.mode ?? 'add', columns: options.columns };
  return withClient(options, job.concurrency, (client) => settled(importDncJob(client, job)));
}

/** `ccbulk resume <outDir>`: finishes an interrupted import from its journal; a complete run's summary is returned as it is. */
export async function resumeImport(
  outDir: string,
  options: JobConnection & { readonly onProgress?: (progress: ImportProgress) => void; readonly signal?: AbortSignal } = {},
): Promise<ImportSummary | { readonly complete: true; readonly outDir: string }> {
  const state = await Journal.read(outDir);
  if (state.complete) return { complete: true, outDir };
  const saved = parseSavedRun(outDir, state.start);
  const { run } = resumedJob(saved);
  const o = saved.options;
  return withClient({ plan: (o.plan as RatePlanName | undefined) ?? 'business', ...options }, o.concurrency, (client) =>
    settled(run(client, { ...resumedJobOptions(saved, state, outDir), onProgress: options.onProgress, stop: options.signal })),
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
  return withClient(options, job.concurrency, (client) => exportAddressBooks(client, job));
}

/** `ccbulk export campaign-contacts`: a campaign contact list to a file. */
export async function exportCampaignContacts(options: ExportOptions & { readonly list: string }): Promise<ExportSummary> {
  const job = { ...exportCommon(options), list: required(options.list, 'list', 'a campaign contact list id or name') };
  return withClient(options, job.concurrency, (client) => exportCampaignList(client, job));
}

/** `ccbulk export dnc`: a DNC list to a file. */
export async function exportDnc(options: ExportOptions & { readonly list: string }): Promise<ExportSummary> {
  const job = { ...exportCommon(options), list: required(options.list, 'list', 'a DNC list id or name') };
  return withClient(options, job.concurrency, (client) => exportDncList(client, job));
}

export type { ImportSummary } from './writers/summary-file.js';
export type { ExportSummary } from './pipelines/export-job.js';
export type { ImportProgress } from './pipelines/import-engine.js';
export type { AddressBookMode, CampaignMode, DncMode };
