import type { RowOrigin } from '../readers/source-row.js';

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
 * Remembers the numbers and addresses of the rows accepted so far, to find rows that repeat
 * one. The only stateful transform: make one per run (or per target list).
 *
 * Only rows that are claimed (not duplicates) are remembered, so a row is only ever called a
 * duplicate of a row that is actually loaded. Call it after validation for the same reason.
 *
 * Memory: numbers are kept as JavaScript numbers (E.164 has at most 15 digits, well inside
 * 2^53) and addresses as lowercased strings, each pointing at its row's origin, which the index
 * keeps alive. Measured at about 80 bytes a key: a million rows with a phone and an e-mail each
 * hold about 160 MB. Fine for a few million keys; beyond that it would need an on-disk index.
 */
export class DuplicateIndex {
  readonly #phones = new Map<number, RowOrigin>();
  readonly #emails = new Map<string, RowOrigin>();

  /**
   * Claims a row's keys: `undefined` when none was seen before (the keys are then remembered),
   * or the earliest row that gave any of them (and nothing is remembered).
   */
  claim(origin: RowOrigin, keys: DuplicateKeys): Duplicate | undefined {
    const phoneKeys = keys.phones.map((p) => phoneKey(p.number));
    const emailKeys = keys.emails.map((e) => e.toLowerCase());
    let earlier: RowOrigin | undefined;
    const consider = (seen: RowOrigin | undefined): void => {
      if (seen !== undefined && (earlier === undefined || seen.line < earlier.line)) earlier = seen;
    };
    for (const k of phoneKeys) consider(this.#phones.get(k));
    for (const k of emailKeys) consider(this.#emails.get(k));
    if (earlier !== undefined) {
      const sheet = earlier.sheet !== undefined && earlier.sheet !== origin.sheet ? ` (sheet ${earlier.sheet})` : '';
      return { of: earlier, reason: `duplicate of line ${earlier.line}${sheet}` };
    }
    for (const k of phoneKeys) this.#phones.set(k, origin);
    for (const k of emailKeys) this.#emails.set(k, origin);
    return undefined;
  }

  /** How many numbers and addresses are remembered. */
  get size(): number {
    return this.#phones.size + this.#emails.size;
  }
}

// '+12025550143' → 12025550143. E.164 digits never start with 0, so no two numbers collide.
function phoneKey(e164: string): number {
  return Number(e164.slice(1));
}
