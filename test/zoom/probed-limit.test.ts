import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { limitEmptiedBy } from '../../src/zoom/rate-limiter.js';

/**
 * A probe's starts: `from` requests a second, `step` more each second, each start jittered by up
 * to `jitterMs`, until a bucket of one second's worth of `limit` (the emulator's and, as far as
 * Zoom's answers show, the account's) first refuses one. Returns the starts and when that was.
 */
function probeAgainst(limit: number, from: number, step: number, jitterMs: number, random: () => number): { starts: number[]; refusedAt: number } | undefined {
  const starts: number[] = [];
  let tokens = limit;
  let last = 0;
  let t = 0;
  for (let second = 0; second < 600; second++) {
    const rate = from + step * second;
    for (let i = 0; i < rate; i++) {
      t = second * 1000 + (i * 1000) / rate;
      const at = Math.max(last, t + random() * jitterMs);
      starts.push(at);
      tokens = Math.min(limit, tokens + ((at - last) / 1000) * limit);
      last = at;
      if (tokens < 1) return { starts, refusedAt: at };
      tokens -= 1;
    }
  }
  return undefined;
}

describe('the limit a probe finds at its first 429', () => {
  it('is the account’s own limit, within a few per cent, however far past it the climb ran', () => {
    const seed = Number(process.env.PROPERTY_SEED ?? 2701);
    fc.assert(
      fc.property(
        fc.integer({ min: 5, max: 300 }),
        fc.double({ min: 0.2, max: 0.9, noNaN: true }),
        fc.double({ min: 0.02, max: 0.2, noNaN: true }),
        fc.integer({ min: 0, max: 40 }),
        fc.integer(),
        (limit, startShare, stepShare, jitterMs, randomSeed) => {
          let state = randomSeed >>> 0 || 1;
          const random = (): number => ((state = (state * 1_103_515_245 + 12_345) >>> 0) % 10_000) / 10_000;
          const probe = probeAgainst(limit, Math.max(1, Math.round(limit * startShare)), Math.max(0.5, limit * stepShare), jitterMs, random);
          if (probe === undefined) return;
          // The rate in force at the 429 is well past the limit: what "10 % below it" missed.
          const found = limitEmptiedBy(probe.starts, probe.refusedAt);
          expect(found).toBeDefined();
          expect(found!).toBeGreaterThan(limit * 0.93);
          expect(found!).toBeLessThan(limit * 1.05 + 1);
        },
      ),
      { seed, numRuns: 200 },
    );
  });

  it('says nothing from too few requests, or from requests a bucket of any size would have taken', () => {
    expect(limitEmptiedBy([0, 10, 20], 30)).toBeUndefined();
    expect(limitEmptiedBy([0, 1000, 2000, 3000, 4000], 5000)).toBeUndefined();
  });
});
