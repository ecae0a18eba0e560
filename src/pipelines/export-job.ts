import { limitsFound, type LimitFound } from '../zoom/limits-found.js';
import type { ExportColumnSpec } from '../transforms/export-rows.js';
import { fillTemplate, pruneExports } from '../writers/export-path.js';
import { writeExportReport, type ExportReportFacts } from '../writers/export-report.js';
import { openExportSink } from '../writers/open-export-sink.js';
import type { ContactCenterClient } from '../zoom/client.js';
import { RunSeriesRecorder } from './run-series.js';

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
  /**
   * The command that runs this export again, for its report (the CLI spells it without
   * `--redis`, which may hold a password). Default: the report has no such section.
   */
  readonly commandLine?: string | undefined;
}

/** What an export did. */
export interface ExportSummary extends ExportReportFacts {
  /** The export's report.html, `<file>.report.html`; absent when no file was written. */
  readonly report?: string;
  /** Labels whose limit the run found other than the plan's (or `--rate`'s), as an import says. */
  readonly limitsFound?: readonly LimitFound[];
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
  // The report's time line and latency; the job's look-ups before this frame are not in it.
  const recorder = new RunSeriesRecorder(Date.now, started);
  const unwatch = client.watch(recorder);
  let written;
  try {
    const sink = await openExportSink(file, { bom: options.bom });
    try {
      let rows = 0;
      for await (const sheet of sheets) {
        await sink.startSheet(sheet.name, sheet.columns);
        for await (const row of sheet.rows) {
          await sink.writeRow(row);
          rows++;
          recorder.progress({ read: rows, sent: rows, succeeded: rows, rejected: 0 });
        }
      }
      written = await sink.commit();
    } catch (error) {
      await sink.abort();
      throw error;
    }
  } finally {
    unwatch();
  }
  const deleted = options.keep === undefined ? [] : await pruneExports(options.out, options.keep, written.path);
  const latency = recorder.latency();
  const summary: ExportSummary = {
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
    series: recorder.series(),
    ...(latency === undefined ? {} : { latency }),
  };
  const found = limitsFound(client.limiter);
  // Written once the export is complete, so a failed run leaves the last good export's report too.
  const report = await writeExportReport(summary, { commandLine: options.commandLine });
  return { ...summary, report, ...(found.length > 0 ? { limitsFound: found } : {}) };
}
