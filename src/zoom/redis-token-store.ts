import { randomUUID } from 'node:crypto';
import type { Redis } from 'ioredis';
import { accountKeyPrefix } from './redis-connection.js';
import { openToken, sealToken, tokenKeyId, type TokenOwner } from './redis-token-crypto.js';

/** A token as the providers share it: the value and when it expires and should be refreshed. */
export interface SharedToken {
  readonly value: string;
  readonly expiresAt: number;
  readonly refreshAt: number;
  /** The token response's `scope` (space-separated), when it had one. */
  readonly scope?: string | undefined;
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

/**
 * The account's token in Redis: `<prefix>:oauth:<id>:token` holds it with a PX expiry equal to its
 * lifetime, `<prefix>:oauth:<id>:lock` is the SET NX PX fetch lock. `<id>` is a digest of account
 * id, client id, OAuth URL and API URL (`tokenKeyId`): workers share a token only when they would
 * send it to the same host as the same app. The stored value is AES-256-GCM encrypted under a key
 * derived from the client secret, so whoever can read the Redis but lacks the secret cannot use
 * it, and a worker with another secret sees no token (and fetches its own). The token is never
 * logged or put in an error message.
 */
export class RedisTokenStore implements TokenStore {
  private readonly tokenKey: string;
  private readonly lockKey: string;
  private readonly keyId: string;

  constructor(
    private readonly redis: () => Redis | undefined,
    private readonly owner: TokenOwner,
    private readonly now: () => number = Date.now,
  ) {
    this.keyId = tokenKeyId(owner);
    const prefix = `${accountKeyPrefix(owner.accountId)}:oauth:${this.keyId}`;
    this.tokenKey = `${prefix}:token`;
    this.lockKey = `${prefix}:lock`;
  }

  async read(): Promise<SharedToken | undefined> {
    return (await this.readSealed())?.token;
  }

  /** The stored value as it is in Redis and the token it opens to, if it opens with our key. */
  private async readSealed(): Promise<{ readonly sealed: string; readonly token: SharedToken } | undefined> {
    const sealed = await this.client().get(this.tokenKey);
    if (sealed === null) return undefined;
    const text = openToken(this.owner, this.keyId, sealed);
    if (text === undefined) return undefined;
    let parsed: Partial<SharedToken>;
    try {
      parsed = JSON.parse(text) as Partial<SharedToken>;
    } catch {
      return undefined;
    }
    if (typeof parsed.value !== 'string' || typeof parsed.expiresAt !== 'number' || typeof parsed.refreshAt !== 'number') return undefined;
    const scope = typeof parsed.scope === 'string' ? parsed.scope : undefined;
    return { sealed, token: { value: parsed.value, expiresAt: parsed.expiresAt, refreshAt: parsed.refreshAt, scope } };
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
    const text = JSON.stringify({ value: token.value, expiresAt: token.expiresAt, refreshAt: token.refreshAt, scope: token.scope });
    await this.client().set(this.tokenKey, sealToken(this.owner, this.keyId, text), 'PX', ttl);
  }

  async forget(value: string): Promise<void> {
    // Redis cannot decrypt: compare here, then delete only if the key still holds that ciphertext.
    const stored = await this.readSealed();
    if (stored?.token.value !== value) return;
    await this.client().eval(DELETE_IF_EQUAL, 1, this.tokenKey, stored.sealed);
  }

  private client(): Redis {
    const client = this.redis();
    if (!client) throw new Error('Redis is not connected');
    return client;
  }
}
