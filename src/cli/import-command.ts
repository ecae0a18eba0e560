import type { Command } from 'commander';
import { importAddressBook } from '../pipelines/import-address-book.js';
import { importCampaignContacts } from '../pipelines/import-campaign-contacts.js';
import { importDnc } from '../pipelines/import-dnc.js';
import { syncAddressBook } from '../pipelines/sync-address-book.js';
import { syncCampaignContacts } from '../pipelines/sync-campaign-contacts.js';
import { syncDnc } from '../pipelines/sync-dnc.js';
import { syncPlanLine, withSyncOptions } from './sync-options.js';
import type { ImportProgress } from '../pipelines/import-engine.js';
import { ImportStopped, type ImportJobOptions } from '../pipelines/import-job.js';
import { dispositionOf } from '../errors.js';
import { writeOperationOf, type JobWriteOperation } from '../pipelines/job-operations.js';
import { DailyLimitError } from '../zoom/daily-limit-error.js';
import { estimateRowCount } from '../readers/row-estimate.js';
import type { ImportSummary } from '../writers/summary-file.js';
import type { Threshold } from '../transforms/threshold.js';
import type { SyncOptions } from '../pipelines/sync-job.js';
import type { ContactCenterClient } from '../zoom/client.js';
import { EXIT } from './fail.js';
import { makeOutFolder } from './file-system-error.js';
import { allowedRate, clientFor, defaultOutDir, readMapFile, withImportOptions } from './import-common.js';
import { addressBookOptionsSchema, campaignOptionsSchema, dncOptionsSchema, type ImportOptions } from './import-options.js';
import { importReport } from './import-report.js';
import { parseOptions } from './options.js';
import { ProgressLine } from './progress.js';
import { tuneHeap } from './heap-tuning.js';

const collect = (value: string, previous: string[] = []): string[] => [...previous, value];

const FOOTER =
  '\nEvery row ends in results.csv or rejects.csv (with _line, _stage, _reason); summary.json has the counts.\n' +
  'Exit codes: 0 every row succeeded, 2 finished with rejected rows, 1 usage or fatal error,\n' +
  '75 stopped early (daily limit, Ctrl-C) and resumable with `ccbulk resume <out-dir>`.\n' +
  'Credentials: ZOOM_ACCOUNT_ID, ZOOM_CLIENT_ID, ZOOM_CLIENT_SECRET (and ZOOM_API_URL, ZOOM_OAUTH_URL for the emulator).';

/** Examples shown under each command's --help, as a person would type them. */
const EXAMPLES = {
  'address-book': [
    "ccbulk import address-book contacts.csv --book 'Customers' --dry-run",
    "ccbulk import address-book contacts.xlsx --sheet 2 --book 'Customers' --mode upsert --out runs/monday",
    "ccbulk import address-book runs/monday/results.csv --book 'Customers' --mode delete",
  ],
  'campaign-contacts': [
    "ccbulk import campaign-contacts leads.csv --list 'Spring campaign' --scrub-dnc 'Do not call'",
    "ccbulk import campaign-contacts leads.csv --list 'Spring campaign' --country GB --dry-run",
  ],
  dnc: [
    "ccbulk import dnc opt-outs.csv --list 'Do not call'",
    "ccbulk import dnc opt-outs.csv --list 'Do not call' --column Mobile --mode remove",
  ],
} as const;

/** An "Examples:" block for --help. */
export function examplesText(lines: readonly string[]): string {
  return `\nExamples:\n${lines.map((line) => `  $ ${line}`).join('\n')}\n`;
}

