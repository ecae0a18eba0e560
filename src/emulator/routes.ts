import { operationTable } from '../zoom/generated/operations.js';
import type { RateLabel } from '../zoom/rate-plans.js';
import { catalogueHandler } from './catalogue/catalogue-handler.js';
import type { Handler } from './context.js';
import * as books from './handlers/address-books.js';
import * as bookContacts from './handlers/address-book-contacts.js';
import * as campaignContacts from './handlers/campaign-contacts.js';
import * as campaignLists from './handlers/campaign-lists.js';
import * as customFields from './handlers/custom-fields.js';
import * as dnc from './handlers/dnc-phones.js';
import * as rosterAssignments from './handlers/roster-assignments.js';
import * as rosterItems from './handlers/roster-items.js';
import * as rosterUsers from './handlers/roster-users.js';

/** Every operation the emulator implements, by the spec's operationId. */
export const handlers = {
  ...books,
  ...bookContacts,
  ...customFields,
  ...campaignLists,
  ...campaignContacts,
  ...dnc,
  ...rosterItems,
  ...rosterUsers,
  ...rosterAssignments,
} satisfies Partial<Record<keyof typeof operationTable, Handler>>;

/** An operation the emulator implements. */
export type ImplementedOperation = keyof typeof handlers;

/**
 * Batch operations whose items are judged one by one by the item rules (phones, e-mails, ids):
 * a failing item is reported in the answer while the others are applied.
 */
export const ITEMIZED_BATCHES: ReadonlySet<string> = new Set<ImplementedOperation>([
  'batchCreateContact',
  'batchUpdateContact',
  'Insertabatchofcontactstoacampaigncontactlist',
  'Updateabatchofcontactsonacampaigncontactlist',
]);

/** A request matched to an operation of the spec. */
export interface RouteMatch {
  readonly operationId: string;
  readonly label: RateLabel;
  readonly params: Record<string, string>;
  /** Undefined when the spec has the operation but the emulator does not implement it. */
  readonly handler: Handler | undefined;
}

interface Route {
  readonly operationId: string;
  readonly method: string;
  readonly segments: readonly string[];
  readonly label: RateLabel;
}

const routes: Route[] = Object.entries(operationTable).map(([operationId, op]) => ({
  operationId,
  method: op.method,
  segments: op.path.split('/').slice(1),
  label: op.label,
}));

/**
 * The operation a method and `/v2`-relative path address. Literal segments beat parameters, so
 * `/address_books/units` is the unit listing, not an address book called "units".
 */
export function matchRoute(method: string, path: string): RouteMatch | undefined {
  const parts = path.split('/').slice(1);
  let best: { route: Route; params: Record<string, string>; literals: number } | undefined;
  for (const route of routes) {
    if (route.method !== method || route.segments.length !== parts.length) continue;
    const params: Record<string, string> = {};
    let literals = 0;
    const fits = route.segments.every((segment, i) => {
      const part = parts[i] ?? '';
      if (segment.startsWith('{') && segment.endsWith('}')) {
        if (part === '') return false;
        params[segment.slice(1, -1)] = safeDecode(part);
        return true;
      }
      literals++;
      return segment === part;
    });
    if (fits && (!best || literals > best.literals)) best = { route, params, literals };
  }
  if (!best) return undefined;
  // Hand-written handlers first; every other list endpoint of the spec is served from its schema.
  const handler = (handlers as Record<string, Handler>)[best.route.operationId] ?? catalogueHandler(best.route.operationId);
  return { operationId: best.route.operationId, label: best.route.label, params: best.params, handler };
}

function safeDecode(part: string): string {
  try {
    return decodeURIComponent(part);
  } catch {
    return part;
  }
}
