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
  /** `host:port` of the API the request went to: never the URL's credentials or query string. */
  readonly host: string;
  /** False when the server may have applied the request before the connection failed. */
  readonly outcomeKnown: boolean;

  /**
   * True when the request timed out: the server may still be working on it and apply it later,
   * so a look-up made at once can miss what it will do.
   */
  readonly timedOut: boolean;

  constructor(method: string, path: string, host: string, reason: string, outcomeKnown: boolean, cause: unknown) {
    // An outcome-unknown write is retried, but only after its items are looked up (the senders'
    // recovery); a known one rejects its batch. The host is named because "connection refused"
    // alone does not say whether ZOOM_API_URL points at the wrong machine or port.
    super('NETWORK_ERROR', `${method} ${path} at ${host} failed without an answer: ${reason}`, { cause, disposition: outcomeKnown ? 'reject-batch' : 'retry' });
    this.method = method;
    this.path = path;
    this.host = host;
    this.outcomeKnown = outcomeKnown;
    this.timedOut = reason.startsWith('timed out');
  }
}

/**
 * `host:port` of a URL, the port always written (443 and 80 too), for messages: the user name,
 * password, path and query string are left out, as they may hold secrets.
 */
export function hostAndPort(url: string): string {
  try {
    const parsed = new URL(url);
    const port = parsed.port || (parsed.protocol === 'https:' ? '443' : parsed.protocol === 'http:' ? '80' : '');
    return port === '' ? parsed.hostname : `${parsed.hostname}:${port}`;
  } catch {
    return 'an API URL that cannot be parsed';
  }
}
