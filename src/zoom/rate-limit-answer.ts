/** Which of Zoom's limits a 429 answer is about. */
export type RateLimitKind =
  /** The label's per-second quota: wait as Zoom says (or a second) and try again. */
  | 'per-second'
  /** The label's daily quota: nothing of that label succeeds before it resets; the run stops. */
  | 'daily'
  /** Too many requests at once to one resource: like a per-second limit, wait and try again. */
  | 'concurrent';

const DAILY_MESSAGE = /\bdaily\b/i;
const PER_SECOND_MESSAGE = /per[- ]second|\bqps\b/i;
const CONCURRENT_MESSAGE = /concurren/i;

/**
 * Reads which limit a 429 is about. Zoom's message comes first when it names one: it is written
 * for this very answer, whereas the `X-RateLimit-*` headers have been seen describing another
 * bucket (a per-user daily LIGHT bucket, `Limit 6000, Remaining 5893`, on a per-second 429) or
 * missing altogether. `X-RateLimit-Type` decides only when the message is silent, and an answer
 * that says nothing either way counts as per-second: a wrong guess then costs bounded retries,
 * whereas taking it for a daily stop would end the run for nothing.
 *
 * | message names | X-RateLimit-Type      | kind       |
 * |---------------|-----------------------|------------|
 * | daily         | any, or none          | daily      |
 * | per-second    | any, or none          | per-second |
 * | concurrent    | any, or none          | concurrent |
 * | nothing       | `Daily-limit`         | daily      |
 * | nothing       | `QPS`, other, or none | per-second |
 */
export function classifyRateLimit(headers: Headers, body: unknown): RateLimitKind {
  const message = (body as { message?: unknown } | undefined)?.message;
  if (typeof message === 'string') {
    if (CONCURRENT_MESSAGE.test(message)) return 'concurrent';
    if (DAILY_MESSAGE.test(message)) return 'daily';
    if (PER_SECOND_MESSAGE.test(message)) return 'per-second';
  }
  const type = headers.get('x-ratelimit-type')?.trim().toLowerCase();
  return type === 'daily-limit' ? 'daily' : 'per-second';
}
