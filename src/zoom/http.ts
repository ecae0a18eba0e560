import type { Disposition } from '../errors.js';
import { ZoomApiError, type ZoomFieldError } from './api-error.js';
import { backoffDelay, sleep } from './backoff.js';
import { DailyLimitError } from './daily-limit-error.js';
import { handlingOf, type ZoomCodeHandling } from './error-codes.js';
import { scopeRefusedMessage } from './scopes.js';
import { operationTable, type OperationId } from './generated/operations.js';
import { hostAndPort, ZoomNetworkError } from './network-error.js';
import type { PathParams, QueryParams, RequestBody, SuccessBody } from './operation-types.js';
import type { RequestLimiter } from './rate-limiter.js';
import { rateLabelOf, type RateLabel } from './rate-plans.js';
import { classifyRateLimit } from './rate-limit-answer.js';
import type { Fetch } from './proxy-fetch.js';
import { ResourceConcurrency, type ResourceSlot } from './resource-concurrency.js';
import { parseRetryAfter } from './retry-after.js';
import { isRedirect, redirectRefused } from './redirect-refused.js';
import { removeSecrets, scrubDeep, scrubSecrets } from './scrub-secrets.js';
import { describeFetchError, type TokenProvider } from './token-provider.js';

/** What one API call sends: path parameters, query and JSON body, typed from the spec. */
export interface CallInput<Id extends OperationId> {
  readonly path?: PathParams<Id>;
  readonly query?: QueryParams<Id>;
  readonly body?: RequestBody<Id>;
}

/** Per-call options. */
export interface CallOptions {
  /**
   * Retry a request that is not safe to repeat (POST) after a network failure whose outcome is
   * unknown. Default false: the caller gets a `ZoomNetworkError` with `outcomeKnown: false` and
   * decides (for a batch create, by looking the contacts up before sending them again).
   */
  readonly retryUnknownOutcome?: boolean;
}

/** Something the client did that a caller may want to count or show. */
export type ClientEvent =
  | { readonly type: 'retry'; readonly operationId: OperationId; readonly reason: string; readonly delayMs: number }
  | { readonly type: 'rate-limited'; readonly operationId: OperationId; readonly label: RateLabel; readonly waitMs: number }
  | { readonly type: 'token-refetch'; readonly operationId: OperationId };

/** One attempt's answer (or its absence), for whoever measures latency. */
export interface ClientResponse {
  readonly operationId: OperationId;
  /** The HTTP status; undefined when no answer came (network error, timeout). */
  readonly status: number | undefined;
  /** From sending the request to reading the whole answer, ms (the limiter's wait not included). */
  readonly latencyMs: number;
}

/** Someone observing a client for a while (a run's report), added and removed with `watch`. */
export interface ClientWatcher {
  event?(event: ClientEvent): void;
  response?(response: ClientResponse): void;
}

/** Running totals of one client's traffic. */
export interface ClientStats {
  /** HTTP attempts sent to the API (token requests not included). */
  requests: number;
  /** Attempts that were repeats of an earlier one. */
  retries: number;
  /** 429 answers received. */
  rateLimited: number;
}

/** Settings of the HTTP core. */
export interface ZoomHttpOptions {
  readonly apiUrl: string;
  readonly tokens: TokenProvider;
  readonly limiter: RequestLimiter;
  /** Retries after 5xx or network errors before giving up. Default 5. */
  readonly maxRetries?: number;
  /** Retries after QPS 429s before giving up. Default 30. */
  readonly maxRateLimitRetries?: number;
  /** Per-attempt timeout, ms. Default 30 000. */
  readonly timeoutMs?: number;
  /** Backoff base after 5xx and network errors, ms. Default 500. */
  readonly backoffBaseMs?: number;
  /** Wait after a QPS 429 that carries no usable Retry-After, ms. Default 1000 (Zoom's window). */
  readonly defaultRateLimitWaitMs?: number;
  /** Clock, ms. Default Date.now. */
  readonly now?: () => number;
  /** Called for retries, 429s and token re-fetches. */
  readonly onEvent?: (event: ClientEvent) => void;
  /** The fetch requests go through (a proxy's, see proxy-fetch.ts). Default the platform's. */
  readonly fetch?: Fetch;
  /** Requests in flight per resource, lowered by "Too many concurrent requests". Default a new gate. */
  readonly resources?: ResourceConcurrency;
}

type Attempt =
  | { readonly kind: 'answer'; readonly status: number; readonly headers: Headers; readonly body: unknown; readonly token: string }
  | { readonly kind: 'no-answer'; readonly error: unknown; readonly outcomeKnown: boolean };

