/**
 * The closed set of error codes ccbulk raises. Row-level problems are data (rejections), not
 * errors: these are only for what stops a request or the whole run.
 */
export type CcbulkErrorCode =
  | 'CONFIG_INVALID'
  | 'INPUT_INVALID'
  | 'MAPPING_INVALID'
  | 'AUTH_FAILED'
  | 'API_ERROR'
  | 'DAILY_LIMIT'
  | 'NETWORK_ERROR'
  | 'RETRIES_EXHAUSTED'
  | 'USAGE'
  | 'RESUME_INVALID'
  | 'STOPPED';

/** Context carried by every ccbulk error: never headers, tokens or request bodies. */
export interface CcbulkErrorContext {
  readonly line?: number;
  readonly field?: string;
  readonly status?: number;
  readonly cause?: unknown;
}

/**
 * Base class of every error ccbulk throws on purpose. `code` says what kind it is; the message
 * names the thing, the value and the place, and is safe to show to a user as it is.
 */
export class CcbulkError extends Error {
  override name = 'CcbulkError';
  readonly code: CcbulkErrorCode;
  readonly line: number | undefined;
  readonly field: string | undefined;
  readonly status: number | undefined;

  constructor(code: CcbulkErrorCode, message: string, context: CcbulkErrorContext = {}) {
    super(message, context.cause === undefined ? undefined : { cause: context.cause });
    this.code = code;
    this.line = context.line;
    this.field = context.field;
    this.status = context.status;
  }
}
