import type { Command } from 'commander';
import { z } from 'zod';
import { syncPlanLine, withSyncOptions } from './sync-options.js';
import type { ImportProgress } from '../pipelines/import-engine.js';
import { ImportStopped } from '../pipelines/import-job.js';
import { dispositionOf } from '../errors.js';
import { countsItsRows, jobOptionsSchema, readSavedRun, refuseOptionsOfOtherModes, resumeJob, runJob, writeOperationOfRequest, type ImportJobName, type JobRequest } from '../pipelines/jobs.js';
import { DailyLimitError } from '../zoom/daily-limit-error.js';
import { estimateRowCount } from '../readers/row-estimate.js';
import type { ImportSummary } from '../writers/summary-file.js';
import type { ContactCenterClient } from '../zoom/client.js';
import { EXIT } from './fail.js';
import { makeOutFolder } from './file-system-error.js';
import { allowedRate, clientFor, defaultOutDir, readMapFile, withImportOptions } from './import-common.js';
import { commandLineRunOptions, type CommandLineRunOptions } from './import-options.js';
import { importReport } from './import-report.js';
import { parseOptions } from './options.js';
import { rateOrEnv } from '../pipelines/rate-option.js';
import { ProgressLine } from './progress.js';
import { tuneHeap } from './heap-tuning.js';

const collect = (value: string, previous: string[] = []): string[] => [...previous, value];

const FOOTER =
  '\nEvery row ends in results.csv or rejects.csv (with _line, _stage, _reason); summary.json has the counts.\n' +
  'Exit codes: 0 every row succeeded, 2 finished with rejected rows, 1 usage or fatal error,\n' +
  '75 stopped early for a cause that passes (daily limit, Ctrl-C, Zoom unreachable or failing, a full disk):\n' +
  '   resume with `ccbulk resume <out-dir>`, or, when it says nothing was sent, run the command again.\n' +
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
  roster: [
    'ccbulk import roster agents.csv --dry-run',
    'ccbulk import roster agents.xlsx --mode sync --max-unassign 25%',
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

/**
 * A job's options as commander hands them over, checked once with the job's schema from the
 * registry (and the command line's own options beside them); the `--map` file read.
 */
async function commandLineRequest(job: ImportJobName, file: string, raw: Record<string, unknown>): Promise<{ request: JobRequest; cli: CommandLineRunOptions }> {
  const schema = jobOptionsSchema(job).omit({ map: true, phoneThreads: true }).extend({ ...commandLineRunOptions.shape, map: z.string().optional() });
  // `--column` is repeatable: the job's option is the list of them.
  const { column, ...rest } = raw;
  const given = { ...rest, ...(column === undefined ? {} : { columns: column }), rate: rateOrEnv(rest.rate), file };
  const parsed = parseOptions(schema, given) as Record<string, unknown>;
  const { out, quiet, json, redis, map, ...options } = parsed;
  const cli = { out, quiet, json, redis } as CommandLineRunOptions;
  const request = { job, options: { ...options, map: await readMapFile(map as string | undefined) } } as JobRequest;
  refuseOptionsOfOtherModes(request, given, 'command-line');
  return { request, cli };
}

/** The command as typed, for the locks that name who holds a folder or a target. */
export function typedCommand(): string {
  return ['ccbulk', ...process.argv.slice(2).filter((word) => !/^rediss?:/.test(word))].join(' ');
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
        .option('--replace-lists', "upsert/update: replace a contact's numbers and e-mails with the file's (default: add the file's to them)")
        .option('--blanks <keep|clear>', "update/upsert/sync: an empty cell in a column the file has keeps the contact's value (keep) or clears it (clear; numbers and e-mails: removes that kind) (default keep)"),
    ),
    { key: true },
  )
    .addHelpText('after', examplesText(EXAMPLES['address-book']) + FOOTER)
    .action(async (file: string, raw: Record<string, unknown>) => runImportCommand(await commandLineRequest('address-book', file, raw)));

  withSyncOptions(
    withImportOptions(
      command
        .command('campaign-contacts <file>')
        .description('Insert or update campaign contact list contacts, optionally scrubbed against DNC lists, or sync the list to the file')
        .option('--list <id|name>', 'the campaign contact list, by id or name (required)')
        .option('--mode <mode>', 'insert, update (needs a contact id column), or sync (make the list match the file) (default insert)')
        .option('--scrub-dnc <dnc list>', 'reject rows with a number on this DNC list, by id or name (repeatable)', collect)
        .option('--allow-duplicates', 'insert rows whose number or e-mail a contact on the list already has (default: reject them)')
        .option('--blanks <keep|clear>', "update/sync: an empty cell in a column the file has keeps the contact's value (keep) or clears it (clear; numbers and e-mails: removes that kind) (default keep)"),
    ),
    { key: true },
  )
    .addHelpText('after', examplesText(EXAMPLES['campaign-contacts']) + FOOTER)
    .action(async (file: string, raw: Record<string, unknown>) => runImportCommand(await commandLineRequest('campaign-contacts', file, raw)));

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
    .action(async (file: string, raw: Record<string, unknown>) => runImportCommand(await commandLineRequest('dnc', file, raw)));

  withImportOptions(
    command
      .command('roster <file>')
      .description('Make Zoom users Contact Center agents with their queues, teams, skills and role, one row per agent; or update or sync them to the file')
      .option('--mode <mode>', 'create (new agents and their assignments), update (profile fields, added assignments), or sync (each listed agent exactly as the file says) (default create)')
      .option('--max-unassign <n|%>', 'sync: refuse, before any write, to unassign more than this (a count, or a share of the assignments read) (default 10%)')
      .option('--remove-missing', 'sync: also remove the Contact Center users the file does not list')
      .option('--max-remove <n|%>', 'sync --remove-missing: refuse to remove more users than this (a count or a share) (default 10%)'),
  )
    .addHelpText('after', examplesText(EXAMPLES.roster) + FOOTER.replace('Every row ends', 'Every agent (row) ends'))
    .action(async (file: string, raw: Record<string, unknown>) => runImportCommand(await commandLineRequest('roster', file, raw)));
}

