import type { RequestLimiter } from './rate-limiter.js';
import { RATE_LABELS, type RateLabel } from './rate-plans.js';

/** A label whose limit, as the run found it, is not the one it was configured with. */
export interface LimitFound {
  readonly label: RateLabel;
  /** Requests per second the plan (or `--rate`) assumed. */
  readonly assumed: number;
  /** What Zoom's answers reported, or where probing settled; absent when only 429s tell. */
  readonly found?: number;
  /** `answers` (X-RateLimit-Limit), `probed` (`--rate auto`), or `refused` (429s at the assumed rate). */
  readonly how: 'answers' | 'probed' | 'refused';
  /** Per-second 429s the label met. */
  readonly rateLimited: number;
}

/** Per-second 429s at the configured pace, with nothing else said, that make it look too high. */
const REFUSED_MARK = 10;

/**
 * The labels whose limit the run found other than configured: a figure Zoom's answers reported or
 * a probe settled on, 10 % or more away from the assumed one; or, with neither, enough per-second
 * 429s to say the assumed rate is above what the account allows (or another app shares it).
 */
export function limitsFound(limiter: RequestLimiter): LimitFound[] {
  const found: LimitFound[] = [];
  for (const label of RATE_LABELS) {
    const state = limiter.state(label);
    if (state.source === 'answers' || state.source === 'probed') {
      if (Math.abs(state.configured - state.initial) >= 0.1 * state.initial) {
        found.push({ label, assumed: state.initial, found: Math.round(state.configured * 10) / 10, how: state.source, rateLimited: state.rateLimited });
      }
    } else if (state.rateLimited >= REFUSED_MARK) {
      found.push({ label, assumed: state.initial, how: 'refused', rateLimited: state.rateLimited });
    }
  }
  return found;
}

/** What a person reads of one: the finding and what to give next time. */
export function describeLimitFound(limit: LimitFound): string {
  if (limit.how === 'refused') {
    return `${limit.label}: ${limit.rateLimited} per-second 429s at ${limit.assumed}/s: the account allows less (or another app shares it); give \`--plan pro\`, \`--rate ${limit.label}=…\`, \`--rate auto\` or \`--quota-share\``;
  }
  const source = limit.how === 'answers' ? "Zoom's answers say" : 'probing found';
  return `${limit.label}: ${source} ${limit.found}/s where ${limit.assumed}/s was assumed; give \`--rate ${limit.label}=${limit.found}\` (or CCBULK_RATE) next time`;
}
