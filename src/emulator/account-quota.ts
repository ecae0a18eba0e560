import type { RateLabel, RatePlanLimits } from '../zoom/rate-plans.js';

/** What the limiter says about one request. */
export type RateDecision =
  | { readonly allowed: true; readonly limit: number; readonly remaining: number }
  | {
      readonly allowed: false;
      readonly type: 'QPS' | 'Daily-limit';
      readonly limit: number;
      readonly remaining: number;
      /** Epoch ms from which a retry can succeed. */
      readonly retryAt: number;
    };

interface Bucket {
  tokens: number;
  updatedAt: number;
}

const DAY_MS = 86_400_000;

/**
 * Zoom's per-account limits: one token bucket per label holding at most one second's worth of
 * requests and refilled continuously. A client paced evenly at the rate never finds it empty; a
 * client bursting twice the rate across a second boundary does. An optional daily quota per label
 * resets at UTC midnight, as Zoom's does. (The server side of the limits, named apart from the
 * client's `RateLimiter` in src/zoom/, which paces requests to stay within them.)
 */
export class AccountQuota {
  private readonly buckets = new Map<RateLabel, Bucket>();
  private readonly dailyUsed = new Map<RateLabel, number>();
  private day = -1;

  constructor(
    private readonly limits: RatePlanLimits,
    private readonly dailyLimits: Partial<Record<RateLabel, number>>,
    private readonly now: () => number = Date.now,
  ) {}

  /**
   * Takes one request of `label` from the quota. `backgroundShare` is the part of the quota
   * another app on the account uses: it slows the refill, as that app's calls would.
   */
  take(label: RateLabel, backgroundShare = 0): RateDecision {
    const now = this.now();
    const limit = this.limits[label];
    const daily = this.dailyLimits[label];
    this.rollDay(now);
    const used = this.dailyUsed.get(label) ?? 0;
    if (daily !== undefined && used >= daily) {
      return { allowed: false, type: 'Daily-limit', limit: daily, remaining: 0, retryAt: nextUtcMidnight(now) };
    }
    const rate = limit * (1 - Math.min(Math.max(backgroundShare, 0), 1));
    const bucket = this.buckets.get(label) ?? { tokens: limit, updatedAt: now };
    bucket.tokens = Math.min(limit, bucket.tokens + ((now - bucket.updatedAt) / 1000) * rate);
    bucket.updatedAt = now;
    this.buckets.set(label, bucket);
    if (bucket.tokens < 1) {
      const wait = rate > 0 ? ((1 - bucket.tokens) / rate) * 1000 : 1000;
      return { allowed: false, type: 'QPS', limit, remaining: 0, retryAt: now + wait };
    }
    bucket.tokens -= 1;
    this.dailyUsed.set(label, used + 1);
    return { allowed: true, limit, remaining: Math.floor(bucket.tokens) };
  }

  /** A 429 for the daily quota without touching the counters, for the forced daily-limit fault. */
  dailyExhausted(label: RateLabel): RateDecision {
    const now = this.now();
    return {
      allowed: false,
      type: 'Daily-limit',
      limit: this.dailyLimits[label] ?? 0,
      remaining: 0,
      retryAt: nextUtcMidnight(now),
    };
  }

  /** A per-second 429 as if the bucket were empty, for the injected-429 fault. */
  injectedQps(label: RateLabel): RateDecision {
    return { allowed: false, type: 'QPS', limit: this.limits[label], remaining: 0, retryAt: this.now() + 1000 };
  }

  /** Full buckets and fresh daily counts. */
  reset(): void {
    this.buckets.clear();
    this.dailyUsed.clear();
  }

  private rollDay(now: number): void {
    const day = Math.floor(now / DAY_MS);
    if (day !== this.day) {
      this.day = day;
      this.dailyUsed.clear();
    }
  }
}

/** Epoch ms of the next UTC midnight after `now`. */
export function nextUtcMidnight(now: number): number {
  return (Math.floor(now / DAY_MS) + 1) * DAY_MS;
}

/** Zoom's spelling of a label in the X-RateLimit-Category header. */
export function rateCategory(label: RateLabel): 'Light' | 'Medium' | 'Heavy' {
  return label === 'LIGHT' ? 'Light' : label === 'MEDIUM' ? 'Medium' : 'Heavy';
}
