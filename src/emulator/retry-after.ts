import type { FaultSettings } from './faults.js';

/**
 * The Retry-After header value for a wait ending at `at`, in the form the faults ask for.
 * Seconds round up so a client that waits exactly that long is never early.
 */
export function retryAfterValue(
  format: FaultSettings['retryAfterFormat'],
  at: number,
  now: number = Date.now(),
): string | undefined {
  switch (format) {
    case 'seconds':
      return String(Math.max(1, Math.ceil((at - now) / 1000)));
    case 'http-date':
      // HTTP dates have whole seconds: round up so the client never retries early.
      return new Date(Math.ceil(at / 1000) * 1000).toUTCString();
    case 'iso':
      return new Date(at).toISOString();
    case 'none':
      return undefined;
  }
}
