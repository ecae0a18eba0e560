import { CcbulkError, type CcbulkErrorCode, type Disposition } from '../errors.js';
import type { ZoomCodeMeaning } from './error-codes.js';
import { scrubSecrets } from './scrub-secrets.js';

/** One item of a Zoom validation error's `errors` array. */
export interface ZoomFieldError {
  readonly field: string;
  readonly message: string;
}

/** What an API error is made from: the request line, the status and Zoom's answer. */
export interface ZoomApiErrorInit {
  readonly method: string;
  readonly path: string;
  readonly status: number;
  /** Zoom's numeric error code from the body, when there is one. */
  readonly zoomCode?: number | undefined;
  /** Zoom's message from the body, when there is one. */
  readonly zoomMessage?: string | undefined;
  /** Per-field validation errors, when Zoom gave them. */
  readonly errors?: readonly ZoomFieldError[] | undefined;
  /** The parsed response body, for callers that read partial-failure shapes from a 4xx. */
  readonly body?: unknown;
  /** Whether trying again later may succeed (429, 5xx). */
  readonly retryable: boolean;
  /** What is done about it; default `reject-batch` (the rows of the request are rejected). */
  readonly disposition?: Disposition | undefined;
  /** ccbulk's code for it; default `API_ERROR` (see zoom/error-codes.ts for the others). */
  readonly code?: CcbulkErrorCode | undefined;
  /** What it means and what to do, appended to the message after `: `. */
  readonly advice?: string | undefined;
  /** What Zoom's code means, when zoom/error-codes.ts knows it. */
  readonly meaning?: ZoomCodeMeaning | undefined;
}

/**
 * An HTTP answer from Zoom that is not a success. Keeps method, path, status, Zoom's code and
 * message, and the response body; never request headers, tokens or request bodies.
 */
export class ZoomApiError extends CcbulkError {
  override name = 'ZoomApiError';
  readonly method: string;
  readonly path: string;
  override readonly status: number;
  readonly zoomCode: number | undefined;
  readonly zoomMessage: string | undefined;
  readonly errors: readonly ZoomFieldError[];
  readonly body: unknown;
  readonly retryable: boolean;
  /** What Zoom's code means, when zoom/error-codes.ts knows it (`already-exists`, `target-gone` …). */
  readonly meaning: ZoomCodeMeaning | undefined;

  constructor(init: ZoomApiErrorInit) {
    // A second guard for errors made outside http.ts: whatever the server said is scrubbed of
    // `Bearer …`/`Basic …` values and cut before it is part of a message.
    const zoomMessage = init.zoomMessage === undefined ? undefined : scrubSecrets(init.zoomMessage);
    const fieldErrors = (init.errors ?? []).map((e) => ({ field: scrubSecrets(e.field), message: scrubSecrets(e.message) }));
    const zoom = [init.zoomCode === undefined ? undefined : `code ${init.zoomCode}`, zoomMessage]
      .filter((part) => part !== undefined && part !== '')
      .join(': ');
    const fields = fieldErrors.map((e) => `${e.field}: ${e.message}`).join('; ');
    const detail = [zoom, fields].filter((part) => part !== '').join(' — ');
    const said = `${init.method} ${init.path} answered ${init.status}${detail === '' ? '' : ` (${detail})`}`;
    super(init.code ?? 'API_ERROR', init.advice === undefined ? said : `${said}: ${init.advice}`, {
      status: init.status,
      disposition: init.disposition,
    });
    this.method = init.method;
    this.path = init.path;
    this.status = init.status;
    this.zoomCode = init.zoomCode;
    this.zoomMessage = zoomMessage;
    this.errors = fieldErrors;
    this.body = init.body;
    this.retryable = init.retryable;
    this.meaning = init.meaning;
  }
}
