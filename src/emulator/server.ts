import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ZodError } from 'zod';
import { DEFAULT_RATE_PLAN, planDailyCaps, planLimits, type RateLabel } from '../zoom/rate-plans.js';
import type { OperationId } from '../zoom/generated/operations.js';
import { everySpecScope, grants, scopesOf } from '../zoom/scopes.js';
import { mergeFaults, NO_FAULTS, type FaultSettings } from './faults.js';
import { answerTokenRequest } from './oauth.js';
import { DEMO_CREDENTIALS, type EmulatorOptions } from './options.js';
import { PageTokens } from './page-tokens.js';
import { createPrng } from './prng.js';
import { rateCategory, AccountQuota, type RateDecision } from './account-quota.js';
import { validationFailed, ErrorReply, type Reply } from './reply.js';
import { retryAfterValue } from './retry-after.js';
import { ITEMIZED_BATCHES, matchRoute, type RouteMatch } from './routes.js';
import { emptyStats, type EmulatorStats } from './stats.js';
import { EmulatorStore } from './store.js';
import { IssuedTokens } from './issued-tokens.js';
import { checkResponse, readQuery, validateBody } from './validation.js';
import { adminRequestAllowed, MAX_BODY_BYTES } from './request-guards.js';

export type { EmulatorOptions } from './options.js';
export type { FaultSettings } from './faults.js';
export type { EmulatorStats } from './stats.js';
export type { EmulatorStore } from './store.js';

/** A running emulator and the handles to steer and inspect it. */
export interface RunningEmulator {
  /** `http://HOST:PORT`. */
  readonly baseUrl: string;
  /** `baseUrl + '/v2'`: what the client uses as Zoom's API URL. */
  readonly apiUrl: string;
  /** `baseUrl + '/oauth/token'`. */
  readonly oauthUrl: string;
  /** `baseUrl + '/_emulator'`: faults, stats, reset and token expiry over HTTP. */
  readonly adminUrl: string;
  /** The credentials the OAuth endpoint accepts. */
  readonly credentials: { readonly accountId: string; readonly clientId: string; readonly clientSecret: string };
  /** The emulated account's contents, readable in-process. */
  readonly store: EmulatorStore;
  /** Changes some faults; throws a ZodError on an invalid value. Returns the faults now in force. */
  setFaults(patch: Partial<FaultSettings>): FaultSettings;
  /** The faults in force. */
  faults(): FaultSettings;
  /** A copy of the counters. */
  stats(): EmulatorStats;
  /** Zeroes the counters. */
  resetStats(): void;
  /** Makes every token issued so far expired. */
  expireAllTokens(): void;
  /** Makes every next_page_token issued so far expired: the listings that hold one must start over. */
  expirePageTokens(): void;
  /**
   * Every access token this emulator has issued, expired ones included: for tests that check no
   * token leaks into output. In-process only; no admin route serves it.
   */
  issuedTokens(): string[];
  /** Stops listening and drops open connections. */
  close(): Promise<void>;
}

const DEFAULT_TOKEN_TTL_SECONDS = 3600;
const DEFAULT_PAGE_TOKEN_TTL_MS = 15 * 60 * 1000;
const SERVER_ERRORS = [
  { status: 500, message: 'Internal Server Error' },
  { status: 502, message: 'Bad Gateway' },
  { status: 503, message: 'Service Unavailable' },
] as const;
/** Zoom's 429 messages, word for word: a client that reads no headers still learns the limit from them. */
const PER_SECOND_MESSAGE = 'You have reached the maximum per-second rate limit for this API. Try again later.';
const DAILY_MESSAGE =
  'You have reached the maximum daily rate limit for this API. Refer to the response header for details on when you can make another request.';
const CONCURRENT_MESSAGE = 'Too many concurrent requests';
/** The `X-RateLimit-Limit` of the other bucket a 429 may describe: a per-user daily LIGHT quota. */
const FOREIGN_BUCKET_LIMIT = 6000;

/**
 * Starts a Zoom Contact Center emulator on loopback: OAuth, the contact endpoints of the spec,
 * Zoom's rate limits and injectable faults. Resolves once it is listening.
 */
