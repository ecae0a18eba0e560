import { z } from 'zod';
import { CcbulkError } from '../errors.js';
import { CANONICAL_FIELDS, CUSTOM_PREFIX, isCanonicalField, type CanonicalField, type PhoneField } from './canonical-fields.js';
import { EXPORT_COLUMNS, YIELDING_HEADERS } from './export-columns.js';
import { allHeaderWords } from './header-words.js';

/** What one column of a file feeds. */
export type ColumnRole =
  /** A canonical contact field. */
  | { readonly kind: 'field'; readonly field: CanonicalField }
  /** A custom field, by the name the file gives it (the caller resolves the id). */
  | { readonly kind: 'custom'; readonly name: string }
  /** One of our own bookkeeping columns (`_line`, `_reason`…) or a column the mapping skips. */
  | { readonly kind: 'ignored' }
  /**
   * Nothing: no known spelling, or the field was already fed by column `conflictsWith`
   * (a 0-based column index).
   */
  | { readonly kind: 'unmapped'; readonly conflictsWith?: number };

/** Two columns that would feed the same field: the first keeps it, the second is unmapped. */
export interface ColumnConflict {
  /** The field or `custom:<name>` both columns map to. */
  readonly field: string;
  /** The header of the column that feeds the field. */
  readonly keptHeader: string;
  /** The header of the column left unmapped. */
  readonly droppedHeader: string;
}

/** How a file's columns map onto contact fields, worked out once per file from its header. */
export interface ColumnPlan {
  /** The header as the file has it. */
  readonly header: readonly string[];
  /** The role of each column, by column index. */
  readonly columns: readonly ColumnRole[];
  /** For each canonical field a column feeds, that column's index. */
  readonly fields: Readonly<Partial<Record<CanonicalField, number>>>;
  /** Custom field columns in file order: the field's name and the column's index. */
  readonly customColumns: readonly { readonly name: string; readonly index: number }[];
  /** Headers of the columns nothing reads, to tell the user (never dropped silently). */
  readonly unmapped: readonly string[];
  /** The custom field names the file uses, in file order, for the caller to resolve to ids. */
  readonly custom: readonly string[];
  /** Columns unmapped because an earlier column (or the mapping file) already feeds their field. */
  readonly conflicts: readonly ColumnConflict[];
  /**
   * For a phone field fed by a Google Contacts `Phone N - Value` column, the index of its
   * `Phone N - Type` (or `- Label`) column: each row's cell there names its number's kind.
   */
  readonly phoneTypeColumns: Readonly<Partial<Record<PhoneField, number>>>;
}

/**
 * A mapping override as read from `--map map.json`: `{"Header in file": "canonical_field"}`.
 * A value may also be `custom:<Field name>`, or `null` to skip a column without it being
 * reported as unmapped.
 */
export type ColumnOverrides = Readonly<Record<string, string | null>>;

// What normaliseHeader removes: accents (as combining marks once decomposed), then anything
// that is not a letter or a digit of any script.
const MARKS = /\p{M}/gu;
const NOT_LETTER_OR_DIGIT = /[^\p{L}\p{N}]/gu;

// Spellings by their normalised form (see normaliseHeader), in English and the languages of
// header-words.ts. The canonical names normalise to entries here too (`work_phone` →
// `workphone`), so an exported file maps back onto itself. Where two fields would share a
// spelling the first keeps it (a test sees that none do).
const SPELLINGS: ReadonlyMap<string, CanonicalField> = (() => {
  const spellings = new Map<string, CanonicalField>();
  for (const { field, word } of allHeaderWords()) {
    const key = normaliseHeader(word);
    if (key !== '' && !spellings.has(key)) spellings.set(key, field);
  }
  for (const columns of Object.values(EXPORT_COLUMNS)) {
    for (const [header, field] of Object.entries(columns)) if (!spellings.has(normaliseHeader(header))) spellings.set(normaliseHeader(header), field);
  }
  for (const field of CANONICAL_FIELDS) if (!spellings.has(normaliseHeader(field))) spellings.set(normaliseHeader(field), field);
  return spellings;
})();

/**
 * Where a column goes whose field an earlier column already feeds: a second `Phone` (or
 * `Main Phone` beside `Phone`) holds numbers all the same, so it becomes the next free phone
 * field rather than have its numbers dropped; a second `Email` the next e-mail. Only generic
 * fields are taken: a second phone is not guessed to be a mobile.
 */
