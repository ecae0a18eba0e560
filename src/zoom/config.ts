import { z } from 'zod';
import { CcbulkError } from '../errors.js';

/** Where and as whom the client talks to Zoom. */
export interface ZoomConfig {
  readonly accountId: string;
  readonly clientId: string;
  /** Never logged, never written, never part of an error message. */
  readonly clientSecret: string;
  /** API base, e.g. `https://api.zoom.us/v2`, without a trailing slash. */
  readonly apiUrl: string;
  /** OAuth token endpoint, e.g. `https://zoom.us/oauth/token`. */
  readonly oauthUrl: string;
}

/** Default Zoom API base. */
export const DEFAULT_API_URL = 'https://api.zoom.us/v2';
/** Default Zoom OAuth token endpoint. */
export const DEFAULT_OAUTH_URL = 'https://zoom.us/oauth/token';

/**
 * Zoom's clouds (`ZOOM_CLOUD`) and their hosts. Zoom for Government is a separate cloud: its API
 * is api.zoomgov.com and its OAuth server zoomgov.com (Zoom's developer documentation for ZfG
 * apps; neither the spec, whose only server is api.zoom.us, nor the notes name them). An explicit
 * `ZOOM_API_URL` or `ZOOM_OAUTH_URL` wins over the cloud's.
 */
export const ZOOM_CLOUDS = {
  commercial: { apiUrl: DEFAULT_API_URL, oauthUrl: DEFAULT_OAUTH_URL },
  gov: { apiUrl: 'https://api.zoomgov.com/v2', oauthUrl: 'https://zoomgov.com/oauth/token' },
} as const;

/** A cloud `ZOOM_CLOUD` names. */
export type ZoomCloud = keyof typeof ZOOM_CLOUDS;

const LOOPBACK_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]', '::1']);

/** Whether a URL's hostname is this machine (traffic to it never crosses a network). */
export function isLoopback(hostname: string): boolean {
  return LOOPBACK_HOSTS.has(hostname) || /^127\.\d+\.\d+\.\d+$/.test(hostname);
}