/** Fresh tokens fetched for one request that keeps answering 401, before the run stops. */
const MAX_REAUTHENTICATIONS = 4;

/**
 * 5xx answers that say the server did not take the request in at all (it does not implement the
 * method, or the HTTP version): never applied, and never worth repeating.
 */
const NOT_APPLIED_5XX = new Set([501, 505]);

/**
 * 401s with a token that was replaced while the request was in flight, retried with the current
 * token without counting as the call's one re-fetch. Bounded so that a provider whose token keeps
 * changing under the request cannot loop for ever.
 */
const MAX_STALE_TOKEN_RETRIES = 3;

/** Connection errors that mean the request never left this machine, so repeating it is safe. */
const NOT_SENT_CODES = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'ENETUNREACH', 'EHOSTUNREACH', 'UND_ERR_CONNECT_TIMEOUT']);

/**
 * The one place where a request meets the network. Every attempt, retries included, goes through
 * the label's limiter. Decides, in one place, what is retryable: 429 (after waiting as Zoom says),
 * 5xx and network errors (bounded, with backoff); 401 once, with a fresh token; everything else is
 * terminal and surfaces as a `ZoomApiError`.
 */
export class ZoomHttp {
  readonly stats: ClientStats = { requests: 0, retries: 0, rateLimited: 0 };
  private readonly dailyBlocked = new Map<RateLabel, DailyLimitError>();
  private readonly apiUrl: string;
  /** The API's `host:port`, for the message of a request that got no answer. */
  private readonly apiHost: string;
  private readonly tokens: TokenProvider;
  private readonly limiter: RequestLimiter;
  private readonly maxRetries: number;
  private readonly maxRateLimitRetries: number;
  private readonly timeoutMs: number;
  private readonly backoffBaseMs: number;
  private readonly defaultRateLimitWaitMs: number;
  private readonly now: () => number;
  private readonly onEvent: (event: ClientEvent) => void;
  private readonly watchers = new Set<ClientWatcher>();
  private readonly fetch: Fetch;
  /** Requests in flight per resource: what "Too many concurrent requests" lowers, not the rate. */
  readonly resources: ResourceConcurrency;

  constructor(options: ZoomHttpOptions) {
    this.fetch = options.fetch ?? globalThis.fetch;
    this.resources = options.resources ?? new ResourceConcurrency();
    this.apiUrl = options.apiUrl.replace(/\/+$/, '');
    this.apiHost = hostAndPort(this.apiUrl);
    this.tokens = options.tokens;
    this.limiter = options.limiter;
    this.maxRetries = options.maxRetries ?? 5;
    this.maxRateLimitRetries = options.maxRateLimitRetries ?? 30;
    this.timeoutMs = options.timeoutMs ?? 30_000;
    this.backoffBaseMs = options.backoffBaseMs ?? 500;
    this.defaultRateLimitWaitMs = options.defaultRateLimitWaitMs ?? 1000;
    this.now = options.now ?? Date.now;
    const onEvent = options.onEvent ?? (() => undefined);
    this.onEvent = (event) => {
      onEvent(event);
      for (const watcher of this.watchers) watcher.event?.(event);
    };
  }

  /**
   * Adds a watcher of events and answers until the returned function is called: one client
   * serves several jobs (the demo, the web UI), and each run records only its own traffic.
   */
  watch(watcher: ClientWatcher): () => void {
    this.watchers.add(watcher);
    return () => this.watchers.delete(watcher);
  }

