import net from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { CcbulkError } from '../../src/errors.js';
import { ContactCenterClient } from '../../src/zoom/client.js';
import { DailyLimitError } from '../../src/zoom/daily-limit-error.js';
import { ZoomApiError } from '../../src/zoom/api-error.js';
import { ZoomNetworkError } from '../../src/zoom/network-error.js';
import { resolveContactList } from '../../src/zoom/resolve.js';
import type { ClientEvent } from '../../src/zoom/http.js';
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

function contact(i: number) {
  const digits = String(1000000 + i).slice(-7);
  return { display_name: `Person ${i}`, phones: [{ phone_number: `+1415${digits}`, phone_type: 'main' as const }] };
}

async function countAll<T>(items: AsyncIterable<T>): Promise<number> {
  let n = 0;
  for await (const _ of items) n++;
  return n;
}

describe('ContactCenterClient against the emulator', () => {
  it('creates, lists across pages, updates and deletes address book contacts', async () => {
    const { client, emulator } = await setUp();
    const book = await newAddressBook(client);
    for (let start = 0; start < 320; start += 10) {
      const result = await client.batchCreateAddressBookContacts(book, Array.from({ length: 10 }, (_, i) => contact(start + i)));
      expect(result.contacts).toHaveLength(10);
    }
    const listed = [];
    for await (const c of client.listAddressBookContacts(book)) listed.push(c);
    expect(listed).toHaveLength(320);
    // 320 contacts at 300 a page: two list calls.
    expect(emulator.stats().byOperation.listContacts).toBe(2);

    const found = [];
    for await (const c of client.listAddressBookContacts(book, { phoneNumbers: ['+14151000007'] })) found.push(c);
    expect(found.map((c) => c.display_name)).toEqual(['Person 7']);

    const updated = await client.batchUpdateAddressBookContacts(book, [{ contact_id: found[0]!.contact_id!, company: 'Acme' }]);
    expect(updated.invalid_contacts ?? []).toHaveLength(0);
    expect((await client.getAddressBookContact(book, found[0]!.contact_id!)).company).toBe('Acme');

    await client.batchDeleteAddressBookContacts(book, listed.slice(0, 50).map((c) => c.contact_id!));
    expect(await countAll(client.listAddressBookContacts(book))).toBe(270);
  });

  it('returns invalid contacts as data, both for a partly invalid batch and an entirely invalid one', async () => {
    const { client } = await setUp();
    const book = await newAddressBook(client);
    const partly = await client.batchCreateAddressBookContacts(book, [
      contact(1),
      { display_name: 'Bad Phone', phones: [{ phone_number: '555-1234', phone_type: 'main' }] },
      { display_name: 'Nothing' },
    ]);
    expect(partly.contacts?.map((c) => c.display_name)).toEqual(['Person 1']);
    expect(partly.invalid_contacts?.map((c) => c.display_name)).toEqual(['Bad Phone', 'Nothing']);
    expect(partly.invalid_contacts?.every((c) => (c.error_messages ?? []).length > 0)).toBe(true);

    const all = await client.batchCreateAddressBookContacts(book, [{ display_name: 'Nothing either' }]);
    expect(all.contacts).toEqual([]);
    expect(all.invalid_contacts?.[0]?.display_name).toBe('Nothing either');
  });

  it('reports a validation error with method, path, status, Zoom code and fields', async () => {
    const { client } = await setUp();
    const book = await newAddressBook(client);
    const error = await client
      .batchCreateAddressBookContacts(book, [{ display_name: 'x'.repeat(126), emails: ['a@example.com'] }])
      .catch((e: unknown) => e);
    // A schema violation of the whole request, not a per-contact failure.
    expect(error).toBeInstanceOf(ZoomApiError);
    const apiError = error as ZoomApiError;
    expect(apiError.status).toBe(400);
    expect(apiError.zoomCode).toBe(300);
    expect(apiError.method).toBe('POST');
    expect(apiError.path).toBe(`/contact_center/address_books/${book}/contacts/batch`);
    expect(apiError.errors.some((e) => e.field.includes('display_name'))).toBe(true);
    expect(apiError.retryable).toBe(false);
  });

  it('looks a name with a character no id has up by name alone, and one that could be an id both ways', async () => {
    const { client, emulator } = await setUp();
    const list = await client.createCampaignContactList({ contact_list_name: 'Spring sale', contact_list_type: 'contact' } as never);
    const plain = await client.createCampaignContactList({ contact_list_name: 'SpringSaleListNumberOne', contact_list_type: 'contact' } as never);
    emulator.resetStats();
    expect((await resolveContactList(client, 'Spring sale', 'contact')).id).toBe(list.contact_list_id);
    expect(emulator.stats().total).toBe(1);
    emulator.resetStats();
    // Could be an id: asked by id (a 404), then by name, as before.
    expect((await resolveContactList(client, 'SpringSaleListNumberOne', 'contact')).id).toBe(plain.contact_list_id);
    expect(emulator.stats().total).toBe(2);
  });

  it('works with campaign contact lists, their contacts and DNC lists', async () => {
    const { client } = await setUp();
    const list = await client.createCampaignContactList({ contact_list_name: 'Spring', contact_list_type: 'contact' } as never);
    const byName = await client.getCampaignContactList('Spring', { byName: true });
    expect(byName.contact_list_id).toBe(list.contact_list_id);
    const inserted = await client.batchInsertCampaignContacts(list.contact_list_id!, [
      { contact_display_name: 'Ok', contact_phones: [{ contact_phone_number: '+14155550100', contact_phone_type: 'Main' }] },
      { contact_display_name: 'Bad', contact_phones: [{ contact_phone_number: 'nope', contact_phone_type: 'Main' }] },
    ] as never);
    expect(inserted.failed_contacts?.map((f) => f.contact_index)).toEqual(['1']);
    const contacts = [];
    for await (const c of client.listCampaignContacts(list.contact_list_id!)) contacts.push(c);
    expect(contacts.map((c) => c.contact_display_name)).toEqual(['Ok']);

    const dnc = await client.createCampaignContactList({ contact_list_name: 'DNC', contact_list_type: 'do_not_contact' } as never);
    const numbers = Array.from({ length: 150 }, (_, i) => `+1212555${String(i).padStart(4, '0')}`);
    await client.batchAddDncPhones(dnc.contact_list_id!, numbers.slice(0, 100));
    await client.batchAddDncPhones(dnc.contact_list_id!, numbers.slice(100));
    const phones = [];
    for await (const p of client.listDncPhones(dnc.contact_list_id!)) phones.push(p);
    expect(phones.map((p) => p.phone_number).sort()).toEqual([...numbers].sort());
    await client.batchDeleteDncPhones(dnc.contact_list_id!, phones.slice(0, 30).map((p) => p.phone_id));
    expect(await countAll(client.listDncPhones(dnc.contact_list_id!))).toBe(120);
  });

  it('keeps to a configured rate over 10 s, never above it, with no 429s when alone', async () => {
    const { client, emulator } = await setUp({}, { plan: 'business' });
    const book = await newAddressBook(client);
    emulator.resetStats();
    const finished: number[] = [];
    // 201 MEDIUM requests at 20/s: ten seconds between the first and the last.
    await Promise.all(
      Array.from({ length: 201 }, () =>
        countAll(client.listAddressBookContacts(book)).then(() => finished.push(performance.now())),
      ),
    );
    finished.sort((a, b) => a - b);
    const rate = (finished.length - 1) / ((finished.at(-1)! - finished[0]!) / 1000);
    // Never faster than the limit; how close it comes (98.5 % of the quota) is a bench figure,
    // since a loaded machine spreads the requests out. Here only that pacing does not starve it.
    expect(rate).toBeLessThan(21);
    expect(rate).toBeGreaterThan(15);
    expect(emulator.stats().rateLimited.total).toBe(0);
  }, 30_000);

  it('fetches one token for many concurrent requests', async () => {
    const { client, emulator } = await setUp();
    const book = await newAddressBook(client);
    await Promise.all(Array.from({ length: 20 }, () => countAll(client.listAddressBookContacts(book))));
    expect(client.tokenFetches).toBe(1);
    expect(emulator.stats().tokenFetches).toBe(1);
  });

  it.each(['code', 'status'] as const)('replaces a revoked token once and repeats the request (401 body shape %s)', async (shape) => {
    const { client, emulator } = await setUp({ faults: { expiredTokenShape: shape } });
    const book = await newAddressBook(client);
    emulator.expireAllTokens();
    await Promise.all(Array.from({ length: 10 }, () => countAll(client.listAddressBookContacts(book))));
    expect(client.tokenFetches).toBe(2);
  });

  it('replaces a token that expires mid-run without failing a request', async () => {
    const events: ClientEvent[] = [];
    const { client, emulator } = await setUp({ tokenTtlSeconds: 1 }, { onEvent: (e) => events.push(e) });
    const book = await newAddressBook(client);
    const until = performance.now() + 3500;
    let done = 0;
    while (performance.now() < until) {
      await countAll(client.listAddressBookContacts(book));
      done++;
    }
    expect(done).toBeGreaterThan(30);
    expect(client.tokenFetches).toBeGreaterThanOrEqual(3);
    expect(emulator.stats().tokenFetches).toBe(client.tokenFetches);
  });

  it('says clearly when the credentials are refused, without the secret', async () => {
    const { emulator } = await setUp();
    const client = new ContactCenterClient({ ...configFor(emulator), clientSecret: 'wrong-secret-123' });
    cleanup.push(() => client.close());
    const error = await countAll(client.listUnits()).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CcbulkError);
    expect((error as CcbulkError).code).toBe('AUTH_FAILED');
    expect((error as Error).message).toMatch(/check ZOOM_ACCOUNT_ID, ZOOM_CLIENT_ID and ZOOM_CLIENT_SECRET/);
    expect((error as Error).message).not.toContain('wrong-secret-123');
  });

  it.each(['seconds', 'http-date', 'iso', 'none'] as const)('recovers from injected 429s with Retry-After as %s', async (format) => {
    const { client, emulator } = await setUp({ seed: 42, faults: { rateLimitRate: 0.3, retryAfterFormat: format } }, {});
    const unitCalls = Array.from({ length: 12 }, (_, i) => client.createUnit({ unit_name: `u${i}` }));
    const units = await Promise.all(unitCalls);
    expect(units).toHaveLength(12);
    expect(client.stats.rateLimited).toBeGreaterThan(0);
    expect(client.stats.rateLimited).toBe(emulator.stats().rateLimited.total);
    expect(await countAll(client.listUnits())).toBe(12);
  }, 60_000);

  it('recovers from 5xx answers and resets before the request is applied', async () => {
    const { client, emulator } = await setUp({ seed: 42, faults: { errorRate: 0.2, resetBeforeRate: 0.1 } }, { backoffBaseMs: 20 });
    const book = await newAddressBook(client).catch(async () => {
      // createUnit is a POST; a reset on it is an unknown outcome. Set up without faults.
      emulator.setFaults({ errorRate: 0, resetBeforeRate: 0 });
      const id = await newAddressBook(client, 'Second try');
      emulator.setFaults({ errorRate: 0.2, resetBeforeRate: 0.1 });
      return id;
    });
    const lists = await Promise.all(Array.from({ length: 40 }, () => countAll(client.listAddressBookContacts(book))));
    expect(lists).toHaveLength(40);
    expect(client.stats.retries).toBeGreaterThan(0);
    const stats = emulator.stats();
    expect(stats.injected.serverErrors + stats.injected.resetsBefore).toBeGreaterThan(0);
  });

  it('repeats an update after a reset that came after it was applied (updates are safe to repeat)', async () => {
    const { client, emulator } = await setUp({ seed: 42 }, { backoffBaseMs: 20 });
    const book = await newAddressBook(client);
    const created = await client.batchCreateAddressBookContacts(book, [contact(1)]);
    emulator.setFaults({ resetAfterRate: 0.5 });
    for (let i = 0; i < 10; i++) {
      await client.batchUpdateAddressBookContacts(book, [{ contact_id: created.contacts![0]!.contact_id!, role: `r${i}` }]);
    }
    expect((await client.getAddressBookContact(book, created.contacts![0]!.contact_id!)).role).toBe('r9');
  });

  it('does not blindly repeat a batch create whose outcome is unknown', async () => {
    const { client, emulator } = await setUp({}, { backoffBaseMs: 20 });
    const book = await newAddressBook(client);
    emulator.setFaults({ resetAfterRate: 1 });
    const error = await client.batchCreateAddressBookContacts(book, [contact(1)]).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ZoomNetworkError);
    expect((error as ZoomNetworkError).outcomeKnown).toBe(false);
    emulator.setFaults({ resetAfterRate: 0 });
    // The server did apply it, once.
    expect(await countAll(client.listAddressBookContacts(book))).toBe(1);
  });

  it('names the host and port it could not reach, never the credentials in the URL or a query string', async () => {
    const { emulator } = await setUp();
    const server = net.createServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as net.AddressInfo;
    await new Promise<void>((resolve) => server.close(() => resolve()));
    const unreachable = async (apiUrl: string): Promise<string> => {
      const client = new ContactCenterClient({ ...configFor(emulator), apiUrl }, { maxRetries: 1, backoffBaseMs: 5 });
      try {
        const error = await countAll(client.listAddressBookContacts('book-1')).catch((e: unknown) => e);
        expect(error).toBeInstanceOf(ZoomNetworkError);
        return (error as ZoomNetworkError).message;
      } finally {
        await client.close();
      }
    };
    const refused = await unreachable(`http://127.0.0.1:${port}/v2`);
    expect(refused).toBe(`GET /contact_center/address_books/book-1/contacts at 127.0.0.1:${port} failed without an answer: ECONNREFUSED (gave up after 2 attempts)`);
    // A library caller's URL with a user and password (the environment's is refused before any request).
    const withCredentials = await unreachable(`http://someone:hunter2@127.0.0.1:${port}/v2`);
    expect(withCredentials).toMatch(new RegExp(`^GET /contact_center/address_books/book-1/contacts at 127\\.0\\.0\\.1:${port} failed without an answer: `));
    expect(withCredentials).not.toMatch(/someone|hunter2|\?|page_size/);
  });

  it('surfaces a spent daily quota as DailyLimitError with the reset time, and stops sending', async () => {
    const { client, emulator } = await setUp({ faults: { retryAfterFormat: 'iso' } });
    const book = await newAddressBook(client);
    emulator.setFaults({ forceDailyLimit: true });
    const error = await countAll(client.listAddressBookContacts(book)).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DailyLimitError);
    const daily = error as DailyLimitError;
    expect(daily.label).toBe('MEDIUM');
    expect(daily.resetAt!.getTime()).toBeGreaterThan(Date.now());
    expect(daily.message).toMatch(/daily MEDIUM API quota is used up/);
    const before = emulator.stats().total;
    await expect(countAll(client.listAddressBookContacts(book))).rejects.toBeInstanceOf(DailyLimitError);
    expect(emulator.stats().total).toBe(before);
  });

  it('slows down when another app takes part of the quota, and stays near what is left', async () => {
    const { client, emulator } = await setUp({ rateHeaders: true, faults: { backgroundLoad: { MEDIUM: 0.5 } } });
    const book = await newAddressBook(client);
    emulator.resetStats();
    await Promise.all(Array.from({ length: 100 }, () => countAll(client.listAddressBookContacts(book))));
    // Half of 20/s is left: the client must adapt instead of hammering (every 429 is a wasted
    // request). How long it takes is a figure for `BENCH_ONLY=micro npm run bench`.
    expect(client.currentRate('MEDIUM')).toBeLessThan(20);
    // The answers' X-RateLimit-Remaining shows the quota draining before it is empty: the client
    // slows down on that, and its in-flight slots follow the latency so that few requests are
    // already timed at the old rate when it does (0 429s here, where it met 7–40 without).
    expect(emulator.stats().rateLimited.total).toBeLessThan(3);
  }, 60_000);
});
