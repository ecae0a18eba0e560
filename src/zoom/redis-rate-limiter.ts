import Bottleneck from 'bottleneck';
import type { Redis } from 'ioredis';
import { RateLimiter, type LabelRateState, type RateLimiterOptions, type RequestLimiter } from './rate-limiter.js';
import { RATE_LABELS, type RateLabel, type RatePlanLimits } from './rate-plans.js';
import {
  REDIS_COMMAND_TIMEOUT_MS,
  REDIS_CONNECT_TIMEOUT_MS,
  accountKeyPrefix,
  checkRedisTransport,
  connectRedis,
  describeRedisUrl,
} from './redis-connection.js';

/** How the Redis-shared limiter connects, and how it behaves without Redis. */
export interface SharedRateLimiterOptions extends RateLimiterOptions {
  /** `redis://…` of the Redis every worker of the account uses. */
  readonly redisUrl: string;
  /** The Zoom account: the limiters of one account are shared, other accounts' are not. */
  readonly accountId: string;
  /** Share of the account's rate this process uses alone while Redis is gone. Default 1/3. */
  readonly fallbackShare?: number;
  /**
   * Share of the account's rate the workers use together. Default 0.95: the start times are decided
   * in Redis, but each request leaves from its own process a few milliseconds later, and never the
   * same few, so evenly paced starts arrive unevenly; the margin keeps any one second under the limit.
   */
  readonly sharedShare?: number;
  /** How often to try Redis again after losing it, ms. Default 1000. */
  readonly rejoinIntervalMs?: number;
  /** Where to say that Redis was lost or is back. Default stderr. */
  readonly notice?: (message: string) => void;
  /** Called with each new Redis connection (the token store uses it), and undefined when lost. */
  readonly onConnection?: (redis: Redis | undefined) => void;
  /**
   * Allow plain `redis://` to a host other than loopback. Default: `CCBULK_REDIS_INSECURE=1` in the
   * environment; otherwise such a URL is refused (CONFIG_INVALID) and `rediss://` is required.
   */
  readonly allowPlainRedis?: boolean;
  /** How long one Redis command may go unanswered before Redis counts as lost, ms. Default 3000. */
  readonly commandTimeoutMs?: number;
  /** How long connecting may take, ms. Default 3000. */
  readonly connectTimeoutMs?: number;
}

// The adaptive rate of a label, shared: every worker reads and lowers the same value, so one
// worker's 429 slows all of them. Times come from Redis's clock, the one clock all hosts share.
// KEYS[1] the hash; ARGV: configured, floorShare, decreaseFactor. Returns the current rate.
const LOWER = `
local t = redis.call('time') local now = t[1] * 1000 + math.floor(t[2] / 1000)
local configured = tonumber(ARGV[1])
local current = tonumber(redis.call('hget', KEYS[1], 'current') or configured)
local last = tonumber(redis.call('hget', KEYS[1], 'lastDecreaseAt') or 0)
redis.call('hset', KEYS[1], 'lastRateLimitedAt', now)
if now - last >= 1000 then
  current = math.max(configured * tonumber(ARGV[2]), current * tonumber(ARGV[3]))
  redis.call('hset', KEYS[1], 'current', tostring(current), 'lastDecreaseAt', now, 'lastChangeAt', now)
end
return tostring(current)`;
// ARGV: configured, recoveryIntervalMs, recoveryStep. Returns the current rate.
const RECOVER = `
local t = redis.call('time') local now = t[1] * 1000 + math.floor(t[2] / 1000)
local configured = tonumber(ARGV[1])
local current = tonumber(redis.call('hget', KEYS[1], 'current') or configured)
if current >= configured then return tostring(configured) end
local limited = tonumber(redis.call('hget', KEYS[1], 'lastRateLimitedAt') or 0)
local changed = tonumber(redis.call('hget', KEYS[1], 'lastChangeAt') or 0)
local interval = tonumber(ARGV[2])
if now - limited >= interval and now - changed >= interval then
  current = math.min(configured, current + configured * tonumber(ARGV[3]))
  redis.call('hset', KEYS[1], 'current', tostring(current), 'lastChangeAt', now)
end
return tostring(current)`;

