import { CcbulkError, dispositionOf } from '../errors.js';
import { backoffDelay, sleep } from './backoff.js';
import { redactUrl, type ZoomConfig } from './config.js';
import type { TokenStore } from './redis-token-store.js';
import { isRedirect, redirectRefused } from './redirect-refused.js';
import { parseScope } from './scopes.js';
import { scrubSecrets } from './scrub-secrets.js';

/** How the token provider fetches and keeps tokens. */
export interface TokenProviderOptions {
  /** Clock, ms. Default Date.now. */
  readonly now?: () => number;
  /** The fetch token requests go through (a proxy's, see proxy-fetch.ts). Default the platform's. */
  readonly fetch?: typeof globalThis.fetch;
  /** Attempts at a token before giving up on network errors and 5xx. Default 4. */
  readonly maxAttempts?: number;
  /** Per-attempt timeout, ms. Default 30 000. */
  readonly timeoutMs?: number;
  /** Backoff base between attempts, ms. Default 500. */
  readonly backoffBaseMs?: number;
  /**
   * Tokens shared with other processes (Redis): one of them fetches under a lock, the others
   * read what it stored. Default none: this process fetches its own.
   */
  readonly shared?: TokenStore;
  /** How long a process waits for another's fetch before fetching itself, ms. Default 30 000. */
  readonly sharedWaitMs?: number;
}

interface CachedToken {
  readonly value: string;
  readonly expiresAt: number;
  readonly refreshAt: number;
  /** The token response's `scope`, space-separated, when it had one. */
  readonly scope?: string | undefined;
}

/**
 * Server-to-Server OAuth tokens for one account. Exactly one fetch is under way at a time in the
 * process: Zoom has been seen to invalidate a token when another fetch for the same app races it,
 * so every caller that needs a token while a fetch is running waits for that fetch. The token is
 * fetched again ahead of its expiry (a tenth of its lifetime early, at most five minutes), and on
 * demand when a request was answered 401 with it.
 */
export class TokenProvider {
  private cached: CachedToken | undefined;
  private pending: Promise<CachedToken> | undefined;
  private fetchCount = 0;
  private readonly now: () => number;
  private readonly fetch: typeof globalThis.fetch;
  private readonly maxAttempts: number;
  private readonly timeoutMs: number;
  private readonly backoffBaseMs: number;
  private readonly shared: TokenStore | undefined;
  private readonly sharedWaitMs: number;
  /** The last token Zoom refused: a shared copy of it is not taken again. */
  private refused: string | undefined;

  constructor(
    private readonly config: ZoomConfig,
    options: TokenProviderOptions = {},
  ) {
    this.now = options.now ?? Date.now;
    this.fetch = options.fetch ?? globalThis.fetch;
    this.maxAttempts = options.maxAttempts ?? 4;
    this.timeoutMs = options.timeoutMs ?? 30_000;
    this.backoffBaseMs = options.backoffBaseMs ?? 500;
    this.shared = options.shared;
    this.sharedWaitMs = options.sharedWaitMs ?? 30_000;
  }

  /** How many token requests this provider has sent. */
  get fetches(): number {
    return this.fetchCount;
  }

  /** A valid access token, fetched only when there is none or it is about to expire. */
  async token(): Promise<string> {
    const cached = this.cached;
    if (cached && this.now() < cached.refreshAt) return cached.value;
    return (await this.refresh()).value;
  }

  /**
   * The scopes of the token this provider hands out (fetching one if there is none), from the
   * token response's `scope`; undefined when the response had none, and then nothing can be
   * checked before the requests themselves.
   */
  async grantedScopes(): Promise<ReadonlySet<string> | undefined> {
    await this.token();
    return parseScope(this.cached?.scope);
  }

  /**
   * Whether `token` is the one this provider hands out now. A 401 with a token that is no longer
   * current came from a request sent before a newer token replaced it, and says nothing about
   * the newer one.
   */
  isCurrent(token: string): boolean {
    return this.cached?.value === token;
  }

  /**
   * Forgets `token` after Zoom refused it (401), so the next `token()` fetches a new one. A token
   * other than the current one is ignored: many requests in flight get their 401 together, and
   * only the first should cause a fetch.
   */
  invalidate(token: string): void {
    if (this.cached?.value === token) this.cached = undefined;
    this.refused = token;
    // Best effort: if the shared copy stays, the next reader skips it as refused anyway.
    void this.shared?.forget(token).catch(() => undefined);
  }

  private refresh(): Promise<CachedToken> {
    this.pending ??= (this.shared ? this.refreshShared(this.shared) : this.fetchWithRetries()).finally(() => {
      this.pending = undefined;
    });
    return this.pending;
  }

