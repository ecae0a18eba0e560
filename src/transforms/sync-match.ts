import { reason, type Reason } from '../reason.js';
import type { SourceRow } from '../readers/source-row.js';
import { EMAIL_FIELDS, PHONE_FIELD_TYPES, type CanonicalField, type PhoneField } from './canonical-fields.js';
import type { ColumnPlan } from './column-mapping.js';
import type { ContactDraft } from './contact-draft.js';
import { otherKey, withOtherKeys, type DuplicateKeys } from './duplicates.js';
import { unguardFormula } from './formula-guard.js';
import type { RejectStage } from './row-plan.js';

/**
 * What a sync matches a row to a contact by (`--key`): the contact id, the account number, the
 * row's e-mails, its numbers, or (`contact`, the fallback) any of its numbers and e-mails, as
 * upsert matches.
 */
export type SyncKey = 'contact_id' | 'account_number' | 'email' | 'phone' | 'contact';

const PHONE_FIELDS = Object.keys(PHONE_FIELD_TYPES) as PhoneField[];

/** The keys `--key` takes. */
export const SYNC_KEYS = ['contact_id', 'account_number', 'email', 'phone'] as const;

/**
 * The key when `--key` is not given: the contact id when the file has that column (an export
 * edited in a spreadsheet), else the account number when it has that one, else numbers and
 * e-mails.
 */
export function defaultSyncKey(plan: ColumnPlan): SyncKey {
  if (plan.fields.contact_id !== undefined) return 'contact_id';
  if (plan.fields.account_number !== undefined) return 'account_number';
  return 'contact';
}

/** The key a contact sync matches by: `--key` when given, else the one the file's columns choose. */
export function contactSyncKey(plan: ColumnPlan, key: SyncKey | undefined): SyncKey {
  return key ?? defaultSyncKey(plan);
}

/** The fields whose columns each key reads. */
export const SYNC_KEY_FIELDS: Readonly<Record<SyncKey, readonly CanonicalField[]>> = {
  contact_id: ['contact_id'],
  account_number: ['account_number'],
  email: EMAIL_FIELDS,
  phone: PHONE_FIELDS,
  contact: [...PHONE_FIELDS, ...EMAIL_FIELDS],
};

/** Each key in words, as a person reads "rows are matched to contacts by …". */
export const SYNC_KEY_TEXT: Readonly<Record<SyncKey, string>> = {
  contact_id: 'contact id',
  account_number: 'account number',
  email: 'e-mail address',
  phone: 'phone number',
  contact: 'any of their phone numbers and e-mail addresses',
};

/** The part of a target index matching needs (see `senders/target-index.ts`). */
export interface SyncTargetView {
  byId(id: string): number | undefined;
  byAccount(account: string): readonly number[];
  /** Given the asking row's `line`, what earlier rows' updates take no longer finds a contact. */
  byPhonesOrEmails(phones: readonly string[], emails: readonly string[], line?: number): number[];
  idAt(slot: number): string;
  /** Claims a slot for the row on `line`; returns the line of the row that owns it. */
  claim(slot: number, line: number): number;
  /** Marks a slot as named by the file, owned by no row: never "not in the file". */
  keep(slot: number): void;
}

/** A row's match: a contact to compare with, none (a new contact), or a refusal. */
export type SyncMatch =
  | { readonly kind: 'new' }
  | { readonly kind: 'match'; readonly slot: number }
  | { readonly kind: 'refused'; readonly stage: RejectStage; readonly reasons: readonly Reason[] };

/**
 * The contact a row's draft matches in the target, by `key`. A row whose contact id or account
 * number is empty is matched by its numbers and e-mails instead, so a row added to an export is
 * created once and found again the next night. A contact id the target does not hold is refused
 * (the contact was deleted, or the file is another target's export); a row matching several
 * contacts is refused with their ids (and claims them all, so that `--delete-missing` never
 * deletes them); a row matching a contact an earlier row matched is a duplicate of that row.
 * Every contact the row names by any of its keys is kept, whatever becomes of the row (see
 * {@link keepNamed}).
 */
export function matchRow(draft: ContactDraft, key: SyncKey, view: SyncTargetView, line: number, targetName: string): SyncMatch {
  const match = matchByKey(draft, key, view, line, targetName);
  // Whatever the row becomes, every contact it names by any key is in the file: a row matched
  // by its id still names, by its numbers, a contact a create once made of another row.
  keepNamed(namesOf(draft), view);
  return match;
}

