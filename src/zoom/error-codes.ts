import type { CcbulkErrorCode, Disposition } from '../errors.js';

/**
 * What one of Zoom's documented error codes means for a run:
 * - `target-gone`: the address book or list written to does not exist (any more): the run stops,
 *   fatally, naming it; rejecting every remaining row for it would bury the one cause.
 * - `list-full`: the campaign contact list holds as many contacts as Zoom allows: the run stops,
 *   resumably, with its rows pending; the resume goes on once room is made.
 * - `already-exists`: the contact is on the list already: the row is a duplicate of what the
 *   target holds, not an error of its data.
 * - `scope-missing`: the app's token lacks a scope the operation needs: fatal at once, never a
 *   token re-fetch (a new token has the same scopes) and never a row's fault.
 * - `app-refused`: the app or the user its token acts as may not call Contact Center (Zoom's
 *   OAuth 47xx errors, a deactivated or unlicensed user, a role without the privilege): fatal.
 */
export type ZoomCodeMeaning = 'target-gone' | 'list-full' | 'already-exists' | 'scope-missing' | 'app-refused';

/** One documented code: the status and words the spec gives it, and what it means. */
export interface DocumentedCode {
  readonly code: number;
  readonly status: number;
  /** The message as the spec words it (`$addressBookId`-style placeholders kept). */
  readonly message: string;
  readonly meaning: ZoomCodeMeaning;
  /** For `target-gone`: what is gone, in words. */
  readonly target?: 'address book' | 'campaign contact list' | 'DNC list';
}

/**
 * Zoom's documented error codes that mean something other than "this batch's rows were refused",
 * as the spec's responses word them (see test/zoom/error-codes.test.ts, which checks each against
 * the spec), and Zoom's OAuth error for a missing scope. Codes not here keep the default: the
 * batch's rows are rejected with Zoom's message.
 */
export const DOCUMENTED_CODES: readonly DocumentedCode[] = [
  { code: 2001, status: 404, message: 'Address book does not exist: $addressBookId.', meaning: 'target-gone', target: 'address book' },
  { code: 5001, status: 404, message: 'Contact list not found.', meaning: 'target-gone', target: 'campaign contact list' },
  { code: 5020, status: 404, message: 'DNC list is not found.', meaning: 'target-gone', target: 'DNC list' },
  { code: 5004, status: 400, message: 'Reached the limit of contacts per contact list.', meaning: 'list-full' },
  { code: 5003, status: 400, message: 'Contact already exists.', meaning: 'already-exists' },
  { code: 1002, status: 401, message: 'The user associated with this access token was not found or is invalid.', meaning: 'app-refused' },
  { code: 1021, status: 403, message: 'User account is deactivated.', meaning: 'app-refused' },
  { code: 1022, status: 403, message: 'User does not have a Contact Center license.', meaning: 'app-refused' },
  {
    code: 9001,
    status: 403,
    message: 'The Contact Center user associated with this bearer token is missing privileges on their role required to operate this request.',
    meaning: 'app-refused',
  },
  // Not in the spec: Zoom's OAuth error table (developers.zoom.us/docs/integrations/oauth-error-messages/)
  // and developer forum 108207, word for word.
  { code: 4711, status: 401, message: 'Invalid access token, does not contain scopes:[…].', meaning: 'scope-missing' },
];

/** Zoom's OAuth errors (4700–4741): the app itself is refused, whatever the request. */
const OAUTH_ERRORS = { from: 4700, to: 4741 } as const;

const BY_CODE = new Map(DOCUMENTED_CODES.map((entry) => [entry.code, entry]));

/** What a run does about each meaning, and the error code it carries. */
const HANDLING: Readonly<Record<ZoomCodeMeaning, { readonly disposition: Disposition; readonly code: CcbulkErrorCode }>> = {
  'target-gone': { disposition: 'fatal', code: 'TARGET_NOT_FOUND' },
  'list-full': { disposition: 'stop', code: 'TARGET_FULL' },
  'already-exists': { disposition: 'reject-batch', code: 'API_ERROR' },
  'scope-missing': { disposition: 'fatal', code: 'SCOPES_MISSING' },
  'app-refused': { disposition: 'fatal', code: 'AUTH_FAILED' },
};

/** A code's meaning and handling, when it is one the run treats apart. */
export interface ZoomCodeHandling {
  readonly meaning: ZoomCodeMeaning;
  readonly disposition: Disposition;
  readonly code: CcbulkErrorCode;
  readonly entry: DocumentedCode | undefined;
}

/**
 * The one reading of Zoom's error codes: what an error answer with Zoom's `code` means, or
 * undefined for a code the run treats as a refusal of the batch's rows (the default). 4711 and the
 * other OAuth errors count on any 4xx; the documented codes on the status the spec gives them.
 */
export function handlingOf(status: number, code: number | undefined): ZoomCodeHandling | undefined {
  if (code === undefined) return undefined;
  const entry = BY_CODE.get(code);
  if (entry?.meaning === 'scope-missing' || (code >= OAUTH_ERRORS.from && code <= OAUTH_ERRORS.to)) {
    if (status < 400 || status >= 500) return undefined;
    const meaning = entry?.meaning ?? 'app-refused';
    return { meaning, ...HANDLING[meaning], entry };
  }
  if (entry === undefined || entry.status !== status) return undefined;
  return { meaning: entry.meaning, ...HANDLING[entry.meaning], entry };
}

/**
 * The meaning of a refused item's error text inside a batch answer (campaign inserts answer
 * `failed_contacts[].error` with words, not codes): the documented message it is, if any.
 */
export function meaningOfItemError(text: string): ZoomCodeMeaning | undefined {
  const said = text.trim().toLowerCase();
  const entry = DOCUMENTED_CODES.find((e) => (e.meaning === 'already-exists' || e.meaning === 'list-full') && said === e.message.toLowerCase());
  return entry?.meaning;
}
