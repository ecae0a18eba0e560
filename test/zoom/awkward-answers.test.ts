import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { dispositionOf } from '../../src/errors.js';
import { ZoomApiError } from '../../src/zoom/api-error.js';
import { ContactCenterClient } from '../../src/zoom/client.js';
import { DailyLimitError } from '../../src/zoom/daily-limit-error.js';
import { ZoomNetworkError } from '../../src/zoom/network-error.js';
import { token } from '../emulator/http.js';
import { configFor, emulatorWithClient, newAddressBook } from '../support/emulator-client.js';

let cleanup: (() => Promise<void>)[] = [];
afterEach(async () => {
  await Promise.all(cleanup.map((fn) => fn()));
  cleanup = [];
});

async function setUp(...args: Parameters<typeof emulatorWithClient>) {
  const env = await emulatorWithClient(...args);
  cleanup.push(env.close);
  return env;
}

async function countAll<T>(items: AsyncIterable<T>): Promise<number> {
  let n = 0;
  for await (const _ of items) n++;
  return n;
}

/** A loopback API that answers every request with `status` and a Zoom-style body. */
async function answeringServer(status: number): Promise<{ url: string; requests: () => number }> {
  let requests = 0;
  const server: Server = createServer((req, res) => {
    requests++;
    req.resume();
    res.writeHead(status, { 'Content-Type': 'application/json' }).end(JSON.stringify({ code: status, message: `Answer ${status}` }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  cleanup.push(() => new Promise<void>((resolve) => server.close(() => resolve())));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/v2`, requests: () => requests };
}

const contact = (i: number) => ({ display_name: `Person ${i}`, phones: [{ phone_number: `+1415555${String(1000 + i)}`, phone_type: 'main' as const }] });

describe('the client against 429s whose headers cannot be trusted', () => {
  it('waits out per-second 429s that carry no X-RateLimit header, and never stops for them', async () => {
    const { client, emulator } = await setUp({ seed: 8, faults: { rateLimitRate: 0.4, rateLimitHeadersMissingRate: 1 } });
    const lists = await Promise.all(Array.from({ length: 12 }, () => countAll(client.listUnits())));
    expect(lists).toHaveLength(12);
    expect(emulator.stats().injected.headerlessRateLimits).toBeGreaterThan(0);
    expect(client.stats.rateLimited).toBe(emulator.stats().rateLimited.total);
  });

  it('waits out per-second 429s that carry another bucket’s headers and no Retry-After', async () => {
    const { client, emulator } = await setUp({ seed: 9, faults: { rateLimitRate: 0.4, rateLimitHeadersForeignRate: 1 } });
    const lists = await Promise.all(Array.from({ length: 12 }, () => countAll(client.listUnits())));
    expect(lists).toHaveLength(12);
    expect(emulator.stats().injected.foreignRateLimits).toBeGreaterThan(0);
  });

  it.each([
    ['another bucket’s headers', { rateLimitHeadersForeignRate: 1 }],
    ['no X-RateLimit header', { rateLimitHeadersMissingRate: 1 }],
  ] as const)('stops at a daily 429 that carries %s, by its message', async (_, faults) => {
    const { client, emulator } = await setUp({ seed: 10, faults: { forceDailyLimit: true, ...faults } });
    const error = await countAll(client.listUnits()).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DailyLimitError);
    expect(dispositionOf(error)).toBe('stop');
    // Stopped at the first answer: a daily 429 is not retried.
    expect(emulator.stats().rateLimited['Daily-limit']).toBe(1);
  });

  it('waits out "Too many concurrent requests" on one resource like a per-second 429', async () => {
    const { client, emulator } = await setUp({ seed: 11 });
    const book = await newAddressBook(client);
    emulator.setFaults({ latencyMs: 150, concurrencyLimit: 2 });
    const lists = await Promise.all(Array.from({ length: 8 }, () => countAll(client.listAddressBookContacts(book))));
    expect(lists).toEqual(Array.from({ length: 8 }, () => 0));
    expect(emulator.stats().rateLimited.concurrent).toBeGreaterThan(0);
    expect(client.stats.rateLimited).toBe(emulator.stats().rateLimited.total);
  });
});

describe('the client against 5xx answers to writes', () => {
  it('does not repeat a batch create answered 5xx after it was applied: the outcome is unknown', async () => {
    const { client, emulator } = await setUp({ seed: 12 });
    const book = await newAddressBook(client);
    emulator.setFaults({ appliedErrorRate: 1 });
    const error = await client.batchCreateAddressBookContacts(book, [contact(1)]).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ZoomApiError);
    expect([500, 502, 503]).toContain((error as ZoomApiError).status);
    // `retry` at a sender means: look the items up before sending them again.
    expect(dispositionOf(error)).toBe('retry');
    expect(emulator.stats().byOperation.batchCreateContact).toBe(1);
    expect(emulator.store.addressBookContacts(book)).toHaveLength(1);
  });

  it('repeats a batch update answered 5xx, since an update is safe to repeat', async () => {
    const { client, emulator } = await setUp({ seed: 13 }, { backoffBaseMs: 10 });
    const book = await newAddressBook(client);
    const created = await client.batchCreateAddressBookContacts(book, [contact(2)]);
    const id = created.contacts![0]!.contact_id!;
    emulator.setFaults({ errorRate: 0.5 });
    for (let i = 0; i < 6; i++) await client.batchUpdateAddressBookContacts(book, [{ contact_id: id, role: `r${i}` }]);
    emulator.setFaults({ errorRate: 0 });
    expect((await client.getAddressBookContact(book, id)).role).toBe('r5');
    expect(emulator.stats().injected.serverErrors).toBeGreaterThan(0);
  });

  it('treats a 504 to a create as a timeout whose write may still land', async () => {
    const { emulator } = await setUp({ seed: 14 });
    const api = await answeringServer(504);
    const client = new ContactCenterClient({ ...configFor(emulator), apiUrl: api.url }, { backoffBaseMs: 10 });
    cleanup.push(() => client.close());
    const error = await client.batchCreateAddressBookContacts('book', [contact(3)]).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ZoomNetworkError);
    expect((error as ZoomNetworkError).outcomeKnown).toBe(false);
    expect((error as ZoomNetworkError).timedOut).toBe(true);
    expect(api.requests()).toBe(1);
  });

  it('rejects the batch at once on a 501, which no repeat will change', async () => {
    const { emulator } = await setUp({ seed: 15 });
    const api = await answeringServer(501);
    const client = new ContactCenterClient({ ...configFor(emulator), apiUrl: api.url }, { backoffBaseMs: 10 });
    cleanup.push(() => client.close());
    const error = await countAll(client.listUnits()).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ZoomApiError);
    expect(dispositionOf(error)).toBe('reject-batch');
    expect(api.requests()).toBe(1);
  });
});

describe('the client against single-token OAuth (each fetch kills the older tokens)', () => {
  it('retries requests in flight with a killed token on one new token, fetched once', async () => {
    const { client, emulator } = await setUp({ seed: 16, faults: { tokenMode: 'single' } });
    const book = await newAddressBook(client);
    emulator.setFaults({ latencyMs: 300 });
    const lists = Promise.all(Array.from({ length: 6 }, () => countAll(client.listAddressBookContacts(book))));
    // Another process of the same app fetches a token while the six requests are in flight.
    await new Promise((resolve) => setTimeout(resolve, 100));
    await token(emulator);
    expect(await lists).toHaveLength(6);
    expect(client.tokenFetches).toBe(2);
    expect(emulator.stats().unauthorized).toBeGreaterThanOrEqual(6);
  });

  it('keeps going when its own refreshes kill the tokens of requests still in flight', async () => {
    const { client, emulator } = await setUp({ seed: 17, tokenTtlSeconds: 2, faults: { tokenMode: 'single', latencyMs: 40, jitterMs: 120 } });
    const book = await newAddressBook(client);
    const until = Date.now() + 4500;
    const worker = async () => {
      let done = 0;
      while (Date.now() < until) done += 1 + (await countAll(client.listAddressBookContacts(book)));
      return done;
    };
    const done = await Promise.all(Array.from({ length: 6 }, worker));
    expect(done.every((n) => n > 0)).toBe(true);
    expect(client.tokenFetches).toBeGreaterThanOrEqual(2);
  });

  it('still stops the run when a freshly fetched token is refused too (credentials lost)', async () => {
    const { emulator } = await setUp({ seed: 18 });
    const api = await answeringServer(401);
    const client = new ContactCenterClient({ ...configFor(emulator), apiUrl: api.url });
    cleanup.push(() => client.close());
    const error = await countAll(client.listUnits()).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ZoomApiError);
    expect(dispositionOf(error)).toBe('stop');
    // The first token, then a fresh one for each of the four re-tries a 401 gets (zoom/http.ts).
    expect(client.tokenFetches).toBe(5);
  });
});
