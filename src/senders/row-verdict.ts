import { dispositionOf } from '../errors.js';
import { reason, type Reason } from '../reason.js';
import { ZoomApiError } from '../zoom/api-error.js';

/**
 * What happened to one row that was sent: done (with what and the id), or refused by the API —
 * at stage `duplicate` when Zoom said the target holds it already (5003), else at stage `api`.
 */
export type RowVerdict =
  | { readonly ok: true; readonly status: string; readonly id?: string | undefined; readonly extra?: readonly string[] | undefined }
  | {
      readonly ok: false;
      readonly reasons: readonly Reason[];
      readonly stage?: 'duplicate' | undefined;
      /**
       * Part of the row was written before the refusal (a roster row's user was created, then an
       * assignment refused): its undo must look for what it made, by `id` when it is known.
       */
      readonly partly?: { readonly id?: string | undefined } | undefined;
    };

/** A refusal verdict, for a reason of `kind` (naming `value`, unquoted, when given). */
export function refused(kind: string, value?: string): RowVerdict {
  return { ok: false, reasons: [reason(kind, value, { quote: false })] };
}

/** A row Zoom refused because the target holds it already (5003 "Contact already exists."): a duplicate, not bad data. */
export function alreadyThere(said: string): RowVerdict {
  return { ok: false, stage: 'duplicate', reasons: [reason('already in the target', said, { quote: false })] };
}

/** A success verdict: `status` is what was done (`created`, `added` …). */
export function done(status: string, id?: string): RowVerdict {
  return id === undefined ? { ok: true, status } : { ok: true, status, id };
}

/**
 * A done verdict that says what the row's empty cells cleared (`--blanks clear`):
 * `updated (cleared location, mobile numbers)`, `would update (would clear …)` in a dry run.
 */
export function withClears(verdict: RowVerdict, clears: string | undefined): RowVerdict {
  if (!verdict.ok || clears === undefined || clears === '') return verdict;
  const said = verdict.status.startsWith('would ') ? 'would clear' : 'cleared';
  return { ...verdict, status: `${verdict.status} (${said} ${clears})` };
}

/**
 * A failure of a whole batch, as its disposition says: `reject-batch` (the API refused it, or
 * could not be reached) gives every item the error's message as its reason, and so does a
 * `retry` that is still failing after every retry; `stop` and `fatal` (a daily limit, lost
 * credentials) stop the run and are thrown.
 */
export function wholeBatch(error: unknown, size: number): RowVerdict[] {
  const disposition = dispositionOf(error);
  if (error instanceof ZoomApiError && error.meaning === 'already-exists') {
    return Array.from({ length: size }, () => alreadyThere(error.zoomMessage ?? error.message));
  }
  if (disposition === 'reject-batch' || disposition === 'retry') {
    const message = (error as Error).message;
    return Array.from({ length: size }, () => refused(message));
  }
  throw error;
}