export async function startEmulator(options: EmulatorOptions = {}): Promise<RunningEmulator> {
  const credentials = {
    accountId: options.accountId ?? DEMO_CREDENTIALS.accountId,
    clientId: options.clientId ?? DEMO_CREDENTIALS.clientId,
    clientSecret: options.clientSecret ?? DEMO_CREDENTIALS.clientSecret,
  };
  const prng = createPrng(options.seed);
  // A store handed over from a closed emulator keeps its own id generator, so ids stay unique.
  const store = options.store ?? new EmulatorStore(prng);
  const tokens = new IssuedTokens(prng);
  const pages = new PageTokens(prng, options.pageTokenTtlMs ?? DEFAULT_PAGE_TOKEN_TTL_MS);
  const plan = options.plan ?? DEFAULT_RATE_PLAN;
  const limiter = new AccountQuota(planLimits(plan, options.limits), planDailyCaps(plan, options.dailyLimits));
  const initialFaults = mergeFaults(NO_FAULTS, {
    ...(options.tokenFetchInvalidatesOthers === true ? { tokenMode: 'single' } : {}),
    ...options.faults,
  });
  let faults = initialFaults;
  let stats = emptyStats();
  const tokenTtl = options.tokenTtlSeconds ?? DEFAULT_TOKEN_TTL_SECONDS;
  const scopes = [...(options.scopes ?? everySpecScope())];
  const granted = new Set(scopes);
  let baseUrl = '';
  /** Requests being worked on per resource (method and path), for `concurrencyLimit`. */
  const inFlight = new Map<string, number>();

  const count = (status: number): void => {
    stats.byStatus[status] = (stats.byStatus[status] ?? 0) + 1;
  };

  const send = (res: ServerResponse, reply: Reply, headers: Record<string, string> = {}): void => {
    count(reply.status);
    for (const [name, value] of Object.entries(headers)) res.setHeader(name, value);
    if (reply.body === undefined) {
      res.writeHead(reply.status).end();
      return;
    }
    const text = JSON.stringify(reply.body);
    res.writeHead(reply.status, { 'Content-Type': 'application/json;charset=UTF-8', 'Content-Length': Buffer.byteLength(text) });
    res.end(text);
  };

  const oauth = (req: IncomingMessage, res: ServerResponse, url: URL, body: string): void => {
    stats.tokenFetches++;
    send(
      res,
      answerTokenRequest(req, url, body, tokens, {
        credentials,
        tokenTtlSeconds: tokenTtl,
        invalidateOthers: faults.tokenMode === 'single',
        apiBaseUrl: baseUrl,
        scopes,
      }),
    );
  };

  const admin = (req: IncomingMessage, res: ServerResponse, url: URL, body: string): void => {
    const route = `${req.method} ${url.pathname.slice('/_emulator'.length)}`;
    try {
      switch (route) {
        case 'GET /faults':
          return send(res, { status: 200, body: faults });
        case 'PATCH /faults':
          faults = mergeFaults(faults, body === '' ? {} : JSON.parse(body));
          return send(res, { status: 200, body: faults });
        case 'GET /stats':
          return send(res, { status: 200, body: stats });
        case 'GET /state':
          return send(res, { status: 200, body: store.snapshot() });
        case 'POST /reset':
          // Counters, quotas and faults go back to their start; the account's contents stay unless asked.
          stats = emptyStats();
          limiter.reset();
          faults = initialFaults;
          if (url.searchParams.get('state') === 'true') store.clear();
          return send(res, { status: 204 });
        case 'POST /tokens/expire':
          tokens.expireAll();
          return send(res, { status: 204 });
        default:
          return send(res, { status: 404, body: { message: `No admin route ${route}` } });
      }
    } catch (error) {
      const message = error instanceof ZodError ? error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ') : String(error);
      send(res, { status: 400, body: { message } });
    }
  };

  const rateHeaders = (label: RateLabel, decision: RateDecision): Record<string, string> => {
    const headers: Record<string, string> = {
      'X-RateLimit-Category': rateCategory(label),
      'X-RateLimit-Type': decision.allowed ? 'QPS' : decision.type,
      'X-RateLimit-Limit': String(decision.limit),
      'X-RateLimit-Remaining': String(decision.remaining),
    };
    if (!decision.allowed) {
      const retryAfter = retryAfterValue(faults.retryAfterFormat, decision.retryAt);
      if (retryAfter !== undefined) headers['Retry-After'] = retryAfter;
    }
    return headers;
  };

  /**
   * The headers of a 429: the bucket's own, unless the faults ask for none (Retry-After alone) or
   * for those of another bucket, as Zoom has sent both.
   */
  const tooManyHeaders = (label: RateLabel, decision: RateDecision & { allowed: false }): Record<string, string> => {
    if (faults.rateLimitHeadersForeignRate > 0 && prng.next() < faults.rateLimitHeadersForeignRate) {
      stats.injected.foreignRateLimits++;
      // What a real per-second 429 carried (forum 18928): a per-user daily LIGHT bucket, no Type.
      return {
        'X-RateLimit-Category': 'Light',
        'X-RateLimit-Limit': String(FOREIGN_BUCKET_LIMIT),
        'X-RateLimit-Remaining': String(FOREIGN_BUCKET_LIMIT - 1 - Math.floor(prng.next() * 500)),
      };
    }
    const headers = rateHeaders(label, decision);
    if (faults.rateLimitHeadersMissingRate > 0 && prng.next() < faults.rateLimitHeadersMissingRate) {
      stats.injected.headerlessRateLimits++;
      const retryAfter = headers['Retry-After'];
      return retryAfter === undefined ? {} : { 'Retry-After': retryAfter };
    }
    return headers;
  };

  const tooMany = (res: ServerResponse, route: RouteMatch, decision: RateDecision & { allowed: false }): void => {
    stats.rateLimited.total++;
    stats.rateLimited[decision.type]++;
    const message = decision.type === 'QPS' ? PER_SECOND_MESSAGE : DAILY_MESSAGE;
    send(res, { status: 429, body: { code: 429, message } }, tooManyHeaders(route.label, decision));
  };

  const api = async (req: IncomingMessage, res: ServerResponse, url: URL, body: string): Promise<void> => {
    stats.total++;
    const route = matchRoute(req.method ?? 'GET', url.pathname.slice('/v2'.length));
    if (route) {
      stats.byLabel[route.label]++;
      stats.byOperation[route.operationId] = (stats.byOperation[route.operationId] ?? 0) + 1;
    }
    // A request holds its resource from arrival to answer (latency included), as a request that
    // is being worked on would; one over the limit is let in no further than the 429.
    const resource = `${req.method} ${url.pathname}`;
    const admitted = faults.concurrencyLimit === 0 || (inFlight.get(resource) ?? 0) < faults.concurrencyLimit;
    if (admitted) {
      inFlight.set(resource, (inFlight.get(resource) ?? 0) + 1);
      res.once('close', () => {
        const left = (inFlight.get(resource) ?? 1) - 1;
        if (left > 0) inFlight.set(resource, left);
        else inFlight.delete(resource);
      });
    }
    const delay = faults.latencyMs + faults.jitterMs * prng.next();
    if (delay > 0) await new Promise((resolve) => setTimeout(resolve, delay));

    const bearer = /^Bearer\s+(.+)$/i.exec(req.headers.authorization ?? '')?.[1] ?? '';
    const tokenState = tokens.check(bearer);
    if (tokenState !== 'valid') {
      stats.unauthorized++;
      const reply =
        tokenState === 'expired' && faults.expiredTokenShape === 'status'
          ? { status: 401, body: { status: false, errorCode: 401 } }
          : {
              status: 401,
              body: { code: 124, message: tokenState === 'expired' ? 'Access token has expired.' : 'Invalid access token.' },
            };
      return send(res, reply);
    }
    if (!route) return send(res, { status: 404, body: { code: 404, message: `No such API: ${req.method} ${url.pathname}` } });
    const needed = scopesOf(route.operationId as OperationId);
    if (!grants(granted, needed)) {
      stats.unauthorized++;
      // Zoom's words (developer forum 108207): the granular scopes first, then the classic ones.
      const named = [...needed.granular, ...needed.classic].join(', ');
      return send(res, { status: 401, body: { code: 4711, message: `Invalid access token, does not contain scopes:[${named}].` } });
    }
    if (!admitted) {
      stats.rateLimited.total++;
      stats.rateLimited.concurrent++;
      return send(res, { status: 429, body: { code: 429, message: CONCURRENT_MESSAGE } });
    }

    let decision: RateDecision = faults.forceDailyLimit
      ? limiter.dailyExhausted(route.label)
      : limiter.take(route.label, faults.backgroundLoad[route.label] ?? 0);
    if (!decision.allowed) return tooMany(res, route, decision);
    if (prng.next() < faults.rateLimitRate) {
      stats.injected.rateLimits++;
      decision = limiter.injectedQps(route.label);
      if (!decision.allowed) return tooMany(res, route, decision);
    }
    const headers = options.rateHeaders === true ? rateHeaders(route.label, decision) : {};
    if (prng.next() < faults.errorRate) {
      stats.injected.serverErrors++;
      const pick = SERVER_ERRORS[Math.floor(prng.next() * SERVER_ERRORS.length)] ?? SERVER_ERRORS[0];
      return send(res, { status: pick.status, body: { code: pick.status, message: pick.message } }, headers);
    }
    if (prng.next() < faults.resetBeforeRate) {
      stats.injected.resetsBefore++;
      res.socket?.destroy();
      return;
    }

    const reply = respond(route, url, body);
    if (prng.next() < faults.resetAfterRate) {
      stats.injected.resetsAfter++;
      res.socket?.destroy();
      return;
    }
    if (reply.status < 300 && faults.appliedErrorRate > 0 && prng.next() < faults.appliedErrorRate) {
      // Applied, and answered as if it failed: only a client that looks before repeating is safe.
      stats.injected.appliedErrors++;
      const pick = SERVER_ERRORS[Math.floor(prng.next() * SERVER_ERRORS.length)] ?? SERVER_ERRORS[0];
      return send(res, { status: pick.status, body: { code: pick.status, message: pick.message } }, headers);
    }
    send(res, reply, headers);
  };

  /** Runs the operation: schema checks, then its handler; every Zoom error becomes its answer. */
  const respond = (route: RouteMatch, url: URL, rawBody: string): Reply => {
    try {
      if (!route.handler) {
        throw new ErrorReply(501, 501, `The emulator does not implement ${route.operationId}.`);
      }
      const { query, errors: queryErrors } = readQuery(route.operationId, url.searchParams);
      if (queryErrors.length > 0) throw validationFailed(queryErrors);
      let body: unknown;
      if (rawBody.trim() !== '') {
        try {
          body = JSON.parse(rawBody);
        } catch {
          throw new ErrorReply(400, 300, 'Request Body should be a valid JSON object.');
        }
      }
      // A schema violation fails the whole request, as it would at Zoom's gateway, except a
      // malformed e-mail inside a batch item: Zoom rejects that item alone (the item rules
      // re-check every address and say which one).
      const requestErrors = validateBody(route.operationId, body ?? {}).filter(
        (error) => !(ITEMIZED_BATCHES.has(route.operationId) && error.keyword === 'format' && error.path[0] === 'contacts'),
      );
      if (requestErrors.length > 0) throw validationFailed(requestErrors);
      const reply = route.handler({
        operationId: route.operationId,
        params: route.params,
        query,
        body: body ?? {},
        store,
        pages,
        apiUrl: `${baseUrl}/v2`,
        catalogueItems: options.catalogueItems,
        listContactLimit: options.listContactLimit,
      });
      if (options.checkResponses) {
        const violations = checkResponse(route.operationId, reply.status, reply.body);
        if (violations.length > 0) {
          return {
            status: 500,
            body: { code: 500, message: `Emulator answer violates the spec for ${route.operationId}`, errors: violations },
          };
        }
      }
      return reply;
    } catch (error) {
      if (error instanceof ErrorReply) return { status: error.status, body: error.toBody() };
      throw error;
    }
  };

  const server = createServer((req, res) => {
    const started = Date.now();
    const url = new URL(req.url ?? '/', 'http://emulator.invalid');
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size <= MAX_BODY_BYTES) chunks.push(chunk);
      else if (size - chunk.length <= MAX_BODY_BYTES) {
        // Answered once, then the rest is not read: a client cannot make us hold more.
        send(res, { status: 413, body: { code: 413, message: `Request body larger than ${MAX_BODY_BYTES} bytes` } });
        req.destroy();
      }
    });
    req.on('end', () => {
      if (size > MAX_BODY_BYTES) return;
      const body = Buffer.concat(chunks).toString('utf8');
      res.on('finish', () => options.log?.(`${req.method} ${url.pathname} ${res.statusCode} ${Date.now() - started}ms`));
      res.on('close', () => {
        if (!res.writableFinished) options.log?.(`${req.method} ${url.pathname} reset ${Date.now() - started}ms`);
      });
      const work =
        url.pathname === '/oauth/token'
          ? Promise.resolve(oauth(req, res, url, body))
          : url.pathname.startsWith('/_emulator/')
            ? Promise.resolve(
                adminRequestAllowed(req)
                  ? admin(req, res, url, body)
                  : send(res, { status: 403, body: { code: 403, message: 'Admin endpoints answer loopback Host and Origin only' } }),
              )
            : url.pathname === '/v2' || url.pathname.startsWith('/v2/')
              ? api(req, res, url, body)
              : Promise.resolve(send(res, { status: 404, body: { code: 404, message: 'Not Found' } }));
      work.catch((error: unknown) => {
        if (!res.headersSent) send(res, { status: 500, body: { code: 500, message: `Emulator bug: ${String(error)}` } });
      });
    });
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, options.host ?? '127.0.0.1', () => resolve());
  });
  const address = server.address() as AddressInfo;
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  baseUrl = `http://${host}:${address.port}`;

  return {
    baseUrl,
    apiUrl: `${baseUrl}/v2`,
    oauthUrl: `${baseUrl}/oauth/token`,
    adminUrl: `${baseUrl}/_emulator`,
    credentials,
    store,
    setFaults(patch) {
      faults = mergeFaults(faults, patch);
      return faults;
    },
    faults: () => structuredClone(faults),
    stats: () => structuredClone(stats),
    resetStats() {
      stats = emptyStats();
    },
    expireAllTokens: () => tokens.expireAll(),
    expirePageTokens: () => pages.expireAll(),
    issuedTokens: () => tokens.issued(),
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      }),
  };
}
