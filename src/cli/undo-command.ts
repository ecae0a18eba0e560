import type { Command } from 'commander';
import { z } from 'zod';
import { dispositionOf } from '../errors.js';
import { readSavedRun } from '../pipelines/jobs.js';
import { refuseUndoOfUndo, undoRun, type UndoSummary } from '../pipelines/undo-run.js';
import { EXIT } from './fail.js';
import { examplesText } from './import-command.js';
import { clientFor } from './import-common.js';
import { redisOption } from './import-options.js';
import { parseOptions } from './options.js';

const undoSchema = z.object({
  /** `--dry-run`: list the target and write the plan, send nothing. Default false. */
  dryRun: z.boolean().default(false),
  /** `--force`: undo also what was changed since the run. Default false: left alone, in rejects.csv. */
  force: z.boolean().default(false),
  /** `--quiet`: no summary line (the files say it all). Default false. */
  quiet: z.boolean().default(false),
  /** `--json`: undo/summary.json instead of the human summary. Default false. */
  json: z.boolean().default(false),
  /** `--redis`: share rate limits and the token with other workers. Default $REDIS_URL. */
  redis: redisOption,
});

/** `1,204`. */
const n = (count: number) => count.toLocaleString('en-US');

/** The undo's plan in words: `will delete 1,204 contacts, restore 37, re-create 3`. */
export function undoPlanText(summary: Pick<UndoSummary, 'planned'>, items = 'contacts'): string {
  const p = summary.planned;
  const parts = [`delete ${n(p.delete)} ${items}`, `restore ${n(p.restore)}`, `re-create ${n(p.recreate)}`];
  const also = [p.done > 0 ? `${n(p.done)} as before already` : '', p.rejected > 0 ? `${n(p.rejected)} changed since the run, left alone` : ''].filter((t) => t !== '');
  return `${parts.join(', ')}${also.length > 0 ? ` (${also.join('; ')})` : ''}`;
}

/** What an undo did, in one line: `Undone: 3 deleted, 1 restored. 1 left alone: see …/undo/rejects.csv`. */
export function undoneText(summary: UndoSummary): string {
  const done = Object.entries(summary.undone).map(([status, count]) => `${n(count)} ${status}`);
  // A resumed undo, or one run twice, finds what was undone before as it was.
  if (summary.planned.done > 0) done.push(`${n(summary.planned.done)} found as before already`);
  const left = summary.planned.rejected + summary.failed;
  return `Undone: ${done.length > 0 ? done.join(', ') : 'nothing to do'}.${left > 0 ? ` ${n(left)} left alone: see ${summary.files.rejects}` : ''}`;
}

/**
 * `ccbulk undo <out-dir>`: puts the target of the run in `out-dir` back as it was before the run
 * (see `undoRun`). Exit 0 when everything was undone, 2 when some items were left alone or
 * refused (undo/rejects.csv), 75 when it stopped (run it again to go on).
 */
export function registerUndoCommand(program: Command): void {
  program
    .command('undo <out-dir>')
    .description('Put the target of an import or sync back as it was before the run: delete what it created, restore what it changed, re-create what it deleted')
    .option('--dry-run', 'list the target and write undo/plan.csv, send nothing')
    .option('--force', 'undo also the contacts changed since the run (default: leave them, in undo/rejects.csv)')
    .option('--quiet', 'print no summary line (see undo/summary.json)')
    .option('--json', 'print undo/summary.json instead of the human summary')
    .option('--redis <url>', 'share the account\'s rate limits and token with other workers through this Redis (default $REDIS_URL)')
    .addHelpText('after', examplesText(['ccbulk undo runs/monday --dry-run', 'ccbulk undo runs/monday']))
    .action(async (outDir: string, raw: Record<string, unknown>) => {
      const flags = parseOptions(undoSchema, raw);
      await refuseUndoOfUndo(outDir);
      // The client paces by the plan and quota share the run had, as its resume would.
      const { request } = await readSavedRun(outDir);
      const options = request.options as { readonly plan: Parameters<typeof clientFor>[0]; readonly concurrency: number; readonly quotaShare?: number };
      const client = clientFor(options.plan, options.concurrency, flags.redis, options.quotaShare);
      const stop = new AbortController();
      const onSignal = () => stop.abort();
      process.on('SIGINT', onSignal);
      process.on('SIGTERM', onSignal);
      try {
        const summary = await undoRun(client, outDir, { dryRun: flags.dryRun, force: flags.force, stop: stop.signal, command: `ccbulk undo ${outDir}` });
        const items = request.job === 'dnc' ? 'numbers' : 'contacts';
        // --quiet: nothing; the exit code and the files in undo/ say it.
        if (flags.json) process.stdout.write(`${JSON.stringify(summary, null, 2)}\n`);
        else if (!flags.quiet) process.stdout.write(`${summary.dryRun ? `Undo would ${undoPlanText(summary, items)}. Nothing was sent; the plan is in ${summary.files.plan}` : undoneText(summary)}\n`);
        process.exitCode = summary.planned.rejected + summary.failed > 0 ? EXIT.rejected : EXIT.ok;
      } catch (error) {
        if (dispositionOf(error) !== 'stop') throw error;
        process.stderr.write(`ccbulk: ${(error as Error).message}\n`);
        process.exitCode = EXIT.stopped;
      } finally {
        process.off('SIGINT', onSignal);
        process.off('SIGTERM', onSignal);
        await client.close();
      }
    });
}