// A new ceiling for the label (a limit Zoom's answers reported): the shared rate is lowered to it
// when above. ARGV: the ceiling. Returns the current rate.
const CAP = `
local ceiling = tonumber(ARGV[1])
local current = tonumber(redis.call('hget', KEYS[1], 'current') or ceiling)
if current > ceiling then
  local t = redis.call('time') local now = t[1] * 1000 + math.floor(t[2] / 1000)
  current = ceiling
  redis.call('hset', KEYS[1], 'current', tostring(current), 'lastChangeAt', now)
end
return tostring(current)`;

/** `updateSettings` as what it is in cluster mode: a promise (the typings say otherwise). */
function update(limiter: Bottleneck, settings: Bottleneck.ConstructorOptions): Promise<unknown> {
  return Promise.resolve(limiter.updateSettings(settings) as unknown);
}

/** One connection's worth of shared limiters; replaced as a whole when Redis comes back. */
interface Epoch {
  readonly redis: Redis;
  readonly connection: Bottleneck.IORedisConnection;
  readonly limiters: ReadonlyMap<RateLabel, Bottleneck>;
  readonly pending: Set<MovableJob>;
}

/**
 * A job that may move from the shared limiter to the local one if Redis goes away before it
 * starts. It runs at most once, and its caller gets the task's own outcome whatever happens to
 * the limiter's bookkeeping afterwards (a request that was sent is never reported as lost).
 */
class MovableJob {
  started = false;
  moved = false;
  readonly outcome: Promise<unknown>;
  private settle!: (run: () => Promise<unknown>) => void;

  constructor(
    readonly label: RateLabel,
    readonly priority: number,
    private readonly task: () => Promise<unknown>,
  ) {
    this.outcome = new Promise((resolve) => {
      this.settle = (run) => resolve(run());
    });
  }

  /** The function a limiter runs: starts the task unless it has already started elsewhere. */
  runner(): () => Promise<void> {
    return async () => {
      if (this.started) return;
      this.started = true;
      const result = this.task();
      this.settle(() => result);
      await result.then(
        () => undefined,
        () => undefined,
      );
    };
  }
}

/**
 * The account's per-label limiters shared by every ccbulk process through Redis (bottleneck's
 * clustering, ioredis datastore, one limiter id per account and label), with the adaptive
 * slow-down shared too. Without Redis (lost mid-run, or not reachable at start) each process
 * paces alone at `fallbackShare` of the rate and tries Redis again every `rejoinIntervalMs`.
 *
 * Guards against two known bottleneck problems: no `timeout` is set, so its keys never expire
 * (on Redis 7 expired keys end in `ERR SETTINGS_KEY_NOT_FOUND`, bottleneck issues #205/#219);
 * and a Redis restart (scripts and keys gone: NOSCRIPT, SETTINGS_KEY_NOT_FOUND, #118) is met
 * with a new connection and new limiters, which load the scripts and create the keys again.
 */
export class SharedRateLimiter implements RequestLimiter {
  private readonly local: RateLimiter;
  /** Each label's shared ceiling: the configured limit, or what Zoom's answers reported, times the shared margin. */
  private readonly limits: Record<RateLabel, number>;
  /** The limit each label was configured with (after `--quota-share`), and what answers reported. */
  private readonly configuredLimits: RatePlanLimits;
  private readonly learnedLimits = new Map<RateLabel, number>();
  private readonly sharedShare: number;
  private readonly settings: Required<Pick<SharedRateLimiterOptions, 'maxInFlight' | 'decreaseFactor' | 'floorShare' | 'recoveryIntervalMs' | 'recoveryStep'>>;
  private readonly current = new Map<RateLabel, number>();
  private readonly lastRecoveryCheck = new Map<RateLabel, number>();
  private readonly resumeTimers = new Map<RateLabel, NodeJS.Timeout>();
  private readonly pausedUntil = new Map<RateLabel, number>();
  private readonly prefix: string;
  private epoch: Epoch | undefined;
  /** The first connection attempt: requests wait for it, later attempts they do not wait for. */
  private connecting: Promise<void> | undefined;
  private rejoining: Promise<void> | undefined;
  private rejoinTimer: NodeJS.Timeout | undefined;
  private stopped = false;
  private saidLost = false;
  private saidBack = false;
  /** Whether Redis was ever reached: a failure before that is "could not connect", not "lost". */
  private everConnected = false;

