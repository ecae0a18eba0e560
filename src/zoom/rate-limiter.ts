import Bottleneck from 'bottleneck';
import { yieldOnImmediate } from './bottleneck-yield.js';
import { RATE_LABELS, type RateLabel, type RatePlanLimits } from './rate-plans.js';

/** How the per-label limiters pace and adapt. */
export interface RateLimiterOptions {
  /** Requests per second per label: the account's allowance (see `RATE_PLANS`). */
  readonly limits: RatePlanLimits;
  /**
   * Most requests of one label in flight at once, independent of the rate, so that latency does
   * not cap throughput (20 req/s at 300 ms needs at least 6 in flight). Default 16.
   */
  readonly maxInFlight?: number;
  /** Factor the rate is multiplied by after a QPS 429. Default 0.7. */
  readonly decreaseFactor?: number;
  /** The rate never drops below this share of the configured rate. Default 0.2. */
  readonly floorShare?: number;
  /** Quiet time after a 429 before the rate climbs again, and between climbs, ms. Default 2000. */
  readonly recoveryIntervalMs?: number;
  /** Share of the configured rate regained at each climb. Default 0.1. */
  readonly recoveryStep?: number;
  /**
   * Labels whose limit is unknown and found by probing (`--rate auto`): the rate climbs by
   * `probeStep` of the starting rate each second the label is kept busy, until the first
   * per-second 429. The limit is then read from the requests the probe sent (the largest
   * one-second bucket they would have emptied by then) and the rate settles 5 % below it, and
   * holds. Costs a few 429s of the account's quota. Default none.
   */
  readonly probe?: readonly RateLabel[];
  /** Share of the starting rate added at each probing step. Default 0.1. */
  readonly probeStep?: number;
  /**
   * Share of a limit that Zoom's answers report (`X-RateLimit-Limit`) this client uses, as
   * `--quota-share` cuts the configured limits. Default 1.
   */
  readonly learnedShare?: number;
  /** Clock, ms. Default Date.now. */
  readonly now?: () => number;
}

/** Where a label's ceiling came from. */
export type RateSource =
  /** The configured limits (a plan preset, or `--rate`). */
  | 'configured'
  /** `X-RateLimit-Limit` in Zoom's answers. */
  | 'answers'
  /** Still probing upwards (`--rate auto`), no 429 met yet. */
  | 'probing'
  /** Found by probing: below the limit the requests sent before the first 429 show. */
  | 'probed';

/** A label's pacing at one moment. */
export interface LabelRateState {
  /** The ceiling the rate climbs back to: configured, learned from answers, or found by probing. */
  readonly configured: number;
  readonly current: number;
  readonly pausedForMs: number;
  /** The limit the client was configured with (plan or `--rate`, after `--quota-share`). */
  readonly initial: number;
  /** Where `configured` came from. */
  readonly source: RateSource;
  /** Per-second 429s this label met. */
  readonly rateLimited: number;
}

/** What the HTTP core needs of a limiter: the local `RateLimiter` or the Redis-shared one. */
export interface RequestLimiter {
  /**
   * Resolves once the limiter's first connection (to Redis, for a shared one) has been tried:
   * what shares the connection, such as the account's token, is not there before.
   */
  ready?(): Promise<void>;
  /** Runs `task` when the label's pacing allows; `priority` 0–9, lower first. */
  schedule<T>(label: RateLabel, task: () => Promise<T>, priority?: number): Promise<T>;
  /** Records a QPS 429 for `label`: pause for `waitMs`, and slow down for a while. */
  rateLimited(label: RateLabel, waitMs: number): void;
  /**
   * Records what a successful answer said of the label's per-second quota (X-RateLimit-Remaining
   * of X-RateLimit-Limit), when it said it: a quota running low means another app is using it.
   */
  observed?(label: RateLabel, remaining: number, limit: number): void;
  /**
   * Records the per-second limit Zoom's answer reported for the label (`X-RateLimit-Limit`): the
   * account's real limit, which pacing follows in place of the configured one.
   */
  learned?(label: RateLabel, limit: number): void;
  /** The label's configured and current rate, and how long it is still paused. */
  state(label: RateLabel): LabelRateState;
  /** Drops waiting requests, clears timers and closes connections. */
  stop(): Promise<void>;
}

