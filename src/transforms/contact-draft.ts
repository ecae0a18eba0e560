import { unguardFormula } from './formula-guard.js';
import { reason, type Reason } from '../reason.js';
import type { SourceRow } from '../readers/source-row.js';
import {
  EMAIL_FIELDS,
  PHONE_FIELD_TYPES,
  isPhoneField,
  type CanonicalField,
  type EmailField,
  type PhoneField,
  type PhoneType,
} from './canonical-fields.js';
import type { ColumnPlan } from './column-mapping.js';
import { resolveCountry, type CountryCode } from './country.js';
import { addressParts, ADDRESSES_HINT, looksLikeSeveralAddresses, looksLikeSeveralNumbers, numberParts, NUMBERS_HINT } from './cell-values.js';
import { normaliseEmail, type ValidEmail } from './email.js';
import type { ValidPhone } from './phone-parse.js';
import { phoneTypeOfLabel } from './phone-labels.js';
import { SEVERAL_NUMBERS, splitPhoneCell, type PhoneNormaliser } from './phone.js';
import { normaliseTimezone } from './timezone.js';

/** One of a contact's phone numbers, normalised. */
export interface DraftPhone {
  /** E.164, without extension. */
  readonly number: string;
  readonly type: PhoneType;
  /** The extension the cell gave, digits only; targets without extensions report it dropped. */
  readonly extension?: string;
}

/** A custom field value, by the custom field's name as the file gives it. */
export interface DraftCustomValue {
  readonly name: string;
  readonly value: string;
}

/**
 * A contact as a file describes it, cleaned but not yet shaped for any one API: the address
 * book and the campaign list conversions both start from it. A field is absent when its cell
 * was empty or the file has no column for it ("not given", which an update must not clear).
 */
export interface ContactDraft {
  /** The name column, or first and last names joined when it is missing or empty. */
  readonly display_name?: string;
  readonly first_name?: string;
  readonly last_name?: string;
  /** Distinct numbers in file column order; at most one is `main`. */
  readonly phones: readonly DraftPhone[];
  /** Distinct addresses in `email`, `email_2`… order, domains lowercased. */
  readonly emails: readonly string[];
  readonly company?: string;
  readonly role?: string;
  readonly location?: string;
  /** An IANA time zone name, canonically spelled. */
  readonly timezone?: string;
  readonly account_number?: string;
  readonly contact_id?: string;
  readonly source_id?: string;
  readonly source_name?: string;
  /** The row's own country, which national-format numbers were read in. */
  readonly country?: CountryCode;
  /** Custom field values in file column order; empty cells left out. */
  readonly custom: readonly DraftCustomValue[];
  /** With `blanks: 'clear'`, what the row's empty cells in present columns clear; absent when nothing. */
  readonly cleared?: DraftClears;
}

/** The text fields an empty cell can clear (`display_name` cannot: Zoom requires a name). */
export const CLEARABLE_FIELDS = ['first_name', 'last_name', 'company', 'role', 'location', 'timezone', 'account_number'] as const satisfies readonly CanonicalField[];

/** A text field an empty cell can clear. */
export type ClearableField = (typeof CLEARABLE_FIELDS)[number];

/**
 * What a row clears with `--blanks clear`: the fields whose column the file has and whose cell
 * the row leaves empty. An update sends them empty; numbers and e-mails are removed.
 */
export interface DraftClears {
  /** Text fields to empty. */
  readonly fields: readonly ClearableField[];
  /** The kinds of number whose column is empty: the contact's numbers of these kinds are removed. */
  readonly phoneTypes: readonly PhoneType[];
  /** The file has e-mail columns and the row none filled: the contact's addresses are removed. */
  readonly emails: boolean;
  /** Custom fields, by name, to empty. */
  readonly custom: readonly string[];
}

