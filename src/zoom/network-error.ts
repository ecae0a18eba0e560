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
  /**
   * False when the server may have applied the request before the connection failed (on any of
   * its tries); true when no try ever reached it (connection refused, no route, no such host).
   */
  readonly outcomeKnown: boolean;

  /**
   * True when the request timed out: the server may still be working on it and apply it later,
   * so a look-up made at once can miss what it will do.
   */
  readonly timedOut: boolean;

  /**
   * `gaveUp`: the request was tried as often as it may be, and never answered. The run then
   * stops resumably (`stop`): no answer says nothing about the rows, so they are not rejected —
   * the resume sends them (connection refused: nothing of them was sent) or settles them (the
   * outcome is unknown). Otherwise the failure is one try's: an outcome-unknown write is retried,
   * but only after its items are looked up (the senders' recovery).
   */
  constructor(method: string, path: string, host: string, reason: string, outcomeKnown: boolean, cause: unknown, gaveUp = false) {
    // The host is named because "connection refused" alone does not say whether ZOOM_API_URL
    // points at the wrong machine or port.
    super('NETWORK_ERROR', `${method} ${path} at ${host} failed without an answer: ${reason}`, { cause, disposition: gaveUp ? 'stop' : 'retry' });
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
