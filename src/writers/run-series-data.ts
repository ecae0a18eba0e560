/**
 * What a run records over time, as summary.json keeps it (fields `series` and `latency`) so a
 * script can plot a run, and as report.html draws it. Kept small whatever the run's length: at
 * most a few hundred buckets (see `RunSeriesRecorder`).
 */

/** One bucket of the run's time line: what happened from `t` to `t + bucketMs`. */
export interface SeriesBucket {
  /** The bucket's start, ms since the run started. */
  readonly t: number;
  /** Rows read from the file. */
  readonly read: number;
  /** Items that got their outcome (succeeded or rejected). */
  readonly done: number;
  /** HTTP attempts answered or failed (token requests not included). */
  readonly requests: number;
  /** 429 answers that made the client wait. */
  readonly rateLimited: number;
  /** Attempts repeated after a 5xx, a network error or a 401. */
  readonly retries: number;
  /** Time the client was told to wait (429s and backoffs), ms, summed over the requests. */
  readonly waitMs: number;
}

/** The run's time line. */
export interface RunSeries {
  /** Width of every bucket, ms: 1000, doubled each time a long run would exceed the bucket cap. */
  readonly bucketMs: number;
  readonly buckets: readonly SeriesBucket[];
}

/** How long the API took to answer, over every attempt of the run. */
export interface LatencySummary {
  readonly count: number;
  /** Percentiles, ms, to within 5 % (read from a log-scale histogram, so memory stays flat). */
  readonly p50Ms: number;
  readonly p95Ms: number;
  /** The slowest attempt, ms, exact. */
  readonly maxMs: number;
  /** Attempts that got no answer (network error, timeout). */
  readonly unanswered: number;
}

/** One of the first rows rejected for a reason kind, for the report. */
export interface RejectSample {
  /** `_line` as rejects.csv writes it (`12`, `Contacts!12`). */
  readonly line: string;
  readonly stage: string;
  /** The row's reason texts, every one. */
  readonly reasons: readonly string[];
  /** The row's original cells (personal data: the report is written 0600 like the rest). */
  readonly cells: readonly string[];
}
