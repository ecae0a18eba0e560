import { PHONE_FIELD_TYPES, isPhoneField, type CanonicalField, type PhoneType } from './canonical-fields.js';
import type { ColumnPlan } from './column-mapping.js';
import { SYNC_SCALARS, type SyncFields, type SyncPhone, type SyncScalar } from './contact-digest.js';

/**
 * What a file carries, worked out from its columns: a sync compares and changes these and never
 * touches anything else of a contact.
 */
export interface CarriedFields {
  /** Text fields with a column (or, for display_name, a first or last name column). */
  readonly scalars: ReadonlySet<SyncScalar>;
  /** Phone types with a column: the contact's numbers of these types are the file's. */
  readonly phoneTypes: ReadonlySet<PhoneType>;
  /** Whether the file has an e-mail column: the contact's addresses are then the file's. */
  readonly emails: boolean;
  /** Custom field ids with a column. */
  readonly custom: readonly string[];
}

/** The fields a file with `plan`'s columns carries; custom columns by id through `customIds`. */
export function carriedFieldsOf(plan: ColumnPlan, customIds: ReadonlyMap<string, string>): CarriedFields {
  const has = (field: CanonicalField) => plan.fields[field] !== undefined;
  const scalars = new Set<SyncScalar>(SYNC_SCALARS.filter((f) => has(f)));
  if (has('first_name') || has('last_name')) scalars.add('display_name');
  const phoneTypes = new Set<PhoneType>();
  for (const field of Object.keys(plan.fields) as CanonicalField[]) {
    if (!isPhoneField(field)) continue;
    phoneTypes.add(PHONE_FIELD_TYPES[field]);
    // A `phone` cell's second and further numbers are `other` (only one may be main).
    if (field === 'phone') phoneTypes.add('other');
    // A column whose kind each row names (Google's `Phone N - Type`) may hold any kind.
    if (plan.phoneTypeColumns[field] !== undefined) for (const type of Object.values(PHONE_FIELD_TYPES)) phoneTypes.add(type);
  }
  const emails = (['email', 'email_2', 'email_3', 'email_4'] as const).some(has);
  const custom = plan.custom.flatMap((name) => {
    const id = customIds.get(name);
    return id === undefined ? [] : [id];
  });
  return { scalars, phoneTypes, emails, custom };
}

/**
 * What an update that gives a whole contact carries (an upsert's, rather than a file's columns):
 * every text field (one it leaves out is not compared, as an empty cell), and its numbers and
 * e-mails as whole lists when it gives them.
 */
export function carriedByContact(gives: { readonly phones: boolean; readonly emails: boolean }): CarriedFields {
  const types = Object.values(PHONE_FIELD_TYPES);
  return { scalars: new Set(SYNC_SCALARS), phoneTypes: new Set(gives.phones ? types : []), emails: gives.emails, custom: [] };
}

/** One field a sync changes, for plan.csv. */
export interface FieldChange {
  /** `display_name`, `phones`, `emails`, `custom:<id>` … */
  readonly field: string;
  readonly before: string;
  readonly after: string;
  /** The row's empty cell clears the field (`--blanks clear`): `after` is empty. */
  readonly clear?: true;
}

/** The new values of the fields that change: what an update sends, nothing else. */
export interface FieldUpdate {
  readonly scalars: Partial<Record<SyncScalar, string>>;
  /** The whole new list (Zoom replaces lists whole), when it changes. */
  readonly phones?: readonly SyncPhone[];
  readonly emails?: readonly string[];
  readonly custom: Readonly<Record<string, string>>;
}

/** What a row changes of the contact it matches: nothing (`changes` empty), or these fields. */
export interface SyncDiff {
  readonly changes: readonly FieldChange[];
  readonly update: FieldUpdate;
}

// `mobile +12025550143, work +12025550144`: starting with the type, so no spreadsheet takes it for a formula.
const phoneText = (phones: readonly SyncPhone[]) => phones.map((p) => `${p.type} ${p.number}`).join(', ');
const phoneKey = (p: SyncPhone) => `${p.number} ${p.type}`;

function sameItems(a: readonly string[], b: readonly string[]): boolean {
  if (a.length !== b.length) return false;
  const sorted = [...b].sort();
  return [...a].sort().every((item, i) => item === sorted[i]);
}

/**
 * A row that gives no main number stands for the contact a create makes of it, its first number
 * `main` (`promoteFirstToMain`: a create, an insert, a sync's create). When the contact holds
 * that number as its main one, the row's numbers as such a create would send them: a contact a
 * create made (`Mobile` only, created `main`) is then found unchanged, not "fixed" back to
 * `mobile` by the next sync, and keeps its main number when the row changes its others.
 * Undefined otherwise: the row's numbers are compared as the file gives them (an export's
 * `work_phone`-only contact, which Zoom holds with no main number, comes back unchanged too).
 */