/** Share of the limit left at or below which the rate is cut before any 429 (at least 2). */
const LOW_MARK_SHARE = 0.15;
/** The cut then, at the least (more when the quota drains fast): nothing was refused yet. */
const EARLY_DECREASE_FACTOR = 0.9;
/** A learned or probed limit sits this far below the rate Zoom refused: room for timer jitter. */
const SETTLE_SHARE = 0.9;
/**
 * A probed limit, read from the requests that met the first 429, is held this far below it. Closer
 * than SETTLE_SHARE: the bucket's second of burst absorbs the timers' jitter at 95 %.
 */
const PROBED_SHARE = 0.95;
/** How far back the starts of a probe are kept for reading its limit, ms. */
const PROBE_HISTORY_MS = 120_000;
/** While a probed ceiling is young, each further 429 episode lowers it by this factor. */
const RESETTLE_FACTOR = 0.95;
/** How long a probed ceiling keeps being lowered by later 429s before it is taken as found, ms. */
const SETTLING_MS = 30_000;
/** Limits reported above this many requests per second are not taken as a per-second quota. */
const MAX_PLAUSIBLE_LIMIT = 1000;

/**
 * The largest per-second limit `L` under which a bucket of one second's worth (`L` tokens, refilled
 * at `L` a second, full at the first start) would have been emptied by the requests started at
 * `starts` by `at`: the account's limit as these requests found it, if they met their first 429 at
 * `at`. A larger limit would not have refused any of them; a smaller one would have refused one
 * earlier. Undefined when too few requests were sent to say.
 */
export function limitEmptiedBy(starts: readonly number[], at: number): number | undefined {
  const sent = starts.filter((t) => t <= at);
  if (sent.length < 4) return undefined;
  const empties = (limit: number): boolean => {
    let tokens = limit;
    let last = sent[0]!;
    for (const t of sent) {
      tokens = Math.min(limit, tokens + ((t - last) / 1000) * limit);
      last = t;
      if (tokens < 1) return true;
      tokens -= 1;
    }
    return false;
  };
  // Emptying is monotone in the limit: a bigger bucket that fills faster empties later, or never.
  let low = 1;
  let high = sent.length;
  if (!empties(low)) return undefined;
  for (let i = 0; i < 30 && high - low > 0.01; i++) {
    const mid = (low + high) / 2;
    if (empties(mid)) low = mid;
    else high = mid;
  }
  return low;
}

/**
 * One label's limiter. Pacing is bottleneck's `minTime` (one request every 1/rate seconds), not a
 * reservoir refreshed every second: a refreshed reservoir is a fixed window that lets twice the
 * rate through across a window edge, which Zoom answers with 429s. `maxConcurrent` bounds the
 * requests in flight separately. The reservoir is used only as a gate, set to 0 while Zoom has
 * told us to wait (Retry-After), so that no request of the label starts during the pause.
 */
class LabelLimiter {
  private readonly bottleneck: Bottleneck;
  private current: number;
  private lastRateLimitedAt = Number.NEGATIVE_INFINITY;
  private lastDecreaseAt = Number.NEGATIVE_INFINITY;
  private lastChangeAt = Number.NEGATIVE_INFINITY;
  private lastPressureAt = Number.NEGATIVE_INFINITY;
  private window: { since: number; remaining: number; answers: number } | undefined;
  private latencyMs: number | undefined;
  private slots: number;
  private pausedUntil = 0;
  private resumeTimer: NodeJS.Timeout | undefined;
  private configured: number;
  private readonly initial: number;
  private source: RateSource;
  private settledAt = Number.NEGATIVE_INFINITY;
  private lastSaturatedAt = Number.NEGATIVE_INFINITY;
  private rateLimitCount = 0;
  private startsSince = Number.NEGATIVE_INFINITY;
  private starts = 0;
  /** When each request of a probe started, oldest first: what reads the limit at the first 429. */
  private probeStarts: number[] = [];

