import type { Reason } from '../reason.js';
import type { SourceRow } from '../readers/source-row.js';
import type { ColumnPlan } from './column-mapping.js';
import { toContactDraft, type ContactDraft, type DraftOptions } from './contact-draft.js';
import type { PhoneNormaliser } from './phone.js';
import { refuseRow, type RejectStage, type RowPlan } from './row-plan.js';

/** A draft shaped for one target: the API's item, or every reason it cannot be. */
export type Shaped<T> = { readonly ok: true; readonly item: T } | { readonly ok: false; readonly reasons: readonly Reason[] };

/** A check of a valid draft that can refuse it at its own stage (e.g. a DNC scrub). */
export type Screen = (draft: ContactDraft) => { readonly stage: RejectStage; readonly reason: Reason } | undefined;

/**
 * The row plan of a contact import, the same for every contact target: draft (map and
 * normalise), screen, shape for the target. One item per row, identified by its numbers and
 * e-mails for the duplicate check.
 */
export function contactRowPlan<T>(
  row: SourceRow,
  plan: ColumnPlan,
  phones: PhoneNormaliser,
  shape: (draft: ContactDraft) => Shaped<T>,
  screen?: Screen,
  options?: DraftOptions,
): RowPlan<T> {
  const drafted = toContactDraft(row, plan, phones, options);
  if (!drafted.ok) return refuseRow('validate', drafted.reasons);
  const draft = drafted.draft;
  const shaped = shape(draft);
  if (!shaped.ok) return refuseRow('validate', shaped.reasons);
  const screened = screen?.(draft);
  if (screened) return refuseRow(screened.stage, screened.reason);
  return [{ ok: true, item: shaped.item, keys: draft, phones: draft.phones.map((p) => p.number) }];
}
