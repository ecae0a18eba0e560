import { randomInt } from 'node:crypto';

/** A source of uniform numbers in [0, 1) that can be replayed from a seed. */
export interface Prng {
  /** The next uniform number in [0, 1). */
  next(): number;
  /** A random string of `length` characters from the URL-safe base64 alphabet. */
  id(length?: number): string;
}

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';

/**
 * mulberry32: tiny, fast and good enough to spread faults and ids; a seed makes a failing
 * test run replayable. Without a seed one is drawn from the OS.
 */
export function createPrng(seed: number = randomInt(0, 2 ** 31)): Prng {
  let state = seed >>> 0;
  const next = (): number => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return {
    next,
    // Zoom's ids look like `MN2Dtcb2T-yT5CU3clN-AA`: 22 URL-safe base64 characters.
    id(length = 22) {
      let out = '';
      for (let i = 0; i < length; i++) out += ALPHABET[Math.floor(next() * 64)];
      return out;
    },
  };
}
