import { RATE_LABELS, type RatePlanLimits } from './rate-plans.js';

/**
 * `limits` with every label's rate cut to `share` of it (0 < share ≤ 1): what ccbulk may use of
 * an account whose other apps need the rest. With the Redis-shared limiter the cut rate is the
 * account's across every worker, since that limiter paces all of them against the same limits.
 */
export function sharedLimits(limits: RatePlanLimits, share: number): RatePlanLimits {
  if (!(share > 0 && share <= 1)) throw new RangeError(`quota share must be above 0 and at most 1, got ${share}`);
  if (share === 1) return limits;
  return Object.fromEntries(RATE_LABELS.map((label) => [label, limits[label] * share])) as unknown as RatePlanLimits;
}
