import type { Command } from 'commander';
import { z } from 'zod';
import { importAddressBook, type ImportAddressBookOptions } from '../pipelines/import-address-book.js';
import { importCampaignContacts, type ImportCampaignContactsOptions } from '../pipelines/import-campaign-contacts.js';
import { importDnc, type ImportDncOptions } from '../pipelines/import-dnc.js';
import type { ImportJobOptions } from '../pipelines/import-job.js';
import type { ImportSummary } from '../writers/summary-file.js';
import { Journal } from '../writers/journal.js';
import type { ContactCenterClient } from '../zoom/client.js';
import type { OperationId } from '../zoom/generated/operations.js';
import { EXIT } from './fail.js';
import { runImportCommand } from './import-command.js';
import { parseOptions } from './options.js';
import { parseCountryOption } from '../transforms/country.js';

const resumeSchema = z.object({ quiet: z.boolean().default(false), json: z.boolean().default(false) });

/** The write operation of each job and mode, for the progress line's ETA. */
function operationOf(job: string, mode: string): OperationId {
  if (job === 'dnc') return mode === 'remove' ? 'batchDeleteCampaignDncListPhone' : 'batchCreateCampaignDncListPhones';
  if (job === 'campaign-contacts') return mode === 'update' ? 'Updateabatchofcontactsonacampaigncontactlist' : 'Insertabatchofcontactstoacampaigncontactlist';
  return mode === 'update' || mode === 'delete' ? 'batchUpdateContact' : 'batchCreateContact';
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
    .action(async (outDir: string, raw: Record<string, unknown>) => {
      const flags = parseOptions(resumeSchema, raw);
      const state = await Journal.read(outDir);
      if (state.complete) {
        process.stdout.write(`The run in ${outDir} is already complete: nothing to resume.\n`);
        process.exitCode = EXIT.ok;
        return;
      }
      const saved = state.start.options as unknown as ImportJobOptions & Record<string, unknown>;
      const job = (client: ContactCenterClient, common: ImportJobOptions): Promise<ImportSummary> => {
        const options = { ...saved, ...common, outDir, resume: state, map: saved.map };
        if (state.start.job === 'campaign-contacts') return importCampaignContacts(client, options as unknown as ImportCampaignContactsOptions);
        if (state.start.job === 'dnc') return importDnc(client, options as unknown as ImportDncOptions);
        return importAddressBook(client, options as unknown as ImportAddressBookOptions);
      };
      await runImportCommand(
        saved.file,
        {
          country: parseCountryOption(String(saved.country ?? 'US')),
          sheet: saved.sheet,
          map: undefined,
          encoding: saved.encoding ?? 'auto',
          delimiter: saved.delimiter ?? 'auto',
          out: outDir,
          dryRun: saved.dryRun,
          plan: saved.plan === 'pro' ? 'pro' : 'business',
          concurrency: saved.concurrency,
          quiet: flags.quiet,
          json: flags.json,
        },
        operationOf(state.start.job, state.start.mode),
        job,
        { map: saved.map, resume: state, outDir },
      );
    });
}