  constructor(private readonly options: SharedRateLimiterOptions) {
    checkRedisTransport(options.redisUrl, options.allowPlainRedis ?? process.env.CCBULK_REDIS_INSECURE === '1');
    const share = options.fallbackShare ?? 1 / 3;
    const sharedShare = options.sharedShare ?? 0.95;
    this.sharedShare = sharedShare;
    this.configuredLimits = options.limits;
    this.limits = Object.fromEntries(RATE_LABELS.map((l) => [l, options.limits[l] * sharedShare])) as Record<RateLabel, number>;
    this.local = new RateLimiter({
      ...options,
      limits: Object.fromEntries(RATE_LABELS.map((l) => [l, options.limits[l] * share])) as unknown as RatePlanLimits,
      // Alone, a worker learns its third of what the answers report, as of the configured limit.
      learnedShare: (options.learnedShare ?? 1) * share,
    });
    this.settings = {
      maxInFlight: options.maxInFlight ?? 16,
      decreaseFactor: options.decreaseFactor ?? 0.7,
      floorShare: options.floorShare ?? 0.2,
      recoveryIntervalMs: options.recoveryIntervalMs ?? 2000,
      recoveryStep: options.recoveryStep ?? 0.1,
    };
    this.prefix = accountKeyPrefix(options.accountId);
    this.connecting = this.join().finally(() => (this.connecting = undefined));
  }

  async ready(): Promise<void> {
    if (this.connecting) await this.connecting.catch(() => undefined);
  }

  /** True while requests are paced through Redis. */
  get shared(): boolean {
    return this.epoch !== undefined;
  }

  async schedule<T>(label: RateLabel, task: () => Promise<T>, priority = 5): Promise<T> {
    if (this.connecting) await this.connecting;
    const job = new MovableJob(label, priority, task);
    const epoch = this.epoch;
    if (!epoch) {
      void this.local.schedule(label, job.runner(), priority);
      return job.outcome as Promise<T>;
    }
    this.maybeRecover(epoch, label);
    epoch.pending.add(job);
    epoch.limiters
      .get(label)!
      .schedule({ priority }, job.runner())
      .catch((error: unknown) => this.lose(epoch, error))
      .finally(() => epoch.pending.delete(job));
    return job.outcome as Promise<T>;
  }

  rateLimited(label: RateLabel, waitMs: number): void {
    this.local.rateLimited(label, waitMs);
    const epoch = this.epoch;
    if (!epoch) return;
    const until = Date.now() + waitMs;
    const limiter = epoch.limiters.get(label)!;
    void (async () => {
      const rate = Number(await epoch.redis.eval(LOWER, 1, this.rateKey(label), this.limits[label], this.settings.floorShare, this.settings.decreaseFactor));
      this.current.set(label, rate);
      // Shared settings: the new pace and the pause reach every worker through Redis.
      await update(limiter, { minTime: 1000 / rate, reservoir: 0 });
    })().catch((error: unknown) => this.lose(epoch, error));
    if (until > (this.pausedUntil.get(label) ?? 0)) {
      this.pausedUntil.set(label, until);
      clearTimeout(this.resumeTimers.get(label));
      this.resumeTimers.set(
        label,
        setTimeout(() => {
          this.resumeTimers.delete(label);
          if (this.epoch === epoch) void update(limiter, { reservoir: null }).catch((error: unknown) => this.lose(epoch, error));
        }, waitMs),
      );
    }
  }