  /** Calls operation `id` of the spec and returns its success body. */
  async call<Id extends OperationId>(id: Id, input: CallInput<Id> = {}, options: CallOptions = {}): Promise<SuccessBody<Id>> {
    const op = operationTable[id];
    const label = rateLabelOf(id);
    const path = fillPath(op.path, (input.path ?? {}) as Record<string, string>);
    const url = this.apiUrl + path + queryString((input.query ?? {}) as Record<string, unknown>);
    const safeToRepeat = op.method !== 'POST' || options.retryUnknownOutcome === true;
    // What Zoom counts concurrent requests by: one method on one resource (template and ids).
    const resource = `${op.method} ${path}`;
    const bodyText = input.body === undefined ? undefined : JSON.stringify(input.body);

    let failures = 0;
    // Whether any try may have reached the server: only a request none of whose tries did is known unapplied.
    let mayHaveArrived = false;
    let rateLimits = 0;
    let reauthentications = 0;
    let staleTokenRetries = 0;
    for (let attemptNo = 0; ; attemptNo++) {
      const blocked = this.dailyBlocked.get(label);
      if (blocked) throw blocked;
      if (attemptNo > 0) this.stats.retries++;
      // Repeats go ahead of first attempts so that a busy queue cannot starve them.
      const priority = attemptNo > 0 ? 3 : 5;
      // The resource's place is taken before the label's pace: a request waiting for its
      // resource must not hold a slot that a request to another resource could use.
      const slot: ResourceSlot = await this.resources.acquire(resource);
      let attempt: Attempt;
      try {
        attempt = await this.limiter.schedule(label, () => this.send(id, op.method, url, bodyText), priority);
      } finally {
        slot.release();
      }

      if (attempt.kind === 'no-answer') {
        const reason = describeFetchError(attempt.error);
        if (!attempt.outcomeKnown && !safeToRepeat) {
          throw new ZoomNetworkError(op.method, path, this.apiHost, reason, false, attempt.error);
        }
        if (!attempt.outcomeKnown) mayHaveArrived = true;
        if (++failures > this.maxRetries) {
          throw new ZoomNetworkError(op.method, path, this.apiHost, `${reason} (gave up after ${failures} attempts)`, !mayHaveArrived, attempt.error, true);
        }
        await this.backoff(id, reason, failures);
        continue;
      }

      const { status, headers, body } = attempt;
      if (status >= 200 && status < 300) {
        this.observeQuota(label, headers, false);
        return body as SuccessBody<Id>;
      }
      if (isRedirect(status)) throw redirectRefused(`${op.method} ${path}`, status, headers.get('location'), url, 'ZOOM_API_URL');

      if (status >= 400 && status < 500 && handlingOf(status, zoomCodeOf(body))?.disposition === 'fatal') {
        // A missing scope (4711), an app or user Zoom refuses: a fresh token has the same scopes
        // and the same user, and no row is at fault. Said at once, never retried.
        throw this.apiError(op.method, path, status, body, false, undefined, id);
      }

      if (status === 401 && staleTokenRetries < MAX_STALE_TOKEN_RETRIES && !this.tokens.isCurrent(attempt.token)) {
        // Refused a token that a newer one has replaced while this request was in flight (Zoom
        // before June 2023, or the emulator's single-token mode, kill the old token at each
        // fetch): the provider has the new one already, so this is no sign of lost credentials.
        staleTokenRetries++;
        continue;
      }

      if (status === 401 && reauthentications < MAX_REAUTHENTICATIONS) {
        // Expired or revoked token: a fresh token, another try. A token revoked again at once
        // (an admin rotating credentials, an aggressive expiry) gets a few tries, backing off
        // after the first, before the credentials count as lost.
        this.tokens.invalidate(attempt.token);
        this.onEvent({ type: 'token-refetch', operationId: id });
        if (reauthentications++ > 0) await this.backoff(id, 'HTTP 401 again with a fresh token', reauthentications);
        continue;
      }

      if (status === 429) {
        this.stats.rateLimited++;
        const waitMs = parseRetryAfter(headers.get('retry-after'), this.now());
        // Per-second and concurrency 429s are both waited out under the limiter; only a daily
        // one stops the label (see classifyRateLimit for how the answer is read).
        const kind = classifyRateLimit(headers, body);
        if (kind === 'daily') {
          const error = new DailyLimitError(label, waitMs === undefined ? undefined : new Date(this.now() + waitMs), path);
          this.dailyBlocked.set(label, error);
          throw error;
        }
        if (kind === 'concurrent') {
          // Too many at once on this resource: fewer go to it, and the label's rate is left alone
          // (the other resources of the label are not the ones refused). The retry waits for a
          // place under the lowered limit rather than for a clock.
          this.resources.refused(resource, slot.inFlightAtSend);
          this.onEvent({ type: 'rate-limited', operationId: id, label, waitMs: 0 });
          if (++rateLimits > this.maxRateLimitRetries) throw this.apiError(op.method, path, status, body, true);
          if (slot.inFlightAtSend <= 1) await sleep(Math.max(waitMs ?? this.defaultRateLimitWaitMs, 50));
          continue;
        }
        this.observeQuota(label, headers, true);
        const wait = Math.max(waitMs ?? this.defaultRateLimitWaitMs, 50);
        this.limiter.rateLimited(label, wait);
        this.onEvent({ type: 'rate-limited', operationId: id, label, waitMs: wait });
        if (++rateLimits > this.maxRateLimitRetries) throw this.apiError(op.method, path, status, body, true);
        continue;
      }

      if (status >= 500 && !safeToRepeat && !NOT_APPLIED_5XX.has(status)) {
        // A 5xx says nothing about whether the write happened: Zoom may have applied the batch
        // and failed afterwards. Sending it again could create every contact twice, so the caller
        // gets an outcome-unknown error and looks the items up first (senders/recovery.ts). A 504
        // is a gateway that gave up waiting: the write may still land, as after a timeout.
        if (status === 504) {
          const timedOut = this.apiError(op.method, path, status, body, true);
          throw new ZoomNetworkError(op.method, path, this.apiHost, `timed out behind Zoom's gateway (HTTP 504)`, false, timedOut);
        }
        throw this.apiError(op.method, path, status, body, true, 'retry');
      }

      if (status >= 500 && !NOT_APPLIED_5XX.has(status)) {
        mayHaveArrived = true;
        // Zoom failing request after request says nothing about the rows: the run stops, and the
        // resume sends them once it is well again.
        if (++failures > this.maxRetries) throw this.apiError(op.method, path, status, body, true, 'stop');
        const hinted = parseRetryAfter(headers.get('retry-after'), this.now());
        await this.backoff(id, `HTTP ${status}`, failures, hinted);
        continue;
      }

      if (status === 401) {
        // Refused again and again with fresh tokens: the credentials are lost, which is never the
        // rows' fault. The run stops resumably.
        throw this.apiError(op.method, path, status, body, false, 'stop');
      }
      throw this.apiError(op.method, path, status, body, false, undefined, id);
    }
  }

