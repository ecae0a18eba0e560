import type { RequestContext } from './context.js';
import { ErrorReply } from './reply.js';
import { specOperation } from './spec.js';

/** One page of a listing, with the paging fields every list answer of the spec carries. */
export interface ServedPage<T> {
  readonly items: T[];
  readonly page_size: number;
  readonly total_records: number;
  /** `""` on the last page, as Zoom answers. */
  readonly next_page_token: string;
}

/** What a page is cut from: an array, or a listing that makes its items when a page asks for them. */
export interface PageSource<T> {
  readonly length: number;
  slice(start: number, end: number): T[];
}

// For the few list operations whose page_size has no documented maximum.
const FALLBACK_MAX = 300;

/**
 * The operation's page size rules from the spec: the default and maximum of its `page_size`
 * parameter, else the maximum its answer documents, else Zoom's usual 30 and 300.
 */
export function pageSizeRules(operationId: string): { defaultSize: number; maxSize: number } {
  const op = specOperation(operationId);
  const param = op.parameters.find((p) => p.name === 'page_size' && p.in === 'query')?.schema ?? {};
  const answer = (op.responseSchemas.get(200)?.['properties'] as Record<string, Record<string, unknown>> | undefined)?.[
    'page_size'
  ];
  const num = (v: unknown): number | undefined => (typeof v === 'number' ? v : undefined);
  return {
    defaultSize: num(param['default']) ?? num(answer?.['default']) ?? 30,
    maxSize: num(param['maximum']) ?? num(answer?.['maximum']) ?? FALLBACK_MAX,
  };
}

/**
 * Cuts one page out of `items` (already in creation order) for the request in `ctx`. The token
 * is bound to the operation, its path ids and its filters, so it cannot resume another listing.
 */
export function servePage<T>(ctx: RequestContext, items: PageSource<T>): ServedPage<T> {
  const { defaultSize, maxSize } = pageSizeRules(ctx.operationId);
  const asked = typeof ctx.query['page_size'] === 'number' ? ctx.query['page_size'] : undefined;
  // Zoom treats a missing or non-positive size as the default and clamps what the spec leaves unbounded.
  const pageSize = asked === undefined || asked < 1 ? defaultSize : Math.min(asked, maxSize);
  const { next_page_token: token, page_size: _size, ...filters } = ctx.query;
  const scope = JSON.stringify([ctx.operationId, ctx.params, filters]);
  let offset = 0;
  if (typeof token === 'string' && token !== '') {
    const cursor = ctx.pages.resume(scope, token);
    if (!cursor.ok) throw new ErrorReply(400, 300, 'The next page token is invalid or expired.');
    offset = cursor.offset;
  }
  const end = offset + pageSize;
  return {
    items: items.slice(offset, end),
    page_size: pageSize,
    total_records: items.length,
    next_page_token: end < items.length ? ctx.pages.issue(scope, end) : '',
  };
}
