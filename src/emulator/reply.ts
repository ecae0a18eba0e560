/** What a handler answers: a status and, unless it is 201/204 without content, a JSON body. */
export interface Reply {
  readonly status: number;
  readonly body?: unknown;
}

/**
 * A Zoom error answer (`{code, message}` plus any extra fields) thrown by a handler. Handlers
 * throw it rather than return it so a lookup deep in a helper can end the request. Named apart
 * from the client's `ZoomApiError` (src/zoom/), which is what a client makes of such an answer.
 */
export class ErrorReply extends Error {
  override name = 'ErrorReply';

  constructor(
    readonly status: number,
    readonly code: number,
    message: string,
    readonly extra: Record<string, unknown> = {},
  ) {
    super(message);
  }

  /** The JSON body Zoom sends for this error. */
  toBody(): Record<string, unknown> {
    return { code: this.code, message: this.message, ...this.extra };
  }
}

/** Zoom's 400 for schema violations: code 300 with one entry per field. */
export function validationFailed(errors: readonly { field: string; message: string }[]): ErrorReply {
  return new ErrorReply(400, 300, 'Validation Failed.', {
    errors: errors.map(({ field, message }) => ({ field, message })),
  });
}