const NEXT_FIELDS: Readonly<Partial<Record<CanonicalField, readonly CanonicalField[]>>> = {
  phone: ['other_phone'],
  mobile: ['other_phone'],
  work_phone: ['other_phone'],
  home_phone: ['other_phone'],
  email: ['email_2', 'email_3', 'email_4'],
  email_2: ['email_3', 'email_4'],
  email_3: ['email_4'],
};

/**
 * A header reduced to what tells spellings apart: case, accents, width, spaces and punctuation
 * removed, in any script, so `E-mail Address`, `email_address` and `EMAIL ADDRESS` are one
 * spelling, as are `Téléphone` and `TELEPHONE`, `ＴＥＬ` and `tel`, `ﾒｰﾙ` and `メール`.
 */
export function normaliseHeader(header: string): string {
  return header.normalize('NFKD').toLowerCase().replace(MARKS, '').replace(NOT_LETTER_OR_DIGIT, '');
}

/** The custom field name a header or mapping value names (`custom:Tier` → `Tier`), if it does. */
export function customFieldName(text: string): string | undefined {
  const trimmed = text.trim();
  if (trimmed.slice(0, CUSTOM_PREFIX.length).toLowerCase() !== CUSTOM_PREFIX) return undefined;
  const name = trimmed.slice(CUSTOM_PREFIX.length).trim();
  return name === '' ? undefined : name;
}

/** The field a header names on its own (ignoring case, accents, width, punctuation), if any. */
export function fieldOfHeader(header: string): CanonicalField | undefined {
  return SPELLINGS.get(normaliseHeader(header));
}

// Google Contacts' pairs, normalised: `Phone 1 - Type` (or `- Label`) and `Phone 1 - Value`.
const GOOGLE_PAIR = /^(phone|email)(\d+)(type|label|value)$/;

// The phone fields Google's `Phone N - Value` columns take, in this order, when free.
const PAIRED_PHONE_FIELDS: readonly PhoneField[] = ['phone', 'mobile', 'work_phone', 'home_phone', 'other_phone'];

/** Google's pairs in a header: each phone value column with its type column, and the label columns a value column uses. */
function googlePairs(header: readonly string[]): { phones: { value: number; type: number | undefined }[]; labels: Set<number> } {
  const values = new Map<string, number>();
  const kinds = new Map<string, number>();
  header.forEach((h, i) => {
    const m = GOOGLE_PAIR.exec(normaliseHeader(h));
    if (m === null) return;
    const key = `${m[1]} ${m[2]}`;
    (m[3] === 'value' ? values : kinds).set(key, i);
  });
  const phones: { value: number; type: number | undefined }[] = [];
  const labels = new Set<number>();
  for (const [key, value] of values) {
    const type = kinds.get(key);
    if (type !== undefined) labels.add(type);
    if (key.startsWith('phone')) phones.push({ value, type });
  }
  phones.sort((a, b) => a.value - b.value);
  return { phones, labels };
}

/** The role a header gets on its own, without a mapping file. */
function automaticRole(header: string): ColumnRole {
  // Our own bookkeeping columns, such as a rejects file's `_line`, `_stage` and `_reason`, so a
  // fixed rejects file can be re-run as it is.
  if (header.trimStart().startsWith('_')) return { kind: 'ignored' };
  const custom = customFieldName(header);
  if (custom !== undefined) return { kind: 'custom', name: custom };
  const field = SPELLINGS.get(normaliseHeader(header));
  return field === undefined ? { kind: 'unmapped' } : { kind: 'field', field };
}

/** The fields a mapping may name, in words: what a message about a wrong one lists. */
export const VALID_FIELDS_TEXT = `${CANONICAL_FIELDS.join(', ')}, or custom:<Field name> (null skips a column)`;

const overridesSchema = z.record(z.string(), z.union([z.string(), z.null()]));

/** One thing wrong with a mapping file, for the file's header: data, so a door can show it beside its column. */
export type MappingProblem =
  /** The mapping names a header the file does not have. */
  | { readonly kind: 'header not in file'; readonly header: string; readonly text: string }
  /** The mapping maps a header to a field that is not one. */
  | { readonly kind: 'unknown field'; readonly header: string; readonly field: string; readonly text: string }
  /** The mapping maps two headers to one field. */
  | { readonly kind: 'field mapped twice'; readonly header: string; readonly field: string; readonly other: string; readonly text: string };

