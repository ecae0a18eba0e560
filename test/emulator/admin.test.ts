import { afterEach, describe, expect, it } from 'vitest';
import { startEmulator, type RunningEmulator } from '../../src/emulator/server.js';
import { call, token } from './http.js';

const UNITS = '/contact_center/address_books/units';

describe('the emulator admin endpoint', () => {
  let emulator: RunningEmulator;
  afterEach(() => emulator.close());

  it('changes faults at run time', async () => {
    emulator = await startEmulator({ seed: 8 });
    const accessToken = await token(emulator);
    expect((await call(emulator, accessToken, 'GET', UNITS)).status).toBe(200);
    const patched = await fetch(`${emulator.adminUrl}/faults`, { method: 'PATCH', body: JSON.stringify({ errorRate: 1 }) });
    expect(patched.status).toBe(200);
    expect(await patched.json()).toMatchObject({ errorRate: 1, latencyMs: 0 });
    expect((await call(emulator, accessToken, 'GET', UNITS)).status).toBeGreaterThanOrEqual(500);
    expect(emulator.faults().errorRate).toBe(1);
    const read = await fetch(`${emulator.adminUrl}/faults`);
    expect(await read.json()).toMatchObject({ errorRate: 1 });
  });

  it('refuses a fault value out of range and keeps the faults as they were', async () => {
    emulator = await startEmulator({ seed: 8 });
    const answer = await fetch(`${emulator.adminUrl}/faults`, { method: 'PATCH', body: JSON.stringify({ errorRate: 2 }) });
    expect(answer.status).toBe(400);
    expect(((await answer.json()) as { message: string }).message).toContain('errorRate');
    expect(emulator.faults().errorRate).toBe(0);
  });

  it('reports stats and resets them', async () => {
    emulator = await startEmulator({ seed: 8 });
    const accessToken = await token(emulator);
    await call(emulator, accessToken, 'GET', UNITS);
    const stats = await (await fetch(`${emulator.adminUrl}/stats`)).json();
    expect(stats).toMatchObject({ total: 1, tokenFetches: 1, byLabel: { MEDIUM: 1 }, byOperation: { listUnits: 1 } });
    expect((await fetch(`${emulator.adminUrl}/reset`, { method: 'POST' })).status).toBe(204);
    expect(emulator.stats().total).toBe(0);
  });

  it('expires every token on request', async () => {
    emulator = await startEmulator({ seed: 8 });
    const accessToken = await token(emulator);
    expect((await fetch(`${emulator.adminUrl}/tokens/expire`, { method: 'POST' })).status).toBe(204);
    const answer = await call(emulator, accessToken, 'GET', UNITS);
    expect(answer.body).toEqual({ code: 124, message: 'Access token has expired.' });
  });

  it('shows the account’s contents as JSON', async () => {
    emulator = await startEmulator({ seed: 8 });
    const accessToken = await token(emulator);
    await call(emulator, accessToken, 'POST', UNITS, { unit_name: 'Visible' });
    const state = (await (await fetch(`${emulator.adminUrl}/state`)).json()) as { units: unknown };
    expect(state.units).toEqual([{ unit_id: expect.any(String), unit_name: 'Visible' }]);
  });
});
