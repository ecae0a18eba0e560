import { CcbulkError } from '../errors.js';

/**
 * A request that got no HTTP answer: connection refused or reset, DNS failure, or timeout.
 * `outcomeKnown` is false when the request may have reached Zoom and been applied (a reset or a
 * timeout after sending), which matters for requests that are not safe to repeat, such as a batch
 * create: repeating one blindly can create the same contacts twice.
 */
export class ZoomNetworkError extends CcbulkError {
  override name = 'ZoomNetworkError';
  readonly method: string;
  readonly path: string;
  /** False when the server may have applied the request before the connection failed. */
  readonly outcomeKnown: boolean;

  /**
   * True when the request timed out: the server may still be working on it and apply it later,
   * so a look-up made at once can miss what it will do.
   */
  readonly timedOut: boolean;

  constructor(method: string, path: string, reason: string, outcomeKnown: boolean, cause: unknown) {
    // An outcome-unknown write is retried, but only after its items are looked up (the senders'
    // recovery); a known one rejects its batch.
    super('NETWORK_ERROR', `${method} ${path} failed without an answer: ${reason}`, { cause, disposition: outcomeKnown ? 'reject-batch' : 'retry' });
    this.method = method;
    this.path = path;
    this.outcomeKnown = outcomeKnown;
    this.timedOut = reason.startsWith('timed out');
  }
}
