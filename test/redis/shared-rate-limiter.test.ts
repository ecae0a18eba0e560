import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SharedRateLimiter, type SharedRateLimiterOptions } from '../../src/zoom/redis-rate-limiter.js';
import { RedisServer, redisAvailability } from './redis-server.js';

const redis = redisAvailability();

describe.skipIf(!redis.available)('the Redis-shared rate limiter', () => {
  let server: RedisServer;
  const notices: string[] = [];
  beforeAll(async () => {
    server = await RedisServer.start();
  });
  afterAll(async () => {
    await server.kill();
  });

  /** Two workers of one account, as two processes would have them. */
  function workers(overrides: Partial<SharedRateLimiterOptions> = {}): [SharedRateLimiter, SharedRateLimiter] {
    const options: SharedRateLimiterOptions = {
      limits: { LIGHT: 40, MEDIUM: 20, HEAVY: 10 },
      redisUrl: server.url,
      accountId: `acct-${Date.now()}-${Math.random().toString(36).slice(2, 8)}`,
      notice: (m) => notices.push(m),
      ...overrides,
    };
    return [new SharedRateLimiter(options), new SharedRateLimiter(options)];
  }

  async function startTimes(limiter: SharedRateLimiter, count: number): Promise<number[]> {
    const times: number[] = [];
    await Promise.all(Array.from({ length: count }, () => limiter.schedule('MEDIUM', async () => void times.push(Date.now()))));
    return times.sort((a, b) => a - b);
  }

  // Pacing measured by the clock: a suite of more files than cores can hold a timer back long enough
  // to bunch what the limiter spaced, so a miss is tried again (twice) before it counts.
  it('paces the requests of two workers together at the shared rate', { retry: 2 }, async () => {
    const [a, b] = workers();
    try {
      const start = Date.now();
      const [ta, tb] = await Promise.all([startTimes(a, 10), startTimes(b, 10)]);
      const all = [...ta, ...tb].sort((x, y) => x - y);
      // 20 starts at 19 per second (95 % of 20) take at least 19 intervals of ~52.6 ms.
      expect(all.at(-1)! - all[0]!).toBeGreaterThanOrEqual(19 * 52 - 15);
      expect(all[0]! - start).toBeLessThan(1000);
    } finally {
      await Promise.all([a.stop(), b.stop()]);
    }
  });

  // Pacing measured by the clock: a suite of more files than cores can hold a timer back long enough
  // to bunch what the limiter spaced, so a miss is tried again (twice) before it counts.
  it("pauses and slows every worker after one worker's 429", { retry: 2 }, async () => {
    const [a, b] = workers();
    try {
      await startTimes(b, 1);
      const limitedAt = Date.now();
      a.rateLimited('MEDIUM', 500);
      // The 429 reaches Redis in two round trips after the call returns: wait until the first
      // has (a's rate is lowered), then as long again as before, so a loaded machine cannot
      // start b before the pause is shared (a fixed 50 ms lost that race once under load).
      while (a.state('MEDIUM').current >= 19) await new Promise((r) => setTimeout(r, 5));
      await new Promise((r) => setTimeout(r, 50));
      const times = await startTimes(b, 6);
      expect(times[0]! - limitedAt).toBeGreaterThanOrEqual(450);
      // 0.7 × 19/s: about 75 ms apart instead of 53.
      expect((times.at(-1)! - times[0]!) / 5).toBeGreaterThanOrEqual(70);
      expect(a.state('MEDIUM').current).toBeLessThan(19);
    } finally {
      await Promise.all([a.stop(), b.stop()]);
    }
  });

  it('paces alone at a third of the rate when Redis cannot be reached, and says so once', async () => {
    const said: string[] = [];
    const limiter = new SharedRateLimiter({
      limits: { LIGHT: 40, MEDIUM: 20, HEAVY: 10 },
      redisUrl: 'redis://127.0.0.1:1',
      accountId: 'nobody',
      notice: (m) => said.push(m),
    });
    try {
      const times = await startTimes(limiter, 4);
      expect(limiter.shared).toBe(false);
      expect((times.at(-1)! - times[0]!) / 3).toBeGreaterThanOrEqual(140);
      expect(said).toHaveLength(1);
      expect(said[0]).toMatch(/could not connect to redis:\/\/127\.0\.0\.1:1 .*33% of the account's rate/);
    } finally {
      await limiter.stop();
    }
  });
});