  /**
   * Zoom's answer reported the label's per-second limit: the shared ceiling follows it (times the
   * quota share and the shared margin), as a worker alone would. Every worker of the account reads
   * the same headers, so each sets the same ceiling; the shared rate is lowered to it at once when
   * above, and climbs to it by the shared recovery when below.
   */
  learned(label: RateLabel, limit: number): void {
    if (!(limit > 0) || limit > 1000) return;
    this.local.learned(label, limit);
    const found = limit * (this.options.learnedShare ?? 1);
    if (this.learnedLimits.get(label) === found) return;
    this.learnedLimits.set(label, found);
    this.limits[label] = found * this.sharedShare;
    const epoch = this.epoch;
    if (!epoch) return;
    void (async () => {
      const rate = Number(await epoch.redis.eval(CAP, 1, this.rateKey(label), this.limits[label]));
      this.current.set(label, rate);
      await update(epoch.limiters.get(label)!, { minTime: 1000 / rate });
    })().catch((error: unknown) => this.lose(epoch, error));
  }

  state(label: RateLabel): LabelRateState {
    if (!this.epoch) return this.local.state(label);
    const learned = this.learnedLimits.get(label);
    return {
      // The account's figure (what a summary reports); the shared pace keeps a margin below it.
      configured: learned ?? this.configuredLimits[label],
      current: this.current.get(label) ?? this.limits[label],
      pausedForMs: Math.max(0, (this.pausedUntil.get(label) ?? 0) - Date.now()),
      initial: this.configuredLimits[label],
      // Probing is one process's experiment (refused with Redis); learning from answers is shared.
      source: learned === undefined ? 'configured' : 'answers',
      rateLimited: this.local.state(label).rateLimited,
    };
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.rejoinTimer);
    for (const timer of this.resumeTimers.values()) clearTimeout(timer);
    if (this.connecting) await this.connecting.catch(() => undefined);
    if (this.rejoining) await this.rejoining.catch(() => undefined);
    const epoch = this.epoch;
    this.epoch = undefined;
    if (epoch) await this.close(epoch, true);
    await this.local.stop();
  }

  private rateKey(label: RateLabel): string {
    return `${this.prefix}:rate:${label}`;
  }

  /** Connects and creates the shared limiters; on failure paces locally and tries again later. */
  private async join(): Promise<void> {
    let redis: Redis | undefined;
    let subscriber: Redis | undefined;
    // Joining is bounded as a whole: a Redis that stops answering half-way (the subscriber's
    // handshake, a script load) is cut off, which fails whatever step is waiting on it.
    const bound = (this.options.connectTimeoutMs ?? REDIS_CONNECT_TIMEOUT_MS) * 2 + (this.options.commandTimeoutMs ?? REDIS_COMMAND_TIMEOUT_MS) * 2;
    const watchdog = setTimeout(() => {
      redis?.disconnect();
      subscriber?.disconnect();
    }, bound);
    watchdog.unref();
    try {
      redis = await connectRedis(this.options.redisUrl, this.options.connectTimeoutMs, this.options.commandTimeoutMs);
      const connection = new Bottleneck.IORedisConnection({ client: redis });
      // bottleneck duplicates our client for its subscriber; ours are lazy, so connect it.
      subscriber = (connection as unknown as { subscriber: Redis }).subscriber;
      subscriber.on('error', () => undefined);
      await subscriber.connect();
      await (connection as unknown as { ready: Promise<unknown> }).ready;
      const limiters = new Map<RateLabel, Bottleneck>();
      for (const label of RATE_LABELS) {
        const rate = Number(await redis.eval(RECOVER, 1, this.rateKey(label), this.limits[label], this.settings.recoveryIntervalMs, 0));
        this.current.set(label, rate);
        const limiter = new Bottleneck({
          id: `${this.prefix}:limiter:${label}`,
          datastore: 'ioredis',
          connection,
          clearDatastore: false,
          maxConcurrent: this.settings.maxInFlight,
          minTime: 1000 / rate,
          reservoir: null,
        });
        await limiter.ready();
        // Settings already in Redis win over ours at creation: make the pace the current one.
        await update(limiter, { minTime: 1000 / rate, maxConcurrent: this.settings.maxInFlight });
        limiters.set(label, limiter);
      }
      if (this.stopped) {
        await connection.disconnect(false).catch(() => undefined);
        return;
      }
      const epoch: Epoch = { redis, connection, limiters, pending: new Set() };
      for (const limiter of limiters.values()) limiter.on('error', (error: unknown) => this.lose(epoch, error));
      connection.on('error', (error: unknown) => this.lose(epoch, error));
      redis.on('close', () => this.lose(epoch, new Error('connection closed')));
      subscriber.on('close', () => this.lose(epoch, new Error('connection closed')));
      this.epoch = epoch;
      this.everConnected = true;
      this.options.onConnection?.(redis);
      if (this.saidLost && !this.saidBack) {
        this.saidBack = true;
        this.say(`ccbulk: ${describeRedisUrl(this.options.redisUrl)} is back: sharing the account's rate limits with the other workers again\n`);
      }
    } catch (error) {
      redis?.disconnect();
      subscriber?.disconnect();
      this.sayLost(error);
      this.armRejoin();
    } finally {
      clearTimeout(watchdog);
    }
  }

  /** Redis failed under `epoch`: pace locally, move every request not yet started, and retry. */
  private lose(epoch: Epoch, error: unknown): void {
    if (this.epoch !== epoch) return;
    this.epoch = undefined;
    this.options.onConnection?.(undefined);
    this.sayLost(error);
    for (const job of epoch.pending) {
      if (job.started || job.moved) continue;
      job.moved = true;
      // The shared limiter may still start it later; the runner makes that a no-op.
      void this.local.schedule(job.label, job.runner(), job.priority);
    }
    void this.close(epoch, false);
    this.armRejoin();
  }

  private armRejoin(): void {
    if (this.stopped || this.rejoinTimer) return;
    this.rejoinTimer = setTimeout(() => {
      this.rejoinTimer = undefined;
      if (this.stopped || this.epoch) return;
      this.rejoining = this.join().finally(() => (this.rejoining = undefined));
    }, this.options.rejoinIntervalMs ?? 1000);
    // The requests being paced keep the process alive; a retry timer alone must not.
    this.rejoinTimer.unref();
  }

  private async close(epoch: Epoch, graceful: boolean): Promise<void> {
    for (const limiter of epoch.limiters.values()) {
      limiter.removeAllListeners();
      limiter.on('error', () => undefined);
    }
    if (graceful) {
      await Promise.all([...epoch.limiters.values()].map((l) => l.stop({ dropWaitingJobs: true }).catch(() => undefined)));
    }
    await epoch.connection.disconnect(false).catch(() => undefined);
  }

  private maybeRecover(epoch: Epoch, label: RateLabel): void {
    // Also when this worker saw no 429: another worker may have lowered the shared rate.
    const now = Date.now();
    if (now - (this.lastRecoveryCheck.get(label) ?? 0) < this.settings.recoveryIntervalMs / 4) return;
    this.lastRecoveryCheck.set(label, now);
    void (async () => {
      const before = this.current.get(label);
      const rate = Number(await epoch.redis.eval(RECOVER, 1, this.rateKey(label), this.limits[label], this.settings.recoveryIntervalMs, this.settings.recoveryStep));
      this.current.set(label, rate);
      if (rate !== before) await update(epoch.limiters.get(label)!, { minTime: 1000 / rate });
    })().catch((error: unknown) => this.lose(epoch, error));
  }

  private sayLost(error: unknown): void {
    if (this.saidLost || this.stopped) return;
    this.saidLost = true;
    const reason = error instanceof Error ? error.message : String(error);
    const share = Math.round(100 * (this.options.fallbackShare ?? 1 / 3));
    const what = this.everConnected ? 'lost' : 'could not connect to';
    this.say(
      `ccbulk: ${what} ${describeRedisUrl(this.options.redisUrl)} (${reason}): pacing this worker alone at ${share}% of the account's rate until it is back\n`,
    );
  }

  private say(message: string): void {
    (this.options.notice ?? ((m: string) => process.stderr.write(m)))(message);
  }
}