  /**
   * The account's token from the shared store, fetched by whichever process takes the lock first.
   * Only one fetch per account is under way across processes; the others poll the store until
   * the token appears. If the store fails (Redis lost), this process fetches on its own: a second
   * token is better than a stopped run.
   */
  private async refreshShared(store: TokenStore): Promise<CachedToken> {
    const deadline = this.now() + this.sharedWaitMs;
    try {
      for (;;) {
        const stored = await store.read();
        if (stored && stored.value !== this.refused && this.now() < stored.refreshAt) return (this.cached = stored);
        const handle = await store.lock(this.timeoutMs * this.maxAttempts);
        if (handle !== undefined) {
          try {
            // Another process may have stored a token between our read and our lock.
            const again = await store.read();
            if (again && again.value !== this.refused && this.now() < again.refreshAt) return (this.cached = again);
            const token = await this.fetchWithRetries();
            await store.write(token).catch(() => undefined);
            return token;
          } finally {
            await store.release(handle).catch(() => undefined);
          }
        }
        if (this.now() >= deadline) break;
        await sleep(100);
      }
    } catch (error) {
      if (error instanceof CcbulkError) throw error;
    }
    return this.fetchWithRetries();
  }

  private async fetchWithRetries(): Promise<CachedToken> {
    for (let attempt = 1; ; attempt++) {
      try {
        const token = await this.fetchOnce();
        this.cached = token;
        return token;
      } catch (error) {
        if (dispositionOf(error) === 'fatal' || attempt >= this.maxAttempts) throw error;
        await sleep(backoffDelay(attempt, { baseMs: this.backoffBaseMs }));
      }
    }
  }

  private async fetchOnce(): Promise<CachedToken> {
    const url = new URL(this.config.oauthUrl);
    url.searchParams.set('grant_type', 'account_credentials');
    url.searchParams.set('account_id', this.config.accountId);
    const basic = Buffer.from(`${this.config.clientId}:${this.config.clientSecret}`).toString('base64');
    const where = `${url.origin}${url.pathname}`;
    this.fetchCount++;
    let response: Response;
    try {
      response = await this.fetch(url, {
        method: 'POST',
        headers: { authorization: `Basic ${basic}`, accept: 'application/json' },
        // Never followed: the Basic credentials would go wherever the Location points.
        redirect: 'manual',
        signal: AbortSignal.timeout(this.timeoutMs),
      });
    } catch (error) {
      // No token means no request can be sent: the run stops, resumably, rather than reject rows.
      throw new CcbulkError('NETWORK_ERROR', `OAuth token request to ${where} failed: ${describeFetchError(error)}`, {
        cause: error,
        disposition: 'stop',
      });
    }
    const text = await response.text();
    const body = safeJson(text);
    if (isRedirect(response.status)) throw redirectRefused(`OAuth token request to ${where}`, response.status, response.headers.get('location'), url.href, 'ZOOM_OAUTH_URL');
    if (response.status >= 500 || response.status === 429) {
      throw new CcbulkError('NETWORK_ERROR', `OAuth token request to ${where} answered ${response.status}`, {
        status: response.status,
        disposition: 'stop',
      });
    }
    if (!response.ok) {
      const said = typeof body?.reason === 'string' ? body.reason : typeof body?.error === 'string' ? body.error : '';
      // The OAuth server's words may echo the Basic header: they are scrubbed of it, and cut.
      const reason = scrubSecrets(said, [basic, this.config.clientSecret, `${this.config.clientId}:${this.config.clientSecret}`], 200);
      throw new CcbulkError(
        'AUTH_FAILED',
        `OAuth token request to ${where} was refused (${response.status}${reason === '' ? '' : `: ${reason}`}); ` +
          'check ZOOM_ACCOUNT_ID, ZOOM_CLIENT_ID and ZOOM_CLIENT_SECRET',
        { status: response.status },
      );
    }
    const value = body?.access_token;
    const expiresIn = Number(body?.expires_in);
    if (typeof value !== 'string' || value === '' || !Number.isFinite(expiresIn) || expiresIn <= 0) {
      throw new CcbulkError('AUTH_FAILED', `OAuth token response from ${where} has no usable access_token/expires_in`);
    }
    const issuedAt = this.now();
    const lifetimeMs = expiresIn * 1000;
    const margin = Math.min(300_000, lifetimeMs / 10);
    const scope = typeof body?.scope === 'string' ? body.scope : undefined;
    return { value, expiresAt: issuedAt + lifetimeMs, refreshAt: issuedAt + lifetimeMs - margin, scope };
  }
}

function safeJson(text: string): Record<string, unknown> | undefined {
  try {
    const parsed: unknown = JSON.parse(text);
    return typeof parsed === 'object' && parsed !== null ? (parsed as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

/** A short, secret-free description of why fetch threw. */
export function describeFetchError(error: unknown): string {
  if (error instanceof Error) {
    if (error.name === 'TimeoutError') return 'timed out';
    const cause = (error as { cause?: { code?: unknown; message?: unknown } }).cause;
    if (cause && typeof cause.code === 'string') return cause.code;
    if (cause && typeof cause.message === 'string') return withoutUrlSecrets(cause.message);
    return withoutUrlSecrets(error.message);
  }
  return withoutUrlSecrets(String(error));
}

/**
 * fetch's own messages quote the whole URL ("Request cannot be constructed from a URL that
 * includes credentials: http://user:pass@…?page_size=300"): each URL is shown without its user,
 * password and query.
 */
function withoutUrlSecrets(text: string): string {
  return text.replace(/\b[a-z][a-z0-9+.-]*:\/\/\S+/gi, (url) => redactUrl(url));
}
