import type { RowOrigin } from '../readers/source-row.js';
import { KeyTable, addressKeyInto, numberKeyInto } from './key-table.js';

/** The earlier row a row repeats, and the reason to record. */
export interface Duplicate {
  /** Where the row that first gave the shared number or address came from. */
  readonly of: RowOrigin;
  /** `duplicate of line N` (with the sheet when the two rows are on different sheets). */
  readonly reason: string;
}

/** What identifies a contact within a file: its normalised numbers and addresses. A ContactDraft is one. */
export interface DuplicateKeys {
  /** Numbers in E.164. */
  readonly phones: readonly { readonly number: string }[];
  /** E-mail addresses; compared ignoring case. */
  readonly emails: readonly string[];
}

/**
 * A key of the within-file check that is neither a number nor an address (a contact id, an
 * account number): kept among the addresses, where none starts with U+0001, so that two rows
 * naming the same contact by it are one row and its duplicate.
 */
export function otherKey(kind: 'contact id' | 'account', value: string): string {
  return `\u0001${kind} ${value}`;
}

/** `keys` with other keys (see {@link otherKey}) among its addresses. */
export function withOtherKeys(keys: DuplicateKeys, others: readonly string[]): DuplicateKeys {
  return others.length === 0 ? keys : { phones: keys.phones, emails: [...keys.emails, ...others] };
}

/**
 * Remembers the numbers and addresses of the rows accepted so far, to find rows that repeat
 * one. The only stateful transform: make one per run (or per target list).
 *
 * Only rows that are claimed (not duplicates) are remembered, so a row is only ever called a
 * duplicate of a row that is actually loaded. Call it after validation for the same reason.
 *
 * Memory: a {@link KeyTable} each for numbers and addresses, holding for each key its row's line
 * and which file and sheet it is on, about 10–20 bytes a key: a million rows with one or two
 * numbers and an e-mail each take about 50 MB. Numbers are kept exactly (E.164's at most 15
 * digits as a 64-bit integer). Addresses are kept as a 64-bit hash of their lowercased text,
 * so two different addresses could in principle be taken for one: the odds are about 1 in 40
 * million for a file of a million addresses.
 */
export class DuplicateIndex {
  readonly #phones: KeyTable;
  readonly #emails: KeyTable;
  // The distinct (file, sheet) pairs seen, numbered in the order met: a key's place.
  readonly #places: RowOrigin[] = [];
  readonly #placeIds = new Map<string, number>();
  // Where each key is worked out: [high, low].
  readonly #key = new Uint32Array(2);
  #lastPlace: { readonly file: string; readonly sheet: string | undefined; readonly id: number } | undefined;

  /**
   * `expectedRows`: about how many rows the file holds, when known: the tables are made for a
   * number and an address a row (a row with more grows them once), so that a large file's
   * tables do not double their way up, holding old and new arrays at each step.
   */
  constructor(expectedRows?: number) {
    this.#phones = new KeyTable(expectedRows);
    this.#emails = new KeyTable(expectedRows);
  }

  /**
   * Claims a row's keys: `undefined` when none was seen before (the keys are then remembered),
   * or the earliest row that gave any of them (and nothing is remembered).
   */
  claim(origin: RowOrigin, keys: DuplicateKeys): Duplicate | undefined {
    // Looked up first, remembered only when none was seen: a row is a duplicate of the earliest
    // row that gave any of its keys. No array or object a key: a million rows claim millions.
    const key = this.#key;
    let line = Infinity;
    let place = 0;
    for (const phone of keys.phones) {
      numberKeyInto(phone.number, key);
      const slot = this.#phones.find(key[0]!, key[1]!);
      if (slot >= 0 && this.#phones.lineAt(slot) < line) {
        line = this.#phones.lineAt(slot);
        place = this.#phones.placeAt(slot);
      }
    }
    for (const email of keys.emails) {
      addressKeyInto(email, key);
      const slot = this.#emails.find(key[0]!, key[1]!);
      if (slot >= 0 && this.#emails.lineAt(slot) < line) {
        line = this.#emails.lineAt(slot);
        place = this.#emails.placeAt(slot);
      }
    }
    if (line !== Infinity) {
      const where = this.#places[place]!;
      const of: RowOrigin = where.sheet === undefined ? { file: where.file, line } : { file: where.file, sheet: where.sheet, line };
      const sheet = of.sheet !== undefined && of.sheet !== origin.sheet ? ` (sheet ${of.sheet})` : '';
      return { of, reason: `duplicate of line ${of.line}${sheet}` };
    }
    const here = this.#placeOf(origin);
    // A row may give one number twice (two columns): it is remembered once.
    for (const phone of keys.phones) {
      numberKeyInto(phone.number, key);
      if (this.#phones.find(key[0]!, key[1]!) < 0) this.#phones.add(key[0]!, key[1]!, origin.line, here);
    }
    for (const email of keys.emails) {
      addressKeyInto(email, key);
      if (this.#emails.find(key[0]!, key[1]!) < 0) this.#emails.add(key[0]!, key[1]!, origin.line, here);
    }
    return undefined;
  }

  /** How many numbers and addresses are remembered. */
  get size(): number {
    return this.#phones.size + this.#emails.size;
  }

  #placeOf(origin: RowOrigin): number {
    // Rows come file by file and sheet by sheet: the last place is almost always the one.
    const last = this.#lastPlace;
    if (last !== undefined && last.file === origin.file && last.sheet === origin.sheet) return last.id;
    const key = `${origin.file}\u0000${origin.sheet ?? ''}`;
    let id = this.#placeIds.get(key);
    if (id === undefined) {
      id = this.#places.length;
      if (id > 0xffff) throw new Error('DuplicateIndex: more than 65,536 files and sheets in one run');
      this.#places.push(origin.sheet === undefined ? { file: origin.file, line: 0 } : { file: origin.file, sheet: origin.sheet, line: 0 });
      this.#placeIds.set(key, id);
    }
    this.#lastPlace = { file: origin.file, sheet: origin.sheet, id };
    return id;
  }
}
