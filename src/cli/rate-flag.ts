import { rateOrEnv } from '../pipelines/rate-option.js';

/** `--rate`'s help line, the same for imports and every export. */
export const RATE_HELP =
  "the account's per-second limits where they are not the plan's, e.g. LIGHT=80,MEDIUM=40; auto finds them by probing, at the cost of a few 429s (default $CCBULK_RATE, else the plan's)";

/** A command's raw options with `--rate` taken from CCBULK_RATE when it was not given. */
export function withRate(raw: Record<string, unknown>): Record<string, unknown> {
  return { ...raw, rate: rateOrEnv(raw.rate) };
}
