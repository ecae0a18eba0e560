/**
 * The closed set of error codes ccbulk raises, each naming the problem. Row-level problems are
 * data (rejections), not errors: these are only for what stops a request or the whole run.
 */
export type CcbulkErrorCode =
  /** Credentials or other settings from the environment are missing or malformed. */
  | 'CONFIG_INVALID'
  /** A command-line option's value (or a library option) is not one ccbulk takes. */
  | 'OPTION_INVALID'
  /** The input file cannot be read as a table. */
  | 'INPUT_INVALID'
  /** The columns cannot be mapped as asked (`--map`, `--column`, a column the mode needs). */
  | 'MAPPING_INVALID'
  /** An output (`--out`) cannot be written as asked. */
  | 'OUTPUT_INVALID'
  /** The address book or list named by id or name does not exist, or is of another kind. */
  | 'TARGET_NOT_FOUND'
  /** Several address books or lists have the name given. */
  | 'TARGET_AMBIGUOUS'
  /** An out folder cannot be resumed (no journal, a damaged one, or a changed input). */
  | 'RESUME_INVALID'
  /** Zoom refused the credentials. */
  | 'AUTH_FAILED'
  /** The app's token lacks a scope an operation of the run needs (checked before, or Zoom's 4711). */
  | 'SCOPES_MISSING'
  /** The list written to holds as many contacts as Zoom allows (5004): resumable once room is made. */
  | 'TARGET_FULL'
  /** Zoom answered with an error. */
  | 'API_ERROR'
  /** No answer from Zoom (or its OAuth server). */
  | 'NETWORK_ERROR'
  /** A label's daily quota is spent. */
  | 'DAILY_LIMIT'
  /** An import stopped before every row had an outcome. */
  | 'STOPPED'
  /** Another ccbulk run holds the out folder or the target: nothing was sent. */
  | 'LOCKED';

/**
 * What is done about an error, decided where it is made and read in one place per layer
 * (`zoom/http.ts` for requests, the senders for batches, the CLI for the exit code):
 * - `retry`: trying again may succeed. The HTTP layer does so itself (429, 5xx, network) under
 *   the limiter; an error that still says `retry` when it reaches a sender is a write whose
 *   outcome is unknown, retried only after its items are looked up.
 * - `reject-batch`: the batch's rows are rejected, with the message as their reason.
 * - `stop`: the run stops; finished rows stay done and `ccbulk resume` continues (exit 75): a
 *   spent daily quota, a signal, lost credentials, a request still unanswered after its retries
 *   (network errors, timeouts, 5xx), a run file that cannot be written (a full disk). Raised
 *   before the run began, it says nothing was sent and the same command is run again (exit 75).
 * - `fatal`: the run cannot go on (exit 1).
 */
export type Disposition = 'retry' | 'reject-batch' | 'stop' | 'fatal';

/** Each code's disposition, unless the error that carries it says otherwise. */
const DISPOSITIONS: Readonly<Record<CcbulkErrorCode, Disposition>> = {
  CONFIG_INVALID: 'fatal',
  OPTION_INVALID: 'fatal',
  INPUT_INVALID: 'fatal',
  MAPPING_INVALID: 'fatal',
  OUTPUT_INVALID: 'fatal',
  TARGET_NOT_FOUND: 'fatal',
  TARGET_AMBIGUOUS: 'fatal',
  RESUME_INVALID: 'fatal',
  AUTH_FAILED: 'fatal',
  SCOPES_MISSING: 'fatal',
  TARGET_FULL: 'stop',
  API_ERROR: 'reject-batch',
  NETWORK_ERROR: 'reject-batch',
  DAILY_LIMIT: 'stop',
  STOPPED: 'stop',
  LOCKED: 'fatal',
};

/** Context carried by every ccbulk error: never headers, tokens or request bodies. */
export interface CcbulkErrorContext {
  /** The input line (1-based) the error is about. */
  readonly line?: number;
  /** The field, column or option the error is about. */
  readonly field?: string;
  readonly status?: number;
  readonly cause?: unknown;
  /** Overrides the code's disposition (e.g. a lost token: `stop`, where its code alone says `fatal`). */
  readonly disposition?: Disposition;
}

/**
 * Base class of every error ccbulk throws on purpose. `code` says what kind it is and
 * `disposition` what is done about it; the message names the thing, the value and the place, and
 * is safe to show to a user as it is.
 */
export class CcbulkError extends Error {
  override name = 'CcbulkError';
  readonly code: CcbulkErrorCode;
  readonly disposition: Disposition;
  readonly line: number | undefined;
  readonly field: string | undefined;
  readonly status: number | undefined;

  constructor(code: CcbulkErrorCode, message: string, context: CcbulkErrorContext = {}) {
    super(message, context.cause === undefined ? undefined : { cause: context.cause });
    this.code = code;
    this.disposition = context.disposition ?? DISPOSITIONS[code];
    this.line = context.line;
    this.field = context.field;
    this.status = context.status;
  }
}

/** The disposition of anything thrown: ccbulk's errors say theirs; anything else is fatal. */
export function dispositionOf(error: unknown): Disposition {
  return error instanceof CcbulkError ? error.disposition : 'fatal';
}
