import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Redis } from 'ioredis';
import { CcbulkError } from '../../src/errors.js';
import { SharedRateLimiter } from '../../src/zoom/redis-rate-limiter.js';
import { RedisTokenStore } from '../../src/zoom/redis-token-store.js';
import type { ZoomConfig } from '../../src/zoom/config.js';
import { freezableProxy, silentServer } from '../support/hostile-tcp.js';
import { RedisServer, redisAvailability } from './redis-server.js';

const redis = redisAvailability();
const limits = { LIGHT: 40, MEDIUM: 20, HEAVY: 10 };

function config(overrides: Partial<ZoomConfig> = {}): ZoomConfig {
  return {
    accountId: `acct-${Math.random().toString(36).slice(2, 10)}`,
    clientId: 'client-a',
    clientSecret: 'secret-a',
    apiUrl: 'https://api.zoom.us/v2',
    oauthUrl: 'https://zoom.us/oauth/token',
    ...overrides,
  };
}

const token = { value: 'tok-VALUE-123', expiresAt: Date.now() + 3_600_000, refreshAt: Date.now() + 3_000_000 };

describe.skipIf(!redis.available)('the shared token in Redis', () => {
  let server: RedisServer;
  let client: Redis;
  beforeAll(async () => {
    server = await RedisServer.start();
    client = new Redis(server.url);
  });
  afterAll(async () => {
    client.disconnect();
    await server.kill();
  });

  it('is shared by workers with the same account, app and URLs', async () => {
    const a = config();
    await new RedisTokenStore(() => client, a).write(token);
    expect(await new RedisTokenStore(() => client, { ...a }).read()).toEqual(token);
  });

  it('is not taken by a worker of the same account with another client id, API URL or OAuth URL', async () => {
    const a = config();
    await new RedisTokenStore(() => client, a).write(token);
    for (const other of [
      { ...a, clientId: 'client-b' },
      { ...a, apiUrl: 'https://evil.example/v2' },
      { ...a, oauthUrl: 'https://evil.example/oauth/token' },
    ]) {
      expect(await new RedisTokenStore(() => client, other).read()).toBeUndefined();
    }
  });

  it('cannot be read or used without the client secret', async () => {
    const a = config();
    await new RedisTokenStore(() => client, a).write(token);
    expect(await new RedisTokenStore(() => client, { ...a, clientSecret: 'another-secret' }).read()).toBeUndefined();
    const keys = await client.keys(`ccbulk:{${a.accountId}}:*`);
    expect(keys.length).toBeGreaterThan(0);
    for (const key of keys) {
      const stored = (await client.get(key)) ?? '';
      expect(stored).not.toContain(token.value);
      expect(stored).not.toContain(Buffer.from(token.value).toString('base64'));
    }
  });

  it('is forgotten only when it is the refused one', async () => {
    const a = config();
    const store = new RedisTokenStore(() => client, a);
    await store.write(token);
    await store.forget('some-other-token');
    expect(await store.read()).toEqual(token);
    await store.forget(token.value);
    expect(await store.read()).toBeUndefined();
  });
});

describe('the Redis URL', () => {
  it('is refused as plain redis:// to a host other than loopback', () => {
    let error: unknown;
    try {
      new SharedRateLimiter({ limits, redisUrl: 'redis://:pw@redis.example.com:6379', accountId: 'a', allowPlainRedis: false });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(CcbulkError);
    expect((error as CcbulkError).code).toBe('CONFIG_INVALID');
    expect((error as CcbulkError).message).toMatch(/rediss:\/\/.*CCBULK_REDIS_INSECURE=1.*redis:\/\/redis\.example\.com:6379/);
    expect((error as CcbulkError).message).not.toContain('pw');
  });

  it('is taken as plain redis:// to another host when asked explicitly', async () => {
    // 192.0.2.0/24 is TEST-NET-1: nothing answers there, so the limiter paces locally.
    const limiter = new SharedRateLimiter({
      limits,
      redisUrl: 'redis://192.0.2.1:6379',
      accountId: 'a',
      allowPlainRedis: true,
      connectTimeoutMs: 200,
      notice: () => undefined,
    });
    await limiter.stop();
  });
});

describe.skipIf(!redis.available)('a Redis that stops answering', () => {
  it('sends the worker to local pacing when Redis accepts connections and never answers, and stop() ends', async () => {
    const silent = await silentServer();
    const said: string[] = [];
    const limiter = new SharedRateLimiter({
      limits,
      redisUrl: `redis://127.0.0.1:${silent.port}`,
      accountId: 'silent',
      connectTimeoutMs: 300,
      commandTimeoutMs: 300,
      notice: (m) => said.push(m),
    });
    try {
      const done = await Promise.all([1, 2, 3].map((n) => limiter.schedule('MEDIUM', async () => n)));
      expect(done).toEqual([1, 2, 3]);
      expect(limiter.shared).toBe(false);
      expect(said.join('')).toMatch(/(lost|could not connect to) redis:\/\/127\.0\.0\.1:\d+ .*33%/);
    } finally {
      await limiter.stop();
      await silent.close();
    }
  });

  it('moves to local pacing after a partition mid-run, and stop() still ends', async () => {
    const server = await RedisServer.start();
    const proxy = await freezableProxy(server.port);
    const limiter = new SharedRateLimiter({
      limits,
      redisUrl: `redis://127.0.0.1:${proxy.port}`,
      accountId: `partition-${Date.now()}`,
      connectTimeoutMs: 300,
      commandTimeoutMs: 300,
      rejoinIntervalMs: 200,
      notice: () => undefined,
    });
    try {
      await limiter.schedule('MEDIUM', async () => 0);
      expect(limiter.shared).toBe(true);
      proxy.freeze();
      const done = await Promise.all([1, 2, 3, 4].map((n) => limiter.schedule('MEDIUM', async () => n)));
      expect(done).toEqual([1, 2, 3, 4]);
      expect(limiter.shared).toBe(false);
    } finally {
      await limiter.stop();
      await proxy.close();
      await server.kill();
    }
  });
});
