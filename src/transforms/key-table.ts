/**
 * A hash table from 64-bit keys (two unsigned 32-bit halves) to a row's place (a line, and a
 * small number naming the file and sheet), in typed arrays: 10 bytes a slot, and no object, string
 * or map entry per key for the garbage collector to hold and walk. The duplicate index keeps a
 * key for every number and address of a file in one; a million rows take tens of megabytes here
 * where a `Map` of strings took over a hundred and fifty.
 *
 * Open addressing with linear probing; the table doubles when three quarters full, so a table
 * made for the keys it will hold (`capacity`) never copies itself. The key (0, 0) marks an empty
 * slot, so callers never use it.
 */
export class KeyTable {
  #hi: Uint32Array;
  #lo: Uint32Array;
  #line: Uint32Array;
  #place: Uint16Array;
  #mask: number;
  #size = 0;

  /** `capacity`: the keys it should hold without growing. Default 768. */
  constructor(capacity = 768) {
    const slots = 2 ** Math.ceil(Math.log2(Math.max(16, Math.ceil((capacity * 4) / 3))));
    this.#hi = new Uint32Array(slots);
    this.#lo = new Uint32Array(slots);
    this.#line = new Uint32Array(slots);
    this.#place = new Uint16Array(slots);
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
    let i = slotOf(hi, lo) & this.#mask;
    for (;;) {
      const h = this.#hi[i]!;
      const l = this.#lo[i]!;
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
    return this.#place[slot]!;
  }

  /**
   * Calls `visit` with every slot holding the key, in no set order: a table read this way may
   * hold a key several times.
   */
  findEach(hi: number, lo: number, visit: (slot: number) => void): void {
    let i = slotOf(hi, lo) & this.#mask;
    for (;;) {
      const h = this.#hi[i]!;
      const l = this.#lo[i]!;
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
    let i = slotOf(hi, lo) & this.#mask;
    while (this.#hi[i] !== 0 || this.#lo[i] !== 0) i = (i + 1) & this.#mask;
    this.#hi[i] = hi;
    this.#lo[i] = lo;
    this.#line[i] = line;
    this.#place[i] = place;
  }

  #grow(): void {
    const [hi, lo, line, place] = [this.#hi, this.#lo, this.#line, this.#place];
    const slots = hi.length * 2;
    this.#hi = new Uint32Array(slots);
    this.#lo = new Uint32Array(slots);
    this.#line = new Uint32Array(slots);
    this.#place = new Uint16Array(slots);
    this.#mask = slots - 1;
    for (let i = 0; i < hi.length; i++) {
      if (hi[i] !== 0 || lo[i] !== 0) this.#put(hi[i]!, lo[i]!, line[i]!, place[i]!);
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
  let a = 0x811c9dc5;
  let b = 0x27d4eb2f;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    a = Math.imul(a ^ c, 0x01000193);
    b = Math.imul(b ^ c, 0x5bd1e995);
    b ^= b >>> 15;
  }
  a >>>= 0;
  b >>>= 0;
  return a === 0 && b === 0 ? [0, 1] : [a, b];
}
