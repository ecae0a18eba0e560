import { CcbulkError } from '../errors.js';

/**
 * Zoom's API and OAuth endpoints never redirect, so ccbulk never follows a redirect: a followed
 * one would re-send the Authorization header and the contacts in the body to wherever the
 * Location points, plain http included. Requests are sent with `redirect: 'manual'` and a 3xx
 * answer ends the run with this error, which names the Location's origin only (its path and query
 * may carry anything).
 */
export function redirectRefused(what: string, status: number, location: string | null, base: string, variable: string): CcbulkError {
  let where = 'a Location that is not a URL';
  if (location === null) where = 'no Location';
  else {
    try {
      const url = new URL(location, base);
      where = url.origin === 'null' ? `a ${url.protocol} URL` : url.origin;
    } catch {
      // Left as described above.
    }
  }
  return new CcbulkError(
    'CONFIG_INVALID',
    `${what} was redirected (${status}) to ${where}; Zoom does not redirect, so ccbulk does not follow: check ${variable}`,
    { status, disposition: 'fatal' },
  );
}

/** Whether an HTTP status is a redirect. */
export function isRedirect(status: number): boolean {
  return status >= 300 && status < 400;
}