/** `ccbulk import …`: load a spreadsheet into Zoom Contact Center. */
export function registerImportCommand(program: Command): void {
  const command = program.command('import').description('Load contacts or DNC numbers from a CSV or XLSX file into Zoom Contact Center');

  withSyncOptions(
    withImportOptions(
      command
        .command('address-book <file>')
        .description('Create, update, upsert or delete address book contacts from a CSV or XLSX file, or sync the book to it')
        .option('--book <id|name>', 'the address book, by id or name (required)')
        .option('--mode <mode>', 'create, update (needs a contact id column), upsert (by phone/e-mail), delete, or sync (make the book match the file) (default create)')
        .option('--lanes <lanes>', 'creates: both (batch and single create endpoints, each at its own rate) or batch, the batch endpoint alone (default both)')
        .option('--allow-duplicates', 'create rows whose number or e-mail a contact in the book already has (default: reject them)')
        .option('--replace-lists', "upsert/update: replace a contact's numbers and e-mails with the file's (default: add the file's to them)"),
    ),
    { key: true },
  )
    .addHelpText('after', examplesText(EXAMPLES['address-book']) + FOOTER)
    .action(async (file: string, raw: Record<string, unknown>) => {
      const options = parseOptions(addressBookOptionsSchema, raw);
      const { mode } = options;
      await runImportCommand(file, options, writeOperationOf('address-book', mode), (client, common) =>
        mode === 'sync'
          ? printingPlan(options, syncAddressBook(client, { ...common, ...syncOptionsOf(options), book: options.book, country: options.country }))
          : importAddressBook(client, { ...common, book: options.book, mode, country: options.country, lanes: options.lanes, allowDuplicates: options.allowDuplicates, replaceLists: options.replaceLists }),
      );
    });

  withSyncOptions(
    withImportOptions(
      command
        .command('campaign-contacts <file>')
        .description('Insert or update campaign contact list contacts, optionally scrubbed against DNC lists, or sync the list to the file')
        .option('--list <id|name>', 'the campaign contact list, by id or name (required)')
        .option('--mode <mode>', 'insert, update (needs a contact id column), or sync (make the list match the file) (default insert)')
        .option('--scrub-dnc <dnc list>', 'reject rows with a number on this DNC list, by id or name (repeatable)', collect)
        .option('--allow-duplicates', 'insert rows whose number or e-mail a contact on the list already has (default: reject them)'),
    ),
    { key: true },
  )
    .addHelpText('after', examplesText(EXAMPLES['campaign-contacts']) + FOOTER)
    .action(async (file: string, raw: Record<string, unknown>) => {
      const options = parseOptions(campaignOptionsSchema, raw);
      const { mode } = options;
      await runImportCommand(file, options, writeOperationOf('campaign-contacts', mode), (client, common) =>
        mode === 'sync'
          ? printingPlan(options, syncCampaignContacts(client, { ...common, ...syncOptionsOf(options), list: options.list, country: options.country, scrubDnc: options.scrubDnc }))
          : importCampaignContacts(client, { ...common, list: options.list, mode, country: options.country, scrubDnc: options.scrubDnc, allowDuplicates: options.allowDuplicates }),
      );
    });

  withSyncOptions(
    withImportOptions(
      command
        .command('dnc <file>')
        .description('Add numbers to, or remove them from, a DNC list, or sync the list to the file; every phone column is read, each number reported on its own')
        .option('--list <id|name>', 'the DNC list, by id or name (required)')
        .option('--mode <mode>', 'add, remove, or sync (make the list hold exactly the file\'s numbers) (default add)')
        .option('--column <name>', 'read numbers from this column only (repeatable; default every phone column)', collect),
    ),
    { key: false },
  )
    .addHelpText('after', examplesText(EXAMPLES.dnc) + FOOTER.replace('Every row ends', 'Every number (and every row without one) ends'))
    .action(async (file: string, raw: Record<string, unknown>) => {
      const options = parseOptions(dncOptionsSchema, raw);
      const { mode } = options;
      await runImportCommand(file, options, writeOperationOf('dnc', mode), (client, common) =>
        mode === 'sync'
          ? printingPlan(options, syncDnc(client, { ...common, ...syncOptionsOf(options), list: options.list, country: options.country, columns: options.column }))
          : importDnc(client, { ...common, list: options.list, mode, country: options.country, columns: options.column }),
      );
    });
}

/** The sync options of a command's checked options. */
export function syncOptionsOf(options: { readonly key?: SyncKeyOption; readonly deleteMissing: boolean; readonly maxDelete: Threshold }): SyncOptions {
  return { key: options.key, deleteMissing: options.deleteMissing, maxDelete: options.maxDelete };
}

type SyncKeyOption = SyncOptions['key'];

/** A sync's summary, once its plan line is printed (not with `--json`, whose summary holds it). */
export async function printingPlan(options: { readonly json: boolean; readonly deleteMissing: boolean }, run: Promise<ImportSummary>): Promise<ImportSummary> {
  const summary = await run;
  const line = syncPlanLine(summary, options.deleteMissing);
  if (line !== undefined && !options.json) process.stdout.write(`${line}\n`);
  return summary;
}

/**
 * Runs an import command: a client from the environment, the job, SIGINT/SIGTERM handling, and
 * the exit code. The first signal stops reading and lets the batches in flight finish (the run
 * is then resumable); a second one stops at once.
 */