  constructor(
    readonly label: RateLabel,
    configured: number,
    private readonly options: Required<Omit<RateLimiterOptions, 'limits' | 'probe'>> & { readonly probing: boolean },
  ) {
    this.configured = configured;
    this.initial = configured;
    this.source = options.probing ? 'probing' : 'configured';
    this.current = configured;
    this.slots = options.maxInFlight;
    this.bottleneck = new Bottleneck({
      maxConcurrent: options.maxInFlight,
      minTime: 1000 / configured,
      reservoir: null,
    });
    yieldOnImmediate(this.bottleneck);
  }

  schedule<T>(task: () => Promise<T>, priority: number): Promise<T> {
    this.maybeRecover();
    return this.bottleneck.schedule({ priority }, async () => {
      const started = this.options.now();
      if (this.source === 'probing') this.countStart(started);
      try {
        return await task();
      } finally {
        this.tookMs(this.options.now() - started);
      }
    });
  }

  /**
   * Counts requests started per second while probing: only a second in which the label really
   * sent at (nearly) its rate says the rate, not the demand or the slots, is what holds it back,
   * so that a step higher measures something.
   */
  private countStart(now: number): void {
    this.probeStarts.push(now);
    if (this.probeStarts[0]! < now - PROBE_HISTORY_MS) this.probeStarts = this.probeStarts.filter((t) => t >= now - PROBE_HISTORY_MS);
    if (now - this.startsSince >= 1000) {
      if (this.starts >= 0.9 * this.current * ((now - this.startsSince) / 1000) && now - this.startsSince < 2000) this.lastSaturatedAt = now;
      this.startsSince = now;
      this.starts = 0;
    }
    this.starts++;
  }

  /**
   * A request took `ms`. bottleneck times a request when it takes an in-flight slot, so every
   * slot beyond what the latency needs is a request already timed at the current rate: when the
   * rate is cut, those still go out at the old one (16 slots at 20/s: 0.8 s of it, enough to
   * empty a quota someone else shares). So the slots follow the latency: enough for the rate at
   * one and a half times the mean round trip, plus one.
   */
  private tookMs(ms: number): void {
    this.latencyMs = this.latencyMs === undefined ? ms : this.latencyMs * 0.9 + ms * 0.1;
    const wanted = Math.min(this.options.maxInFlight, Math.max(2, Math.ceil((this.current * this.latencyMs * 1.5) / 1000) + 1));
    if (wanted !== this.slots) {
      this.slots = wanted;
      void this.bottleneck.updateSettings({ maxConcurrent: wanted });
    }
  }

  /**
   * A QPS 429 arrived. Pauses the label for `waitMs` and lowers its rate: the quota is shared with
   * every other app on the account, so a 429 we did not expect means someone else is using part
   * of it. Many requests in flight tend to get their 429s together; they lower the rate once.
   */
  rateLimited(waitMs: number): void {
    const now = this.options.now();
    this.lastRateLimitedAt = now;
    this.rateLimitCount++;
    if (this.source === 'probing') {
      // The first 429 of a probe: the limit is below the rate in force, and by how much is in
      // the requests that met it. A bucket allowing a second's burst lets a climbing probe run
      // well past the limit (at 2/s a step, 47/s against 35) before it is empty: 10 % below the
      // rate in force would still be above the limit, and every 429 after it costs quota.
      this.source = 'probed';
      this.settledAt = now;
      this.lastDecreaseAt = now;
      const found = limitEmptiedBy(this.probeStarts, now);
      this.probeStarts = [];
      this.configured = found === undefined ? this.current * SETTLE_SHARE : Math.min(this.current * SETTLE_SHARE, found * PROBED_SHARE);
      this.configured = Math.max(this.configured, this.initial * this.options.floorShare);
      this.setRate(this.configured);
      this.pause(now + waitMs);
      return;
    }
    if (now - this.lastDecreaseAt >= 1000) {
      if (this.source === 'probed' && now - this.settledAt < SETTLING_MS) {
        // A bucket that allows a burst lets a probe climb past the limit before the first 429,
        // so the first settling can still be too high: while the ceiling is young, each new
        // episode of 429s lowers it a little more.
        this.configured = Math.max(this.initial * this.options.floorShare, this.configured * RESETTLE_FACTOR);
        this.settledAt = now;
      }
      this.lastDecreaseAt = now;
      this.setRate(Math.max(this.configured * this.options.floorShare, this.current * this.options.decreaseFactor));
    }
    this.pause(now + waitMs);
  }

