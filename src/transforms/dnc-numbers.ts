import { reason, type Reason } from '../reason.js';
import { CcbulkError } from '../errors.js';
import type { SourceRow } from '../readers/source-row.js';
import { PHONE_FIELD_TYPES, isPhoneField } from './canonical-fields.js';
import { normaliseHeader, type ColumnPlan } from './column-mapping.js';
import { resolveCountry, type CountryCode } from './country.js';
import { looksLikeSeveralNumbers, numberParts, NUMBERS_HINT } from './cell-values.js';
import type { ValidPhone } from './phone-parse.js';
import { splitPhoneCell, type PhoneNormaliser } from './phone.js';

/** One number of a DNC row: normalised, or why it cannot be. Each is reported on its own. */
export type DncNumber =
  | {
      readonly ok: true;
      /** E.164, without extension. */
      readonly number: string;
      /** The number as the file has it, for results. */
      readonly text: string;
      /** What was left out but not wrong: the extension, since a DNC list holds numbers only. */
      readonly note?: string;
    }
  | {
      readonly ok: false;
      /** The number as the file has it. */
      readonly text: string;
      /** Why: `Phone: not a valid number for US: '555-12'`. */
      readonly reason: Reason;
    };

const quoted = (texts: readonly string[]): string => texts.map((t) => `\`${t}\``).join(', ');

/**
 * The columns a DNC import reads numbers from, as 0-based indexes in file order.
 *
 * Without `columns`, every column the plan maps to a phone field (`phone`, `mobile`,
 * `work_phone`, `home_phone`, `other_phone`, or any spelling of one). With `columns` (the
 * `--column NAME` options), exactly the headers they name: matched exactly first, and only
 * when none matches, ignoring case, accents, spaces and punctuation as the automatic mapping
 * does (`--column "cell phone"` finds `Cell-Phone`). A name matching several headers reads
 * them all.
 *
 * A column the plan leaves unmapped because an earlier column already feeds its field (two
 * `Phone` columns) is not read: the plan reports it, and `--column` reads both.
 *
 * @throws CcbulkError `MAPPING_INVALID` when a `--column` names no header of the file, or when the file
 *   has no phone column and no `--column` was given: both stop the run before any row is read.
 */
export function planDncColumns(plan: ColumnPlan, header: readonly string[], columns?: readonly string[]): number[] {
  if (columns !== undefined && columns.length > 0) {
    const chosen = new Set<number>();
    for (const name of columns) {
      let matches = header.flatMap((h, i) => (h === name ? [i] : []));
      if (matches.length === 0) {
        const loose = normaliseHeader(name);
        if (loose !== '') matches = header.flatMap((h, i) => (normaliseHeader(h) === loose ? [i] : []));
      }
      if (matches.length === 0) {
        throw new CcbulkError(
          'MAPPING_INVALID',
          `Expected \`--column\` to name a column of the file, got \`${name}\`; columns are: ${quoted(header)}`,
        );
      }
      for (const i of matches) chosen.add(i);
    }
    return [...chosen].sort((a, b) => a - b);
  }

  const phoneColumns = plan.columns.flatMap((role, i) => (role.kind === 'field' && isPhoneField(role.field) ? [i] : []));
  if (phoneColumns.length === 0) {
    throw new CcbulkError(
      'MAPPING_INVALID',
      `Expected the file to have a column of phone numbers (${Object.keys(PHONE_FIELD_TYPES).join(', ')}, or a common ` +
        `spelling such as Telephone or Cell), found ${header.length === 0 ? 'no columns' : quoted(header)}; ` +
        'name the columns to read with `--column NAME`',
    );
  }
  return phoneColumns;
}

/**
 * The numbers of one row of a DNC file, each reported on its own, in column order: one row may
 * add several numbers while others in it are refused.
 *
 * Each non-empty cell of `indexes` is split with {@link splitPhoneCell}, and each part
 * normalised in the row's country (the cell at `countryIndex`, when given and not empty) or
 * else the normaliser's default. When the country cell names no known country, every number of
 * the row is refused with that reason, since what a national number means depends on it. A
 * number given twice in the row is reported once, where it first appears; an extension is
 * left out with a note, since a DNC entry is a number. Reasons name the column by its header
 * in `header`, or `phone` without one. A row with no numbers gives `[]`: whether that refuses
 * the row is the caller's to say.
 */
export function dncNumbersOf(
  row: SourceRow,
  indexes: readonly number[],
  phones: PhoneNormaliser,
  countryIndex?: number,
  header?: readonly string[],
): DncNumber[] {
  const { cells } = row;
  let country: CountryCode | undefined;
  let unknownCountry: Reason | undefined;
  const countryText = countryIndex === undefined ? '' : (cells[countryIndex]?.trim() ?? '');
  if (countryText !== '') {
    country = resolveCountry(countryText);
    if (country === undefined) unknownCountry = reason('country: unknown country', countryText);
  }

  const numbers: DncNumber[] = [];
  const seen = new Set<string>();
  for (const index of indexes) {
    const cell = cells[index];
    if (cell === undefined || cell === '') continue;
    const label = header?.[index]?.trim() || 'phone';
    for (const text of splitPhoneCell(cell)) {
      if (unknownCountry !== undefined) {
        if (!seen.has(text)) numbers.push({ ok: false, text, reason: unknownCountry });
        seen.add(text);
        continue;
      }
      const result = phones.normalise(text, country);
      if (!result.ok) {
        // Several numbers, separated by `,` `/` `or`…, when every part is one (see cell-values.ts).
        const parts = numberParts(text);
        const read = parts.length > 1 ? parts.map((part) => phones.normalise(part, country)) : [];
        if (read.length > 0 && read.every((r) => r.ok)) {
          (read as ValidPhone[]).forEach((part, i) => addDncNumber(numbers, seen, part, parts[i]!));
          continue;
        }
        // Keyed by text, as an invalid number has no E.164 form to compare.
        const hint = looksLikeSeveralNumbers(text, parts) ? ` (${NUMBERS_HINT})` : '';
        const problem = reason(`${label}: ${result.problem}`, text);
        if (!seen.has(`\u0000${text}`)) numbers.push({ ok: false, text, reason: hint === '' ? problem : { kind: problem.kind, text: problem.text + hint } });
        seen.add(`\u0000${text}`);
        continue;
      }
      addDncNumber(numbers, seen, result, text);
    }
  }
  return numbers;
}

/** Adds a valid number, once a row, its extension noted as left out. */
function addDncNumber(numbers: DncNumber[], seen: Set<string>, result: ValidPhone, text: string): void {
  if (seen.has(result.number)) return;
  seen.add(result.number);
  numbers.push(
    result.extension === undefined
      ? { ok: true, number: result.number, text }
      : { ok: true, number: result.number, text, note: `extension ${result.extension} left out: a DNC list holds numbers only` },
  );
}
