import { request } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseEmulatorCommandOptions } from '../../src/cli/emulator-command.js';
import { DEMO_CREDENTIALS } from '../../src/emulator/options.js';
import { startEmulator, type RunningEmulator } from '../../src/emulator/server.js';

let emulator: RunningEmulator;

beforeAll(async () => {
  emulator = await startEmulator({ seed: 7 });
});

afterAll(async () => {
  await emulator.close();
});

/** One raw request, with headers a browser or a rebinding attacker would send. */
function send(path: string, options: { method?: string; headers?: Record<string, string>; body?: Buffer | string } = {}): Promise<number> {
  const url = new URL(emulator.baseUrl);
  return new Promise((resolve, reject) => {
    const req = request({ host: url.hostname, port: url.port, path, method: options.method ?? 'GET', headers: options.headers }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode ?? 0));
    });
    req.on('error', (error: NodeJS.ErrnoException) => (error.code === 'ECONNRESET' || error.code === 'EPIPE' ? resolve(-1) : reject(error)));
    req.end(options.body);
  });
}

describe('the emulator', () => {
  it('answers its admin endpoints for a loopback Host', async () => {
    expect(await send('/_emulator/stats')).toBe(200);
  });

  it('refuses its admin endpoints to a foreign Host (DNS rebinding) and a foreign Origin (a web page)', async () => {
    expect(await send('/_emulator/stats', { headers: { host: 'attacker.example:80' } })).toBe(403);
    expect(await send('/_emulator/reset', { method: 'POST', headers: { origin: 'https://attacker.example' } })).toBe(403);
  });

  it('refuses a request body larger than 10 MB', async () => {
    const status = await send('/v2/contact_center/address_books/units', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: Buffer.alloc(11 * 1024 * 1024, 0x20),
    });
    // 413, or the connection cut right after it while the client was still sending.
    expect([413, -1]).toContain(status);
  });

  it('issues tokens no seed predicts', async () => {
    const twin = await startEmulator({ seed: 7 });
    try {
      const token = async (e: RunningEmulator) => {
        const basic = Buffer.from(`${e.credentials.clientId}:${e.credentials.clientSecret}`).toString('base64');
        const res = await fetch(`${e.oauthUrl}?grant_type=account_credentials&account_id=${e.credentials.accountId}`, {
          method: 'POST',
          headers: { authorization: `Basic ${basic}` },
        });
        return ((await res.json()) as { access_token: string }).access_token;
      };
      expect(await token(emulator)).not.toBe(await token(twin));
    } finally {
      await twin.close();
    }
  });

  it("takes the environment's ZOOM_CLIENT_SECRET only when asked", () => {
    expect(parseEmulatorCommandOptions({}, { ZOOM_CLIENT_SECRET: 'a-real-secret' }).clientSecret).toBe(DEMO_CREDENTIALS.clientSecret);
    expect(parseEmulatorCommandOptions({ secretFromEnv: true }, { ZOOM_CLIENT_SECRET: 'a-real-secret' }).clientSecret).toBe('a-real-secret');
  });
});