  /**
   * A successful answer said `remaining` of `limit` requests are left this second. Paced at the
   * full rate on an account nobody else uses, the quota stays near full. When it drains, someone
   * else is taking part of it, and how fast it drains while we send at a known rate tells how
   * much they take: below a low mark the rate is set just under what is left for us, before
   * any 429. Until the quota is back above half, the rate does not climb. Zoom does not always
   * send these headers: then 429s alone steer.
   */
  observed(remaining: number, limit: number): void {
    if (!(limit > 0) || !(remaining >= 0)) return;
    const now = this.options.now();
    if (remaining >= limit / 2) {
      this.window = undefined;
      return;
    }
    this.lastPressureAt = now;
    // Answers in this window, each one request of ours that took a token.
    const window = (this.window ??= { since: now, remaining, answers: 0 });
    window.answers++;
    if (remaining > Math.max(2, limit * LOW_MARK_SHARE)) return;
    const seconds = (now - window.since) / 1000;
    if (seconds < 0.5 || now - this.lastDecreaseAt < 500) return;
    // Ours minus the drain: the refill we share, i.e. what the other apps leave us.
    const ours = window.answers / seconds;
    const left = ours - (window.remaining - remaining) / seconds;
    this.lastDecreaseAt = now;
    this.window = { since: now, remaining, answers: 0 };
    const target = Math.min(this.current * EARLY_DECREASE_FACTOR, left * 0.9);
    this.setRate(Math.max(this.configured * this.options.floorShare, target));
  }

  /**
   * Zoom's answer said the label allows `limit` requests a second. Followed at once (times the
   * quota share), above or below the configured limit: it is the account's own figure, and
   * neither a preset nor a probe knows better. A rate that was cut after 429s climbs back to it.
   */
  learned(limit: number): void {
    if (!(limit > 0) || limit > MAX_PLAUSIBLE_LIMIT) return;
    const ceiling = limit * this.options.learnedShare;
    if (this.source === 'answers' && ceiling === this.configured) return;
    const now = this.options.now();
    const raising = ceiling > this.configured;
    this.source = 'answers';
    this.configured = ceiling;
    if (this.current > ceiling) this.setRate(ceiling);
    else if (raising && now - this.lastRateLimitedAt >= this.options.recoveryIntervalMs && now - this.lastPressureAt >= this.options.recoveryIntervalMs) this.setRate(ceiling);
  }

  state(): LabelRateState {
    this.maybeRecover();
    return {
      configured: this.configured,
      current: this.current,
      pausedForMs: Math.max(0, this.pausedUntil - this.options.now()),
      initial: this.initial,
      source: this.source,
      rateLimited: this.rateLimitCount,
    };
  }

  async stop(): Promise<void> {
    if (this.resumeTimer) clearTimeout(this.resumeTimer);
    this.resumeTimer = undefined;
    await this.bottleneck.stop({ dropWaitingJobs: true }).catch(() => undefined);
  }

  private pause(until: number): void {
    if (until <= this.pausedUntil) return;
    this.pausedUntil = until;
    void this.bottleneck.updateSettings({ reservoir: 0 });
    this.armResume();
  }