/** `scheme://` and everything after it up to the last `@`: where a user and password would be. */
const USERINFO = /^([^\s:/?#]*:\/\/).*@/;

/**
 * A URL as it may be shown: scheme, host and path, never a user, a password or a query. Text
 * that does not parse as a URL loses everything from `//` up to its last `@` (a password may
 * itself hold `/` or `@`).
 */
export function redactUrl(text: string): string {
  // Cut first, parse second: a password holding `/` makes a parser end the host inside it.
  const cut = text.replace(USERINFO, '$1');
  try {
    const url = new URL(cut);
    if (url.host !== '') return `${url.protocol}//${url.host}${url.pathname === '/' ? '' : url.pathname}`;
  } catch {
    // Not a URL: shown as cut, without a query.
  }
  return cut.replace(/[?#].*$/, '');
}

/**
 * A URL we may send credentials to: https anywhere, plain http only on loopback (the emulator).
 * Credentials over plain http to another host would travel in the clear. A user or password in
 * it is refused: it would be sent to the host in the clear of every log that shows the URL.
 */
const secureUrl = (variable: string) =>
  z
    .string()
    .trim()
    .superRefine((value, ctx) => {
      // Before parsing: a password holding `/` does not parse as one.
      if (USERINFO.test(value)) {
        ctx.addIssue({
          code: 'custom',
          message: `Expected \`${variable}\` to be a URL without a user or password, got \`${redactUrl(value)}\` with one`,
        });
        return;
      }
      let url: URL;
      try {
        url = new URL(value);
      } catch {
        ctx.addIssue({ code: 'custom', message: `Expected \`${variable}\` to be a URL, got \`${redactUrl(value)}\`` });
        return;
      }
      if (url.username !== '' || url.password !== '') {
        ctx.addIssue({
          code: 'custom',
          message: `Expected \`${variable}\` to be a URL without a user or password, got \`${redactUrl(value)}\` with one`,
        });
        return;
      }
      if (url.protocol === 'http:' && !isLoopback(url.hostname)) {
        ctx.addIssue({
          code: 'custom',
          message:
            `Expected \`${variable}\` to be an https URL (plain http only on loopback), got \`${redactUrl(value)}\`: ` +
            'ccbulk does not send credentials in the clear to another machine',
        });
        return;
      }
      if (url.protocol !== 'https:' && url.protocol !== 'http:') {
        ctx.addIssue({ code: 'custom', message: `Expected \`${variable}\` to be an https URL, got \`${redactUrl(value)}\`` });
        return;
      }
      // Every path of the API is under /v2: without it each request answers 404 "No such API",
      // which would read as "no address book has that name".
      if (variable === 'ZOOM_API_URL' && !/\/v2\/*$/.test(url.pathname)) {
        ctx.addIssue({
          code: 'custom',
          message: `Expected \`${variable}\` to be the API's base URL, ending in /v2 (like ${DEFAULT_API_URL}), got \`${redactUrl(value)}\`: every request to it would answer 404 "No such API"`,
        });
      }
    })
    .transform((value) => value.replace(/\/+$/, ''));

const required = (variable: string) =>
  z
    .string({ error: `\`${variable}\` is not set` })
    .trim()
    .min(1, { error: `\`${variable}\` is empty` });

const envSchema = z.object({
  ZOOM_ACCOUNT_ID: required('ZOOM_ACCOUNT_ID'),
  ZOOM_CLIENT_ID: required('ZOOM_CLIENT_ID'),
  ZOOM_CLIENT_SECRET: required('ZOOM_CLIENT_SECRET'),
  ZOOM_API_URL: secureUrl('ZOOM_API_URL').optional(),
  ZOOM_OAUTH_URL: secureUrl('ZOOM_OAUTH_URL').optional(),
  ZOOM_CLOUD: z
    .string()
    .trim()
    .toLowerCase()
    .refine((value): value is ZoomCloud => Object.hasOwn(ZOOM_CLOUDS, value), {
      error: (issue) => `Expected \`ZOOM_CLOUD\` to be one of ${Object.keys(ZOOM_CLOUDS).join(', ')}, got \`${String(issue.input)}\``,
    })
    .default('commercial'),
});

/**
 * Reads the client's configuration from environment variables (`ZOOM_ACCOUNT_ID`,
 * `ZOOM_CLIENT_ID`, `ZOOM_CLIENT_SECRET`, optional `ZOOM_CLOUD` (`commercial` or `gov`),
 * `ZOOM_API_URL` and `ZOOM_OAUTH_URL`, which win over the cloud's hosts).
 * Throws one `CcbulkError` (`CONFIG_INVALID`) listing every problem; values of secrets are never
 * echoed.
 */
export function zoomConfigFromEnv(env: NodeJS.ProcessEnv = process.env): ZoomConfig {
  const blankToUndefined = (value: string | undefined) => (value === undefined || value.trim() === '' ? undefined : value);
  const parsed = envSchema.safeParse({
    ZOOM_ACCOUNT_ID: env.ZOOM_ACCOUNT_ID,
    ZOOM_CLIENT_ID: env.ZOOM_CLIENT_ID,
    ZOOM_CLIENT_SECRET: env.ZOOM_CLIENT_SECRET,
    ZOOM_API_URL: blankToUndefined(env.ZOOM_API_URL),
    ZOOM_OAUTH_URL: blankToUndefined(env.ZOOM_OAUTH_URL),
    ZOOM_CLOUD: blankToUndefined(env.ZOOM_CLOUD),
  });
  if (!parsed.success) {
    // Missing credentials and an unusable address are different problems, said as such.
    const isUrl = (issue: { path: PropertyKey[] }) => /_URL$|_CLOUD$/.test(String(issue.path[0]));
    const credentials = parsed.error.issues.filter((issue) => !isUrl(issue)).map((issue) => issue.message);
    const urls = parsed.error.issues.filter(isUrl).map((issue) => issue.message);
    const parts = [
      ...(credentials.length > 0 ? [`Zoom credentials are not configured: ${credentials.join('; ')}`] : []),
      ...(urls.length > 0 ? [`Zoom's address is refused: ${urls.join('; ')}`] : []),
    ];
    throw new CcbulkError('CONFIG_INVALID', parts.join('. '));
  }
  const v = parsed.data;
  const cloud = ZOOM_CLOUDS[v.ZOOM_CLOUD as ZoomCloud];
  return {
    accountId: v.ZOOM_ACCOUNT_ID,
    clientId: v.ZOOM_CLIENT_ID,
    clientSecret: v.ZOOM_CLIENT_SECRET,
    apiUrl: v.ZOOM_API_URL ?? cloud.apiUrl,
    oauthUrl: v.ZOOM_OAUTH_URL ?? cloud.oauthUrl,
  };
}