export async function runImportCommand(
  file: string,
  options: ImportOptions,
  operation: JobWriteOperation,
  job: (client: ContactCenterClient, common: ImportJobOptions) => Promise<ImportSummary>,
  overrides: Partial<ImportJobOptions> = {},
): Promise<void> {
  // A dry run sends nothing and reads as fast as the CPU allows.
  if (options.dryRun) tuneHeap('flat-out');
  const client = clientFor(options.plan, options.concurrency, options.redis, options.quotaShare);
  const stop = new AbortController();
  const onSignal = (signal: NodeJS.Signals) => {
    if (stop.signal.aborted) {
      process.stderr.write(`ccbulk: ${signal} again: stopping at once; \`ccbulk resume\` settles what was in flight\n`);
      process.exit(EXIT.interrupted);
    }
    process.stderr.write(`ccbulk: ${signal}: finishing the batches in flight, then stopping (${signal} again to stop at once)\n`);
    stop.abort();
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  try {
    const summary = await runWithReport(client, file, options, operation, job, true, { ...overrides, stop: stop.signal });
    process.exitCode = summary.rejected > 0 ? EXIT.rejected : EXIT.ok;
  } catch (error) {
    if (error instanceof ImportStopped) {
      const resumable = error.cause === undefined || dispositionOf(error.cause) === 'stop';
      process.stderr.write(`ccbulk: ${error.message}.${resetNote(error.cause)} Resume with: ccbulk resume ${shellQuote(error.outDir)}\n`);
      process.exitCode = resumable ? EXIT.stopped : EXIT.fatal;
      return;
    }
    if (dispositionOf(error) !== 'stop') throw error;
    // Stopped before the run began (a daily quota spent while resolving the book or list):
    // nothing was read or written, so the same command runs again later.
    const when = error instanceof DailyLimitError && error.resetAt ? ` It resets at ${error.resetAt.toISOString()}.` : '';
    process.stderr.write(`ccbulk: ${error instanceof Error ? error.message.replace(/; it resets at .*$/, '') : String(error)}.${when} Nothing was sent: run the command again then.\n`);
    process.exitCode = EXIT.stopped;
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
    await client.close();
  }
}

/** When a spent daily quota resets, as a sentence, if the error says. */
function resetNote(error: unknown): string {
  return error instanceof DailyLimitError && error.resetAt ? ` The quota resets at ${error.resetAt.toISOString()}.` : '';
}

/** A path as a shell word. */
function shellQuote(text: string): string {
  return /^[\w./-]+$/.test(text) ? text : `'${text.replace(/'/g, "'\\''")}'`;
}

/**
 * Runs an import job with a progress line (rows/s, and the ETA at the plan's rate for the
 * operation that does the writing) and prints its summary; shared by the import commands and
 * the demo.
 */
export async function runWithReport(
  client: ContactCenterClient,
  file: string,
  options: ImportOptions,
  operation: JobWriteOperation,
  job: (client: ContactCenterClient, common: ImportJobOptions) => Promise<ImportSummary>,
  /** Print the summary (human or JSON per `options.json`). Default true. */
  print = true,
  /** Job options that do not come from the command line (a signal, a resume's journal). */
  overrides: Partial<ImportJobOptions> = {},
): Promise<ImportSummary> {
  const allowed = allowedRate(options.plan, operation.rateLabel);
  const progress = new ProgressLine({
    stream: process.stderr,
    expectedRows: options.quiet || options.json ? undefined : await estimateRowCount(file),
    rowsPerSecondAllowed: allowed * operation.batchSize,
    stats: client.stats,
    doneBefore: (overrides.resume?.counts?.succeeded ?? 0) + (overrides.resume?.counts?.rejected ?? 0),
  });
  const outDir = options.out ?? defaultOutDir();
  await makeOutFolder(outDir);
  let summary: ImportSummary;
  try {
    summary = await job(client, {
      file,
      sheet: options.sheet,
      map: 'map' in overrides ? overrides.map : await readMapFile(options.map),
      encoding: options.encoding,
      delimiter: options.delimiter,
      outDir,
      dryRun: options.dryRun,
      concurrency: options.concurrency,
      plan: options.plan,
      quotaShare: options.quotaShare,
      maxRejects: options.maxRejects,
      onProgress: options.quiet || options.json ? undefined : (p: ImportProgress) => progress.update(p),
      ...overrides,
    });
  } catch (error) {
    progress.finish();
    if (print && error instanceof ImportStopped) {
      process.stdout.write(options.json ? `${JSON.stringify(error.summary, null, 2)}\n` : `${importReport(error.summary, allowed)}\n`);
    }
    throw error;
  } finally {
    progress.finish();
  }
  if (print) process.stdout.write(options.json ? `${JSON.stringify(summary, null, 2)}\n` : `${importReport(summary, allowed)}\n`);
  return summary;
}
