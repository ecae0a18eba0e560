/**
 * A hash table from 64-bit keys (two unsigned 32-bit halves) to a row's place (a line, and a
 * small number naming the file and sheet), in typed arrays: 12 bytes a slot (14 once a place
 * other than 0 is stored), and no object, string
 * or map entry per key for the garbage collector to hold and walk. The duplicate index keeps a
 * key for every number and address of a file in one; a million rows take tens of megabytes here
 * where a `Map` of strings took over a hundred and fifty.
 *
 * Open addressing with linear probing; the table doubles when three quarters full, so a table
 * made for the keys it will hold (`capacity`) never copies itself. The key (0, 0) marks an empty
 * slot, so callers never use it.
 */
export class KeyTable {
  // Each slot's key, its high half at 2 × slot and its low half next to it: a probe reads one
  // cache line, where two arrays cost a miss each in a table of tens of megabytes.
  #keys: Uint32Array;
  #line: Uint32Array;
  // Made at the first place other than 0: a run of one file and sheet never needs it (at a
  // million rows it is 4 MB a table).
  #place: Uint16Array | undefined;
  #mask: number;
  #size = 0;

  /** `capacity`: the keys it should hold without growing. Default 768. */
  constructor(capacity = 768) {
    const slots = 2 ** Math.ceil(Math.log2(Math.max(16, Math.ceil((capacity * 4) / 3))));
    this.#keys = new Uint32Array(2 * slots);
    this.#line = new Uint32Array(slots);
    this.#mask = slots - 1;
  }

  /** Keys held. */
  get size(): number {
    return this.#size;
  }

  /** Slots the table has now (it doubles when three quarters full). */
  get slots(): number {
    return this.#mask + 1;
  }

  /** The slot holding the key, or -1. */
  find(hi: number, lo: number): number {
    const keys = this.#keys;
    let i = slotOf(hi, lo) & this.#mask;
    for (;;) {
      const h = keys[2 * i]!;
      const l = keys[2 * i + 1]!;
      if (h === hi && l === lo) return i;
      if (h === 0 && l === 0) return -1;
      i = (i + 1) & this.#mask;
    }
  }

  /** The line stored in a slot `find` returned. */
  lineAt(slot: number): number {
    return this.#line[slot]!;
  }

  /** The place stored in a slot `find` returned. */
  placeAt(slot: number): number {
    return this.#place?.[slot] ?? 0;
  }

  /**
   * Calls `visit` with every slot holding the key, in no set order: a table read this way may
   * hold a key several times.
   */
  findEach(hi: number, lo: number, visit: (slot: number) => void): void {
    const keys = this.#keys;
    let i = slotOf(hi, lo) & this.#mask;
    for (;;) {
      const h = keys[2 * i]!;
      const l = keys[2 * i + 1]!;
      if (h === hi && l === lo) visit(i);
      else if (h === 0 && l === 0) return;
      i = (i + 1) & this.#mask;
    }
  }

  /**
   * Stores a key that is not in the table yet (check with `find` first); or, for a table read
   * with {@link findEach}, one more time.
   */
  add(hi: number, lo: number, line: number, place: number): void {
    if ((this.#size + 1) * 4 > (this.#mask + 1) * 3) this.#grow();
    this.#put(hi, lo, line, place);
    this.#size++;
  }

  #put(hi: number, lo: number, line: number, place: number): void {
    const keys = this.#keys;
    let i = slotOf(hi, lo) & this.#mask;
    while (keys[2 * i] !== 0 || keys[2 * i + 1] !== 0) i = (i + 1) & this.#mask;
    keys[2 * i] = hi;
    keys[2 * i + 1] = lo;
    this.#line[i] = line;
    if (place !== 0) (this.#place ??= new Uint16Array(this.#mask + 1))[i] = place;
  }

  #grow(): void {
    const [keys, line, place] = [this.#keys, this.#line, this.#place];
    const slots = line.length * 2;
    this.#keys = new Uint32Array(2 * slots);
    this.#line = new Uint32Array(slots);
    this.#place = undefined;
    this.#mask = slots - 1;
    for (let i = 0; i < line.length; i++) {
      if (keys[2 * i] !== 0 || keys[2 * i + 1] !== 0) this.#put(keys[2 * i]!, keys[2 * i + 1]!, line[i]!, place?.[i] ?? 0);
    }
  }
}

// Spreads keys that differ in few bits (consecutive phone numbers) over the slots.
function slotOf(hi: number, lo: number): number {
  let h = Math.imul(lo ^ Math.imul(hi, 0x9e3779b1), 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  return (h ^ (h >>> 16)) >>> 0;
}

/**
 * A 64-bit hash of a string as two 32-bit halves (FNV-1a, and a multiply-xorshift hash with
 * another seed), never (0, 0). Two different addresses share one with odds of about 1 in 10^19
 * a pair: over a million addresses, about 1 in 40 million files.
 */
export function hashString(text: string): [number, number] {
  hashInto(text, false, SCRATCH);
  return [SCRATCH[0]!, SCRATCH[1]!];
}

const SCRATCH = new Uint32Array(2);

/** {@link hashString} into `out` ([high, low]), with ASCII capitals read as small letters when `lowercase`. */
function hashInto(text: string, lowercase: boolean, out: Uint32Array): void {
  let a = 0x811c9dc5;
  let b = 0x27d4eb2f;
  for (let i = 0; i < text.length; i++) {
    let c = text.charCodeAt(i);
    if (lowercase && c >= 0x41 && c <= 0x5a) c += 0x20;
    a = Math.imul(a ^ c, 0x01000193);
    b = Math.imul(b ^ c, 0x5bd1e995);
    b ^= b >>> 15;
  }
  a >>>= 0;
  b >>>= 0;
  out[0] = a === 0 && b === 0 ? 0 : a;
  out[1] = a === 0 && b === 0 ? 1 : b;
}

/**
 * The key of an e-mail address, compared ignoring case: {@link hashString} of its lowercase
 * form, into `out` ([high, low]). No lowercase copy is made of an ASCII address, the common
 * case: ASCII capitals are folded as they are hashed, which is all `toLowerCase` does to one.
 */
export function addressKeyInto(email: string, out: Uint32Array): void {
  for (let i = 0; i < email.length; i++) {
    if (email.charCodeAt(i) > 0x7f) {
      hashInto(email.toLowerCase(), false, out);
      return;
    }
  }
  hashInto(email, true, out);
}

/**
 * The key of a phone number, into `out` ([high, low]): an E.164 number (`+12025550143`) is its
 * digits as one integer, split into its high and low 32 bits, read digit by digit with no
 * substring made. E.164 has at most 15 digits (exact in a double) and never starts with 0, so
 * no two numbers share a key and none is (0, 0). Anything else (never from ccbulk, but a stored
 * number can be anything) is hashed with {@link hashString}.
 */
export function numberKeyInto(e164: string, out: Uint32Array): void {
  const length = e164.length;
  if (length >= 3 && length <= 16 && e164.charCodeAt(0) === 0x2b && e164.charCodeAt(1) !== 0x30) {
    let n = 0;
    let i = 1;
    for (; i < length; i++) {
      const digit = e164.charCodeAt(i) - 0x30;
      if (digit < 0 || digit > 9) break;
      n = n * 10 + digit;
    }
    if (i === length) {
      out[0] = Math.floor(n / 2 ** 32);
      out[1] = n >>> 0;
      return;
    }
  }
  hashInto(e164, false, out);
}
