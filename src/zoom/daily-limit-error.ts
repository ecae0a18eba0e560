import { CcbulkError } from '../errors.js';
import type { RateLabel } from './rate-plans.js';

/**
 * The account has used up a label's daily quota (429 with `X-RateLimit-Type: Daily-limit`).
 * Not retried: nothing of that label will succeed before `resetAt`, so a run should stop cleanly
 * and be resumed after it.
 */
export class DailyLimitError extends CcbulkError {
  override name = 'DailyLimitError';
  /** The label whose daily quota is spent. */
  readonly label: RateLabel;
  /** When Zoom says the quota resets (from `Retry-After`), or undefined when it did not say. */
  readonly resetAt: Date | undefined;

  constructor(label: RateLabel, resetAt: Date | undefined, path: string) {
    const when = resetAt === undefined ? 'Zoom did not say when it resets' : `it resets at ${resetAt.toISOString()}`;
    super('DAILY_LIMIT', `The account's daily ${label} API quota is used up (${path}); ${when}`, { status: 429 });
    this.label = label;
    this.resetAt = resetAt;
  }
}
