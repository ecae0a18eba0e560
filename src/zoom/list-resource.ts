import type { CatalogueEntry } from './catalogue-entry.js';
import type { OperationId } from './generated/operations.js';
import { paginate, type PageOptions } from './paginate.js';

/** What a generic list call needs: one typed call of the client (see `ContactCenterClient.callOperation`). */
export interface OperationCaller {
  callOperation(id: OperationId, input: { path?: Record<string, string>; query?: Record<string, unknown> }): Promise<unknown>;
}

/** One listing of a catalogue resource. */
export interface ResourceListing {
  /** Path parameters by their spec names. */
  readonly path?: Readonly<Record<string, string>>;
  /** Query parameters, already checked against the spec. */
  readonly query?: Readonly<Record<string, unknown>>;
  /** Items per request. Default: the endpoint's largest. */
  readonly pageSize?: number;
  /** Called after each page with its item count (progress, tests that fail a run midway). */
  readonly onPage?: (items: number) => void;
}

/**
 * Every item of a catalogue resource, page by page, through the client's HTTP core: each page
 * is paced by the endpoint's rate label and retried like any other call, and a spent daily
 * quota surfaces as `DailyLimitError`.
 */
export function listResource(
  client: OperationCaller,
  entry: CatalogueEntry,
  listing: ResourceListing = {},
  paging: PageOptions = {},
): AsyncGenerator<Record<string, unknown>> {
  const pageSize = listing.pageSize ?? entry.pageSize.max;
  type Page = { next_page_token?: string } & Record<string, unknown>;
  return paginate<Page, Record<string, unknown>>(
    async (token) => {
      const page = (await client.callOperation(entry.operationId as OperationId, {
        path: { ...listing.path },
        query: { ...listing.query, page_size: pageSize, ...(token === undefined ? {} : { next_page_token: token }) },
      })) as Page | undefined;
      const items = page?.[entry.itemsKey];
      listing.onPage?.(Array.isArray(items) ? items.length : 0);
      return page ?? {};
    },
    (page) => {
      const items = page[entry.itemsKey];
      return Array.isArray(items) ? (items as Record<string, unknown>[]) : [];
    },
    paging,
  );
}
