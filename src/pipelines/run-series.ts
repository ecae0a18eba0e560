import type { LatencySummary, RunSeries, SeriesBucket } from '../writers/run-series-data.js';
import type { ClientEvent, ClientResponse, ClientWatcher } from '../zoom/http.js';
import type { ImportProgress } from './import-engine.js';

/** Most buckets a series holds; past it, neighbours merge and the width doubles. */
export const MAX_BUCKETS = 240;

/** Ratio between the edges of neighbouring latency histogram bins: percentiles within 5 %. */
const BIN_RATIO = 1.05;

type Counts = { -readonly [K in Exclude<keyof SeriesBucket, 't'>]: number };

const empty = (): Counts => ({ read: 0, done: 0, requests: 0, rateLimited: 0, retries: 0, waitMs: 0 });

/**
 * Records a run second by second for its report: rows read and finished (from the engine's
 * progress, which is cumulative), and the client's attempts, 429s, retries, waits and latency
 * (as a client watcher). A long run keeps at most {@link MAX_BUCKETS} buckets by merging
 * neighbours, so summary.json stays small; latency goes into a log-scale histogram for the same
 * reason.
 */
export class RunSeriesRecorder implements ClientWatcher {
  private bucketMs = 1000;
  private readonly buckets: Counts[] = [];
  private last: ImportProgress = { read: 0, sent: 0, succeeded: 0, rejected: 0 };
  private readonly bins = new Map<number, number>();
  private answered = 0;
  private unanswered = 0;
  private maxMs = 0;

  constructor(
    /** Clock, ms. Default Date.now. */
    private readonly now: () => number = Date.now,
    private readonly started: number = now(),
    /**
     * Rows finished before this run began (a resume's, restored from its journal): its first
     * progress counts them, and they are not this run's work. Default none.
     */
    before: { readonly succeeded: number; readonly rejected: number } = { succeeded: 0, rejected: 0 },
  ) {
    this.last = { read: 0, sent: 0, succeeded: before.succeeded, rejected: before.rejected };
  }

  /** The engine's progress (cumulative counts): the increase goes to the current bucket. */
  progress(progress: ImportProgress): void {
    const bucket = this.current();
    bucket.read += Math.max(0, progress.read - this.last.read);
    bucket.done += Math.max(0, progress.succeeded + progress.rejected - this.last.succeeded - this.last.rejected);
    this.last = progress;
  }

  /** A client event: 429s and retries, and how long they made the run wait. */
  event(event: ClientEvent): void {
    const bucket = this.current();
    if (event.type === 'rate-limited') {
      bucket.rateLimited++;
      bucket.waitMs += event.waitMs;
    } else if (event.type === 'retry') {
      bucket.retries++;
      bucket.waitMs += event.delayMs;
    }
  }

  /** One attempt's answer and its latency. */
  response(response: ClientResponse): void {
    this.current().requests++;
    if (response.status === undefined) {
      this.unanswered++;
      return;
    }
    this.answered++;
    this.maxMs = Math.max(this.maxMs, response.latencyMs);
    const bin = binOf(response.latencyMs);
    this.bins.set(bin, (this.bins.get(bin) ?? 0) + 1);
  }

  /** The series so far. */
  series(): RunSeries {
    this.current();
    return { bucketMs: this.bucketMs, buckets: this.buckets.map((counts, i) => ({ t: i * this.bucketMs, ...counts, waitMs: Math.round(counts.waitMs) })) };
  }

  /** The latency so far; undefined when no request was answered. */
  latency(): LatencySummary | undefined {
    if (this.answered === 0 && this.unanswered === 0) return undefined;
    return {
      count: this.answered,
      p50Ms: this.percentile(0.5),
      p95Ms: this.percentile(0.95),
      maxMs: Math.round(this.maxMs * 10) / 10,
      unanswered: this.unanswered,
    };
  }

  /** The bucket for now, created (and the series merged down) as time passes. */
  private current(): Counts {
    const elapsed = Math.max(0, this.now() - this.started);
    while (Math.floor(elapsed / this.bucketMs) >= MAX_BUCKETS) this.mergeNeighbours();
    const index = Math.floor(elapsed / this.bucketMs);
    while (this.buckets.length <= index) this.buckets.push(empty());
    return this.buckets[index]!;
  }

  /** Halves the number of buckets by adding each pair together; the width doubles. */
  private mergeNeighbours(): void {
    const merged: Counts[] = [];
    for (let i = 0; i < this.buckets.length; i += 2) {
      const a = this.buckets[i]!;
      const b = this.buckets[i + 1] ?? empty();
      merged.push({
        read: a.read + b.read,
        done: a.done + b.done,
        requests: a.requests + b.requests,
        rateLimited: a.rateLimited + b.rateLimited,
        retries: a.retries + b.retries,
        waitMs: a.waitMs + b.waitMs,
      });
    }
    this.buckets.splice(0, this.buckets.length, ...merged);
    this.bucketMs *= 2;
  }

  /** The upper edge of the histogram bin the quantile `q` falls in, ms (never above the max). */
  private percentile(q: number): number {
    if (this.answered === 0) return 0;
    const rank = Math.ceil(q * this.answered);
    let seen = 0;
    for (const bin of [...this.bins.keys()].sort((a, b) => a - b)) {
      seen += this.bins.get(bin)!;
      if (seen >= rank) return Math.round(Math.min(this.maxMs, upperEdge(bin)) * 10) / 10;
    }
    return Math.round(this.maxMs * 10) / 10;
  }
}

/** The histogram bin of a latency: bin n holds (1.05^(n-1), 1.05^n] ms; bin 0 everything ≤ 1 ms. */
function binOf(ms: number): number {
  return ms <= 1 ? 0 : Math.ceil(Math.log(ms) / Math.log(BIN_RATIO));
}

function upperEdge(bin: number): number {
  return BIN_RATIO ** bin;
}
