import type { Command } from 'commander';
import { z } from 'zod';
import { importAddressBook } from '../pipelines/import-address-book.js';
import { importCampaignContacts } from '../pipelines/import-campaign-contacts.js';
import { importDnc } from '../pipelines/import-dnc.js';
import type { ImportJobOptions } from '../pipelines/import-job.js';
import { writeOperationOf, type JobWriteOperation } from '../pipelines/job-operations.js';
import type { ImportSummary } from '../writers/summary-file.js';
import { Journal, type JournalState } from '../writers/journal.js';
import type { ContactCenterClient } from '../zoom/client.js';
import { EXIT } from './fail.js';
import { syncAddressBook } from '../pipelines/sync-address-book.js';
import { syncCampaignContacts } from '../pipelines/sync-campaign-contacts.js';
import { syncDnc } from '../pipelines/sync-dnc.js';
import { examplesText, runImportCommand, syncOptionsOf } from './import-command.js';
import { parseSavedRun, redisOption, type SavedRun } from './import-options.js';
import { parseOptions } from './options.js';

const resumeSchema = z.object({
  /** `--quiet`: no progress line. Default false. */
  quiet: z.boolean().default(false),
  /** `--json`: summary.json instead of the human summary. Default false. */
  json: z.boolean().default(false),
  /** `--redis`: share rate limits and the token with other workers. Default $REDIS_URL. */
  redis: redisOption,
});

/** A saved run's job, ready to run again, and the operation that does its writing. */
export interface ResumedJob {
  readonly operation: JobWriteOperation;
  readonly run: (client: ContactCenterClient, common: ImportJobOptions) => Promise<ImportSummary>;
}

/** The pipeline of a saved run, with the job's own options as the journal saved them. */
export function resumedJob(saved: SavedRun): ResumedJob {
  switch (saved.job) {
    case 'address-book': {
      const { book, mode, country, lanes, allowDuplicates, replaceLists } = saved.options;
      const sync = syncOptionsOf(saved.options);
      return {
        operation: writeOperationOf(saved.job, mode),
        run: (client, common) => (mode === 'sync' ? syncAddressBook(client, { ...common, ...sync, book, country }) : importAddressBook(client, { ...common, book, mode, country, lanes, allowDuplicates, replaceLists })),
      };
    }
    case 'campaign-contacts': {
      const { list, mode, country, scrubDnc, allowDuplicates } = saved.options;
      const sync = syncOptionsOf(saved.options);
      return {
        operation: writeOperationOf(saved.job, mode),
        run: (client, common) =>
          mode === 'sync' ? syncCampaignContacts(client, { ...common, ...sync, list, country, scrubDnc }) : importCampaignContacts(client, { ...common, list, mode, country, scrubDnc, allowDuplicates }),
      };
    }
    case 'dnc': {
      const { list, mode, country, columns } = saved.options;
      const sync = syncOptionsOf(saved.options);
      return {
        operation: writeOperationOf(saved.job, mode),
        run: (client, common) => (mode === 'sync' ? syncDnc(client, { ...common, ...sync, list, country, columns }) : importDnc(client, { ...common, list, mode, country, columns })),
      };
    }
  }
}

/**
 * The job options of a saved run, for resuming it from code (the library, the web UI): the input
 * by the absolute path the run started with, the mapping the journal kept, and the journal's
 * state. Signals and progress are the caller's to add.
 */
export function resumedJobOptions(saved: SavedRun, state: JournalState, outDir: string): ImportJobOptions {
  const o = saved.options;
  return {
    file: state.start.input.path,
    sheet: o.sheet,
    map: o.map,
    encoding: o.encoding,
    delimiter: o.delimiter,
    outDir,
    dryRun: o.dryRun,
    concurrency: o.concurrency,
    plan: o.plan,
    phoneThreads: o.phoneThreads,
    resume: state,
  };
}

/**
 * `ccbulk resume <out-dir>`: continues an interrupted import from its journal. Finished rows are
 * skipped, results and rejects are appended to, batches whose outcome is unknown are checked
 * before anything is sent again, and a changed input file is refused.
 */
export function registerResumeCommand(program: Command): void {
  program
    .command('resume <out-dir>')
    .description('Continue an interrupted import (daily limit, Ctrl-C, crash) from the journal in its out folder')
    .option('--quiet', 'no progress line')
    .option('--json', 'print summary.json instead of the human summary')
    .option('--redis <url>', 'share the account\'s rate limits and token with other workers through this Redis (default $REDIS_URL)')
    .addHelpText(
      'after',
      examplesText(['ccbulk resume ccbulk-out/2025-03-01T02-00-00-000Z', 'ccbulk resume runs/monday --quiet --json > runs/monday/resume.json']),
    )
    .action(async (outDir: string, raw: Record<string, unknown>) => {
      const flags = parseOptions(resumeSchema, raw);
      const state = await Journal.read(outDir);
      if (state.complete) {
        process.stdout.write(`The run in ${outDir} is already complete: nothing to resume.\n`);
        process.exitCode = EXIT.ok;
        return;
      }
      const saved = parseSavedRun(outDir, state.start);
      const options = saved.options;
      const job = resumedJob(saved);
      await runImportCommand(
        // The path the run started with, made absolute when it started: a resume from another
        // folder (a cron job's) reads the same file.
        state.start.input.path,
        {
          country: options.country,
          sheet: options.sheet,
          // The journal keeps the mapping itself (below), not the path of the file it came from.
          map: undefined,
          encoding: options.encoding,
          delimiter: options.delimiter,
          out: outDir,
          dryRun: options.dryRun,
          plan: options.plan,
          concurrency: options.concurrency,
          quiet: flags.quiet,
          json: flags.json,
          redis: flags.redis,
          // A resume goes on past `--max-rejects`: the person has seen the reasons and chosen to.
          maxRejects: undefined,
          // The share the run was started with: a nightly job kept to half the quota stays there.
          quotaShare: options.quotaShare,
        },
        job.operation,
        job.run,
        { map: options.map, resume: state, outDir, phoneThreads: options.phoneThreads },
      );
    });
}
