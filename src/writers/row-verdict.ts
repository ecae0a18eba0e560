/** What happened to one row that was sent: done (with what and the id), or refused by the API. */
export type RowVerdict =
  | { readonly ok: true; readonly status: string; readonly id?: string | undefined }
  | { readonly ok: false; readonly reason: string };

/** A refusal verdict. */
export function refused(reason: string): RowVerdict {
  return { ok: false, reason };
}
