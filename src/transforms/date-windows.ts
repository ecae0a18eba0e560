import type { CatalogueWindow } from '../zoom/catalogue-entry.js';

/** One request's time range, as the API's `from`/`to` parameters take it (both inclusive). */
export interface WindowRange {
  readonly from: string;
  readonly to: string;
}

const DAY_MS = 86_400_000;

/**
 * Where a window that runs "until now" ends, as an instant: the start of the current UTC day for
 * `date` windows (only whole days are exported; today is not finished), the current second for
 * `date-time` windows.
 */
export function windowEnd(now: Date, granularity: CatalogueWindow['granularity']): Date {
  const ms = now.getTime();
  return new Date(granularity === 'date' ? Math.floor(ms / DAY_MS) * DAY_MS : Math.floor(ms / 1000) * 1000);
}

/**
 * The half-open span [start, end) as the requests that cover it: each at most as long as the
 * API allows (`maxMonths` calendar months or `maxDays` days), each `to` one unit (a day or a
 * second) before the next `from`, so consecutive requests neither overlap nor leave a gap. An
 * empty span gives no request.
 */
export function splitWindow(start: Date, end: Date, window: Pick<CatalogueWindow, 'granularity' | 'maxMonths' | 'maxDays'>): WindowRange[] {
  const unit = window.granularity === 'date' ? DAY_MS : 1000;
  const out: WindowRange[] = [];
  let from = start.getTime();
  const stop = end.getTime();
  while (from < stop) {
    let next = stop;
    if (window.maxMonths !== undefined) {
      next = Math.min(next, addMonths(from, window.maxMonths));
    }
    if (window.maxDays !== undefined) next = Math.min(next, from + window.maxDays * DAY_MS);
    out.push({ from: formatInstant(new Date(from), window.granularity), to: formatInstant(new Date(next - unit), window.granularity) });
    from = next;
  }
  return out;
}

/** `2024-03-01` or `2024-03-01T00:00:00Z`: the two forms every time-ranged endpoint accepts. */
export function formatInstant(instant: Date, granularity: CatalogueWindow['granularity']): string {
  const iso = instant.toISOString();
  return granularity === 'date' ? iso.slice(0, 10) : `${iso.slice(0, 19)}Z`;
}

/** Parses a `--from`-style value (`2024-03-01` or an ISO date-time) to an instant, or undefined. */
export function parseInstant(text: string): Date | undefined {
  if (!/^\d{4}-\d\d-\d\d([T ]\d\d:\d\d(:\d\d)?(\.\d+)?(Z|[+-]\d\d:?\d\d)?)?$/.test(text)) return undefined;
  const ms = Date.parse(/^\d{4}-\d\d-\d\d$/.test(text) ? `${text}T00:00:00Z` : text);
  return Number.isNaN(ms) ? undefined : new Date(ms);
}

/** `ms` plus whole calendar months, the day clamped to the target month's last (31 Jan + 1 month = 29 Feb). */
function addMonths(ms: number, months: number): number {
  const d = new Date(ms);
  const year = d.getUTCFullYear();
  const month = d.getUTCMonth() + months;
  const lastDay = new Date(Date.UTC(year, month + 1, 0)).getUTCDate();
  return Date.UTC(year, month, Math.min(d.getUTCDate(), lastDay), d.getUTCHours(), d.getUTCMinutes(), d.getUTCSeconds());
}
