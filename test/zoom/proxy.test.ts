import { afterEach, describe, expect, it } from 'vitest';
import { startEmulator, type RunningEmulator } from '../../src/emulator/server.js';
import { ContactCenterClient } from '../../src/zoom/client.js';
import { fetchFromEnv } from '../../src/zoom/proxy-fetch.js';
import { configFor } from '../support/emulator-client.js';
import { startLoggingProxy, type LoggingProxy } from '../support/logging-proxy.js';

const countUnits = async (client: ContactCenterClient) => {
  let n = 0;
  for await (const _ of client.listUnits()) n++;
  return n;
};

describe('the client behind a proxy', () => {
  let emulator: RunningEmulator;
  let proxy: LoggingProxy;
  let client: ContactCenterClient | undefined;
  afterEach(async () => {
    await client?.close();
    client = undefined;
    await proxy.close();
    await emulator.close();
  });

  it('sends the OAuth and API requests through HTTP_PROXY, with the proxy’s credentials', async () => {
    emulator = await startEmulator({ seed: 3 });
    proxy = await startLoggingProxy();
    const proxied = proxy.url.replace('http://', 'http://proxy-user:pr%40xy-secret@');
    client = new ContactCenterClient(configFor(emulator), { fetch: fetchFromEnv({ HTTP_PROXY: proxied }) });
    await client.createUnit({ unit_name: 'Behind the proxy' });
    expect(await countUnits(client)).toBe(1);
    const host = new URL(emulator.baseUrl).host;
    expect(proxy.log.length).toBeGreaterThan(0);
    expect(proxy.log.every((entry) => entry.target === host || entry.target.startsWith(emulator.baseUrl))).toBe(true);
    // undici sends the URL's user and password as Basic Proxy-Authorization, decoded.
    expect(proxy.log[0]?.authorization).toBe(`Basic ${Buffer.from('proxy-user:pr@xy-secret').toString('base64')}`);
    expect(emulator.stats().tokenFetches).toBe(1);
  });

  it('reads the lower-case spelling too, and goes direct to the hosts NO_PROXY names', async () => {
    emulator = await startEmulator({ seed: 3 });
    proxy = await startLoggingProxy();
    const { port } = new URL(emulator.baseUrl);
    client = new ContactCenterClient(configFor(emulator), { fetch: fetchFromEnv({ http_proxy: proxy.url, no_proxy: `example.com,127.0.0.1:${port}` }) });
    expect(await countUnits(client)).toBe(0);
    expect(proxy.log).toEqual([]);
    await client.close();

    client = new ContactCenterClient(configFor(emulator), { fetch: fetchFromEnv({ http_proxy: proxy.url, NO_PROXY: '127.0.0.1', no_proxy: 'example.com' }) });
    expect(await countUnits(client)).toBe(0);
    // The lower-case NO_PROXY wins over the upper-case one, as undici and curl read them.
    expect(proxy.log.length).toBeGreaterThan(0);
  });

  it('leaves an https-only proxy out of plain http requests (HTTPS_PROXY is for https)', async () => {
    emulator = await startEmulator({ seed: 3 });
    proxy = await startLoggingProxy();
    client = new ContactCenterClient(configFor(emulator), { fetch: fetchFromEnv({ HTTPS_PROXY: proxy.url }) });
    expect(await countUnits(client)).toBe(0);
    expect(proxy.log).toEqual([]);
  });

  it('never shows the password of a proxy it cannot reach or cannot read', async () => {
    emulator = await startEmulator({ seed: 3 });
    proxy = await startLoggingProxy();
    const closedPort = new URL(proxy.url).port;
    await proxy.close();
    client = new ContactCenterClient(configFor(emulator), { fetch: fetchFromEnv({ HTTPS_PROXY: `http://me:hunter2-secret@127.0.0.1:${closedPort}`, HTTP_PROXY: `http://me:hunter2-secret@127.0.0.1:${closedPort}` }), backoffBaseMs: 1 });
    const error = (await countUnits(client).catch((e: unknown) => e)) as Error;
    expect(error).toBeInstanceOf(Error);
    expect(`${error.message} ${String(error.stack)}`).not.toContain('hunter2');
    expect(() => fetchFromEnv({ HTTPS_PROXY: 'ftp://me:hunter2-secret@proxy.example.com' })).toThrow(
      'Expected `HTTPS_PROXY` to be a proxy URL such as http://proxy.example.com:3128, got `ftp://proxy.example.com`',
    );
  });
});
