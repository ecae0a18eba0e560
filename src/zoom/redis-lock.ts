import type { Redis } from 'ioredis';
import { CcbulkError } from '../errors.js';

/** How long a lock outlives its last renewal, ms: a holder that dies frees it after this. */
export const REDIS_LOCK_TTL_MS = 30_000;

// Extends the lock only while it is still ours: one that expired and was taken by another process
// must not be kept alive by us. KEYS[1] the lock; ARGV: our value, ttl ms. Returns 1 if extended.
const RENEW_IF_OURS = `if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('pexpire', KEYS[1], ARGV[2]) end return 0`;
// Deletes the lock only while it is still ours, for the same reason.
const DELETE_IF_OURS = `if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('del', KEYS[1]) end return 0`;

/**
 * A lock in Redis that its holder keeps alive: `SET key owner NX PX ttl`, renewed every third of
 * the TTL for as long as it is held. Processes on any host that share the Redis are kept apart by
 * it; a holder that dies frees it one TTL later. `owner` must be unique to this holder (it says
 * whose the key is: renewing and deleting compare it).
 */
export class RedisLock {
  /**
   * Aborted when a renewal finds the key gone or held by another, or when no renewal has reached
   * Redis for a whole TTL (the key may have expired, and another may hold it): the holder must stop
   * writing, resumably. Its `reason` is a CcbulkError('STOPPED', 'lost the lock on …').
   */
  readonly lost: AbortSignal;
  private readonly lose = new AbortController();
  private readonly renewer: NodeJS.Timeout;
  private deadline: NodeJS.Timeout | undefined;
  private renewing = false;
  private releasing: Promise<void> | undefined;

  private constructor(
    private readonly redis: Redis,
    /** The lock's key. */
    readonly key: string,
    private readonly owner: string,
    private readonly ttlMs: number,
    sent: number,
  ) {
    this.lost = this.lose.signal;
    this.renewer = setInterval(() => void this.renew(), Math.max(1, Math.floor(ttlMs / 3)));
    // A lock is no reason to keep the process alive: the run it guards is.
    this.renewer.unref();
    this.armDeadline(sent);
  }

  /**
   * Takes the lock `key` with the value `owner` for `ttlMs` (default 30 s) and keeps it alive.
   * When another holds it, throws the error `refuse` makes from the holder's value (undefined when
   * it expired between the two calls). Redis errors are thrown as they come.
   */
  static async acquire(redis: Redis, key: string, owner: string, refuse: (holder: string | undefined) => Error, ttlMs = REDIS_LOCK_TTL_MS): Promise<RedisLock> {
    const ttl = Math.max(1, Math.round(ttlMs));
    const sent = Date.now();
    const answer = await redis.set(key, owner, 'PX', ttl, 'NX');
    if (answer !== 'OK') throw refuse((await redis.get(key)) ?? undefined);
    return new RedisLock(redis, key, owner, ttl, sent);
  }

  /** Deletes the key if it is still ours and stops renewing; idempotent. */
  release(): Promise<void> {
    this.releasing ??= (async () => {
      this.stop();
      // Intentionally best-effort: a key we cannot delete (Redis gone) expires within a TTL.
      await this.redis.eval(DELETE_IF_OURS, 1, this.key, this.owner).catch(() => undefined);
    })();
    return this.releasing;
  }

  private async renew(): Promise<void> {
    // A renewal still waiting for its answer (up to the command timeout) is not sent twice.
    if (this.renewing || this.stopped()) return;
    this.renewing = true;
    const sent = Date.now();
    try {
      const extended = await this.redis.eval(RENEW_IF_OURS, 1, this.key, this.owner, String(this.ttlMs));
      if (this.stopped()) return;
      if (extended === 1) this.armDeadline(sent);
      else this.fail('it is gone from Redis, or another run holds it now');
    } catch {
      // Not reached this time: the deadline says when that has gone on too long.
    } finally {
      this.renewing = false;
    }
  }

  /**
   * The key lives at least a TTL from when the last successful renewal was sent: unless another
   * one succeeds before then, the lock counts as lost at that moment.
   */
  private armDeadline(sent: number): void {
    clearTimeout(this.deadline);
    this.deadline = setTimeout(() => this.fail(`Redis could not be reached to renew it for ${this.ttlMs} ms`), Math.max(0, sent + this.ttlMs - Date.now()));
    this.deadline.unref();
  }

  private fail(why: string): void {
    if (this.stopped()) return;
    this.stop();
    this.lose.abort(new CcbulkError('STOPPED', `lost the lock on ${this.key}: ${why}`));
  }

  private stop(): void {
    clearInterval(this.renewer);
    clearTimeout(this.deadline);
  }

  private stopped(): boolean {
    return this.releasing !== undefined || this.lost.aborted;
  }
}