/** What a row's clears are in words, for results.csv and the dry run: `location, role, mobile numbers, e-mails`. */
export function clearsText(clears: DraftClears): string {
  return [
    ...clears.fields,
    ...clears.phoneTypes.map((t) => `${t} numbers`),
    ...(clears.emails ? ['e-mails'] : []),
    ...clears.custom.map((name) => `custom:${name}`),
  ].join(', ');
}

/** A draft, or every reason the row cannot become one. */
export type ContactDraftResult =
  | { readonly ok: true; readonly draft: ContactDraft }
  | {
      readonly ok: false;
      readonly reasons: readonly Reason[];
      /**
       * The numbers (E.164) and addresses of the row that could be read all the same: what it
       * still names a contact by (a sync keeps such a contact from being deleted as not in the file).
       */
      readonly readable: { readonly phones: readonly string[]; readonly emails: readonly string[] };
    };

interface CompiledPlan {
  /** `typeIndex`: the column whose cell names each row's kind of number (Google's `Phone N - Type`). */
  readonly phones: readonly { readonly index: number; readonly field: PhoneField; readonly type: PhoneType; readonly typeIndex: number | undefined }[];
  readonly emails: readonly { readonly index: number; readonly field: EmailField }[];
}

// Column lists in the order a row is read, worked out once per plan rather than once per row.
const compiled = new WeakMap<ColumnPlan, CompiledPlan>();

function compile(plan: ColumnPlan): CompiledPlan {
  let c = compiled.get(plan);
  if (c !== undefined) return c;
  const phones: { index: number; field: PhoneField; type: PhoneType; typeIndex: number | undefined }[] = [];
  for (const [field, index] of Object.entries(plan.fields) as [CanonicalField, number][]) {
    if (isPhoneField(field)) phones.push({ index, field, type: PHONE_FIELD_TYPES[field], typeIndex: plan.phoneTypeColumns[field] });
  }
  // File column order: "the first number" is the leftmost one, as the person reading the file sees it.
  phones.sort((a, b) => a.index - b.index);
  const emails = EMAIL_FIELDS.flatMap((field) => {
    const index = plan.fields[field];
    return index === undefined ? [] : [{ index, field }];
  });
  c = { phones, emails };
  compiled.set(plan, c);
  return c;
}

/** The indexes of a plan's phone columns, leftmost first: the cells a draft reads numbers from. */
export function phoneColumnsOf(plan: ColumnPlan): number[] {
  return compile(plan).phones.map((p) => p.index);
}

/**
 * Cleans one row into a target-neutral {@link ContactDraft}, or returns all that is wrong with
 * it at once (`phone: not a valid number for US: '555-12'; email: invalid format: 'bob@'`).
 *
 * Cells are trimmed and empty ones mean "not given". A phone cell may hold several numbers
 * separated by `;`, `|` or line breaks, and, when every part is a valid number, by `,`, `/`,
 * `or`, `and` (see cell-values.ts); an e-mail cell several addresses, or `Name <address>`,
 * likewise. A cell that is not valid and looks like several values says which separators work.
 * Numbers take the column's type, except that only one
 * number may be `main`: further numbers of a `phone` cell become `other`, and when no column
 * gives a main number the first number becomes `main`. A number given twice is kept once (the
 * first time it appears, extension included), as is an address given twice (ignoring case).
 * A row's `country` cell, if any, sets the country of its national-format numbers; when it
 * names no known country that is a reason and the row's numbers are not checked, since their
 * meaning depends on it. Limits such as five phones belong to the target conversions.
 */