  private armResume(): void {
    if (this.resumeTimer) clearTimeout(this.resumeTimer);
    const wait = Math.max(0, this.pausedUntil - this.options.now());
    this.resumeTimer = setTimeout(() => {
      this.resumeTimer = undefined;
      if (this.options.now() < this.pausedUntil) return this.armResume();
      void this.bottleneck.updateSettings({ reservoir: null });
    }, wait);
    // Not unref'd: while requests wait out a pause, this timer is all that keeps a command-line
    // run alive (unref'd, Node exited with code 13 mid-import on the first 429). `stop()` clears it.
  }

  private maybeRecover(): void {
    const now = this.options.now();
    if (this.source === 'probing') {
      // Additive increase while the label is kept busy, one step a second: slow enough that a
      // limit with a burst allowance does not let the rate run far past it before the first 429.
      if (now - this.lastChangeAt >= 1000 && now - this.lastSaturatedAt < 1000) {
        this.configured = this.current + this.initial * this.options.probeStep;
        this.setRate(this.configured);
      }
      return;
    }
    if (this.current >= this.configured) return;
    const interval = this.options.recoveryIntervalMs;
    if (now - this.lastRateLimitedAt < interval || now - this.lastChangeAt < interval || now - this.lastPressureAt < interval) return;
    this.setRate(Math.min(this.configured, this.current + this.configured * this.options.recoveryStep));
  }

  private setRate(rate: number): void {
    this.current = rate;
    this.lastChangeAt = this.options.now();
    void this.bottleneck.updateSettings({ minTime: 1000 / rate });
  }
}

/**
 * The account's rate limits as Zoom applies them: one limiter per label, shared by every endpoint
 * of that label. Callers schedule each attempt of a request here, retries included, so a retry
 * re-enters the queue and counts against the rate like any other request.
 */
export class RateLimiter implements RequestLimiter {
  private readonly labels: ReadonlyMap<RateLabel, LabelLimiter>;

  constructor(options: RateLimiterOptions) {
    const settings = {
      maxInFlight: options.maxInFlight ?? 16,
      decreaseFactor: options.decreaseFactor ?? 0.7,
      floorShare: options.floorShare ?? 0.2,
      recoveryIntervalMs: options.recoveryIntervalMs ?? 2000,
      recoveryStep: options.recoveryStep ?? 0.1,
      probeStep: options.probeStep ?? 0.1,
      learnedShare: options.learnedShare ?? 1,
      now: options.now ?? Date.now,
    };
    const probe = new Set(options.probe ?? []);
    this.labels = new Map(RATE_LABELS.map((label) => [label, new LabelLimiter(label, options.limits[label], { ...settings, probing: probe.has(label) })]));
  }

  /**
   * Runs `task` when the label's pacing allows. `priority` 0–9, lower first (bottleneck's
   * convention); retries use a higher priority than first attempts so they are not starved.
   */
  schedule<T>(label: RateLabel, task: () => Promise<T>, priority = 5): Promise<T> {
    return this.limiter(label).schedule(task, priority);
  }

  /** Records a QPS 429 for `label`: pause for `waitMs`, and slow down for a while. */
  rateLimited(label: RateLabel, waitMs: number): void {
    this.limiter(label).rateLimited(waitMs);
  }

  /** Records how much of the label's per-second quota a successful answer said is left. */
  observed(label: RateLabel, remaining: number, limit: number): void {
    this.limiter(label).observed(remaining, limit);
  }

  /** Follows the per-second limit Zoom's answers report for `label`. */
  learned(label: RateLabel, limit: number): void {
    this.limiter(label).learned(limit);
  }

  /** The label's configured and current rate, and how long it is still paused. */
  state(label: RateLabel): LabelRateState {
    return this.limiter(label).state();
  }

  /** Drops waiting requests and clears timers. */
  async stop(): Promise<void> {
    await Promise.all([...this.labels.values()].map((l) => l.stop()));
  }

  private limiter(label: RateLabel): LabelLimiter {
    const limiter = this.labels.get(label);
    if (!limiter) throw new Error(`unknown rate label ${label}`);
    return limiter;
  }
}