  /**
   * Passes the per-second quota an answer reports, if it reports one, to the limiter: the limit
   * to pace by, and on a success what is left of it. A 429's headers are believed only when they
   * say `X-RateLimit-Type: QPS`: 429s have come with another bucket's figures and no type
   * (a per-user daily `Limit 6000`). A category naming another label is never believed.
   */
  private observeQuota(label: RateLabel, headers: Headers, refused: boolean): void {
    const type = headers.get('x-ratelimit-type')?.trim().toLowerCase();
    if (refused ? type !== 'qps' : type !== undefined && type !== 'qps') return;
    const category = headers.get('x-ratelimit-category')?.trim().toUpperCase();
    if (category !== undefined && category !== label) return;
    const count = (name: string) => {
      const text = headers.get(name)?.trim() ?? '';
      return /^\d+$/.test(text) ? Number(text) : undefined;
    };
    const remaining = count('x-ratelimit-remaining');
    const limit = count('x-ratelimit-limit');
    if (limit !== undefined) this.limiter.learned?.(label, limit);
    if (!refused && remaining !== undefined && limit !== undefined) this.limiter.observed?.(label, remaining, limit);
  }

  private async send(id: OperationId, method: string, url: string, bodyText: string | undefined): Promise<Attempt> {
    // A token failure (refused credentials) is not this request's and is thrown as it is.
    const token = await this.tokens.token();
    this.stats.requests++;
    const sentAt = this.watchers.size === 0 ? 0 : performance.now();
    const answered = (status: number | undefined) => {
      if (this.watchers.size === 0) return;
      const response = { operationId: id, status, latencyMs: performance.now() - sentAt };
      for (const watcher of this.watchers) watcher.response?.(response);
    };
    try {
      const response = await this.fetch(url, {
        method,
        headers: {
          authorization: `Bearer ${token}`,
          accept: 'application/json',
          ...(bodyText === undefined ? {} : { 'content-type': 'application/json' }),
        },
        body: bodyText,
        // Never followed: see redirect-refused.ts.
        redirect: 'manual',
        signal: AbortSignal.timeout(this.timeoutMs),
      });
      const text = await response.text();
      answered(response.status);
      return { kind: 'answer', status: response.status, headers: response.headers, body: scrubAnswer(method, response.status, parseJson(text), token), token };
    } catch (error) {
      answered(undefined);
      return { kind: 'no-answer', error, outcomeKnown: notSent(error) };
    }
  }

  private async backoff(id: OperationId, reason: string, failures: number, hintedMs?: number): Promise<void> {
    const delayMs = hintedMs ?? backoffDelay(failures, { baseMs: this.backoffBaseMs });
    this.onEvent({ type: 'retry', operationId: id, reason, delayMs });
    await sleep(delayMs);
  }

