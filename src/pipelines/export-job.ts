import type { ExportColumnSpec } from '../transforms/export-rows.js';
import { fillTemplate, pruneExports } from '../writers/export-path.js';
import { openExportSink } from '../writers/open-export-sink.js';
import type { ContactCenterClient } from '../zoom/client.js';

/** One sheet of an export: its name, columns, and rows as they arrive from the API. */
export interface ExportSheet {
  readonly name: string;
  readonly columns: readonly ExportColumnSpec[];
  readonly rows: AsyncIterable<readonly string[]>;
}

/** Options every export shares, already checked. */
export interface ExportJobOptions {
  /** Target file: `.csv` or `.xlsx`, with `{date}` and `{time}` filled in. */
  readonly out: string;
  /** Keep the newest N files made from the same template, deleting older ones. */
  readonly keep?: number | undefined;
  /** CSV: write a BOM (Excel reads UTF-8 right with it). */
  readonly bom: boolean;
  /** The run's clock, for the template. Default now. */
  readonly now?: Date;
}

/** What an export did. */
export interface ExportSummary {
  readonly job: string;
  readonly target: Readonly<Record<string, string>>;
  readonly file: string;
  /** Rows written, all sheets together. */
  readonly rows: number;
  /** Rows per sheet. */
  readonly sheets: Readonly<Record<string, number>>;
  readonly requests: number;
  readonly retries: number;
  readonly rateLimited: number;
  readonly elapsedMs: number;
  /** Older exports of the same template deleted by `--keep`. */
  readonly deleted: readonly string[];
  /** Listings started over after their page token expired (no row is written twice). */
  readonly listingRestarts: number;
}

/** Counts a job keeps while its rows stream, read when the export ends. */
export interface ExportCounters {
  listingRestarts: number;
}

/**
 * The frame of every export: rows are written as pages arrive (memory stays flat), into a
 * temporary file beside the target that replaces it only when complete — a failed or killed
 * nightly run never leaves half a file where the last good one was.
 */
export async function runExport(
  client: ContactCenterClient,
  job: { readonly name: string; readonly target: Readonly<Record<string, string>>; readonly counters: ExportCounters },
  options: ExportJobOptions,
  sheets: AsyncIterable<ExportSheet>,
): Promise<ExportSummary> {
  const started = Date.now();
  const before = { ...client.stats };
  const file = fillTemplate(options.out, options.now ?? new Date());
  const sink = await openExportSink(file, { bom: options.bom });
  let written;
  try {
    for await (const sheet of sheets) {
      await sink.startSheet(sheet.name, sheet.columns);
      for await (const row of sheet.rows) await sink.writeRow(row);
    }
    written = await sink.commit();
  } catch (error) {
    await sink.abort();
    throw error;
  }
  const deleted = options.keep === undefined ? [] : await pruneExports(options.out, options.keep, written.path);
  return {
    job: job.name,
    target: job.target,
    file: written.path,
    rows: Object.values(written.rows).reduce((a, b) => a + b, 0),
    sheets: written.rows,
    requests: client.stats.requests - before.requests,
    retries: client.stats.retries - before.retries,
    rateLimited: client.stats.rateLimited - before.rateLimited,
    elapsedMs: Date.now() - started,
    deleted,
    listingRestarts: job.counters.listingRestarts,
  };
}
