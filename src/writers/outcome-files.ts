import path from 'node:path';
import type { RowOrigin } from '../readers/source-row.js';
import { RAW_COLUMN } from '../transforms/earlier-reject.js';
import { CsvFile } from './csv-file.js';

import { formatReasons, type Reason } from '../reason.js';
import type { RejectStage } from '../transforms/row-plan.js';
import type { RejectSample } from './run-series-data.js';

/** Rejected rows kept per reason kind for the run's report (report.html); the rest are in rejects.csv. */
const SAMPLES_PER_KIND = 5;

export type { RejectStage };

/** A row's original cells and where it came from: what results and rejects repeat verbatim. */
export interface OriginalRow {
  readonly origin: RowOrigin;
  readonly cells: readonly string[];
  /** A record the reader could not read as a row: its text as the file had it, for `_raw`. */
  readonly raw?: string | undefined;
}

/** What was done to a row that succeeded. */
export interface RowSuccess {
  /** `created`, `updated`, `deleted`, `inserted`, `added`, `removed`. */
  readonly status: string;
  /** The id Zoom gave or used, when there is one. */
  readonly id?: string;
  /** The E.164 numbers sent, when the row had any. */
  readonly phones?: readonly string[];
  /** The cells of a job's own result columns (see `OutcomeFiles.create`'s `resultColumns`), in their order, instead of `_phones`. */
  readonly extra?: readonly string[] | undefined;
}

/** The sizes of results.csv and rejects.csv at a checkpoint. */
export interface OutcomeSizes {
  readonly results: number;
  readonly rejects: number;
}

/** Running counts of the rows written. */
export interface OutcomeCounts {
  succeeded: number;
  rejected: number;
  readonly rejectedByStage: Record<string, number>;
  readonly rejectedByReason: Record<string, number>;
}

/**
 * The run's `results.csv` and `rejects.csv`: every row read ends in exactly one of them. Both
 * repeat the row's original columns verbatim, in the input's header order — minus columns whose
 * name starts with `_`, which are ours (a rejects file fixed in a spreadsheet is re-run as it is,
 * and its old `_line`, `_stage`, `_reason` must not pile up) — then add their own `_` columns;
 * rejects.csv's last, `_raw`, keeps whole a record the reader could not read.
 */
export class OutcomeFiles {
  /** Counts of rows written so far. */
  readonly counts: OutcomeCounts = { succeeded: 0, rejected: 0, rejectedByStage: {}, rejectedByReason: {} };
  /** The first rows rejected for each reason kind (this run's), for the report. */
  readonly samples: Record<string, RejectSample[]> = {};

  private constructor(
    private readonly keep: readonly number[],
    private readonly results: CsvFile,
    private readonly rejects: CsvFile,
    /** Paths of the two files. */
    readonly paths: { readonly results: string; readonly rejects: string },
  ) {}

  /**
   * Creates both files in `outDir` (which must exist) for input with `header`; or, with
   * `resumeAt`, reopens them to append after the sizes a journal checkpoint recorded.
   */
  static async create(outDir: string, header: readonly string[], resumeAt?: OutcomeSizes, resultColumns: readonly string[] = ['_phones']): Promise<OutcomeFiles> {
    const keep = header.flatMap((name, index) => (name.trim().startsWith('_') ? [] : [index]));
    const original = keep.map((index) => header[index] ?? '');
    const paths = { results: path.join(outDir, 'results.csv'), rejects: path.join(outDir, 'rejects.csv') };
    const results = resumeAt
      ? await CsvFile.append(paths.results, resumeAt.results)
      : await CsvFile.create(paths.results, [...original, '_line', '_status', '_id', ...resultColumns]);
    const rejects = resumeAt
      ? await CsvFile.append(paths.rejects, resumeAt.rejects)
      : await CsvFile.create(paths.rejects, [...original, '_line', '_stage', '_reason', RAW_COLUMN]);
    return new OutcomeFiles(keep, results, rejects, paths);
  }

  /** The first rejection of each reason kind in this run, its text and line, for the summary's examples. */
  readonly examples: Record<string, { readonly text: string; readonly line: number }> = {};

