import { CcbulkError } from '../errors.js';
import { operationTable, type OperationId } from './generated/operations.js';

/** Where a person grants an app more scopes: said in every message about a missing one. */
export const WHERE_TO_ADD_SCOPES = 'the app\'s Scopes page on the Zoom App Marketplace (marketplace.zoom.us: Manage → your app → Scopes)';

/** The scopes that grant an operation, from the spec: any one of them will do. */
export interface OperationScopes {
  readonly operation: OperationId;
  /** Classic scopes (`x-macro-scopes`), e.g. `contact_center_contact:write:admin`. */
  readonly classic: readonly string[];
  /** Granular scopes (`x-granular-scopes`), e.g. `contact_center:write:address_book_contact:admin`. */
  readonly granular: readonly string[];
}

/** The scopes of an operation, as the spec gives them. */
export function scopesOf(operation: OperationId): OperationScopes {
  const op = operationTable[operation] as { readonly scopes: readonly string[]; readonly granularScopes: readonly string[] };
  return { operation, classic: op.scopes, granular: op.granularScopes };
}

/** Every scope the spec names, classic and granular, sorted: what the emulator grants by default. */
export function everySpecScope(): string[] {
  const all = new Set<string>();
  for (const id of Object.keys(operationTable) as OperationId[]) {
    const { classic, granular } = scopesOf(id);
    for (const scope of [...classic, ...granular]) all.add(scope);
  }
  return [...all].sort();
}

/** A token response's `scope` (space-separated) as a set; undefined when it has none. */
export function parseScope(scope: unknown): ReadonlySet<string> | undefined {
  if (typeof scope !== 'string') return undefined;
  return new Set(scope.split(/\s+/).filter((s) => s !== ''));
}

/** Whether a token with `granted` scopes may call the operation. */
export function grants(granted: ReadonlySet<string>, needed: OperationScopes): boolean {
  return [...needed.classic, ...needed.granular].some((scope) => granted.has(scope));
}

/** The operations of `operations` (each once, in order) that `granted` does not grant. */
export function missingScopes(operations: Iterable<OperationId>, granted: ReadonlySet<string>): OperationScopes[] {
  return [...new Set(operations)].map(scopesOf).filter((needed) => !grants(granted, needed));
}

/** `contact_center:write:address_book_contact:admin (granular) or contact_center_contact:write:admin (classic)`. */
export function scopeChoice(needed: OperationScopes): string {
  return [...needed.granular.map((s) => `${s} (granular)`), ...needed.classic.map((s) => `${s} (classic)`)].join(' or ');
}

/** One operation's line: what it is, and the scopes any one of which grants it. */
function operationLine(needed: OperationScopes): string {
  const op = operationTable[needed.operation];
  return `${needed.operation} (${op.method} ${op.path}) needs ${scopeChoice(needed)}`;
}

/**
 * The error for operations a run will call that the token's scopes do not grant, found before
 * anything was sent: one message naming each missing scope, the operation that needs it and
 * where to add it.
 */
export function scopesMissingError(missing: readonly OperationScopes[], what: string): CcbulkError {
  const lines = missing.map(operationLine).join('; ');
  return new CcbulkError(
    'SCOPES_MISSING',
    `The app's access token lacks scopes ${what} needs: ${lines}. Add one scope of each (a granular or a classic one) on ${WHERE_TO_ADD_SCOPES}, then run the command again. Nothing was sent`,
  );
}

/**
 * The message for Zoom's own refusal of a request for a scope (401, code 4711 "Invalid access
 * token, does not contain scopes:[…]"): the operation, the scopes Zoom named, and where to add them.
 */
export function scopeRefusedMessage(operation: OperationId, zoomMessage: string | undefined): string {
  const named = /scopes?:\s*\[([^\]]*)\]/i.exec(zoomMessage ?? '')?.[1];
  const scopes = named === undefined ? scopeChoice(scopesOf(operation)) : named.split(',').map((s) => s.trim()).filter((s) => s !== '').join(' or ');
  return `the app's access token lacks a scope ${operation} needs: ${scopes}. Add it on ${WHERE_TO_ADD_SCOPES}, then run the command again`;
}
