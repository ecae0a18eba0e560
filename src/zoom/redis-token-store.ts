import { randomUUID } from 'node:crypto';
import type { Redis } from 'ioredis';
import { accountKeyPrefix } from './redis-connection.js';

/** A token as the providers share it: the value and when it expires and should be refreshed. */
export interface SharedToken {
  readonly value: string;
  readonly expiresAt: number;
  readonly refreshAt: number;
}

/**
 * Where token providers of several processes meet: the account's current token and a lock that
 * lets exactly one of them fetch a new one. `TokenProvider` falls back to fetching alone when any
 * of these calls fails.
 */
export interface TokenStore {
  /** The shared token, if one is stored. */
  read(): Promise<SharedToken | undefined>;
  /** Takes the fetch lock for `ttlMs`; resolves to a handle for `release`, or undefined if held. */
  lock(ttlMs: number): Promise<string | undefined>;
  /** Releases the lock if `handle` still holds it. */
  release(handle: string): Promise<void>;
  /** Stores `token` until it expires. */
  write(token: SharedToken): Promise<void>;
  /** Forgets the stored token if it is `value` (Zoom refused it). */
  forget(value: string): Promise<void>;
}

// Deletes a key only when it still holds the value we put there: a lock that expired and was
// taken by another process must not be released by us, nor a token newer than the refused one.
const DELETE_IF_EQUAL = `if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('del', KEYS[1]) end return 0`;
const DELETE_IF_TOKEN = `local v = redis.call('get', KEYS[1]) if v and cjson.decode(v).value == ARGV[1] then return redis.call('del', KEYS[1]) end return 0`;

/**
 * The account's token in Redis: `<prefix>:oauth:token` holds it as JSON with a PX expiry equal to
 * its lifetime, `<prefix>:oauth:lock` is the SET NX PX fetch lock. The token is a secret: it is
 * stored for the other workers and never logged or put in an error message.
 */
export class RedisTokenStore implements TokenStore {
  private readonly tokenKey: string;
  private readonly lockKey: string;

  constructor(
    private readonly redis: () => Redis | undefined,
    accountId: string,
    private readonly now: () => number = Date.now,
  ) {
    const prefix = accountKeyPrefix(accountId);
    this.tokenKey = `${prefix}:oauth:token`;
    this.lockKey = `${prefix}:oauth:lock`;
  }

  async read(): Promise<SharedToken | undefined> {
    const text = await this.client().get(this.tokenKey);
    if (text === null) return undefined;
    const parsed = JSON.parse(text) as Partial<SharedToken>;
    if (typeof parsed.value !== 'string' || typeof parsed.expiresAt !== 'number' || typeof parsed.refreshAt !== 'number') return undefined;
    return { value: parsed.value, expiresAt: parsed.expiresAt, refreshAt: parsed.refreshAt };
  }

  async lock(ttlMs: number): Promise<string | undefined> {
    const handle = randomUUID();
    const answer = await this.client().set(this.lockKey, handle, 'PX', Math.max(1, Math.round(ttlMs)), 'NX');
    return answer === 'OK' ? handle : undefined;
  }

  async release(handle: string): Promise<void> {
    await this.client().eval(DELETE_IF_EQUAL, 1, this.lockKey, handle);
  }

  async write(token: SharedToken): Promise<void> {
    const ttl = Math.round(token.expiresAt - this.now());
    if (ttl <= 0) return;
    await this.client().set(this.tokenKey, JSON.stringify(token), 'PX', ttl);
  }

  async forget(value: string): Promise<void> {
    await this.client().eval(DELETE_IF_TOKEN, 1, this.tokenKey, value);
  }

  private client(): Redis {
    const client = this.redis();
    if (!client) throw new Error('Redis is not connected');
    return client;
  }
}
