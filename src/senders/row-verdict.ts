import { ZoomApiError } from '../zoom/api-error.js';
import { ZoomNetworkError } from '../zoom/network-error.js';

/** What happened to one row that was sent: done (with what and the id), or refused by the API. */
export type RowVerdict =
  | { readonly ok: true; readonly status: string; readonly id?: string | undefined }
  | { readonly ok: false; readonly reason: string };

/** A refusal verdict. */
export function refused(reason: string): RowVerdict {
  return { ok: false, reason };
}

/**
 * A failure of a whole batch: every item gets the API's reason when the API refused it or could
 * not be reached; anything else (daily limit, refused credentials) stops the run and is thrown.
 */
export function wholeBatch(error: unknown, size: number): RowVerdict[] {
  if (error instanceof ZoomApiError || error instanceof ZoomNetworkError) {
    return Array.from({ length: size }, () => refused(error.message));
  }
  throw error;
}