/** Mapping overrides checked against a header: the role each mapped column index gets, and what is wrong. */
interface CheckedOverrides {
  readonly roles: Map<number, ColumnRole>;
  readonly problems: MappingProblem[];
}

/** Checks overrides that are an object of strings and nulls against `header`, without throwing. */
function checkOverrides(header: readonly string[], overrides: Readonly<Record<string, string | null>>): CheckedOverrides {
  const problems: MappingProblem[] = [];
  const roles = new Map<number, ColumnRole>();
  const claimedBy = new Map<string, string>();
  for (const [key, value] of Object.entries(overrides)) {
    let indexes = header.flatMap((h, i) => (h === key ? [i] : []));
    if (indexes.length === 0) {
      // Forgive case and surrounding spaces, which a hand-written map.json easily gets wrong.
      const loose = key.trim().toLowerCase();
      indexes = header.flatMap((h, i) => (h.trim().toLowerCase() === loose ? [i] : []));
    }
    if (indexes.length === 0) problems.push({ kind: 'header not in file', header: key, text: `header \`${key}\` is not in the file` });
    let role: ColumnRole;
    if (value === null) {
      role = { kind: 'ignored' };
    } else if (isCanonicalField(value)) {
      role = { kind: 'field', field: value };
    } else {
      const name = customFieldName(value);
      if (name === undefined) {
        problems.push({ kind: 'unknown field', header: key, field: value, text: `\`${key}\` maps to unknown field \`${value}\`` });
        continue;
      }
      role = { kind: 'custom', name };
    }
    if (role.kind !== 'ignored') {
      const target = role.kind === 'field' ? role.field : `${CUSTOM_PREFIX}${role.name}`;
      const other = claimedBy.get(target);
      if (other !== undefined) problems.push({ kind: 'field mapped twice', header: key, field: target, other, text: `\`${other}\` and \`${key}\` both map to \`${target}\`` });
      claimedBy.set(target, key);
    }
    for (const i of indexes) roles.set(i, role);
  }
  return { roles, problems };
}

/** Parses what a `--map` file holds, or throws MAPPING_INVALID saying what shape it must have. */
function parseOverrides(overrides: unknown): Record<string, string | null> {
  const parsed = overridesSchema.safeParse(overrides);
  if (!parsed.success) {
    throw new CcbulkError(
      'MAPPING_INVALID',
      'Expected the column mapping to be an object of "Header in file": "field" pairs, where each field is ' +
        VALID_FIELDS_TEXT,
      { cause: parsed.error },
    );
  }
  return parsed.data;
}

/**
 * What is wrong with a mapping (the contents of a `--map` file) for a file with `header`: each
 * problem names the header and, where there is one, the field, so a door can show it beside its
 * column. Empty when {@link planColumns} would take the mapping.
 *
 * @throws CcbulkError `MAPPING_INVALID` when the mapping is not an object of strings and nulls.
 */
export function mappingProblems(header: readonly string[], overrides: unknown): readonly MappingProblem[] {
  return checkOverrides(header, parseOverrides(overrides)).problems;
}

