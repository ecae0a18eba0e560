import { describe, expect, it } from 'vitest';
import { RateLimiter } from '../../src/zoom/rate-limiter.js';

const limits = { LIGHT: 40, MEDIUM: 20, HEAVY: 10 };

function startTimes(limiter: RateLimiter, label: 'LIGHT' | 'MEDIUM' | 'HEAVY', count: number, taskMs = 0): Promise<number[]> {
  const times: number[] = [];
  return Promise.all(
    Array.from({ length: count }, () =>
      limiter.schedule(label, async () => {
        times.push(performance.now());
        await new Promise((resolve) => setTimeout(resolve, taskMs));
      }),
    ),
  ).then(() => times);
}

describe('RateLimiter', () => {
  it('spaces requests evenly so that no one-second window holds more than the rate', async () => {
    const limiter = new RateLimiter({ limits });
    const times = await startTimes(limiter, 'MEDIUM', 30);
    for (let i = 20; i < times.length; i++) {
      // 21 requests at 20/s span a second. Timers fire late under load, and a late start followed
      // by one on time shortens a window a little: 5 % is the tolerance the server's bucket has.
      expect(times[i]! - times[i - 20]!).toBeGreaterThanOrEqual(950);
    }
    await limiter.stop();
  });

  it('keeps requests in flight beyond one so that latency does not cap the rate', async () => {
    const limiter = new RateLimiter({ limits, maxInFlight: 16 });
    let inFlight = 0;
    let most = 0;
    // 20 tasks of 300 ms at 40/s: a new one is due every 25 ms, so many overlap unless the
    // limiter waits for each to finish. (The time it takes is a figure for `npm run bench`.)
    await Promise.all(
      Array.from({ length: 20 }, () =>
        limiter.schedule('LIGHT', async () => {
          most = Math.max(most, ++inFlight);
          await new Promise((resolve) => setTimeout(resolve, 300));
          inFlight--;
        }),
      ),
    );
    expect(most).toBeGreaterThan(1);
    await limiter.stop();
  });

  it('bounds the requests in flight', async () => {
    const limiter = new RateLimiter({ limits, maxInFlight: 3 });
    let inFlight = 0;
    let most = 0;
    await Promise.all(
      Array.from({ length: 12 }, () =>
        limiter.schedule('LIGHT', async () => {
          most = Math.max(most, ++inFlight);
          await new Promise((resolve) => setTimeout(resolve, 100));
          inFlight--;
        }),
      ),
    );
    expect(most).toBe(3);
    await limiter.stop();
  });

  it('pauses a label after a 429 and lowers its rate once for a burst of them', async () => {
    let clock = 0;
    const limiter = new RateLimiter({ limits, now: () => clock });
    limiter.rateLimited('MEDIUM', 300);
    limiter.rateLimited('MEDIUM', 300);
    limiter.rateLimited('MEDIUM', 300);
    expect(limiter.state('MEDIUM').current).toBeCloseTo(14);
    expect(limiter.state('LIGHT').current).toBe(40);
    clock = 1000;
    limiter.rateLimited('MEDIUM', 300);
    expect(limiter.state('MEDIUM').current).toBeCloseTo(9.8);
    await limiter.stop();
  });

  it('lets the rate climb back step by step once the 429s stop', async () => {
    let clock = 0;
    const limiter = new RateLimiter({ limits, now: () => clock });
    limiter.rateLimited('HEAVY', 100);
    expect(limiter.state('HEAVY').current).toBeCloseTo(7);
    clock = 1500;
    expect(limiter.state('HEAVY').current).toBeCloseTo(7);
    clock = 2000;
    expect(limiter.state('HEAVY').current).toBeCloseTo(8);
    clock = 4000;
    expect(limiter.state('HEAVY').current).toBeCloseTo(9);
    clock = 60_000;
    limiter.state('HEAVY');
    clock = 62_000;
    expect(limiter.state('HEAVY').current).toBe(10);
    await limiter.stop();
  });

  it('slows to just under what another app leaves, seen from X-RateLimit-Remaining, before any 429', async () => {
    let clock = 0;
    const limiter = new RateLimiter({ limits, now: () => clock });
    // A bucket of 20 refilled at 8/s (another app takes 12): we send at our current rate.
    let tokens = 20;
    let refused = 0;
    for (let step = 0; step < 600; step++) {
      const rate = limiter.state('MEDIUM').current;
      const dt = 1000 / rate;
      clock += dt;
      tokens = Math.min(20, tokens + (8 * dt) / 1000);
      if (tokens < 1) {
        refused++;
        limiter.rateLimited('MEDIUM', 1000);
        continue;
      }
      tokens -= 1;
      limiter.observed('MEDIUM', Math.floor(tokens), 20);
    }
    expect(refused).toBe(0);
    // It settles around the 8/s left, neither hammering nor starving.
    expect(limiter.state('MEDIUM').current).toBeGreaterThan(6);
    expect(limiter.state('MEDIUM').current).toBeLessThan(11);
    await limiter.stop();
  });

  it('keeps only as many requests in flight as the latency needs, so a cut rate takes hold at once', async () => {
    const limiter = new RateLimiter({ limits });
    let inFlight = 0;
    let most = 0;
    // 40/s at 60 ms needs 2.4 in flight: ceil(40 × 0.06 × 1.5) + 1 = 5 slots after the first
    // answers (6 when timers run late on a busy machine), not the 16 a fixed bound keeps.
    await Promise.all(
      Array.from({ length: 60 }, (_, i) =>
        limiter.schedule('LIGHT', async () => {
          inFlight++;
          if (i >= 20) most = Math.max(most, inFlight);
          await new Promise((resolve) => setTimeout(resolve, 60));
          inFlight--;
        }),
      ),
    );
    expect(most).toBeGreaterThanOrEqual(2);
    expect(most).toBeLessThanOrEqual(6);
    await limiter.stop();
  });

  it('ignores a quota that stays comfortably full', async () => {
    let clock = 0;
    const limiter = new RateLimiter({ limits, now: () => clock });
    for (let i = 0; i < 100; i++) {
      clock += 50;
      limiter.observed('MEDIUM', 15 + (i % 5), 20);
    }
    expect(limiter.state('MEDIUM').current).toBe(20);
    await limiter.stop();
  });

  it('starts no request of a paused label until the pause is over', async () => {
    const limiter = new RateLimiter({ limits });
    const began = performance.now();
    limiter.rateLimited('LIGHT', 400);
    const times = await startTimes(limiter, 'LIGHT', 2);
    expect(times[0]! - began).toBeGreaterThanOrEqual(390);
    // Other labels are not paused.
    const other = await startTimes(limiter, 'HEAVY', 1);
    expect(other[0]! - began).toBeGreaterThanOrEqual(0);
    await limiter.stop();
  });
});
