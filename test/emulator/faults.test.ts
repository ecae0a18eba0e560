import { afterEach, describe, expect, it } from 'vitest';
import { startEmulator, type RunningEmulator } from '../../src/emulator/server.js';
import { call, token } from './http.js';

const UNITS = '/contact_center/address_books/units';

describe('the emulator fault injection', () => {
  let emulator: RunningEmulator;
  afterEach(() => emulator.close());

  it('adds the configured latency to every API answer', async () => {
    emulator = await startEmulator({ seed: 6, faults: { latencyMs: 150, jitterMs: 50 } });
    const accessToken = await token(emulator);
    const started = Date.now();
    await call(emulator, accessToken, 'GET', UNITS);
    expect(Date.now() - started).toBeGreaterThanOrEqual(145);
  });

  it('answers 5xx with a Zoom-style body and leaves the request unapplied', async () => {
    emulator = await startEmulator({ seed: 6, faults: { errorRate: 1 } });
    const accessToken = await token(emulator);
    const answer = await call(emulator, accessToken, 'POST', UNITS, { unit_name: 'Never' });
    expect([500, 502, 503]).toContain(answer.status);
    expect(answer.body).toEqual({ code: answer.status, message: expect.any(String) });
    expect(emulator.store.units()).toEqual([]);
    expect(emulator.stats().injected.serverErrors).toBe(1);
  });

  it('resets the connection before applying a request', async () => {
    emulator = await startEmulator({ seed: 6, faults: { resetBeforeRate: 1 } });
    const accessToken = await token(emulator);
    await expect(call(emulator, accessToken, 'POST', UNITS, { unit_name: 'Lost' })).rejects.toThrow();
    expect(emulator.store.units()).toEqual([]);
    expect(emulator.stats().injected.resetsBefore).toBe(1);
  });

  it('resets the connection after applying a request, so a retry would duplicate it', async () => {
    emulator = await startEmulator({ seed: 6, faults: { resetAfterRate: 1 } });
    const accessToken = await token(emulator);
    await expect(call(emulator, accessToken, 'POST', UNITS, { unit_name: 'Applied' })).rejects.toThrow();
    expect(emulator.store.units().map((u) => u.unit_name)).toEqual(['Applied']);
    expect(emulator.stats().injected.resetsAfter).toBe(1);
  });

  it('applies a request and then answers it 5xx, so a retry would duplicate it', async () => {
    emulator = await startEmulator({ seed: 6, faults: { appliedErrorRate: 1 } });
    const accessToken = await token(emulator);
    const answer = await call(emulator, accessToken, 'POST', UNITS, { unit_name: 'Applied' });
    expect([500, 502, 503]).toContain(answer.status);
    expect(answer.body).toEqual({ code: answer.status, message: expect.any(String) });
    expect(emulator.store.units().map((u) => u.unit_name)).toEqual(['Applied']);
    expect(emulator.stats().injected.appliedErrors).toBe(1);
  });

  it('changes the faults over HTTP and refuses a bad value naming its field', async () => {
    emulator = await startEmulator({ seed: 6 });
    const patch = (body: unknown) => fetch(`${emulator.adminUrl}/faults`, { method: 'PATCH', body: JSON.stringify(body) });
    const changed = await patch({ tokenMode: 'single', concurrencyLimit: 3, retryAfterFormat: 'http-date' });
    expect(changed.status).toBe(200);
    expect(emulator.faults()).toMatchObject({ tokenMode: 'single', concurrencyLimit: 3, retryAfterFormat: 'http-date' });
    const refused = await patch({ rateLimitHeadersForeignRate: 2 });
    expect(refused.status).toBe(400);
    expect(((await refused.json()) as { message: string }).message).toMatch(/^rateLimitHeadersForeignRate: /);
  });

  it('starts with Zoom’s own behaviour: ISO-8601 Retry-After, several valid tokens, no injected faults', async () => {
    emulator = await startEmulator({ seed: 6 });
    expect(emulator.faults()).toMatchObject({
      retryAfterFormat: 'iso',
      tokenMode: 'multi',
      appliedErrorRate: 0,
      concurrencyLimit: 0,
      rateLimitHeadersMissingRate: 0,
      rateLimitHeadersForeignRate: 0,
    });
  });

  it('injects per-second 429s at the configured ratio', async () => {
    emulator = await startEmulator({ seed: 6, faults: { rateLimitRate: 1 } });
    const accessToken = await token(emulator);
    const answer = await call(emulator, accessToken, 'GET', UNITS);
    expect(answer.status).toBe(429);
    expect(answer.headers.get('x-ratelimit-type')).toBe('QPS');
    expect(emulator.stats().injected.rateLimits).toBe(1);
    expect(emulator.stats().rateLimited.total).toBe(1);
  });

  it('lets background load from another app slow the refill of a label’s quota', async () => {
    emulator = await startEmulator({ seed: 6, limits: { MEDIUM: 10 }, faults: { backgroundLoad: { MEDIUM: 0.5 } } });
    const accessToken = await token(emulator);
    const burst = () => Promise.all(Array.from({ length: 10 }, () => call(emulator, accessToken, 'GET', UNITS)));
    expect((await burst()).filter((a) => a.status === 200)).toHaveLength(10);
    await new Promise((resolve) => setTimeout(resolve, 1000));
    const passed = (await burst()).filter((a) => a.status === 200).length;
    // A second of refill at half of 10/s.
    expect(passed).toBeGreaterThanOrEqual(4);
    expect(passed).toBeLessThanOrEqual(6);
  });

  it('forces the daily limit on every API call while asked to', async () => {
    emulator = await startEmulator({ seed: 6, faults: { forceDailyLimit: true } });
    const accessToken = await token(emulator);
    const answer = await call(emulator, accessToken, 'GET', UNITS);
    expect(answer.status).toBe(429);
    expect(answer.headers.get('x-ratelimit-type')).toBe('Daily-limit');
  });

  it('leaves the OAuth endpoint alone whatever the faults', async () => {
    emulator = await startEmulator({ seed: 6, faults: { errorRate: 1, resetBeforeRate: 1, forceDailyLimit: true } });
    expect(await token(emulator)).toEqual(expect.any(String));
  });

  it('replays the same ids from the same seed', async () => {
    const ids: string[] = [];
    for (const _ of [1, 2]) {
      emulator = await startEmulator({ seed: 42 });
      const accessToken = await token(emulator);
      ids.push((await call(emulator, accessToken, 'POST', UNITS, { unit_name: 'Seeded' })).body.unit_id);
      await emulator.close();
    }
    expect(ids[0]).toMatch(/^[A-Za-z0-9_-]{22}$/);
    expect(ids[0]).toBe(ids[1]);
    emulator = await startEmulator({ seed: 42 });
  });
});
