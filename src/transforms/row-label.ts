import { PHONE_FIELD_TYPES, EMAIL_FIELDS, type CanonicalField, type PhoneField } from './canonical-fields.js';
import type { ColumnPlan } from './column-mapping.js';
import { unguardFormula } from './formula-guard.js';

/** How a person recognises a row in a list of rejects: its name and its first number, as the file wrote them. */
export interface RowLabel {
  /** The display name, else first and last name, else the company, else the first e-mail; empty when it has none. */
  readonly name: string;
  /** The first phone number the row has, as written; empty when it has none. */
  readonly number: string;
}

const PHONE_FIELDS = Object.keys(PHONE_FIELD_TYPES) as PhoneField[];

/**
 * A row's name and number, read through the column plan it was imported with: the cells as the
 * file (or a rejects file, whose cells are guarded for spreadsheets) has them, one guard quote off.
 */
export function rowLabel(plan: ColumnPlan, cells: readonly string[]): RowLabel {
  const cell = (field: CanonicalField): string => {
    const index = plan.fields[field];
    return index === undefined ? '' : unguardFormula(cells[index]?.trim() ?? '');
  };
  const first = (fields: readonly CanonicalField[]) => fields.map(cell).find((text) => text !== '') ?? '';
  const fullName = [cell('first_name'), cell('last_name')].filter((part) => part !== '').join(' ');
  return {
    name: cell('display_name') || fullName || cell('company') || first(EMAIL_FIELDS),
    number: first(PHONE_FIELDS),
  };
}
