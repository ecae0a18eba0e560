import type { ImportProgress } from '../pipelines/import-engine.js';
import type { ClientStats } from '../zoom/http.js';

/** Settings of the progress line. */
export interface ProgressLineOptions {
  /** Where to draw; only a terminal gets a progress line. */
  readonly stream: NodeJS.WriteStream;
  /**
   * Rows the file is expected to hold, when known (for the ETA): an estimate, used until the
   * progress itself says how many rows there are (`ImportProgress.total`, a sync's plan's count).
   */
  readonly expectedRows?: number | undefined;
  /** Rows per second the plan's rate limit allows at most, for the ETA. */
  readonly rowsPerSecondAllowed?: number | undefined;
  /** The client's counters, for retries and 429s so far (those of this run: counted from the start). */
  readonly stats?: Readonly<ClientStats> | undefined;
  /**
   * Rows already finished when this run started (a resume's): not counted in its rate, which
   * would otherwise start at thousands of rows a second.
   */
  readonly doneBefore?: number | undefined;
}

/**
 * A one-line progress display redrawn at most four times a second: rows read, sent and
 * rejected, rows/s, and the ETA at the plan's rate. Draws nothing when the stream is not a
 * terminal (a cron job's log stays clean).
 */
export class ProgressLine {
  private lastDraw = 0;
  private readonly started = Date.now();
  private drawn = false;
  private readonly statsBefore: ClientStats | undefined;

  constructor(private readonly options: ProgressLineOptions) {
    this.statsBefore = options.stats === undefined ? undefined : { ...options.stats };
  }

  /** Records progress; redraws when enough time has passed. */
  update = (progress: ImportProgress): void => {
    if (!this.options.stream.isTTY) return;
    const now = Date.now();
    if (now - this.lastDraw < 250) return;
    this.lastDraw = now;
    const seconds = Math.max(0.001, (now - this.started) / 1000);
    this.options.stream.write(`\r\x1b[2K${this.line(progress, seconds)}`);
    this.drawn = true;
  };

  /** The progress line's text, `seconds` into the run. */
  line(progress: ImportProgress, seconds: number): string {
    const rate = Math.max(0, progress.succeeded + progress.rejected - (this.options.doneBefore ?? 0)) / seconds;
    const { rowsPerSecondAllowed, stats } = this.options;
    const expectedRows = progress.total ?? this.options.expectedRows;
    let line = `read ${progress.read}`;
    // A count is exact; an estimate from the file's size never goes past 99 % before the end.
    const most = progress.total === undefined ? 99 : 100;
    if (expectedRows !== undefined && expectedRows > 0) line += ` (${Math.min(most, Math.floor((100 * progress.read) / expectedRows))} %)`;
    line += ` · sent ${progress.sent} · rejected ${progress.rejected} · ${Math.round(rate)} rows/s`;
    if (stats !== undefined && this.statsBefore !== undefined) {
      const retries = stats.retries - this.statsBefore.retries;
      const limited = stats.rateLimited - this.statsBefore.rateLimited;
      if (retries > 0 || limited > 0) line += ` · ${retries} retries, ${limited} × 429`;
    }
    if (expectedRows !== undefined && rowsPerSecondAllowed !== undefined && expectedRows > progress.read) {
      line += ` · ETA ${formatDuration(((expectedRows - progress.read) / rowsPerSecondAllowed) * 1000)}`;
    }
    return line;
  }

  /** Clears the line before the summary is printed. */
  finish(): void {
    if (this.drawn) this.options.stream.write('\r\x1b[2K');
  }
}

/** `1 h 02 min`, `3 min 05 s`, `12 s`. */
export function formatDuration(ms: number): string {
  const s = Math.round(ms / 1000);
  if (s < 60) return `${s} s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m} min ${String(s % 60).padStart(2, '0')} s`;
  return `${Math.floor(m / 60)} h ${String(m % 60).padStart(2, '0')} min`;
}
