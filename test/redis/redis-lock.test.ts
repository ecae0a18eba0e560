import { once } from 'node:events';
import { randomUUID } from 'node:crypto';
import type { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CcbulkError } from '../../src/errors.js';
import { connectRedis } from '../../src/zoom/redis-connection.js';
import { RedisLock } from '../../src/zoom/redis-lock.js';
import { RedisServer, redisAvailability } from './redis-server.js';

const redis = redisAvailability();
// Long enough that a renewal every third of it keeps up on a loaded two-core machine (300 ms did not).
const TTL = 1500;

/** A refusal carrying the holder's value it was made from. */
class Refused extends Error {
  constructor(readonly holder: string | undefined) {
    super('refused');
  }
}
const refuse = (holder: string | undefined) => new Refused(holder);

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** The reason `signal` aborts with, once it does. */
async function lostReason(signal: AbortSignal): Promise<unknown> {
  if (!signal.aborted) await once(signal, 'abort');
  return signal.reason;
}

describe.skipIf(!redis.available)('a lock in Redis', () => {
  let server: RedisServer;
  let client: Redis;
  beforeAll(async () => {
    server = await RedisServer.start();
    client = await connectRedis(server.url);
  });
  afterAll(async () => {
    client.disconnect();
    await server.kill();
  });
  const key = () => `ccbulk:{acct-${randomUUID()}}:lock:test`;

  it('refuses a second holder while the first holds it, with the first holder’s value', async () => {
    const k = key();
    const first = await RedisLock.acquire(client, k, '{"pid":1}', refuse, TTL);
    const error: unknown = await RedisLock.acquire(client, k, '{"pid":2}', refuse, TTL).catch((thrown: unknown) => thrown);
    expect(error).toBeInstanceOf(Refused);
    expect((error as Refused).holder).toBe('{"pid":1}');
    expect(await client.get(k)).toBe('{"pid":1}');
    await first.release();
    const second = await RedisLock.acquire(client, k, '{"pid":2}', refuse, TTL);
    expect(await client.get(k)).toBe('{"pid":2}');
    await second.release();
  });

  it('is kept alive past its TTL for as long as it is held, and deleted on release', async () => {
    const k = key();
    const lock = await RedisLock.acquire(client, k, 'ours', refuse, TTL);
    await sleep(TTL * 4);
    expect(await client.get(k)).toBe('ours');
    expect(await client.pttl(k)).toBeGreaterThan(0);
    expect(lock.lost.aborted).toBe(false);
    await lock.release();
    expect(await client.exists(k)).toBe(0);
    await lock.release(); // twice is fine
  });

  it('is lost, at the next renewal, when its key is deleted behind its back', async () => {
    const k = key();
    const lock = await RedisLock.acquire(client, k, 'ours', refuse, TTL);
    await client.del(k);
    const reason = await lostReason(lock.lost);
    expect(reason).toBeInstanceOf(CcbulkError);
    expect(reason).toMatchObject({ code: 'STOPPED', disposition: 'stop', message: `lost the lock on ${k}: it is gone from Redis, or another run holds it now` });
    await lock.release();
  });

  it('is lost, and the new holder’s key left alone, when another run holds the key now', async () => {
    const k = key();
    const lock = await RedisLock.acquire(client, k, 'ours', refuse, TTL);
    // As if ours had expired and another run had taken it: a key without expiry, to see ours never sets one.
    await client.set(k, 'theirs');
    await lostReason(lock.lost);
    await lock.release();
    expect(await client.get(k)).toBe('theirs');
    expect(await client.pttl(k)).toBe(-1);
  });

  it('never deletes another holder’s key on release', async () => {
    const k = key();
    // A TTL long enough that no renewal runs (and notices) before the release.
    const lock = await RedisLock.acquire(client, k, 'ours', refuse, 30_000);
    await client.set(k, 'theirs', 'PX', 60_000);
    await lock.release();
    expect(await client.get(k)).toBe('theirs');
  });

  it('stops renewing once released: its key gone, it is not lost', async () => {
    const k = key();
    const lock = await RedisLock.acquire(client, k, 'ours', refuse, TTL);
    await lock.release();
    expect(await client.exists(k)).toBe(0);
    await sleep(TTL * 2);
    expect(lock.lost.aborted).toBe(false);
    expect(await client.exists(k)).toBe(0);
  });

  it('is lost when Redis cannot be reached for longer than its TTL', async () => {
    const own = await RedisServer.start();
    const connection = await connectRedis(own.url);
    try {
      const lock = await RedisLock.acquire(connection, key(), 'ours', refuse, TTL);
      const started = Date.now();
      await own.kill();
      const reason = await lostReason(lock.lost);
      expect(reason).toMatchObject({ code: 'STOPPED', message: expect.stringMatching(new RegExp(`: Redis could not be reached to renew it for ${TTL} ms$`)) });
      // Not before the key could have expired.
      expect(Date.now() - started).toBeGreaterThanOrEqual(TTL - 100);
      await lock.release(); // Redis is gone: best-effort, and does not throw
    } finally {
      connection.disconnect();
      await own.kill();
    }
  });
});
