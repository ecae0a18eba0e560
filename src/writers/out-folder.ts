import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { CcbulkError } from '../errors.js';
import { JOURNAL_FILE, Journal } from './journal.js';

/** What an out folder holds of an earlier run, as far as a new run must care. */
type EarlierRun = 'none' | 'real' | 'finished' | 'dry-run';

async function exists(file: string): Promise<boolean> {
  try {
    await stat(file);
    return true;
  } catch {
    return false;
  }
}

/**
 * Whether `outDir` holds an earlier run's files: a real run always writes a journal (and its
 * summary.json says `"dryRun": false`); a dry run writes only results, rejects and a summary.
 */
async function earlierRunIn(outDir: string): Promise<EarlierRun> {
  if (await exists(path.join(outDir, JOURNAL_FILE))) {
    // A damaged journal is still another run's: refused all the same, as unfinished. One that
    // never sent a batch (the daily quota was spent before the first) wrote nothing to Zoom, and
    // the same command may simply run again.
    const state = await Journal.read(outDir).catch(() => undefined);
    if (state !== undefined && state.nextBatch === 0) return 'none';
    return state?.complete === true ? 'finished' : 'real';
  }
  let summary: unknown;
  try {
    summary = JSON.parse(await readFile(path.join(outDir, 'summary.json'), 'utf8'));
  } catch {
    return (await exists(path.join(outDir, 'results.csv'))) || (await exists(path.join(outDir, 'rejects.csv'))) ? 'dry-run' : 'none';
  }
  // A plan's files (a dry run's, or a run a guard refused before it sent anything) may be replaced.
  const plan = typeof summary === 'object' && summary !== null && ((summary as { dryRun?: unknown }).dryRun === true || (summary as { refused?: unknown }).refused === true);
  return plan ? 'dry-run' : 'real';
}

/**
 * Refuses, before anything is read or sent, a new run into an out folder that holds a real run's
 * files: its journal is what `ccbulk resume` continues from and its results say what was written
 * to Zoom, and a new run would overwrite both. Re-running a stopped import that way sent every
 * row again — and, created anew, every contact twice. A dry run's files are a plan, not a record,
 * so a run (dry or real) may replace them.
 */
export async function refuseEarlierRun(outDir: string, options: { readonly dryRun: boolean }): Promise<void> {
  const earlier = await earlierRunIn(outDir);
  if (earlier === 'none' || earlier === 'dry-run') return;
  const what = options.dryRun ? 'a dry run would overwrite them' : 'a new import would overwrite its journal and results';
  const next =
    earlier === 'finished'
      ? 'that import finished: give a new `--out` folder for this one'
      : `to continue that import run \`ccbulk resume ${outDir}\`, or give a new \`--out\` folder for this one`;
  throw new CcbulkError('OUTPUT_INVALID', `The out folder ${outDir} holds the files of an earlier import (${JOURNAL_FILE}, results.csv), and ${what}: ${next}`, {
    field: '--out',
  });
}