export function toContactDraft(
  row: SourceRow,
  plan: ColumnPlan,
  phones: PhoneNormaliser,
  options: DraftOptions = {},
): ContactDraftResult {
  const { cells } = row;
  const reasons: Reason[] = [];
  const text = (field: CanonicalField): string | undefined => cellText(cells, plan.fields[field]);
  const c = compile(plan);

  let country: CountryCode | undefined;
  let countryKnown = true;
  const countryText = text('country');
  if (countryText !== undefined) {
    country = resolveCountry(countryText);
    if (country === undefined) {
      countryKnown = false;
      reasons.push(reason('country: unknown country', countryText));
    }
  }

  const numbers: DraftPhone[] = [];
  let hasMain = false;
  if (countryKnown) {
    for (const column of c.phones) {
      const cell = cells[column.index];
      if (cell === undefined || cell === '') continue;
      let first = true;
      const columnType = column.typeIndex === undefined ? column.type : phoneTypeOfLabel(cells[column.typeIndex]?.trim() ?? '');
      // Most cells hold one number: no list of parts is made for them.
      const trimmed = cell.trim();
      const texts = trimmed !== '' && !SEVERAL_NUMBERS.test(trimmed) ? undefined : splitPhoneCell(cell);
      const count = texts === undefined ? 1 : texts.length;
      for (let t = 0; t < count; t++) {
        const raw = texts === undefined ? trimmed : texts[t]!;
        const result = phones.normalise(raw, country);
        if (result.ok) {
          const type = addNumber(numbers, result, columnType, first, hasMain);
          if (type === 'main') hasMain = true;
          if (type !== undefined) first = false;
          continue;
        }
        // Not one number: several, separated by `,` `/` `or`…, when every part is one.
        const parts = numberParts(raw);
        const read = parts.length > 1 ? parts.map((part) => phones.normalise(part, country)) : [];
        if (read.length === 0 || !read.every((r) => r.ok)) {
          const problem = reason(`${column.field}: ${result.problem}`, raw);
          reasons.push(looksLikeSeveralNumbers(raw, parts) ? { kind: problem.kind, text: `${problem.text} (${NUMBERS_HINT})` } : problem);
          continue;
        }
        for (const part of read as ValidPhone[]) {
          const type = addNumber(numbers, part, columnType, first, hasMain);
          if (type === 'main') hasMain = true;
          if (type !== undefined) first = false;
        }
      }
    }
  }
  const firstPhone = numbers[0];
  if (!hasMain && firstPhone !== undefined && options.promoteFirstToMain !== false) numbers[0] = { ...firstPhone, type: 'main' };

  const emails: string[] = [];
  for (const column of c.emails) {
    const value = cells[column.index]?.trim();
    if (value === undefined || value === '') continue;
    const result = normaliseEmail(value);
    if (result.ok) {
      addAddress(emails, result.email);
      continue;
    }
    // Not one address: several, or `Name <address>`, when every part is one.
    const parts = addressParts(value);
    const read = parts.map(normaliseEmail);
    if (read.length === 0 || !read.every((r) => r.ok) ) {
      const problem = reason(`${column.field}: ${result.problem}`, value);
      reasons.push(looksLikeSeveralAddresses(parts) ? { kind: problem.kind, text: `${problem.text} (${ADDRESSES_HINT})` } : problem);
      continue;
    }
    for (const address of read as ValidEmail[]) addAddress(emails, address.email);
  }

  const timezoneText = text('timezone');
  let timezone: string | undefined;
  if (timezoneText !== undefined) {
    timezone = normaliseTimezone(timezoneText);
    if (timezone === undefined) reasons.push(reason('timezone: not an IANA time zone name', timezoneText));
  }

  if (reasons.length > 0) return { ok: false, reasons, readable: { phones: numbers.map((p) => p.number), emails } };

  const first_name = text('first_name');
  const last_name = text('last_name');
  const joined = first_name === undefined ? last_name : last_name === undefined ? first_name : `${first_name} ${last_name}`;
  const display_name = text('display_name') ?? joined;

  const custom: DraftCustomValue[] = [];
  for (const { name, index } of plan.customColumns) {
    const value = unguardFormula(cells[index]?.trim() ?? '');
    if (value !== '') custom.push({ name, value });
  }

  const draft: Mutable<ContactDraft> = { phones: numbers, emails, custom };
  // Absent rather than undefined keys, so drafts compare and print cleanly.
  if (display_name !== undefined) draft.display_name = display_name;
  if (first_name !== undefined) draft.first_name = first_name;
  if (last_name !== undefined) draft.last_name = last_name;
  for (const field of PLAIN_FIELDS) {
    const value = text(field);
    if (value !== undefined) draft[field] = value;
  }
  if (timezone !== undefined) draft.timezone = timezone;
  if (country !== undefined) draft.country = country;
  if (options.blanks === 'clear') {
    const cleared = clearsOf(cells, plan, c, emails.length === 0);
    if (cleared !== undefined) draft.cleared = cleared;
  }
  return { ok: true, draft };
}

