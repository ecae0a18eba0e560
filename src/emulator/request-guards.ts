import type { IncomingMessage } from 'node:http';

/** The largest request body the emulator reads, in bytes: more than any batch the spec allows. */
export const MAX_BODY_BYTES = 10 * 1024 * 1024;

const LOOPBACK_NAME = /^(localhost|127\.\d{1,3}\.\d{1,3}\.\d{1,3}|\[::1\])(:\d+)?$/i;

/** Whether an interface to listen on is this machine only. */
export function isLoopbackInterface(host: string): boolean {
  return host === 'localhost' || host === '::1' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(host);
}

/**
 * Whether a request may reach the admin endpoints (faults, reset, token expiry, state): its Host
 * must name this machine, and an Origin, if sent, too. A web page the user visits could otherwise
 * post to them from the browser (an Origin), or through DNS rebinding (a foreign Host).
 */
export function adminRequestAllowed(req: IncomingMessage): boolean {
  const host = req.headers.host ?? '';
  if (!LOOPBACK_NAME.test(host)) return false;
  const origin = req.headers.origin;
  if (origin === undefined) return true;
  try {
    return LOOPBACK_NAME.test(new URL(origin).host);
  } catch {
    return false;
  }
}
