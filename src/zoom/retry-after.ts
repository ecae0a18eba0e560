/**
 * How long to wait, in milliseconds from `now`, according to a `Retry-After` header. Zoom sends
 * delay-seconds, an HTTP date, or an ISO-8601 timestamp; anything unparseable counts as absent
 * (`undefined`) so the caller falls back to its own backoff rather than trusting garbage. A time
 * already in the past means "now" (0).
 */
export function parseRetryAfter(value: string | null | undefined, now: number = Date.now()): number | undefined {
  if (value === null || value === undefined) return undefined;
  const text = value.trim();
  if (text === '') return undefined;
  if (/^\d+(\.\d+)?$/.test(text)) return Math.round(Number(text) * 1000);
  // Date.parse understands both RFC 7231 HTTP dates and ISO-8601 timestamps.
  const at = Date.parse(text);
  if (Number.isNaN(at)) return undefined;
  return Math.max(0, at - now);
}
