import type { RateLabel } from '../zoom/rate-plans.js';

/** Counters of what the emulator saw and did; `/v2` requests only unless said otherwise. */
export interface EmulatorStats {
  /** Every `/v2` request that reached the emulator, whatever came of it. */
  total: number;
  /** `/v2` requests per rate-limit label of the operation they matched. */
  byLabel: Record<RateLabel, number>;
  /** `/v2` requests per operationId. */
  byOperation: Record<string, number>;
  /**
   * 429 answers: all of them, by the limit hit (`QPS` includes injected ones), and those for
   * too many concurrent requests to one resource.
   */
  rateLimited: { total: number; QPS: number; 'Daily-limit': number; concurrent: number };
  /** What the fault settings caused. */
  injected: {
    /** 500/502/503 answers from `errorRate`. */
    serverErrors: number;
    /** Connections reset before the request was applied. */
    resetsBefore: number;
    /** Connections reset after the request was applied. */
    resetsAfter: number;
    /** 429 answers from `rateLimitRate` (also counted in `rateLimited`). */
    rateLimits: number;
    /** Requests applied and then answered 5xx, from `appliedErrorRate`. */
    appliedErrors: number;
    /** 429s sent without `X-RateLimit-*` headers, from `rateLimitHeadersMissingRate`. */
    headerlessRateLimits: number;
    /** 429s sent with another bucket's headers, from `rateLimitHeadersForeignRate`. */
    foreignRateLimits: number;
  };
  /** Calls of the OAuth token endpoint, successful or not. */
  tokenFetches: number;
  /** 401 answers to `/v2` requests. */
  unauthorized: number;
  /** Answers by HTTP status (all endpoints), reset connections excluded. */
  byStatus: Record<string, number>;
}

/** Fresh counters. */
export function emptyStats(): EmulatorStats {
  return {
    total: 0,
    byLabel: { LIGHT: 0, MEDIUM: 0, HEAVY: 0 },
    byOperation: {},
    rateLimited: { total: 0, QPS: 0, 'Daily-limit': 0, concurrent: 0 },
    injected: { serverErrors: 0, resetsBefore: 0, resetsAfter: 0, rateLimits: 0, appliedErrors: 0, headerlessRateLimits: 0, foreignRateLimits: 0 },
    tokenFetches: 0,
    unauthorized: 0,
    byStatus: {},
  };
}