/** A sync's plan line (not with `--json`, whose summary holds it). */
function printPlan(request: JobRequest, cli: CommandLineRunOptions, summary: ImportSummary): void {
  const deleteMissing = 'deleteMissing' in request.options && request.options.deleteMissing;
  const line = syncPlanLine(summary, deleteMissing);
  if (line !== undefined && !cli.json) process.stdout.write(`${line}\n`);
}

/** What the command runs: a new job, or the resume of the run in an out folder. */
export type CommandRun = { readonly request: JobRequest; readonly cli: CommandLineRunOptions; readonly resume?: string | undefined };

/**
 * Runs an import or a resume from the command line: a client from the environment, the job
 * through the registry, SIGINT/SIGTERM handling, and the exit code. The first signal stops
 * reading and lets the batches in flight finish (the run is then resumable); a second one stops
 * at once.
 */
export async function runImportCommand(run: CommandRun): Promise<void> {
  const { request, cli } = run;
  // A dry run sends nothing and reads as fast as the CPU allows.
  if (request.options.dryRun) tuneHeap('flat-out');
  const client = clientFor(request.options.plan, request.options.concurrency, cli.redis, request.options.quotaShare, request.options.rate);
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
    const summary = await runWithReport(client, run, true, stop.signal);
    process.exitCode = summary.rejected > 0 ? EXIT.rejected : EXIT.ok;
  } catch (error) {
    if (error instanceof ImportStopped) {
      const resumable = error.cause === undefined || dispositionOf(error.cause) === 'stop';
      // A dry run keeps no journal: there is nothing to resume, and nothing was sent.
      const next = error.summary.dryRun ? ' Nothing was sent: run the command again.' : ` Resume with: ccbulk resume ${shellQuote(error.outDir)}`;
      process.stderr.write(`ccbulk: ${error.message}.${resetNote(error.cause)}${next}\n`);
      process.exitCode = resumable ? EXIT.stopped : EXIT.fatal;
      return;
    }
    if (error instanceof AlreadyCompleteRun) {
      const rejected = error.summary?.rejected ?? 0;
      process.stdout.write(`The run in ${error.outDir} is already complete: nothing to resume.${rejected > 0 ? ` It rejected ${rejected} rows: see ${error.summary?.files.rejects ?? 'rejects.csv'}.` : ''}\n`);
      process.exitCode = rejected > 0 ? EXIT.rejected : EXIT.ok;
      return;
    }
    if (dispositionOf(error) !== 'stop') throw error;
    // Stopped before the run began (a daily quota spent while resolving the book or list):
    // nothing was read or written, so the same command runs again later.
    const when = error instanceof DailyLimitError && error.resetAt ? ` It resets at ${error.resetAt.toISOString()}.` : '';
    process.stderr.write(`ccbulk: ${error instanceof Error ? error.message.replace(/; it resets at .*$/, '') : String(error)}.${when} Nothing was sent: run the command again${when === '' ? '' : ' then'}.\n`);
    process.exitCode = EXIT.stopped;
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
    await client.close();
  }
}