  /** Records a row (or one number of it) that succeeded. */
  succeeded(row: OriginalRow, outcome: RowSuccess): void {
    this.counts.succeeded++;
    // Built in one array of its final size and handed over (a million rows make a million
    // records: no spread, no copy, no array grown twice).
    const extra = outcome.extra;
    const record = this.original(row, 3 + (extra === undefined ? 1 : extra.length));
    let at = this.keep.length;
    record[at++] = lineOf(row.origin);
    record[at++] = outcome.status;
    record[at++] = outcome.id ?? '';
    if (extra === undefined) record[at] = outcome.phones === undefined ? '' : outcome.phones.join(' ');
    else for (const cell of extra) record[at++] = cell;
    this.results.writeOwned(record);
  }

  /**
   * Records a row (or one number of it) that was rejected, with the stage and every reason: the
   * summary counts each reason by its kind, and `_reason` shows their texts.
   */
  rejected(row: OriginalRow, stage: RejectStage, reasons: readonly Reason[]): void {
    this.counts.rejected++;
    this.counts.rejectedByStage[stage] = (this.counts.rejectedByStage[stage] ?? 0) + 1;
    for (const { kind, text } of reasons) {
      this.counts.rejectedByReason[kind] = (this.counts.rejectedByReason[kind] ?? 0) + 1;
      this.examples[kind] ??= { text, line: row.origin.line };
    }
    this.sample(row, stage, reasons);
    const record = this.original(row, 4);
    const at = this.keep.length;
    record[at] = lineOf(row.origin);
    record[at + 1] = stage;
    record[at + 2] = formatReasons(reasons);
    record[at + 3] = row.raw ?? '';
    this.rejects.writeOwned(record);
  }

  private sample(row: OriginalRow, stage: RejectStage, reasons: readonly Reason[]): void {
    let sample: RejectSample | undefined;
    for (const { kind } of reasons) {
      const kept = (this.samples[kind] ??= []);
      if (kept.length >= SAMPLES_PER_KIND) continue;
      sample ??= { line: lineOf(row.origin), stage, reasons: reasons.map((r) => r.text), cells: this.keep.map((index) => row.cells[index] ?? '') };
      kept.push(sample);
    }
  }

  /** Whether records are handed over faster than the disk takes them: wait for `drain`. */
  get backlogged(): boolean {
    return this.results.backlogged || this.rejects.backlogged;
  }

  /** Resolves once the writes queued so far are done, so memory stays flat on a slow disk. */
  async drain(): Promise<void> {
    await Promise.all([this.results.drain(), this.rejects.drain()]);
  }

  /** Starts from the counts of the run being resumed. */
  restore(counts: OutcomeCounts): void {
    this.counts.succeeded = counts.succeeded;
    this.counts.rejected = counts.rejected;
    Object.assign(this.counts.rejectedByStage, counts.rejectedByStage);
    Object.assign(this.counts.rejectedByReason, counts.rejectedByReason);
  }

  /** Puts every record so far on disk; the sizes cover exactly them. */
  async flush(): Promise<OutcomeSizes> {
    const [results, rejects] = await Promise.all([this.results.flush({ sync: true }), this.rejects.flush({ sync: true })]);
    return { results, rejects };
  }

  /** Flushes and closes both files. */
  async close(): Promise<void> {
    await Promise.all([this.results.close(), this.rejects.close()]);
  }

  /**
   * The row's original cells. CsvFile guards every cell it writes (formula-looking text gets the
   * leading quote exports use, because people open these files in a spreadsheet to fix them);
   * the import takes the quote off again, so the file still re-runs as it is.
   */
  private original(row: OriginalRow, more = 0): string[] {
    const keep = this.keep;
    const record = new Array<string>(keep.length + more);
    for (let i = 0; i < keep.length; i++) record[i] = row.cells[keep[i]!] ?? '';
    return record;
  }
}

/** `_line`: the line number, with the sheet for workbooks (`Contacts!12`). */
function lineOf(origin: RowOrigin): string {
  return origin.sheet === undefined ? String(origin.line) : `${origin.sheet}!${origin.line}`;
}
