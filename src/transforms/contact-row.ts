import type { Reason } from '../reason.js';
import type { SourceRow } from '../readers/source-row.js';
import type { ColumnPlan } from './column-mapping.js';
import { toContactDraft, type ContactDraft, type DraftOptions } from './contact-draft.js';
import type { PhoneNormaliser } from './phone.js';
import { otherKey, withOtherKeys } from './duplicates.js';
import { refuseRow, type RejectStage, type RowPlan } from './row-plan.js';

/** A draft shaped for one target: the API's item, or every reason it cannot be. */
export type Shaped<T> = { readonly ok: true; readonly item: T } | { readonly ok: false; readonly reasons: readonly Reason[] };

/** A check of a valid draft that can refuse it at its own stage (e.g. a DNC scrub). */
export type Screen = (draft: ContactDraft) => { readonly stage: RejectStage; readonly reason: Reason } | undefined;

/** How a mode drafts a row, and whether its rows act on the contact their id names. */
export interface RowOptions extends DraftOptions {
  /** The mode acts on the contact the row's id names (update, upsert, delete): a second row for it is a duplicate. */
  readonly keyedById?: boolean;
}

/**
 * The row plan of a contact import, the same for every contact target: draft (map and
 * normalise), screen, shape for the target. One item per row, identified by its numbers,
 * e-mails and contact id for the duplicate check.
 */
export function contactRowPlan<T>(
  row: SourceRow,
  plan: ColumnPlan,
  phones: PhoneNormaliser,
  shape: (draft: ContactDraft) => Shaped<T>,
  screen?: Screen,
  options?: RowOptions,
): RowPlan<T> {
  const drafted = toContactDraft(row, plan, phones, options);
  if (!drafted.ok) return refuseRow('validate', drafted.reasons);
  const draft = drafted.draft;
  const shaped = shape(draft);
  if (!shaped.ok) return refuseRow('validate', shaped.reasons);
  const screened = screen?.(draft);
  if (screened) return refuseRow(screened.stage, screened.reason);
  // Two rows for one contact id (an update, an upsert, a delete) are one row and its duplicate:
  // sent together, the API would keep only the last one's change and call both updated.
  const keys = options?.keyedById !== true || draft.contact_id === undefined ? draft : withOtherKeys(draft, [otherKey('contact id', draft.contact_id)]);
  return [{ ok: true, item: shaped.item, keys, phones: draft.phones.map((p) => p.number) }];
}
