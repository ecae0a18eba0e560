import type { Reason } from '../reason.js';
import type { DuplicateKeys } from './duplicates.js';

/** The stage that refused a row (or one of its numbers). */
export type RejectStage = 'parse' | 'validate' | 'duplicate' | 'dnc' | 'api';

/** One thing a row asks the API to do, with what identifies it and what results.csv reports. */
export interface ItemPlan<T> {
  readonly ok: true;
  /** What the API takes. */
  readonly item: T;
  /** Numbers and e-mails that must not repeat an earlier item's (the within-file duplicate check). */
  readonly keys: DuplicateKeys;
  /** The E.164 numbers sent, for results.csv. */
  readonly phones: readonly string[];
}

/** Something a row asked for that is refused before anything is sent, with the stage and why. */
export interface ItemRefusal {
  readonly ok: false;
  readonly stage: RejectStage;
  /** Every reason, as data: counted by kind, shown by text. */
  readonly reasons: readonly Reason[];
  /** The numbers concerned, when the refusal is about one number of several. */
  readonly phones?: readonly string[];
  /**
   * What the item's outcome is instead when an interrupted run sent it without learning what
   * happened: a removal whose number is gone from the list now was done by that run (a resume
   * re-reads the list, and must not call the number "not on the list").
   */
  readonly ifSentBefore?: { readonly status: string };
  /**
   * Keys the refused row still claims in the within-file duplicate check. A sync row for a new
   * contact that cannot be created (a campaign row with an e-mail and no number) still names
   * that contact: a later row for it is its duplicate, as it is on a night when the contact
   * exists and the earlier row matches it — otherwise the later row creates the contact one
   * night and is refused the next, and the second identical sync is not a no-op.
   */
  readonly claims?: DuplicateKeys;
}

/**
 * What a row becomes: usually one item (a contact), for DNC imports one per number. Never
 * empty: a row with nothing to send is a refusal, so every row is accounted for.
 */
export type RowPlan<T> = readonly (ItemPlan<T> | ItemRefusal)[];

/** A refusal of the whole row. */
export function refuseRow(stage: RejectStage, reasons: Reason | readonly Reason[]): [ItemRefusal] {
  return [{ ok: false, stage, reasons: isReasonList(reasons) ? reasons : [reasons] }];
}

function isReasonList(reasons: Reason | readonly Reason[]): reasons is readonly Reason[] {
  return Array.isArray(reasons);
}
