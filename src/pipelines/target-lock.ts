import { createHash, randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import path from 'node:path';
import type { Redis } from 'ioredis';
import { CcbulkError } from '../errors.js';
import { LockFile, parseLockOwner, type LockOwner } from '../writers/lock-file.js';
import { stateFolder } from '../writers/state-folder.js';
import { accountKeyPrefix, checkRedisTransport, connectRedis, describeRedisUrl } from '../zoom/redis-connection.js';
import { REDIS_LOCK_TTL_MS, RedisLock } from '../zoom/redis-lock.js';

/** The address book or list a run writes to, as one Zoom account on one API host knows it. */
export interface TargetRef {
  readonly accountId: string;
  /** The API's base URL: only its host counts (the same id on another host is another target). */
  readonly apiUrl: string;
  readonly kind: 'address-book' | 'campaign-list' | 'dnc-list' | string;
  readonly id: string;
  /** Its name, for messages. */
  readonly name: string;
}

/** A target held for one writing run. */
export interface TargetLock {
  /**
   * Aborted when the lock is lost (its Redis key gone, taken or not renewed for a TTL): the run
   * must stop writing, resumably. Its `reason` is a CcbulkError('STOPPED') naming the target.
   */
  readonly lost: AbortSignal;
  /** Lets the target go; idempotent. */
  release(): Promise<void>;
}

/** How each kind of target is named at the start of a sentence. */
const KIND_WORDS: Readonly<Record<string, string>> = {
  'address-book': 'The address book',
  'campaign-list': 'The campaign contact list',
  'dnc-list': 'The DNC list',
};

/** "The address book 'Demo contacts' (id abc)". */
export function describeTarget(target: TargetRef): string {
  const kind = KIND_WORDS[target.kind] ?? `The ${target.kind.replace(/-/g, ' ')}`;
  return `${kind} '${target.name}' (id ${target.id})`;
}

/**
 * Locks `target` for one writing run: a {@link LockFile} in the state folder's `locks/`, which
 * keeps out runs on this machine, and with `redisUrl` a {@link RedisLock} under the account's key
 * prefix, which keeps out runs on every host that shares the Redis. Both are named by a digest of
 * account id, API host, kind and id. A target another run holds is refused with
 * CcbulkError('LOCKED') naming the target and the holder; whatever was taken is let go again when
 * the second lock cannot be had. `ttlMs` is the Redis lock's: how long the lock of a host that
 * died outlives it (default {@link redisLockTtlMs}).
 */
export async function lockTarget(
  target: TargetRef,
  holder: { readonly command: string; readonly outDir: string },
  redisUrl?: string,
  ttlMs: number = redisLockTtlMs(),
): Promise<TargetLock> {
  const digest = createHash('sha256')
    .update(JSON.stringify([target.accountId, new URL(target.apiUrl).host, target.kind, target.id]))
    .digest('hex');
  const file = path.join(await stateFolder('locks'), `${digest}.lock`);
  const local = await LockFile.acquire(file, holder, (owner) => refusal(target, owner, `its lock ${file} cannot be read: delete it if no ccbulk run is writing there`));
  if (redisUrl === undefined) return { lost: new AbortController().signal, release: () => local.release() };

  const key = `${accountKeyPrefix(target.accountId)}:lock:${digest}`;
  let redis: Redis | undefined;
  let shared: RedisLock;
  try {
    checkRedisTransport(redisUrl, process.env.CCBULK_REDIS_INSECURE === '1');
    redis = await connectRedis(redisUrl).catch((error: unknown) => {
      const why = error instanceof Error ? error.message : String(error);
      throw new CcbulkError('NETWORK_ERROR', `Cannot reach Redis at ${describeRedisUrl(redisUrl)} to lock ${lowerFirst(describeTarget(target))}: ${why}. Nothing was sent.`, {
        cause: error,
        disposition: 'fatal',
      });
    });
    const owner: LockOwner = { pid: process.pid, host: hostname(), startedAt: local.owner.startedAt, command: holder.command, outDir: holder.outDir };
    // The nonce makes the value this run's alone: renewing and deleting compare it.
    const value = JSON.stringify({ ...owner, nonce: randomBytes(8).toString('hex') });
    const unknown = 'its lock in Redis ended a moment ago: run this again';
    shared = await RedisLock.acquire(redis, key, value, (held) => refusal(target, held === undefined ? undefined : parseLockOwner(held), unknown), ttlMs);
  } catch (error) {
    redis?.disconnect();
    await local.release();
    throw error;
  }
  return held(target, local, shared, redis);
}

/**
 * The Redis lock's TTL: `CCBULK_LOCK_TTL_MS` (1,000 to 600,000 ms) when set, else 30 s. A
 * shorter one hands a dead host's targets on sooner, at a renewal every third of it.
 */
export function redisLockTtlMs(env: NodeJS.ProcessEnv = process.env): number {
  const given = Number(env.CCBULK_LOCK_TTL_MS);
  return Number.isInteger(given) && given >= 1000 && given <= 600_000 ? given : REDIS_LOCK_TTL_MS;
}

/** The two locks as one: lost when the Redis lock is, released together (Redis first). */
function held(target: TargetRef, local: LockFile, shared: RedisLock, redis: Redis): TargetLock {
  const lost = new AbortController();
  const onLost = () => {
    const reason: unknown = shared.lost.reason;
    const prefix = `lost the lock on ${shared.key}: `;
    const message = reason instanceof Error ? reason.message : String(reason);
    const why = message.startsWith(prefix) ? message.slice(prefix.length) : message;
    lost.abort(new CcbulkError('STOPPED', `lost the lock on ${lowerFirst(describeTarget(target))}: ${why}`, { cause: reason }));
  };
  shared.lost.addEventListener('abort', onLost, { once: true });
  let released: Promise<void> | undefined;
  return {
    lost: lost.signal,
    release: () =>
      (released ??= (async () => {
        shared.lost.removeEventListener('abort', onLost);
        try {
          await shared.release();
        } finally {
          redis.disconnect();
          await local.release();
        }
      })()),
  };
}

/** CcbulkError('LOCKED') for a target another run holds; `unknown` says why its holder is not named. */
function refusal(target: TargetRef, owner: LockOwner | undefined, unknown: string): CcbulkError {
  const who =
    owner === undefined
      ? `which one cannot be told: ${unknown}`
      : `pid ${owner.pid} on host ${owner.host}, started ${owner.startedAt}${owner.outDir === undefined ? '' : `, out folder ${owner.outDir}`}`;
  return new CcbulkError(
    'LOCKED',
    `${describeTarget(target)} is being written by another ccbulk run (${who}): wait for it to end, or stop it, then run this again. Nothing was sent.`,
  );
}

function lowerFirst(text: string): string {
  return text.charAt(0).toLowerCase() + text.slice(1);
}
