import type { IncomingMessage } from 'node:http';
import type { Reply } from './reply.js';
import type { IssuedTokens } from './issued-tokens.js';

/** What the token endpoint needs to know. */
export interface OAuthSettings {
  readonly credentials: { readonly accountId: string; readonly clientId: string; readonly clientSecret: string };
  readonly tokenTtlSeconds: number;
  readonly invalidateOthers: boolean;
  /** Zoom's `api_url` answer field: where the API lives. */
  readonly apiBaseUrl: string;
  /** The scopes every token carries, as the answer's space-separated `scope`. */
  readonly scopes: readonly string[];
}

/**
 * Zoom's Server-to-Server OAuth token endpoint: `POST /oauth/token?grant_type=account_credentials
 * &account_id=…` with HTTP Basic client credentials. Errors use Zoom's `{reason, error}` shape.
 */
export function answerTokenRequest(
  req: IncomingMessage,
  url: URL,
  body: string,
  tokens: IssuedTokens,
  settings: OAuthSettings,
): Reply {
  // Zoom reads the grant from the query string; a form body is accepted as well.
  const form = new URLSearchParams(body);
  const grant = url.searchParams.get('grant_type') ?? form.get('grant_type');
  const account = url.searchParams.get('account_id') ?? form.get('account_id');
  const basic = /^Basic\s+(.+)$/i.exec(req.headers.authorization ?? '')?.[1];
  const [id, ...secret] = Buffer.from(basic ?? '', 'base64').toString('utf8').split(':');
  const { credentials } = settings;
  if (req.method !== 'POST') {
    return { status: 405, body: { reason: 'Method not allowed', error: 'invalid_request' } };
  }
  if (id !== credentials.clientId || secret.join(':') !== credentials.clientSecret) {
    return { status: 400, body: { reason: 'Invalid client_id or client_secret', error: 'invalid_client' } };
  }
  if (grant !== 'account_credentials') {
    return { status: 400, body: { reason: 'Unsupported grant type', error: 'unsupported_grant_type' } };
  }
  if (account !== credentials.accountId) {
    return { status: 400, body: { reason: 'Invalid account_id', error: 'invalid_request' } };
  }
  const token = tokens.issue(settings.tokenTtlSeconds, settings.invalidateOthers);
  return {
    status: 200,
    body: {
      access_token: token,
      token_type: 'bearer',
      expires_in: settings.tokenTtlSeconds,
      scope: settings.scopes.join(' '),
      api_url: settings.apiBaseUrl,
    },
  };
}
