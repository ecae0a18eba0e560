import { afterEach, describe, expect, it } from 'vitest';
import { startEmulator, type RunningEmulator } from '../../src/emulator/server.js';
import { call, token } from './http.js';

// listUnits is a MEDIUM operation: the limit under test is set low to keep the tests short.
const UNITS = '/contact_center/address_books/units';
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('the emulator rate limits', () => {
  let emulator: RunningEmulator;
  afterEach(() => emulator.close());

  it('answers a burst of ten times the per-second limit with 429s carrying Zoom’s headers', async () => {
    // 20 requests against 2 a second: even spread over a few seconds on a loaded machine, most
    // are refused, and the bucket's first ones go through.
    emulator = await startEmulator({ seed: 5, limits: { MEDIUM: 2 } });
    const accessToken = await token(emulator);
    const answers = await Promise.all(Array.from({ length: 20 }, () => call(emulator, accessToken, 'GET', UNITS)));
    const limited = answers.filter((a) => a.status === 429);
    expect(limited.length).toBeGreaterThanOrEqual(9);
    expect(answers.filter((a) => a.status === 200).length).toBeGreaterThanOrEqual(2);
    const [first] = limited;
    expect(first?.body).toEqual({
      code: 429,
      message: 'You have reached the maximum per-second rate limit for this API. Try again later.',
    });
    expect(first?.headers.get('x-ratelimit-category')).toBe('Medium');
    expect(first?.headers.get('x-ratelimit-type')).toBe('QPS');
    expect(first?.headers.get('x-ratelimit-limit')).toBe('2');
    expect(first?.headers.get('x-ratelimit-remaining')).toBe('0');
    // Zoom's documented form: an absolute UTC time, here within the next second.
    const retryAt = Date.parse(first?.headers.get('retry-after') ?? '');
    expect(first?.headers.get('retry-after')).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z$/);
    expect(retryAt).toBeGreaterThan(Date.now() - 1000);
    expect(retryAt).toBeLessThanOrEqual(Date.now() + 1000);
    expect(emulator.stats().rateLimited.QPS).toBe(limited.length);
  });

  it('writes Retry-After as delay-seconds when asked to', async () => {
    emulator = await startEmulator({ seed: 5, faults: { rateLimitRate: 1, retryAfterFormat: 'seconds' } });
    const answer = await call(emulator, await token(emulator), 'GET', UNITS);
    expect(answer.headers.get('retry-after')).toBe('1');
  });

  it('never limits a client paced evenly at 95% of the rate', async () => {
    emulator = await startEmulator({ seed: 5, limits: { MEDIUM: 20 } });
    const accessToken = await token(emulator);
    const interval = 1000 / (20 * 0.95);
    const start = Date.now();
    const answers = [];
    // Paced against the start time, so timer drift cannot pile requests up.
    for (let i = 0; i < 40; i++) {
      const wait = start + i * interval - Date.now();
      if (wait > 0) await sleep(wait);
      answers.push(call(emulator, accessToken, 'GET', UNITS));
    }
    const statuses = (await Promise.all(answers)).map((a) => a.status);
    expect(statuses.filter((s) => s === 429)).toEqual([]);
  });

  it('draws every label from its own allowance', async () => {
    emulator = await startEmulator({ seed: 5, limits: { MEDIUM: 2, LIGHT: 40 } });
    const accessToken = await token(emulator);
    await Promise.all([1, 2, 3].map(() => call(emulator, accessToken, 'GET', UNITS)));
    const light = await call(emulator, accessToken, 'GET', `${UNITS}/nope`);
    expect(light.status).toBe(404);
  });

  it('answers the daily limit with its own type and a retry at the next UTC midnight', async () => {
    emulator = await startEmulator({ seed: 5, dailyLimits: { MEDIUM: 2 } });
    const accessToken = await token(emulator);
    expect((await call(emulator, accessToken, 'GET', UNITS)).status).toBe(200);
    expect((await call(emulator, accessToken, 'GET', UNITS)).status).toBe(200);
    const answer = await call(emulator, accessToken, 'GET', UNITS);
    expect(answer.status).toBe(429);
    expect(answer.body).toEqual({
      code: 429,
      message: 'You have reached the maximum daily rate limit for this API. Refer to the response header for details on when you can make another request.',
    });
    expect(answer.headers.get('x-ratelimit-type')).toBe('Daily-limit');
    const midnight = new Date();
    midnight.setUTCHours(24, 0, 0, 0);
    expect(answer.headers.get('retry-after')).toBe(midnight.toISOString());
    expect(emulator.stats().rateLimited['Daily-limit']).toBe(1);
  });

  it('writes Retry-After as an HTTP date or leaves it out when asked to', async () => {
    emulator = await startEmulator({ seed: 5, faults: { forceDailyLimit: true, retryAfterFormat: 'http-date' } });
    const accessToken = await token(emulator);
    const dated = await call(emulator, accessToken, 'GET', UNITS);
    expect(dated.headers.get('retry-after')).toMatch(/^[A-Z][a-z]{2}, \d{2} [A-Z][a-z]{2} \d{4} 00:00:00 GMT$/);
    emulator.setFaults({ retryAfterFormat: 'none' });
    const bare = await call(emulator, accessToken, 'GET', UNITS);
    expect(bare.status).toBe(429);
    expect(bare.headers.get('retry-after')).toBeNull();
  });

  it('caps HEAVY requests per day on the plan’s cap, which dailyLimits can lower', async () => {
    // listEngagements is HEAVY (served from the spec's schema once past the limits).
    emulator = await startEmulator({ seed: 5, plan: 'pro', dailyLimits: { HEAVY: 2 } });
    const accessToken = await token(emulator);
    const statuses = [];
    for (let i = 0; i < 3; i++) statuses.push((await call(emulator, accessToken, 'GET', '/contact_center/engagements')).status);
    expect(statuses).toEqual([200, 200, 429]);
    expect(emulator.stats().rateLimited['Daily-limit']).toBe(1);
  });

  it('sends some 429s without any X-RateLimit header, keeping Retry-After, when asked to', async () => {
    emulator = await startEmulator({ seed: 5, faults: { rateLimitRate: 1, rateLimitHeadersMissingRate: 1 } });
    const answer = await call(emulator, await token(emulator), 'GET', UNITS);
    expect(answer.status).toBe(429);
    expect([...answer.headers.keys()].filter((name) => name.startsWith('x-ratelimit'))).toEqual([]);
    expect(answer.headers.get('retry-after')).toMatch(/^\d{4}-/);
    expect(answer.body.message).toMatch(/per-second/);
    expect(emulator.stats().injected.headerlessRateLimits).toBe(1);
  });

  it('sends some 429s with another bucket’s headers, so that only the message tells the limit', async () => {
    emulator = await startEmulator({ seed: 5, faults: { forceDailyLimit: true, rateLimitHeadersForeignRate: 1 } });
    const answer = await call(emulator, await token(emulator), 'GET', UNITS);
    expect(answer.status).toBe(429);
    expect(answer.headers.get('x-ratelimit-category')).toBe('Light');
    expect(answer.headers.get('x-ratelimit-limit')).toBe('6000');
    expect(Number(answer.headers.get('x-ratelimit-remaining'))).toBeGreaterThan(5000);
    expect(answer.headers.get('x-ratelimit-type')).toBeNull();
    expect(answer.headers.get('retry-after')).toBeNull();
    expect(answer.body.message).toMatch(/daily/);
    expect(emulator.stats().injected.foreignRateLimits).toBe(1);
  });

  it('answers requests beyond the concurrency limit of one resource 429 "Too many concurrent requests", unapplied', async () => {
    emulator = await startEmulator({ seed: 5, faults: { latencyMs: 200, concurrencyLimit: 2 } });
    const accessToken = await token(emulator);
    const answers = await Promise.all(
      Array.from({ length: 4 }, (_, i) => call(emulator, accessToken, 'POST', UNITS, { unit_name: `Unit ${i}` })),
    );
    const limited = answers.filter((a) => a.status === 429);
    expect(limited).toHaveLength(2);
    expect(limited[0]?.body).toEqual({ code: 429, message: 'Too many concurrent requests' });
    expect(emulator.store.units()).toHaveLength(2);
    expect(emulator.stats().rateLimited.concurrent).toBe(2);
    // Another resource is not held up by the first one's requests.
    const [other, listing] = await Promise.all([
      call(emulator, accessToken, 'POST', UNITS, { unit_name: 'Alone' }),
      call(emulator, accessToken, 'GET', UNITS),
    ]);
    expect([other.status, listing.status]).toEqual([201, 200]);
  });

  it('says nothing of the quota on a successful answer unless asked to, and then its limit and what is left', async () => {
    emulator = await startEmulator({ seed: 5, limits: { MEDIUM: 35 } });
    const accessToken = await token(emulator);
    const bare = await call(emulator, accessToken, 'GET', UNITS);
    expect(bare.status).toBe(200);
    expect([...bare.headers.keys()].filter((name) => name.startsWith('x-ratelimit'))).toEqual([]);
    await emulator.close();

    emulator = await startEmulator({ seed: 5, limits: { MEDIUM: 35 }, rateHeaders: true });
    const told = await call(emulator, await token(emulator), 'GET', UNITS);
    expect(told.status).toBe(200);
    expect(told.headers.get('x-ratelimit-limit')).toBe('35');
    expect(told.headers.get('x-ratelimit-type')).toBe('QPS');
    expect(told.headers.get('x-ratelimit-category')).toBe('Medium');
    expect(Number(told.headers.get('x-ratelimit-remaining'))).toBe(34);
  });

  it('does not rate limit the OAuth endpoint', async () => {
    emulator = await startEmulator({ seed: 5, limits: { LIGHT: 1, MEDIUM: 1, HEAVY: 1 } });
    const answers = await Promise.all(Array.from({ length: 10 }, () => token(emulator)));
    expect(answers).toHaveLength(10);
    expect(emulator.stats().tokenFetches).toBe(10);
  });
});
