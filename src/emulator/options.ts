import type { RateLabel, RatePlanName } from '../zoom/rate-plans.js';
import type { FaultSettings } from './faults.js';
import type { EmulatorStore } from './store.js';

/** The demo account the emulator accepts when no credentials are given. Not secret: only the emulator knows them. */
export const DEMO_CREDENTIALS = {
  accountId: 'demo-account',
  clientId: 'demo-client',
  clientSecret: 'demo-secret',
} as const;

/** How to start an emulator. Every field is optional. */
export interface EmulatorOptions {
  /** Interface to listen on. Default `127.0.0.1`. */
  host?: string;
  /** Port to listen on; 0 picks a free one. Default 0. */
  port?: number;
  /** The account id the OAuth endpoint accepts. Default `demo-account`. */
  accountId?: string;
  /** The client id the OAuth endpoint accepts. Default `demo-client`. */
  clientId?: string;
  /** The client secret the OAuth endpoint accepts. Default `demo-secret`. */
  clientSecret?: string;
  /** Lifetime of access tokens, in seconds. Default 3600, as Zoom's. */
  tokenTtlSeconds?: number;
  /**
   * Issuing a token makes every earlier one invalid, as Zoom's did before June 2023: the same as
   * starting with `faults.tokenMode` `single` (which can also be changed at run time). Default false.
   */
  tokenFetchInvalidatesOthers?: boolean;
  /** The plan whose per-second limits apply. Default `business`. */
  plan?: RatePlanName;
  /**
   * Per-second limits that replace the plan's for some labels: an account whose limits are not
   * a published preset (Zoom raised LIGHT and MEDIUM in November 2026 without publishing the new
   * figures). Default the plan's.
   */
  limits?: Partial<Record<RateLabel, number>>;
  /**
   * Send `X-RateLimit-Category`, `-Type`, `-Limit` and `-Remaining` on successful answers too, as
   * Zoom sometimes does. 429s carry them either way (unless the faults take them away). Default
   * false: Zoom does not promise them, so a client must pace well without.
   */
  rateHeaders?: boolean;
  /**
   * Requests per UTC day allowed per label, replacing the plan's caps for the labels named.
   * Default the plan's: HEAVY 15,000 (Pro) or 30,000 (Business), none for LIGHT and MEDIUM.
   */
  dailyLimits?: Partial<Record<RateLabel, number>>;
  /** Lifetime of next_page_token values, in ms. Default 15 minutes, as the spec says. */
  pageTokenTtlMs?: number;
  /** Faults in force from the start. Default none. */
  faults?: Partial<FaultSettings>;
  /** Seed of every random choice (ids, tokens, faults). Default: drawn from the OS. */
  seed?: number;
  /**
   * Items every catalogue listing (a list endpoint without a hand-written handler) holds, in
   * place of the 3–26 drawn per listing: a plain listing holds exactly this many, a time-ranged
   * one this many per UTC day. Each item is made from its own seed when a page asks for it, so
   * a benchmark can export 200,000 items without the emulator holding them. Default: drawn.
   */
  catalogueItems?: number;
  /**
   * The scopes its tokens carry (the token response's `scope`); an operation none of whose scopes
   * is among them is answered 401 code 4711, as Zoom does. Default every scope the spec names.
   */
  scopes?: readonly string[];
  /**
   * Most contacts one campaign contact list holds: an insert past it is answered 400 code 5004
   * ("Reached the limit of contacts per contact list."). Default no limit.
   */
  listContactLimit?: number;
  /** Check every answer against the spec's response schema and answer 500 on a mismatch. Default false. */
  checkResponses?: boolean;
  /**
   * The account to serve: pass the `store` of an emulator that was closed to start another on
   * the same state, as a restarted server would come back (tests use it with the same `port` to
   * restart the emulator under a running import). Default: a new, empty account.
   */
  store?: EmulatorStore;
  /** Receives one line per request (method, path, status, time); never tokens or secrets. */
  log?: (line: string) => void;
}
