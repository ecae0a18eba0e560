import { Redis, type RedisOptions } from 'ioredis';

/**
 * ioredis settings for every connection ccbulk opens: no automatic reconnect and no offline
 * queue, so that a lost Redis turns into failed commands at once (which send the process to its
 * local limiter) instead of requests waiting in a queue nobody drains. Reconnecting is ours to do:
 * a fresh connection, fresh scripts and freshly created limiter keys (see `SharedRateLimiter`).
 */
export function redisOptions(connectTimeoutMs = 2000): RedisOptions {
  return {
    lazyConnect: true,
    enableOfflineQueue: false,
    maxRetriesPerRequest: 0,
    retryStrategy: () => null,
    connectTimeout: connectTimeoutMs,
    enableReadyCheck: true,
  };
}

/** Opens a connection to `url` and resolves once it answers, or rejects. */
export async function connectRedis(url: string, connectTimeoutMs = 2000): Promise<Redis> {
  const client = new Redis(url, redisOptions(connectTimeoutMs));
  // Errors surface through the commands that fail; without a listener ioredis prints them.
  client.on('error', () => undefined);
  try {
    await client.connect();
    await client.ping();
    return client;
  } catch (error) {
    client.disconnect();
    throw error;
  }
}

/** `redis://host:port` of a URL, without user or password, for messages. */
export function describeRedisUrl(url: string): string {
  try {
    const u = new URL(url);
    return `${u.protocol}//${u.host}`;
  } catch {
    return 'Redis';
  }
}

/** Key prefix of everything ccbulk keeps in Redis for one account. */
export function accountKeyPrefix(accountId: string): string {
  // Braces make every key of an account hash to one slot, should the Redis be a cluster.
  return `ccbulk:{${accountId}}`;
}
