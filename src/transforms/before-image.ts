import { SYNC_SCALARS, type SyncFields, type SyncPhone } from './contact-digest.js';
import type { FieldUpdate } from './sync-diff.js';

/**
 * What a run records of one item before it writes it, so that the run can be undone: the
 * contact (or DNC number) a create makes, a contact's fields before and after an update, the
 * whole contact a delete removes. Fields are the target-neutral {@link SyncFields} a sync
 * compares, so one undo serves every target.
 */
export type BeforeImage =
  | {
      readonly t: 'create';
      /** What the write creates: found again by these fields when its id was never learned. */
      readonly fields: SyncFields;
      /**
       * The run could not tell whether the item was in the target before (a DNC add that did not
       * read the list: Zoom's answer does not say): the undo does not remove it without `--force`.
       */
      readonly maybeThere?: true | undefined;
    }
  | { readonly t: 'update'; readonly id: string; readonly before: SyncFields; readonly after: SyncFields }
  | { readonly t: 'delete'; readonly id: string; readonly before: SyncFields };

/** A DNC number as fields: the number, nothing else. */
export function numberFields(number: string): SyncFields {
  return { scalars: {}, phones: [{ number, type: 'other' }], emails: [], custom: {} };
}

/** A contact's fields once `update` is applied to them: given scalars and custom values replace, given lists replace whole. */
export function afterUpdate(before: SyncFields, update: FieldUpdate): SyncFields {
  const scalars = { ...before.scalars };
  for (const field of SYNC_SCALARS) {
    const value = update.scalars[field];
    if (value === undefined) continue;
    if (value === '') delete scalars[field];
    else scalars[field] = value;
  }
  return {
    scalars,
    phones: update.phones ?? before.phones,
    emails: update.emails ?? before.emails,
    custom: { ...before.custom, ...update.custom },
  };
}

const phoneKey = (p: SyncPhone) => `${p.number} ${p.type}`;

function sameSet(a: readonly string[], b: readonly string[]): boolean {
  if (a.length !== b.length) return false;
  const sorted = [...b].sort();
  return [...a].sort().every((item, i) => item === sorted[i]);
}

/**
 * The fields in which `a` and `b` differ, by name (`display_name`, `phones`, `emails`,
 * `custom:<id>`): lists compare as sets (addresses ignoring case), as a sync compares them.
 * `only`, when given, limits the comparison to those names.
 */
export function differingFields(a: SyncFields, b: SyncFields, only?: ReadonlySet<string>): string[] {
  const differ: string[] = [];
  const asked = (name: string) => only === undefined || only.has(name);
  for (const field of SYNC_SCALARS) if (asked(field) && (a.scalars[field] ?? '') !== (b.scalars[field] ?? '')) differ.push(field);
  if (asked('phones') && !sameSet(a.phones.map(phoneKey), b.phones.map(phoneKey))) differ.push('phones');
  const lower = (list: readonly string[]) => list.map((e) => e.toLowerCase());
  if (asked('emails') && !sameSet(lower(a.emails), lower(b.emails))) differ.push('emails');
  for (const id of new Set([...Object.keys(a.custom), ...Object.keys(b.custom)])) {
    if (asked(`custom:${id}`) && (a.custom[id] ?? '') !== (b.custom[id] ?? '')) differ.push(`custom:${id}`);
  }
  return differ;
}

/**
 * The update that puts `fields` back to `before` in the named fields: each scalar as it was ('' for
 * one that had no value), each list whole, each custom value.
 */
export function restoringUpdate(before: SyncFields, fields: readonly string[]): FieldUpdate {
  const scalars: Partial<Record<(typeof SYNC_SCALARS)[number], string>> = {};
  const custom: Record<string, string> = {};
  let phones: readonly SyncPhone[] | undefined;
  let emails: readonly string[] | undefined;
  for (const field of fields) {
    if (field === 'phones') phones = before.phones;
    else if (field === 'emails') emails = before.emails;
    else if (field.startsWith('custom:')) custom[field.slice('custom:'.length)] = before.custom[field.slice('custom:'.length)] ?? '';
    else if ((SYNC_SCALARS as readonly string[]).includes(field)) scalars[field as (typeof SYNC_SCALARS)[number]] = before.scalars[field as (typeof SYNC_SCALARS)[number]] ?? '';
  }
  return { scalars, ...(phones === undefined ? {} : { phones }), ...(emails === undefined ? {} : { emails }), custom };
}

/** A field's value as plan.csv and the undo's rejects show it. */
export function fieldText(fields: SyncFields, field: string): string {
  if (field === 'phones') return fields.phones.map((p) => `${p.type} ${p.number}`).join(', ');
  if (field === 'emails') return fields.emails.join(' ');
  if (field.startsWith('custom:')) return fields.custom[field.slice('custom:'.length)] ?? '';
  return fields.scalars[field as (typeof SYNC_SCALARS)[number]] ?? '';
}
