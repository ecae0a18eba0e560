import { Redis, type RedisOptions } from 'ioredis';
import { CcbulkError } from '../errors.js';
import { isLoopback, redactUrl } from './config.js';

/**
 * How long one Redis command may go unanswered, ms. A Redis that accepts connections and never
 * answers (a partition, a stopped VM) would otherwise hold every request forever; a timeout is
 * handled as a lost Redis (local pacing) like any other failure.
 */
export const REDIS_COMMAND_TIMEOUT_MS = 3000;
/** How long connecting (TCP, TLS, ready check and the first PING) may take, ms. */
export const REDIS_CONNECT_TIMEOUT_MS = 3000;

/**
 * ioredis settings for every connection ccbulk opens: no automatic reconnect and no offline
 * queue, so that a lost Redis turns into failed commands at once (which send the process to its
 * local limiter) instead of requests waiting in a queue nobody drains. Reconnecting is ours to do:
 * a fresh connection, fresh scripts and freshly created limiter keys (see `SharedRateLimiter`).
 */
export function redisOptions(connectTimeoutMs = REDIS_CONNECT_TIMEOUT_MS, commandTimeoutMs = REDIS_COMMAND_TIMEOUT_MS): RedisOptions {
  return {
    lazyConnect: true,
    enableOfflineQueue: false,
    maxRetriesPerRequest: 0,
    retryStrategy: () => null,
    connectTimeout: connectTimeoutMs,
    commandTimeout: commandTimeoutMs,
    enableReadyCheck: true,
  };
}

/**
 * Opens a connection to `url` and resolves once it answers, or rejects. The whole of it is
 * bounded by `connectTimeoutMs`: ioredis's own connect timeout ends at the TCP handshake, and a
 * server that accepts and then says nothing would leave the ready check waiting.
 */
export async function connectRedis(url: string, connectTimeoutMs = REDIS_CONNECT_TIMEOUT_MS, commandTimeoutMs = REDIS_COMMAND_TIMEOUT_MS): Promise<Redis> {
  const client = new Redis(url, redisOptions(connectTimeoutMs, commandTimeoutMs));
  // Errors surface through the commands that fail; without a listener ioredis prints them.
  client.on('error', () => undefined);
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${connectTimeoutMs} ms`)), connectTimeoutMs);
  });
  try {
    await Promise.race([(async () => {
      await client.connect();
      await client.ping();
    })(), deadline]);
    return client;
  } catch (error) {
    client.disconnect();
    throw error;
  } finally {
    clearTimeout(timer);
  }
}

/**
 * Refuses to send the shared token and limits over plain `redis://` to a host other than this
 * machine, where anyone on the path could read (and, through the limits, steer) them: `rediss://`
 * is the way; `allowPlain` (`CCBULK_REDIS_INSECURE=1`) is the explicit exception.
 */
export function checkRedisTransport(url: string, allowPlain: boolean): void {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new CcbulkError('CONFIG_INVALID', 'Expected `--redis` to be a redis:// or rediss:// URL');
  }
  if (parsed.protocol === 'rediss:' || allowPlain) return;
  if (parsed.protocol === 'redis:' && isLoopback(parsed.hostname)) return;
  throw new CcbulkError(
    'CONFIG_INVALID',
    `Expected \`--redis\` to be a rediss:// URL (plain redis:// only on loopback, or with CCBULK_REDIS_INSECURE=1), got \`${describeRedisUrl(url)}\``,
  );
}

/** `redis://host:port` of a URL, without user or password, for messages. */
export function describeRedisUrl(url: string): string {
  try {
    const u = new URL(redactUrl(url));
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
