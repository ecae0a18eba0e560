import { afterEach, describe, expect, it } from 'vitest';
import { rateOption } from '../../src/pipelines/rate-option.js';
import { ResourceConcurrency } from '../../src/zoom/resource-concurrency.js';
import { emulatorWithClient, newAddressBook } from '../support/emulator-client.js';

type Setup = Awaited<ReturnType<typeof emulatorWithClient>>;
const listUnits = async (client: Setup['client']) => {
  for await (const _ of client.listUnits()) void _;
};

describe('limits that follow the account', () => {
  let setup: Setup | undefined;
  afterEach(async () => {
    await setup?.close();
    setup = undefined;
  });

  it('reads --rate as per-label figures, auto, or both, and says what it expected otherwise', () => {
    const rate = rateOption();
    expect(rate.parse('LIGHT=80,medium=40')).toEqual({ limits: { LIGHT: 80, MEDIUM: 40 }, probe: [] });
    expect(rate.parse('auto')).toEqual({ limits: {}, probe: ['LIGHT', 'MEDIUM', 'HEAVY'] });
    expect(rate.parse('auto,HEAVY=5')).toEqual({ limits: { HEAVY: 5 }, probe: ['LIGHT', 'MEDIUM'] });
    expect(rate.parse({ limits: { MEDIUM: 35 }, probe: [] })).toEqual({ limits: { MEDIUM: 35 }, probe: [] });
    expect(() => rate.parse('FAST=9')).toThrow(
      'Expected `--rate` to be LABEL=requests per second pairs such as LIGHT=80,MEDIUM=40 (labels LIGHT, MEDIUM, HEAVY), or auto, got `FAST=9` (`FAST=9`, which names no label)',
    );
    expect(() => rate.parse('MEDIUM=0')).toThrow('whose rate is not a number above 0');
    expect(() => rateOption('CCBULK_RATE').parse('LIGHT=1,LIGHT=2')).toThrow('Expected `CCBULK_RATE` to be');
  });

  it('paces by the limit Zoom’s answers report, above the plan’s', async () => {
    setup = await emulatorWithClient({ seed: 4, limits: { MEDIUM: 35 }, rateHeaders: true }, { plan: 'business' });
    expect(setup.client.limiter.state('MEDIUM')).toMatchObject({ configured: 20, source: 'configured' });
    await listUnits(setup.client);
    expect(setup.client.limiter.state('MEDIUM')).toMatchObject({ configured: 35, current: 35, initial: 20, source: 'answers' });
  });

  it('takes the reported limit times the quota share', async () => {
    setup = await emulatorWithClient({ seed: 4, limits: { MEDIUM: 35 }, rateHeaders: true }, { plan: 'business', quotaShare: 0.5 });
    await listUnits(setup.client);
    expect(setup.client.limiter.state('MEDIUM')).toMatchObject({ configured: 17.5, source: 'answers' });
  });

  it('does not take another bucket’s figures on a 429 for the label’s limit', async () => {
    setup = await emulatorWithClient({ seed: 4, faults: { rateLimitRate: 1, rateLimitHeadersForeignRate: 1, retryAfterFormat: 'seconds' } }, { plan: 'business' });
    const listing = listUnits(setup.client);
    await new Promise((resolve) => setTimeout(resolve, 300));
    setup.emulator.setFaults({ rateLimitRate: 0 });
    await listing;
    expect(setup.emulator.stats().injected.foreignRateLimits).toBeGreaterThan(0);
    expect(setup.client.limiter.state('MEDIUM')).toMatchObject({ configured: 20, source: 'configured' });
  });

  it('uses the figures --rate gives in place of the plan’s', async () => {
    setup = await emulatorWithClient({ seed: 4 }, { plan: 'pro', limits: { LIGHT: 80, MEDIUM: 40 } });
    expect(setup.client.limiter.state('LIGHT').configured).toBe(80);
    expect(setup.client.limiter.state('MEDIUM').configured).toBe(40);
    expect(setup.client.limiter.state('HEAVY').configured).toBe(5);
  });

  it('with --rate auto climbs past a starting rate that is too low, then settles below the first 429 and holds', async () => {
    // The account allows 12/s and says so nowhere (a 429 with the figure would end the probe:
    // the answer's figure is better); the probe starts at 4/s and climbs 2/s each busy second.
    setup = await emulatorWithClient({ seed: 4, limits: { MEDIUM: 12 }, faults: { rateLimitHeadersMissingRate: 1 } }, { plan: 'business', limits: { MEDIUM: 4 }, probe: ['MEDIUM'], probeStep: 0.5 });
    const { client, emulator } = setup;
    const deadline = Date.now() + 40_000;
    const workers = Array.from({ length: 6 }, async () => {
      while (client.limiter.state('MEDIUM').source === 'probing' && Date.now() < deadline) await listUnits(client);
    });
    await Promise.all(workers);
    const found = client.limiter.state('MEDIUM');
    expect(found.source).toBe('probed');
    expect(emulator.stats().rateLimited.QPS).toBeGreaterThan(0);
    // Above where it started. (How close below the account's limit it settles is a figure of the
    // bench: a limit with a burst allowance lets the probe run past it before the first 429.)
    expect(found.configured).toBeGreaterThan(4);
    expect(found.current).toBeLessThanOrEqual(found.configured);
  }, 60_000);

  it('lowers the requests in flight to one resource on "Too many concurrent requests", not the label’s rate', async () => {
    // 400 ms answers at 20 requests a second: about 8 in flight, whatever the machine's speed.
    setup = await emulatorWithClient({ seed: 4, faults: { latencyMs: 400, concurrencyLimit: 2 } }, { plan: 'business', backoffBaseMs: 1 });
    const { client, emulator } = setup;
    const book = await newAddressBook(client);
    emulator.resetStats();
    const batches = Array.from({ length: 16 }, (_, b) =>
      client.batchCreateAddressBookContacts(book, [{ display_name: `Contact ${b}`, phones: [{ phone_number: `+1212555${String(1000 + b)}`, phone_type: 'main' }] }] as never),
    );
    const results = await Promise.all(batches);
    expect(results.every((r) => (r.contacts?.length ?? 0) === 1)).toBe(true);
    expect(emulator.store.addressBookContacts(book)).toHaveLength(16);
    // The first burst is refused beyond 2; after that the client keeps to what the resource takes.
    const refused = emulator.stats().rateLimited.concurrent;
    expect(refused).toBeGreaterThan(0);
    expect(refused).toBeLessThan(16);
    // The MEDIUM rate, which other resources share, was not touched.
    expect(client.limiter.state('MEDIUM')).toMatchObject({ current: 20, rateLimited: 0 });
  });
});

describe('the per-resource gate', () => {
  it('settles on fewer than the lowest number refused, keeps others waiting, and tries one more after a quiet while', async () => {
    let now = 0;
    const gate = new ResourceConcurrency({ probeAfterMs: 1000, now: () => now });
    const slots = await Promise.all([1, 2, 3, 4].map(() => gate.acquire('POST /book/a')));
    expect(slots.map((s) => s.inFlightAtSend)).toEqual([1, 2, 3, 4]);
    gate.refused('POST /book/a', 4);
    gate.refused('POST /book/a', 3);
    expect(gate.limitOf('POST /book/a')).toBe(2);
    expect(gate.limitOf('POST /book/b')).toBe(Number.POSITIVE_INFINITY);
    for (const slot of slots) slot.release();
    const [first, second] = await Promise.all([gate.acquire('POST /book/a'), gate.acquire('POST /book/a')]);
    let third = false;
    const waiting = gate.acquire('POST /book/a').then((slot) => {
      third = true;
      return slot;
    });
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(third).toBe(false);
    first?.release();
    (await waiting).release();
    expect(third).toBe(true);
    now = 1500;
    second?.release();
    await gate.acquire('POST /book/a');
    expect(gate.limitOf('POST /book/a')).toBe(3);
  });
});
