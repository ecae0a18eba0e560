import { describe, expect, it } from 'vitest';
import { classifyRateLimit, type RateLimitKind } from '../../src/zoom/rate-limit-answer.js';

const MESSAGES = {
  'per-second': 'You have reached the maximum per-second rate limit for this API. Try again later.',
  daily: 'You have reached the maximum daily rate limit for this API. Refer to the response header for details on when you can make another request.',
  concurrent: 'Too many concurrent requests',
  other: 'Too Many Requests',
  none: undefined,
} as const;

/** The header sets a 429 has been seen with: its own bucket's, another bucket's (no Type), none. */
const HEADERS = {
  'Type QPS': { 'X-RateLimit-Category': 'Medium', 'X-RateLimit-Type': 'QPS', 'X-RateLimit-Limit': '20', 'X-RateLimit-Remaining': '0' },
  'Type Daily-limit': { 'X-RateLimit-Category': 'Medium', 'X-RateLimit-Type': 'Daily-limit', 'X-RateLimit-Limit': '30000', 'X-RateLimit-Remaining': '0' },
  'Type unknown': { 'X-RateLimit-Type': 'Burst' },
  'another bucket, no Type': { 'X-RateLimit-Category': 'Light', 'X-RateLimit-Limit': '6000', 'X-RateLimit-Remaining': '5893' },
  'no headers': {},
} as const;

/** What each combination must be read as: the message decides when it names a limit. */
function expected(message: keyof typeof MESSAGES, headers: keyof typeof HEADERS): RateLimitKind {
  if (message === 'per-second' || message === 'daily' || message === 'concurrent') return message;
  return headers === 'Type Daily-limit' ? 'daily' : 'per-second';
}

const cases = (Object.keys(MESSAGES) as (keyof typeof MESSAGES)[]).flatMap((message) =>
  (Object.keys(HEADERS) as (keyof typeof HEADERS)[]).map((headers) => ({ message, headers, kind: expected(message, headers) })),
);

describe('reading which limit a 429 is about', () => {
  it.each(cases)('reads a $message message with $headers as $kind', ({ message, headers, kind }) => {
    const text = MESSAGES[message];
    const body = text === undefined ? undefined : { code: 429, message: text };
    expect(classifyRateLimit(new Headers(HEADERS[headers]), body)).toBe(kind);
  });

  it('never takes a per-second 429 for a daily stop, whatever headers come with it', () => {
    for (const headers of Object.values(HEADERS)) {
      expect(classifyRateLimit(new Headers(headers), { code: 429, message: MESSAGES['per-second'] })).toBe('per-second');
    }
  });

  it('never takes a daily 429 for a per-second one, whatever headers come with it', () => {
    for (const headers of Object.values(HEADERS)) {
      expect(classifyRateLimit(new Headers(headers), { code: 429, message: MESSAGES.daily })).toBe('daily');
    }
  });

  it('reads a body that is not Zoom JSON by its headers alone', () => {
    expect(classifyRateLimit(new Headers(HEADERS['Type Daily-limit']), 'Too Many Requests')).toBe('daily');
    expect(classifyRateLimit(new Headers(), null)).toBe('per-second');
  });
});
