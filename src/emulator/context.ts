import type { PageTokens } from './page-tokens.js';
import type { Reply } from './reply.js';
import type { EmulatorStore } from './store.js';

/** What a handler gets for one request that passed auth, limits and schema checks. */
export interface RequestContext {
  readonly operationId: string;
  /** Path parameters by their spec names, URL-decoded. */
  readonly params: Readonly<Record<string, string>>;
  /** Query parameters the spec declares, coerced to their schema types. */
  readonly query: Readonly<Record<string, unknown>>;
  /** The parsed JSON body, or undefined when there was none. */
  readonly body: unknown;
  readonly store: EmulatorStore;
  readonly pages: PageTokens;
  /** The emulator's `/v2` base URL, for URLs Zoom puts in answers. */
  readonly apiUrl: string;
  /** Items per catalogue listing (see `EmulatorOptions.catalogueItems`); undefined: drawn per listing. */
  readonly catalogueItems?: number;
  /** Most contacts one campaign contact list holds (see `EmulatorOptions.listContactLimit`); undefined: no limit. */
  readonly listContactLimit?: number | undefined;
}

/** One operation's behaviour. */
export type Handler = (ctx: RequestContext) => Reply;