  /**
   * The error for an answer that is not a success. Unless the caller decided its disposition, the
   * code Zoom gave is read in zoom/error-codes.ts, the one table of what Zoom's codes mean.
   */
  private apiError(method: string, path: string, status: number, body: unknown, retryable: boolean, disposition?: Disposition, id?: OperationId): ZoomApiError {
    const record = typeof body === 'object' && body !== null ? (body as Record<string, unknown>) : {};
    const code = zoomCodeOf(body);
    const message = typeof record.message === 'string' ? record.message : undefined;
    const errors = Array.isArray(record.errors) ? record.errors.filter(isFieldError) : undefined;
    const handling = disposition === undefined ? handlingOf(status, code) : undefined;
    return new ZoomApiError({
      method,
      path,
      status,
      zoomCode: code,
      zoomMessage: message,
      errors,
      body,
      retryable,
      disposition: disposition ?? handling?.disposition,
      code: handling?.code,
      meaning: handling?.meaning,
      advice: handling === undefined ? undefined : adviceFor(handling, path, message, id),
    });
  }
}

/**
 * An answer's body with the secrets taken out before any of it can become a message or a reason
 * (see scrub-secrets.ts). Error bodies lose every `Bearer …`/`Basic …` value and the token, and
 * long texts are cut; a write's success body (whose refused items' messages become reasons, and
 * which echoes the contacts sent) loses only the exact token; listings are data and left alone.
 */
function scrubAnswer(method: string, status: number, body: unknown, token: string): unknown {
  if (status < 200 || status >= 300) return scrubDeep(body, (text) => scrubSecrets(text, [token]));
  if (method === 'GET' || body === undefined) return body;
  return scrubDeep(body, (text) => removeSecrets(text, [token]));
}

/** Zoom's numeric code in an error body (`code`, or `errorCode` in the older shape). */
function zoomCodeOf(body: unknown): number | undefined {
  const record = typeof body === 'object' && body !== null ? (body as Record<string, unknown>) : {};
  return typeof record.code === 'number' ? record.code : typeof record.errorCode === 'number' ? record.errorCode : undefined;
}

/** What an answer with a code that is handled apart means, and what to do, in words. */
function adviceFor(handling: ZoomCodeHandling, path: string, zoomMessage: string | undefined, id: OperationId | undefined): string | undefined {
  switch (handling.meaning) {
    case 'scope-missing':
      return id === undefined ? undefined : scopeRefusedMessage(id, zoomMessage);
    case 'app-refused':
      return "Zoom refuses the app or the user its token acts as, whatever the request: check the app's activation and the Contact Center user's license and role";
    case 'target-gone': {
      const target = handling.entry?.target ?? 'target';
      // The id is the path segment after the collection: address_books/{id}, contact_lists/{id}, dnc_lists/{id}.
      const id = /\/(?:address_books|contact_lists|dnc_lists)\/([^/]+)/.exec(path)?.[1];
      return `the ${target}${id === undefined ? '' : ` ${decodeURIComponent(id)}`} does not exist (deleted while the run went on?); nothing more is sent to it`;
    }
    case 'list-full':
      return 'the campaign contact list is full: make room on it (remove contacts in Zoom), then resume; the rows not yet sent stay pending';
    case 'already-exists':
      return undefined;
  }
}

function isFieldError(value: unknown): value is ZoomFieldError {
  const v = value as Partial<ZoomFieldError> | null;
  return typeof v === 'object' && v !== null && typeof v.field === 'string' && typeof v.message === 'string';
}

function notSent(error: unknown): boolean {
  const cause = (error as { cause?: { code?: unknown } } | undefined)?.cause;
  return typeof cause?.code === 'string' && NOT_SENT_CODES.has(cause.code);
}

function parseJson(text: string): unknown {
  if (text === '') return undefined;
  try {
    return JSON.parse(text);
  } catch {
    // Not JSON (an HTML error page, a proxy's text): scrubbed with the rest of the error body.
    return { message: text.slice(0, 2000) };
  }
}

/** Substitutes `{name}` segments of a path template, URL-encoding each value. */
export function fillPath(template: string, params: Readonly<Record<string, string>>): string {
  return template.replace(/\{(\w+)\}/g, (_, name: string) => {
    const value = params[name];
    if (value === undefined) throw new Error(`path parameter ${name} missing for ${template}`);
    return encodeURIComponent(value);
  });
}

/** A query string; arrays repeat the parameter (OpenAPI's default form/explode style). */
export function queryString(query: Readonly<Record<string, unknown>>): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (value === undefined || value === null) continue;
    if (Array.isArray(value)) for (const item of value) params.append(key, String(item));
    else params.append(key, String(value));
  }
  const text = params.toString();
  return text === '' ? '' : `?${text}`;
}
