import type { Command } from 'commander';
import { z } from 'zod';
import { readSavedRun } from '../pipelines/jobs.js';
import { examplesText, runImportCommand } from './import-command.js';
import { redisOption } from './import-options.js';
import { parseOptions } from './options.js';

const resumeSchema = z.object({
  /** `--quiet`: no progress line. Default false. */
  quiet: z.boolean().default(false),
  /** `--json`: summary.json instead of the human summary. Default false. */
  json: z.boolean().default(false),
  /** `--redis`: share rate limits and the token with other workers. Default $REDIS_URL. */
  redis: redisOption,
});

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
      // Read once for the client's plan and quota share (a nightly job kept to half the quota
      // stays there) and the progress line; the registry reads it again under the folder's lock.
      const { request } = await readSavedRun(outDir);
      await runImportCommand({ request, cli: { quiet: flags.quiet, json: flags.json, redis: flags.redis }, resume: outDir });
    });
}
