import { operationTable, type OperationId } from './generated/operations.js';

/** Zoom's rate-limit labels. Each operation carries one in its spec description. */
export type RateLabel = 'LIGHT' | 'MEDIUM' | 'HEAVY';

/** All labels, in order of increasing cost. */
export const RATE_LABELS: readonly RateLabel[] = ['LIGHT', 'MEDIUM', 'HEAVY'];

/** Requests per second allowed per label for one account. */
export type RatePlanLimits = Readonly<Record<RateLabel, number>>;

/** The Contact Center plans whose per-second limits Zoom publishes. */
export type RatePlanName = 'pro' | 'business';

/**
 * Zoom's published Contact Center limits, per account and per label: every endpoint of a label,
 * and every other app on the account, draws on the same allowance.
 */
export const RATE_PLANS: Readonly<Record<RatePlanName, RatePlanLimits>> = {
  pro: { LIGHT: 20, MEDIUM: 10, HEAVY: 5 },
  business: { LIGHT: 40, MEDIUM: 20, HEAVY: 10 },
};

/** Requests per UTC day allowed per label, for the labels that have a daily cap. */
export type DailyCaps = Readonly<Partial<Record<RateLabel, number>>>;

/**
 * Zoom's published daily caps: HEAVY requests (shared with the "resource-intensive" APIs) are
 * capped at 15,000 a day on Pro and 30,000 on Business and above; LIGHT and MEDIUM have none.
 */
export const DAILY_CAPS: Readonly<Record<RatePlanName, DailyCaps>> = {
  pro: { HEAVY: 15_000 },
  business: { HEAVY: 30_000 },
};

/** The plan assumed when none is named: Business and above. */
export const DEFAULT_RATE_PLAN: RatePlanName = 'business';

/** The rate-limit label of an operation, as its spec description gives it. */
export function rateLabelOf(operationId: OperationId): RateLabel {
  return operationTable[operationId].label;
}

/** Limits of a plan with optional per-label overrides. */
export function planLimits(plan: RatePlanName, overrides: Partial<RatePlanLimits> = {}): RatePlanLimits {
  return { ...RATE_PLANS[plan], ...overrides };
}

/** Daily caps of a plan with optional per-label overrides. */
export function planDailyCaps(plan: RatePlanName, overrides: DailyCaps = {}): DailyCaps {
  return { ...DAILY_CAPS[plan], ...overrides };
}