/** A resume found the run already complete (its summary says how it ended). */
class AlreadyCompleteRun extends Error {
  constructor(
    readonly outDir: string,
    readonly summary: ImportSummary | undefined,
  ) {
    super(`The run in ${outDir} is already complete`);
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
 * Runs a job (or resumes one) through the registry with a progress line (rows/s, and the ETA at
 * the plan's rate for the operation that does the writing) and prints its summary; shared by the
 * import commands, resume and the demo.
 */
export async function runWithReport(
  client: ContactCenterClient,
  run: CommandRun,
  /** Print the summary (human or JSON per `--json`). Default true. */
  print = true,
  stop?: AbortSignal,
): Promise<ImportSummary> {
  const { request, cli } = run;
  const operation = writeOperationOfRequest(request);
  const allowed = allowedRate(request.options.plan, operation.rateLabel);
  const saved = run.resume === undefined ? undefined : await readSavedRun(run.resume);
  const progress = new ProgressLine({
    stream: process.stderr,
    // A sync counts its rows in its plan (progress' `total`): no read of the file for an estimate.
    expectedRows: cli.quiet || cli.json || countsItsRows(request) ? undefined : await estimateRowCount(request.options.file),
    rowsPerSecondAllowed: allowed * operation.batchSize,
    stats: client.stats,
    doneBefore: (saved?.state.counts?.succeeded ?? 0) + (saved?.state.counts?.rejected ?? 0),
  });
  const outDir = run.resume ?? cli.out ?? defaultOutDir();
  await makeOutFolder(outDir);
  const context = { outDir, stop, command: typedCommand(), onProgress: cli.quiet || cli.json ? undefined : (p: ImportProgress) => progress.update(p) };
  let summary: ImportSummary;
  try {
    if (run.resume === undefined) summary = await runJob(client, request, context);
    else {
      const resumed = await resumeJob(client, run.resume, context);
      if ('complete' in resumed) throw new AlreadyCompleteRun(run.resume, resumed.summary);
      summary = resumed;
    }
  } catch (error) {
    progress.finish();
    if (print && error instanceof ImportStopped) {
      process.stdout.write(cli.json ? `${JSON.stringify(error.summary, null, 2)}\n` : `${importReport(error.summary, allowed)}\n`);
    }
    throw error;
  } finally {
    progress.finish();
  }
  if (print) {
    printPlan(request, cli, summary);
    process.stdout.write(cli.json ? `${JSON.stringify(summary, null, 2)}\n` : `${importReport(summary, allowed)}\n`);
  }
  return summary;
}
