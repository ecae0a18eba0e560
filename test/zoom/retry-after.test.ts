import { describe, expect, it } from 'vitest';
import { parseRetryAfter } from '../../src/zoom/retry-after.js';

const now = Date.parse('2026-11-24T10:00:00Z');

describe('parseRetryAfter', () => {
  it('reads delay-seconds', () => {
    expect(parseRetryAfter('3', now)).toBe(3000);
    expect(parseRetryAfter(' 0.5 ', now)).toBe(500);
  });

  it('reads an HTTP date', () => {
    expect(parseRetryAfter('Tue, 24 Nov 2026 10:00:07 GMT', now)).toBe(7000);
  });

  it('reads an ISO-8601 timestamp', () => {
    expect(parseRetryAfter('2026-11-25T00:00:00Z', now)).toBe(14 * 3600 * 1000);
    expect(parseRetryAfter('2026-11-24T10:00:02.500Z', now)).toBe(2500);
  });

  it('reads an ISO-8601 time without a zone as UTC, as Zoom means it, whatever the machine’s zone', () => {
    expect(parseRetryAfter('2026-11-24T10:00:05', now)).toBe(5000);
    expect(parseRetryAfter('2026-11-24T11:00:05+01:00', now)).toBe(5000);
  });

  it('treats a time in the past as no wait', () => {
    expect(parseRetryAfter('2026-11-24T09:00:00Z', now)).toBe(0);
  });

  it('treats a missing or unreadable header as absent', () => {
    expect(parseRetryAfter(null, now)).toBeUndefined();
    expect(parseRetryAfter(undefined, now)).toBeUndefined();
    expect(parseRetryAfter('', now)).toBeUndefined();
    expect(parseRetryAfter('soon', now)).toBeUndefined();
    expect(parseRetryAfter('-5', now)).toBeUndefined();
  });
});
