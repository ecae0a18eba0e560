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
  // Date.parse reads both forms, but also odd things such as '-5' (the year -5): accept only text
  // shaped like an HTTP date (`Tue, 24 Nov 2026 10:00:07 GMT`) or an ISO-8601 date-time.
  const httpDate = /^[A-Za-z]{3}, \d{2} [A-Za-z]{3} \d{4} \d{2}:\d{2}:\d{2} GMT$/.test(text);
  const isoDate = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/.test(text);
  if (!httpDate && !isoDate) return undefined;
  // Zoom's times are UTC. An ISO time written without a zone would be read as local time by
  // Date.parse, off by the machine's offset (the bug ZoomNet had, issue 464): read it as UTC.
  const zoned = isoDate && !/(Z|[+-]\d{2}:?\d{2})$/i.test(text) ? `${text}Z` : text;
  const at = Date.parse(zoned);
  if (Number.isNaN(at)) return undefined;
  return Math.max(0, at - now);
}