function promotedAsHeld(wanted: readonly SyncPhone[], stored: readonly SyncPhone[]): SyncPhone[] | undefined {
  const first = wanted[0];
  if (first === undefined || wanted.some((p) => p.type === 'main')) return undefined;
  if (!stored.some((p) => p.number === first.number && p.type === 'main')) return undefined;
  return [{ number: first.number, type: 'main' }, ...wanted.slice(1)];
}

/**
 * What a row (`wanted`) changes of the contact Zoom holds (`stored`), for the fields the file
 * carries only. An empty cell is "not given" and changes nothing, unless `blanks` is `clear`
 * (then it empties a text or custom field, the display name excepted), and except in lists: the contact's numbers of each type the file has a column for
 * are the row's (an empty cell removes them), numbers of other types stay; with an e-mail column
 * its addresses are the row's. Lists compare ignoring order (addresses ignoring case). A row with
 * no main number matches a contact holding its first number as main (see `promotedAsHeld`).
 */
export function diffFields(wanted: SyncFields, stored: SyncFields, carried: CarriedFields, blanks: 'keep' | 'clear' = 'keep'): SyncDiff {
  const changes: FieldChange[] = [];
  const scalars: Partial<Record<SyncScalar, string>> = {};
  for (const field of SYNC_SCALARS) {
    const value = wanted.scalars[field];
    if (!carried.scalars.has(field)) continue;
    if (value === undefined) {
      // `--blanks clear`: the empty cell empties the field, but the name, which Zoom requires.
      const before = stored.scalars[field] ?? '';
      if (blanks === 'clear' && field !== 'display_name' && before !== '') {
        scalars[field] = '';
        changes.push({ field, before, after: '', clear: true });
      }
      continue;
    }
    if (value === stored.scalars[field]) continue;
    scalars[field] = value;
    changes.push({ field, before: stored.scalars[field] ?? '', after: value });
  }
  let phones: SyncPhone[] | undefined;
  if (carried.phoneTypes.size > 0) {
    const asCreated = promotedAsHeld(wanted.phones, stored.phones);
    const wantedPhones = asCreated ?? wanted.phones;
    const types: ReadonlySet<PhoneType> = asCreated === undefined ? carried.phoneTypes : new Set([...carried.phoneTypes, 'main']);
    const had = stored.phones.filter((p) => types.has(p.type));
    if (!sameItems(had.map(phoneKey), wantedPhones.map(phoneKey))) {
      const numbers = new Set(wantedPhones.map((p) => p.number));
      // The file's numbers first (its main one leads), then the kept numbers of other types.
      phones = [...wantedPhones, ...stored.phones.filter((p) => !types.has(p.type) && !numbers.has(p.number))];
      changes.push({ field: 'phones', before: phoneText(stored.phones), after: phoneText(phones) });
    }
  }
  let emails: readonly string[] | undefined;
  if (carried.emails) {
    const lower = (list: readonly string[]) => list.map((e) => e.toLowerCase());
    if (!sameItems(lower(stored.emails), lower(wanted.emails))) {
      emails = wanted.emails;
      changes.push({ field: 'emails', before: stored.emails.join(' '), after: wanted.emails.join(' ') });
    }
  }
  const custom: Record<string, string> = {};
  for (const id of carried.custom) {
    const value = wanted.custom[id];
    if (value === undefined && blanks === 'clear' && (stored.custom[id] ?? '') !== '') {
      custom[id] = '';
      changes.push({ field: `custom:${id}`, before: stored.custom[id] ?? '', after: '', clear: true });
      continue;
    }
    if (value === undefined || value === stored.custom[id]) continue;
    custom[id] = value;
    changes.push({ field: `custom:${id}`, before: stored.custom[id] ?? '', after: value });
  }
  return { changes, update: { scalars, ...(phones === undefined ? {} : { phones }), ...(emails === undefined ? {} : { emails }), custom } };
}

/**
 * What a contact holds once a sync's `update` is applied to it (`stored`): its numbers and
 * e-mails. A list the update leaves out is the contact's as it was.
 */
export function heldAfter(update: FieldUpdate, stored: SyncFields): { readonly phones: readonly SyncPhone[]; readonly emails: readonly string[] } {
  return { phones: update.phones ?? stored.phones, emails: update.emails ?? stored.emails };
}

/** The numbers and addresses a sync's `update` takes from the contact it is applied to (`stored`). */
export function keysTaken(update: FieldUpdate, stored: SyncFields): { readonly phones: readonly string[]; readonly emails: readonly string[] } {
  const held = heldAfter(update, stored);
  const numbers = new Set(held.phones.map((p) => p.number));
  const addresses = new Set(held.emails.map((e) => e.toLowerCase()));
  return { phones: stored.phones.map((p) => p.number).filter((n) => !numbers.has(n)), emails: stored.emails.filter((e) => !addresses.has(e.toLowerCase())) };
}
