import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import type { CsvReadOptions } from '../readers/csv.js';
import { openTable } from '../readers/open-table.js';
import type { SourceTable } from '../readers/source-row.js';
import { planColumns, type ColumnPlan } from '../transforms/column-mapping.js';
import { OutcomeFiles } from '../writers/outcome-files.js';
import { writeSummary, type ImportSummary } from '../writers/summary-file.js';
import type { ContactCenterClient } from '../zoom/client.js';
import { runImportEngine, type ImportProgress, type ImportTarget } from './import-engine.js';

/** Options every import job shares, already checked (see the CLI's schemas). */
export interface ImportJobOptions {
  readonly file: string;
  readonly sheet?: string | number | undefined;
  /** The parsed `--map` file, checked by the column planner. */
  readonly map?: unknown;
  readonly encoding?: CsvReadOptions['encoding'];
  readonly delimiter?: CsvReadOptions['delimiter'];
  readonly outDir: string;
  readonly dryRun: boolean;
  /** Batches in flight at once. */
  readonly concurrency: number;
  readonly onProgress?: (progress: ImportProgress) => void;
}

/** What a job sets up once the file's columns are known: its target and how to describe it. */
export interface JobSetup<T> {
  readonly target: ImportTarget<T>;
  /** What the job wrote to, for the summary (`{ addressBookId, name }`…). */
  readonly describe: Readonly<Record<string, string>>;
  /** Extra summary fields, read when the run ends (look-up counts, planned writes…). */
  readonly extra?: () => Partial<ImportSummary>;
}

/**
 * The frame of every import: open the file, plan its columns, let the job set up its target
 * (resolving lists, books and custom fields: errors there stop the run before any write), run
 * the engine into results.csv and rejects.csv, and write summary.json — also when the run
 * stopped early, before the error that stopped it is thrown on.
 */
export async function runImportJob<T>(
  client: ContactCenterClient,
  job: { readonly name: string; readonly mode: string },
  options: ImportJobOptions,
  setUp: (table: SourceTable, plan: ColumnPlan) => Promise<JobSetup<T>>,
): Promise<ImportSummary> {
  const started = Date.now();
  // A client may serve several jobs (the demo runs three): count only this job's traffic.
  const before = { ...client.stats };
  const table = await openTable(options.file, { encoding: options.encoding, delimiter: options.delimiter, sheet: options.sheet });
  const plan = planColumns(table.header, options.map);
  const setup = await setUp(table, plan);
  await mkdir(options.outDir, { recursive: true, mode: 0o700 });
  const outcomes = await OutcomeFiles.create(options.outDir, table.header);
  let result;
  try {
    result = await runImportEngine({
      table,
      target: setup.target,
      outcomes,
      concurrency: options.concurrency,
      onProgress: options.onProgress,
    });
  } finally {
    await outcomes.close();
  }
  const summary: ImportSummary = {
    job: job.name,
    mode: job.mode,
    dryRun: options.dryRun,
    input: options.file,
    target: setup.describe,
    rows: result.rows,
    ...(result.items === result.rows ? {} : { items: result.items }),
    succeeded: outcomes.counts.succeeded,
    rejected: outcomes.counts.rejected,
    requests: client.stats.requests - before.requests,
    retries: client.stats.retries - before.retries,
    rateLimited: client.stats.rateLimited - before.rateLimited,
    elapsedMs: Date.now() - started,
    rejectedByStage: outcomes.counts.rejectedByStage,
    rejectedByReason: outcomes.counts.rejectedByReason,
    unmappedColumns: plan.unmapped,
    ...setup.extra?.(),
    files: { ...outcomes.paths, summary: path.join(options.outDir, 'summary.json') },
    ...(result.stoppedBy === undefined ? {} : { stoppedBy: result.stoppedBy instanceof Error ? result.stoppedBy.message : String(result.stoppedBy) }),
  };
  await writeSummary(options.outDir, summary);
  if (result.stoppedBy !== undefined) throw result.stoppedBy;
  return summary;
}