function matchByKey(draft: ContactDraft, key: SyncKey, view: SyncTargetView, line: number, targetName: string): SyncMatch {
  let slots: readonly number[];
  if (key === 'contact_id' && draft.contact_id !== undefined) {
    const slot = view.byId(draft.contact_id);
    if (slot === undefined) return { kind: 'refused', stage: 'api', reasons: [reason(`contact_id: not in the ${targetName}`, draft.contact_id)] };
    slots = [slot];
  } else if (key === 'account_number' && draft.account_number !== undefined) {
    slots = view.byAccount(draft.account_number);
  } else if (key === 'email') {
    if (draft.emails.length === 0) return { kind: 'refused', stage: 'validate', reasons: [reason('email: missing: `--key email` matches rows by e-mail')] };
    slots = view.byPhonesOrEmails([], draft.emails, line);
  } else if (key === 'phone') {
    if (draft.phones.length === 0) return { kind: 'refused', stage: 'validate', reasons: [reason('phone: missing: `--key phone` matches rows by number')] };
    slots = view.byPhonesOrEmails(
      draft.phones.map((p) => p.number),
      [],
      line,
    );
  } else {
    slots = view.byPhonesOrEmails(
      draft.phones.map((p) => p.number),
      draft.emails,
      line,
    );
  }
  if (slots.length === 0) return { kind: 'new' };
  if (slots.length > 1) {
    // Claimed all the same: a row that names contacts, ambiguously, never makes them "not in the file".
    for (const slot of slots) view.claim(slot, line);
    const ids = slots.map((s) => view.idAt(s)).join(', ');
    return { kind: 'refused', stage: 'api', reasons: [reason(`matches several contacts in the ${targetName}: give a contact_id to say which`, ids, { quote: false })] };
  }
  const slot = slots[0]!;
  const owner = view.claim(slot, line);
  if (owner !== line) return { kind: 'refused', stage: 'duplicate', reasons: [{ kind: 'duplicate of an earlier row', text: `matches the same contact as line ${owner}` }] };
  return { kind: 'match', slot };
}

/**
 * The keys of the within-file duplicate check for a row: its numbers and e-mails, as a create's,
 * whether it is new or matched to a contact (and with `--key account_number` its account number
 * too). A later row that gives one of them is its duplicate, as create refuses it: for a new row,
 * rather than a second contact that every later night finds "matching several"; for a matched
 * row, rather than a new contact holding a number or e-mail the matched one is given by this
 * file (the target as read before the run does not hold it yet, so matching cannot see it).
 * A second row for the same contact is refused by the claim on it besides.
 */
export function duplicateKeysOf(draft: ContactDraft, key: SyncKey): DuplicateKeys {
  if (key === 'account_number' && draft.account_number !== undefined) return withOtherKeys(draft, [otherKey('account', draft.account_number)]);
  return draft;
}

/** What a row names contacts by, whatever became of it. */
export interface RowNames {
  readonly contactId?: string | undefined;
  readonly accountNumber?: string | undefined;
  /** Numbers in E.164. */
  readonly phones: readonly string[];
  readonly emails: readonly string[];
}

/** What a draft names contacts by: its contact id, account number, numbers and e-mails. */
export function namesOf(draft: ContactDraft): RowNames {
  return { contactId: draft.contact_id, accountNumber: draft.account_number, phones: draft.phones.map((p) => p.number), emails: draft.emails };
}

/**
 * Keeps every contact a refused row names — by its contact id, its account number, any of its
 * numbers or e-mails — from being deleted as not in the file: a row with a mistake (a typo in its
 * id, a bad second number, a number on a DNC list) still says its contact is wanted, and which
 * contact it means is not for `--delete-missing` to guess. Kept, not claimed: a later row that
 * matches one of them still owns it.
 */
export function keepNamed(names: RowNames, view: SyncTargetView): void {
  const slots = new Set(view.byPhonesOrEmails(names.phones, names.emails));
  const byId = names.contactId === undefined || names.contactId === '' ? undefined : view.byId(names.contactId);
  if (byId !== undefined) slots.add(byId);
  if (names.accountNumber !== undefined && names.accountNumber !== '') for (const slot of view.byAccount(names.accountNumber)) slots.add(slot);
  for (const slot of slots) view.keep(slot);
}

/**
 * Claims the contact a row refused before matching (a bad number, say) names by its contact id
 * or account number cell, as its key, and keeps every contact the row names by any key (the
 * `readable` numbers and e-mails among them), so that `--delete-missing` never deletes a contact
 * only because its row has a mistake.
 */
export function claimRefusedRow(row: SourceRow, plan: ColumnPlan, key: SyncKey, view: SyncTargetView, readable: Pick<RowNames, 'phones' | 'emails'>): void {
  const cell = (index: number | undefined) => (index === undefined ? '' : unguardFormula(row.cells[index]?.trim() ?? ''));
  const contactId = cell(plan.fields.contact_id);
  const accountNumber = cell(plan.fields.account_number);
  if (key === 'contact_id') {
    const slot = view.byId(contactId);
    if (slot !== undefined) view.claim(slot, row.origin.line);
  } else if (key === 'account_number') {
    const slots = accountNumber === '' ? [] : view.byAccount(accountNumber);
    if (slots.length === 1) view.claim(slots[0]!, row.origin.line);
  }
  keepNamed({ contactId, accountNumber, phones: readable.phones, emails: readable.emails }, view);
}