/** The overrides checked against the header: the role each mapped column index gets. */
function resolveOverrides(header: readonly string[], overrides: unknown): Map<number, ColumnRole> {
  const { roles, problems } = checkOverrides(header, parseOverrides(overrides));
  if (problems.length > 0) {
    throw new CcbulkError(
      'MAPPING_INVALID',
      `Column mapping: ${problems.map((p) => p.text).join('; ')}. ` +
        `The file's headers are: ${header.map((h) => `\`${h}\``).join(', ')}. Valid fields are ${VALID_FIELDS_TEXT}.`,
    );
  }
  return roles;
}

/**
 * Works out which contact field each column feeds. Common spellings of a header map on their
 * own, ignoring case, spaces and punctuation; `overrides` (from `--map`) win over them.
 * Columns starting with `_` are ignored, `custom:<name>` columns are custom fields.
 *
 * When two columns would feed the same field, the one the mapping file names wins, otherwise
 * the leftmost; the other feeds the next free generic field of its kind (`other_phone`,
 * `email_2`…, see NEXT_FIELDS) when there is one, and is otherwise listed in `unmapped` ("also
 * maps to phone, already taken by Phone") and `conflicts` rather than merged.
 *
 * @throws CcbulkError `MAPPING_INVALID` when the overrides name headers the file lacks, unknown
 *   fields, or map two headers to one field: a whole-run problem.
 */
export function planColumns(header: readonly string[], overrides?: unknown): ColumnPlan {
  const forced = overrides === undefined ? new Map<number, ColumnRole>() : resolveOverrides(header, overrides);
  const columns: ColumnRole[] = header.map((h, i) => forced.get(i) ?? automaticRole(h));
  // Google's `Phone N - Value` columns take phone fields after every other column has claimed
  // its own; the `- Type`/`- Label` columns their values use are read with them, not on their own.
  const pairs = googlePairs(header);
  const paired = new Set(pairs.phones.map((p) => p.value).filter((i) => !forced.has(i)));
  for (const i of pairs.labels) if (!forced.has(i) && columns[i]?.kind === 'unmapped') columns[i] = { kind: 'ignored' };

  const fields: Partial<Record<CanonicalField, number>> = {};
  const customIndex = new Map<string, number>();
  const conflicts: ColumnConflict[] = [];
  const claim = (i: number, role: ColumnRole): void => {
    if (role.kind === 'field' && fields[role.field] !== undefined && !forced.has(i)) {
      const next = (NEXT_FIELDS[role.field] ?? []).find((f) => fields[f] === undefined && !forcedFields.has(f));
      if (next !== undefined) {
        columns[i] = { kind: 'field', field: next };
        fields[next] = i;
        return;
      }
    }
    if (role.kind === 'field' || role.kind === 'custom') {
      const held = role.kind === 'field' ? fields[role.field] : customIndex.get(role.name);
      if (held !== undefined) {
        conflicts.push({
          field: role.kind === 'field' ? role.field : `${CUSTOM_PREFIX}${role.name}`,
          keptHeader: header[held] ?? '',
          droppedHeader: header[i] ?? '',
        });
        columns[i] = { kind: 'unmapped', conflictsWith: held };
        return;
      }
      if (role.kind === 'field') fields[role.field] = i;
      else customIndex.set(role.name, i);
    }
  };
  // Fields the mapping file gives a column are not handed to a second automatic column.
  const forcedFields = new Set([...forced.values()].flatMap((role) => (role.kind === 'field' ? [role.field] : [])));
  // Columns the mapping file names claim their fields first, so they win over automatic ones.
  for (const i of forced.keys()) claim(i, columns[i] ?? { kind: 'unmapped' });
  // Headers that yield (Outlook's `Title` beside `Job Title`) claim after the others.
  const yielding = (i: number) => YIELDING_HEADERS.has(normaliseHeader(header[i] ?? ''));
  columns.forEach((role, i) => {
    if (!forced.has(i) && !paired.has(i) && !yielding(i)) claim(i, role);
  });
  columns.forEach((role, i) => {
    if (!forced.has(i) && !paired.has(i) && yielding(i)) claim(i, role);
  });
  const phoneTypeColumns: Partial<Record<PhoneField, number>> = {};
  for (const { value, type } of pairs.phones) {
    if (!paired.has(value)) continue;
    const free = PAIRED_PHONE_FIELDS.find((f) => fields[f] === undefined && !forcedFields.has(f));
    if (free === undefined) {
      columns[value] = { kind: 'unmapped' };
      continue;
    }
    columns[value] = { kind: 'field', field: free };
    fields[free] = value;
    if (type !== undefined) phoneTypeColumns[free] = type;
  }

  const unmapped: string[] = [];
  const customColumns: { name: string; index: number }[] = [];
  columns.forEach((role, i) => {
    const h = header[i] ?? '';
    if (role.kind === 'unmapped') {
      const name = h.trim() === '' ? `(column ${i + 1}, no header)` : h;
      const conflict = role.conflictsWith === undefined ? undefined : conflicts.find((c) => c.droppedHeader === h);
      // Said with the field it would have fed, so "Phone 3" is not taken for an unknown column.
      unmapped.push(conflict === undefined ? name : `${name} (also maps to ${conflict.field}, already taken by ${conflict.keptHeader})`);
    }
    if (role.kind === 'custom') customColumns.push({ name: role.name, index: i });
  });
  return {
    header,
    columns,
    fields,
    customColumns,
    unmapped,
    custom: customColumns.map((c) => c.name),
    conflicts,
    phoneTypeColumns,
  };
}
