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
    /**
     * Share of requests applied in full and then answered 500, 502 or 503 anyway, so that a client
     * which simply sends a write again creates it twice. Default 0.
     */
    appliedErrorRate: share,
    /** Share of requests answered with an injected per-second 429, unapplied. Default 0. */
    rateLimitRate: share,
    /**
     * Share of 429s sent without any `X-RateLimit-*` header (Retry-After as `retryAfterFormat`
     * says), as some of Zoom's are. Default 0.
     */
    rateLimitHeadersMissingRate: share,
    /**
     * Share of 429s whose headers describe another bucket — a per-user daily LIGHT bucket,
     * `Limit 6000`, a high `Remaining`, no `Type` and no Retry-After — as Zoom has been seen to
     * send: only the message then says which limit was hit. Default 0.
     */
    rateLimitHeadersForeignRate: share,
    /**
     * Requests at once that one resource (one method and path, such as one address book's batch
     * endpoint) takes; more are answered 429 "Too many concurrent requests", unapplied. Zoom has
     * such a limit but does not publish it. Default 0: no limit.
     */
    concurrencyLimit: z.number().int().min(0),
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
    /**
     * Form of the Retry-After header on 429s, so each client parser can be tested. Default `iso`,
     * the absolute UTC time Zoom documents (`2020-05-31T00:00:00Z`).
     */
    retryAfterFormat: z.enum(['seconds', 'http-date', 'iso', 'none']),
    /**
     * `multi`: tokens stay valid side by side until they expire, as Zoom's have since June 2023.
     * `single`: each token fetch makes every earlier token invalid, as Zoom's did before. Default
     * `multi`.
     */
    tokenMode: z.enum(['multi', 'single']),
  })
  .strict();

/** The faults in force. */
export type FaultSettings = z.infer<typeof faultSettingsSchema>;

/** A change to some of the faults; `backgroundLoad` replaces the whole map. */
export const faultPatchSchema = faultSettingsSchema.partial();

/** No faults: the emulator behaves like a healthy Zoom (whose awkward defaults stay: ISO Retry-After). */
export const NO_FAULTS: FaultSettings = {
  latencyMs: 0,
  jitterMs: 0,
  errorRate: 0,
  resetBeforeRate: 0,
  resetAfterRate: 0,
  appliedErrorRate: 0,
  rateLimitRate: 0,
  rateLimitHeadersMissingRate: 0,
  rateLimitHeadersForeignRate: 0,
  concurrencyLimit: 0,
  backgroundLoad: {},
  forceDailyLimit: false,
  expiredTokenShape: 'code',
  retryAfterFormat: 'iso',
  tokenMode: 'multi',
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
