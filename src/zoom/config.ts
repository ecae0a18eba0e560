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

const LOOPBACK_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]', '::1']);

/** Whether a URL's hostname is this machine (traffic to it never crosses a network). */
export function isLoopback(hostname: string): boolean {
  return LOOPBACK_HOSTS.has(hostname) || /^127\.\d+\.\d+\.\d+$/.test(hostname);
}

/**
 * A URL we may send credentials to: https anywhere, plain http only on loopback (the emulator).
 * Credentials over plain http to another host would travel in the clear.
 */
const secureUrl = (variable: string) =>
  z
    .string()
    .trim()
    .superRefine((value, ctx) => {
      let url: URL;
      try {
        url = new URL(value);
      } catch {
        ctx.addIssue({ code: 'custom', message: `Expected \`${variable}\` to be a URL, got \`${value}\`` });
        return;
      }
      if (url.protocol === 'https:') return;
      if (url.protocol === 'http:' && isLoopback(url.hostname)) return;
      ctx.addIssue({
        code: 'custom',
        message: `Expected \`${variable}\` to be an https URL (plain http only on loopback), got \`${value}\``,
      });
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
  ZOOM_API_URL: secureUrl('ZOOM_API_URL').default(DEFAULT_API_URL),
  ZOOM_OAUTH_URL: secureUrl('ZOOM_OAUTH_URL').default(DEFAULT_OAUTH_URL),
});

/**
 * Reads the client's configuration from environment variables (`ZOOM_ACCOUNT_ID`,
 * `ZOOM_CLIENT_ID`, `ZOOM_CLIENT_SECRET`, optional `ZOOM_API_URL` and `ZOOM_OAUTH_URL`).
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
  });
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => issue.message).join('; ');
    throw new CcbulkError('CONFIG_INVALID', `Zoom credentials are not configured: ${problems}`);
  }
  const v = parsed.data;
  return {
    accountId: v.ZOOM_ACCOUNT_ID,
    clientId: v.ZOOM_CLIENT_ID,
    clientSecret: v.ZOOM_CLIENT_SECRET,
    apiUrl: v.ZOOM_API_URL,
    oauthUrl: v.ZOOM_OAUTH_URL,
  };
}
