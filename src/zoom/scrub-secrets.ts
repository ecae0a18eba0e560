/**
 * Server-supplied text (an error body, a refused item's message) is repeated into stderr,
 * rejects.csv, summary.json, the journal and `--json` output. A server, a proxy or an error page
 * that echoes the request's headers would carry the bearer token or the Basic client credentials
 * there with it. Every such string goes through {@link scrubSecrets} before it becomes a message
 * or a reason.
 */

/** The longest server-supplied text kept, in characters; the rest is cut with `…`. */
export const MAX_SERVER_TEXT = 500;

const REPLACEMENT = '***';

/**
 * `Bearer x`, `Basic x` (any case) where x looks like a credential: 16 characters or more of a
 * token's alphabet, so that "Basic Industries" in a message stays as it is.
 */
const AUTH_VALUE = /\b(bearer|basic)(\s+|%20|\+)[A-Za-z0-9._~+/=%-]{16,}/gi;

/**
 * `text` with every occurrence of `secrets` (the current token, the Basic value, the client
 * secret) and of any `Bearer …` / `Basic …` value replaced by `***`, and cut to `maxLength`.
 * Secrets shorter than 4 characters are not searched for (they would match ordinary words).
 */
export function scrubSecrets(text: string, secrets: readonly (string | undefined)[] = [], maxLength = MAX_SERVER_TEXT): string {
  let out = removeSecrets(text, secrets).replace(AUTH_VALUE, (_, scheme: string, space: string) => `${scheme}${space}${REPLACEMENT}`);
  return out.length > maxLength ? `${out.slice(0, maxLength)}…` : out;
}

/**
 * `text` with only the exact `secrets` replaced: for answers that also carry contact data (a
 * batch answer echoes what was sent and is matched against it), which must not be cut or
 * pattern-edited.
 */
export function removeSecrets(text: string, secrets: readonly (string | undefined)[]): string {
  let out = text;
  for (const secret of secrets) {
    if (secret === undefined || secret.length < 4) continue;
    out = out.split(secret).join(REPLACEMENT);
  }
  return out;
}

/** A parsed JSON value with `scrub` (default {@link scrubSecrets}) applied to every string in it, keys included. */
export function scrubDeep(value: unknown, scrub: (text: string) => string = (text) => scrubSecrets(text)): unknown {
  if (typeof value === 'string') return scrub(value);
  if (Array.isArray(value)) return value.map((item) => scrubDeep(item, scrub));
  if (typeof value === 'object' && value !== null) {
    return Object.fromEntries(Object.entries(value).map(([key, item]) => [scrub(key), scrubDeep(item, scrub)]));
  }
  return value;
}
