/** Settings of an exponential backoff. */
export interface BackoffOptions {
  /** First delay before jitter, ms. Default 500. */
  readonly baseMs?: number;
  /** Largest delay, ms. Default 30 000. */
  readonly maxMs?: number;
  /** Source of randomness in [0, 1). Default Math.random. */
  readonly random?: () => number;
}

/**
 * Delay before retry number `attempt` (1-based): exponential with "equal jitter" (half the
 * exponential cap, plus a uniform draw over the other half). The jitter spreads out requests that
 * failed together so they do not come back in lockstep; the fixed half keeps a retry from coming
 * back at once to a server that is struggling.
 */
export function backoffDelay(attempt: number, options: BackoffOptions = {}): number {
  const base = options.baseMs ?? 500;
  const max = options.maxMs ?? 30_000;
  const random = options.random ?? Math.random;
  const cap = Math.min(max, base * 2 ** Math.max(0, attempt - 1));
  return Math.round(cap / 2 + (random() * cap) / 2);
}

/** A promise that resolves after `ms` milliseconds. */
export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
