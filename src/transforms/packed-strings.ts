import { doubled } from './doubled.js';

/** Bytes in each block of a {@link PackedStrings}. */
const BLOCK_BYTES = 1 << 20;

/**
 * Many short strings kept as UTF-8 in 1 MiB buffers, with each one's place in typed arrays: 12
 * bytes of bookkeeping a string where a JS string costs a 16-byte header and a slot in an
 * array, and, more to the point, nothing for the garbage collector to walk. A sync's index of
 * 200,000 contacts keeps their ids and digests here, off the heap that every collection marks.
 * Append-only.
 */
export class PackedStrings {
  readonly #blocks: Buffer[] = [];
  #used = BLOCK_BYTES;
  #block = new Uint32Array(1024);
  #start = new Uint32Array(1024);
  #length = new Uint32Array(1024);
  #size = 0;

  /** Strings held. */
  get size(): number {
    return this.#size;
  }

  /** Adds a string; its index is the size before. */
  push(text: string): number {
    const bytes = Buffer.byteLength(text);
    if (this.#used + bytes > BLOCK_BYTES || this.#blocks.length === 0) {
      // A string longer than a block gets a block of its own.
      this.#blocks.push(Buffer.allocUnsafeSlow(Math.max(BLOCK_BYTES, bytes)));
      this.#used = 0;
    }
    const block = this.#blocks.length - 1;
    this.#blocks[block]!.write(text, this.#used, bytes, 'utf8');
    if (this.#size === this.#block.length) this.#grow();
    const i = this.#size++;
    this.#block[i] = block;
    this.#start[i] = this.#used;
    this.#length[i] = bytes;
    this.#used += bytes;
    return i;
  }

  /** The string at `index`. */
  at(index: number): string {
    if (!(index >= 0 && index < this.#size)) throw new RangeError(`PackedStrings: no string at ${index} of ${this.#size}`);
    const start = this.#start[index]!;
    return this.#blocks[this.#block[index]!]!.toString('utf8', start, start + this.#length[index]!);
  }

  #grow(): void {
    this.#block = doubled(this.#block);
    this.#start = doubled(this.#start);
    this.#length = doubled(this.#length);
  }
}
