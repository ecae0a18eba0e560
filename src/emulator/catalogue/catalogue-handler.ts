import type { CatalogueEntry } from '../../zoom/catalogue-entry.js';
import { catalogue } from '../../zoom/generated/catalogue.js';
import type { Handler, RequestContext } from '../context.js';
import { servePage } from '../paging.js';
import { ErrorReply } from '../reply.js';
import { specOperation, type JsonSchema } from '../spec.js';
import { createPrng } from '../prng.js';
import { catalogueItems, fixedCountItems, seedOf, type ItemSpan } from './catalogue-items.js';
import { sampleValue } from './sample-value.js';

const DAY_MS = 86_400_000;
const byOperation = new Map(catalogue.map((entry) => [entry.operationId, entry]));

/**
 * The handler of a catalogue list operation the emulator has no hand-written handler for: its
 * items come from the spec's item schema (see `catalogueItems`), paged with the same expiring
 * tokens as every other listing. Undefined for an operation outside the catalogue.
 */
export function catalogueHandler(operationId: string): Handler | undefined {
  const entry = byOperation.get(operationId);
  if (!entry) return undefined;
  return (ctx) => {
    const span = entry.window ? spanOf(entry, ctx) : undefined;
    // Some operations take a larger page_size than their answer may report: serve the smaller.
    const asked = ctx.query['page_size'];
    const sized = typeof asked === 'number' && asked > entry.pageSize.max ? { ...ctx, query: { ...ctx.query, page_size: entry.pageSize.max } } : ctx;
    const items = ctx.catalogueItems === undefined ? catalogueItems(entry, ctx.params, span) : fixedCountItems(entry, ctx.params, ctx.catalogueItems, span);
    const page = servePage(sized, items);
    return { status: 200, body: pageBody(entry, ctx, page, span) };
  };
}

/**
 * The span a time-ranged request asks for, both ends inclusive. A date `to` means the whole day
 * (Zoom expands it to 23:59:59). Without `from`, Zoom answers "the past 24 hours"; here that is
 * from the start of yesterday (UTC), so that the span does not move between the pages of one
 * listing.
 */
export function spanOf(entry: CatalogueEntry, ctx: RequestContext): ItemSpan {
  const window = entry.window!;
  const now = Date.now();
  const read = (key: string, endOfDay: boolean): number | undefined => {
    const text = ctx.query[key];
    if (typeof text !== 'string') return undefined;
    const dateOnly = /^\d{4}-\d\d-\d\d$/.test(text);
    const ms = Date.parse(dateOnly ? `${text}T00:00:00Z` : text);
    if (Number.isNaN(ms)) throw new ErrorReply(400, 300, `Invalid ${key}: ${text}`);
    return dateOnly && endOfDay ? ms + DAY_MS - 1000 : ms;
  };
  const from = read(window.from, false) ?? (Math.floor(now / DAY_MS) - 1) * DAY_MS;
  const to = read(window.to, true) ?? now;
  if (to < from) throw new ErrorReply(400, 300, `${window.to} is before ${window.from}`);
  return { from, to };
}

/** The answer: every top-level field of the page schema that is not the items, the paging fields, the items. */
function pageBody(
  entry: CatalogueEntry,
  ctx: RequestContext,
  page: ReturnType<typeof servePage<Record<string, unknown>>>,
  span: ItemSpan | undefined,
): Record<string, unknown> {
  const schema = specOperation(entry.operationId).responseSchemas.get(200) ?? {};
  const properties = (schema['properties'] as Record<string, JsonSchema> | undefined) ?? {};
  const required = new Set((schema['required'] as string[] | undefined) ?? []);
  const body: Record<string, unknown> = {};
  for (const [name, prop] of Object.entries(properties)) {
    if (name === entry.itemsKey) body[name] = page.items;
    else if (name === 'next_page_token') body[name] = page.next_page_token;
    else if (name === 'page_size') body[name] = page.page_size;
    else if (name === 'total_records') body[name] = page.total_records;
    else if (span && entry.window && (name === entry.window.from || name === entry.window.to || name === 'from' || name === 'to')) {
      const ms = name === entry.window.from || name === 'from' ? span.from : span.to;
      body[name] = prop['format'] === 'date' ? new Date(ms).toISOString().slice(0, 10) : `${new Date(ms).toISOString().slice(0, 19)}Z`;
    } else if (name === 'timezone' && typeof ctx.query['timezone'] === 'string') body[name] = ctx.query['timezone'];
    else if (name === 'timezone') body[name] = 'UTC';
    else if (name === 'has_more') body[name] = page.next_page_token !== '';
    else if (required.has(name)) body[name] = sampleValue(prop, createPrng(seedOf(name)), { name, n: 0 });
  }
  return body;
}