/** What the empty cells of present columns clear, or undefined when none is empty. */
function clearsOf(cells: readonly string[], plan: ColumnPlan, c: CompiledPlan, noEmails: boolean): DraftClears | undefined {
  const empty = (index: number) => unguardFormula(cells[index]?.trim() ?? '') === '';
  const fields = CLEARABLE_FIELDS.filter((field) => plan.fields[field] !== undefined && empty(plan.fields[field]));
  // A column whose kind each row names (Google's pairs) clears nothing: its empty cell names no kind.
  const phoneTypes = [...new Set(c.phones.filter((p) => p.typeIndex === undefined && empty(p.index)).map((p) => p.type))];
  const emails = c.emails.length > 0 && noEmails;
  const custom = plan.customColumns.filter(({ index }) => empty(index)).map(({ name }) => name);
  if (fields.length === 0 && phoneTypes.length === 0 && !emails && custom.length === 0) return undefined;
  return { fields, phoneTypes, emails, custom };
}

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

/**
 * The text of the cell at `index`, trimmed and with the leading quote an export puts before
 * formula-looking text taken off again; undefined when the column is absent or the cell empty.
 */
function cellText(cells: readonly string[], index: number | undefined): string | undefined {
  if (index === undefined) return undefined;
  const value = unguardFormula(cells[index]?.trim() ?? '');
  return value === '' ? undefined : value;
}

/**
 * Adds a valid number unless the row gave it already; its type is the column's, except that
 * only the first number of a `main` column, and only when no earlier one was, is main. Returns
 * the type it took, or undefined for a repeat.
 */
function addNumber(numbers: DraftPhone[], result: ValidPhone, columnType: PhoneType, first: boolean, hasMain: boolean): PhoneType | undefined {
  if (numbers.some((p) => p.number === result.number)) return undefined;
  const type = columnType === 'main' && (hasMain || !first) ? 'other' : columnType;
  numbers.push(result.extension === undefined ? { number: result.number, type } : { number: result.number, type, extension: result.extension });
  return type;
}

/** Adds an address unless the row gave it already, ignoring case. */
function addAddress(emails: string[], email: string): void {
  if (emails.length === 0) {
    emails.push(email);
    return;
  }
  const lower = email.toLowerCase();
  if (!emails.some((e) => e.toLowerCase() === lower)) emails.push(email);
}

/** How a draft is made. */
export interface DraftOptions {
  /**
   * Make the first number `main` when no column gives a main one. Default true, for new
   * contacts; updates pass false, because a contact Zoom holds without a main number (an
   * export's `work_phone` only, say) must come back unchanged, not promoted.
   */
  readonly promoteFirstToMain?: boolean;
  /**
   * What an empty cell in a column the file has means (`--blanks`): `keep` (the default) leaves
   * the contact's value; `clear` lists it in the draft's `cleared`, for an update to empty.
   */
  readonly blanks?: 'keep' | 'clear';
}

// Fields copied from their cell as they are, trimmed.
const PLAIN_FIELDS = [
  'company',
  'role',
  'location',
  'account_number',
  'contact_id',
  'source_id',
  'source_name',
] as const satisfies readonly (CanonicalField & keyof ContactDraft)[];
