// IANA names as Intl lists them; Intl also accepts aliases and other casings it does not list
// (`UTC`, `US/Eastern`, `europe/london`), which the DateTimeFormat check below resolves.
let known: ReadonlySet<string> | undefined;

function knownZones(): ReadonlySet<string> {
  known ??= new Set(Intl.supportedValuesOf('timeZone'));
  return known;
}

// Area/Location names and bare names such as `UTC`; not offsets like `+05:00`, which newer
// runtimes accept but are not time zone names and which Zoom does not take.
const ZONE_NAME = /^[A-Za-z][A-Za-z0-9_+\-]*(?:\/[A-Za-z0-9_+\-]+)*$/;

/**
 * The IANA time zone name a cell gives, or `undefined` when it is not one. A name Intl lists
 * is kept as it is; another casing or a legacy alias becomes the name Intl resolves it to
 * (`europe/london` → `Europe/London`, `US/Eastern` → `America/New_York`, `utc` → `UTC`), since
 * the canonical name is the one any consumer of the tz database knows.
 */
export function normaliseTimezone(text: string): string | undefined {
  const zone = text.trim();
  if (knownZones().has(zone)) return zone;
  if (!ZONE_NAME.test(zone)) return undefined;
  try {
    return new Intl.DateTimeFormat('en-US', { timeZone: zone }).resolvedOptions().timeZone;
  } catch {
    return undefined;
  }
}
