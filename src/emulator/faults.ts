import { z } from 'zod';

const share = z.number().min(0).max(1);

/**
 * The faults the emulator injects into `/v2` traffic; every field can change at run time through
 * `setFaults` or `PATCH /_emulator/faults`. Ratios are probabilities per request, 0 to 1.
 */
export const faultSettingsSchema = z
  .object({
    /** Added delay before every `/v2` answer, in ms. Default 0. */
    latencyMs: z.number().int().min(0),
    /** Extra uniform random delay on top of `latencyMs`, in ms. Default 0. */
    jitterMs: z.number().int().min(0),
    /** Share of requests answered 500, 502 or 503 with a Zoom-style body, unapplied. Default 0. */
    errorRate: share,
    /** Share of requests whose connection is reset before anything is applied. Default 0. */
    resetBeforeRate: share,
    /** Share of requests applied in full whose connection is then reset without an answer. Default 0. */
    resetAfterRate: share,
    /** Share of requests answered with an injected per-second 429, unapplied. Default 0. */
    rateLimitRate: share,
    /**
     * Share (0–1) of each label's per-second quota used by another app on the same account.
     * Default none.
     */
    backgroundLoad: z.object({ LIGHT: share, MEDIUM: share, HEAVY: share }).partial(),
    /** Answer every `/v2` request with the daily-limit 429, as when the day's quota is gone. Default false. */
    forceDailyLimit: z.boolean(),
    /**
     * Body of the 401 for an expired token: Zoom's usual `{code: 124}` or the other Contact Center
     * shape `{status: false, errorCode: 401}`. Default `code`.
     */
    expiredTokenShape: z.enum(['code', 'status']),
    /** Form of the Retry-After header on 429s, so each client parser can be tested. Default `seconds`. */
    retryAfterFormat: z.enum(['seconds', 'http-date', 'iso', 'none']),
  })
  .strict();

/** The faults in force. */
export type FaultSettings = z.infer<typeof faultSettingsSchema>;

/** A change to some of the faults; `backgroundLoad` replaces the whole map. */
export const faultPatchSchema = faultSettingsSchema.partial();

/** No faults: the emulator behaves like a healthy Zoom. */
export const NO_FAULTS: FaultSettings = {
  latencyMs: 0,
  jitterMs: 0,
  errorRate: 0,
  resetBeforeRate: 0,
  resetAfterRate: 0,
  rateLimitRate: 0,
  backgroundLoad: {},
  forceDailyLimit: false,
  expiredTokenShape: 'code',
  retryAfterFormat: 'seconds',
};

/** Faults with a patch applied, checked; throws a ZodError naming the bad field. */
export function mergeFaults(current: FaultSettings, patch: unknown): FaultSettings {
  // A key given as undefined means "not given", as it would in an options object.
  const given =
    typeof patch === 'object' && patch !== null
      ? Object.fromEntries(Object.entries(patch).filter(([, value]) => value !== undefined))
      : patch;
  return faultSettingsSchema.parse({ ...current, ...faultPatchSchema.parse(given) });
}
