import { afterEach, describe, expect, it } from 'vitest';
import { startEmulator, type RunningEmulator } from '../../src/emulator/server.js';
import { call, fetchToken, token } from './http.js';

describe('the emulator OAuth endpoint', () => {
  let emulator: RunningEmulator;
  afterEach(() => emulator.close());

  it('issues a bearer token for the account credentials of the app', async () => {
    emulator = await startEmulator({ seed: 1 });
    const answer = await fetchToken(emulator);
    expect(answer.status).toBe(200);
    expect(answer.body).toMatchObject({ token_type: 'bearer', expires_in: 3600, api_url: emulator.baseUrl });
    expect(answer.body.access_token).toEqual(expect.any(String));
    expect(answer.body.scope).toContain('contact_center_contact:write:admin');
    expect(emulator.stats().tokenFetches).toBe(1);
  });

  it('refuses a wrong client secret the way Zoom does', async () => {
    emulator = await startEmulator({ seed: 1 });
    const answer = await fetchToken(emulator, { clientSecret: 'nope' });
    expect(answer.status).toBe(400);
    expect(answer.body).toEqual({ reason: 'Invalid client_id or client_secret', error: 'invalid_client' });
  });

  it('refuses an account id that is not the app’s', async () => {
    emulator = await startEmulator({ seed: 1 });
    const answer = await fetchToken(emulator, { accountId: 'someone-else' });
    expect(answer.status).toBe(400);
    expect(answer.body.error).toBe('invalid_request');
  });

  it('answers 124 to a token it never issued', async () => {
    emulator = await startEmulator({ seed: 1 });
    const answer = await call(emulator, 'made-up', 'GET', '/contact_center/address_books/units');
    expect(answer.status).toBe(401);
    expect(answer.body).toEqual({ code: 124, message: 'Invalid access token.' });
  });

  it('lets a token expire after its TTL', async () => {
    emulator = await startEmulator({ seed: 1, tokenTtlSeconds: 1 });
    const accessToken = await token(emulator);
    expect((await call(emulator, accessToken, 'GET', '/contact_center/address_books/units')).status).toBe(200);
    await new Promise((resolve) => setTimeout(resolve, 1100));
    const answer = await call(emulator, accessToken, 'GET', '/contact_center/address_books/units');
    expect(answer.status).toBe(401);
    expect(answer.body).toEqual({ code: 124, message: 'Access token has expired.' });
  });

  it('answers an expired token with the other Contact Center shape when asked to', async () => {
    emulator = await startEmulator({ seed: 1, faults: { expiredTokenShape: 'status' } });
    const accessToken = await token(emulator);
    emulator.expireAllTokens();
    const answer = await call(emulator, accessToken, 'GET', '/contact_center/address_books/units');
    expect(answer.status).toBe(401);
    expect(answer.body).toEqual({ status: false, errorCode: 401 });
  });

  it('invalidates earlier tokens on a new fetch when configured like a Zoom race', async () => {
    emulator = await startEmulator({ seed: 1, tokenFetchInvalidatesOthers: true });
    const first = await token(emulator);
    const second = await token(emulator);
    expect((await call(emulator, first, 'GET', '/contact_center/address_books/units')).status).toBe(401);
    expect((await call(emulator, second, 'GET', '/contact_center/address_books/units')).status).toBe(200);
  });

  it('switches to single-token mode at run time: the next fetch invalidates every earlier token', async () => {
    emulator = await startEmulator({ seed: 1 });
    const first = await token(emulator);
    emulator.setFaults({ tokenMode: 'single' });
    const second = await token(emulator);
    expect((await call(emulator, first, 'GET', '/contact_center/address_books/units')).status).toBe(401);
    expect((await call(emulator, second, 'GET', '/contact_center/address_books/units')).status).toBe(200);
  });

  it('keeps earlier tokens valid on a new fetch by default', async () => {
    emulator = await startEmulator({ seed: 1 });
    const first = await token(emulator);
    await token(emulator);
    expect((await call(emulator, first, 'GET', '/contact_center/address_books/units')).status).toBe(200);
  });
});
