import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { KeyTable, addressKeyInto, hashString, numberKeyInto } from '../../src/transforms/key-table.js';

describe('KeyTable', () => {
  it('finds every key it was given, with its line and place, across many doublings', () => {
    const table = new KeyTable(16);
    const n = 200_000;
    // Consecutive phone-like keys: the case the slot hash has to spread.
    for (let i = 0; i < n; i++) table.add(2, 3_000_000_000 + i, i + 2, i % 3);
    expect(table.size).toBe(n);
    for (let i = 0; i < n; i += 997) {
      const slot = table.find(2, 3_000_000_000 + i);
      expect(slot).toBeGreaterThanOrEqual(0);
      expect([table.lineAt(slot), table.placeAt(slot)]).toEqual([i + 2, i % 3]);
    }
    expect(table.find(2, 3_000_000_000 + n)).toBe(-1);
    expect(table.find(3, 3_000_000_000)).toBe(-1);
  });

  it('tells keys apart that share either half', () => {
    const table = new KeyTable();
    table.add(1, 7, 10, 0);
    table.add(7, 1, 11, 0);
    expect(table.lineAt(table.find(1, 7))).toBe(10);
    expect(table.lineAt(table.find(7, 1))).toBe(11);
    expect(table.find(1, 1)).toBe(-1);
  });
});

describe('hashString', () => {
  it('gives distinct 64-bit hashes to a million similar addresses', () => {
    const seen = new Set<string>();
    for (let i = 0; i < 1_000_000; i++) {
      const [a, b] = hashString(`first.last.${i}@example.com`);
      seen.add(`${a}:${b}`);
    }
    expect(seen.size).toBe(1_000_000);
  });

  it('is stable for a text, and never (0, 0)', () => {
    expect(hashString('ada@example.com')).toEqual(hashString('ada@example.com'));
    expect(hashString('')).not.toEqual([0, 0]);
  });
});

describe('KeyTable read with findEach', () => {
  it('finds every slot a key was stored in, across doublings, and nothing for other keys', () => {
    const table = new KeyTable(16);
    for (let i = 0; i < 30_000; i++) table.add(5, 1_000 + (i % 100), i, 0);
    const lines: number[] = [];
    table.findEach(5, 1_007, (slot) => lines.push(table.lineAt(slot)));
    expect(lines.sort((a, b) => a - b)).toEqual(Array.from({ length: 300 }, (_, k) => 7 + 100 * k));
    let none = 0;
    table.findEach(5, 999, () => none++);
    expect(none).toBe(0);
  });

  it('made for the keys it will hold, holds them without growing, and grows past them', () => {
    const table = new KeyTable(100_000);
    const slots = table.slots;
    for (let i = 1; i <= 100_000; i++) table.add(1, i, i, 0);
    expect(table.slots).toBe(slots);
    for (let i = 100_001; i <= 200_000; i++) table.add(1, i, i, 0);
    expect(table.slots).toBeGreaterThan(slots);
    for (let i = 1; i <= 200_000; i += 997) expect(table.lineAt(table.find(1, i))).toBe(i);
  });
});


describe('keys worked out without a copy of the text', () => {
  const seed = Number(process.env.PROPERTY_SEED ?? 3103);
  const key = new Uint32Array(2);

  it('an address’s key is the hash of its lowercase form, for any text', () => {
    // Mostly ASCII addresses with capitals (folded as they are hashed), and any text at all (other
    // scripts, whose lowercase form is made: İ and ẞ change length, Σ depends on its place).
    const text = fc.oneof(
      fc.stringMatching(/^[A-Za-z0-9._%+-]{1,20}@[A-Za-z0-9.-]{1,20}$/),
      fc.string({ unit: 'grapheme', maxLength: 30 }),
      fc.string({ unit: 'binary', maxLength: 30 }),
    );
    fc.assert(
      fc.property(text, (email) => {
        addressKeyInto(email, key);
        expect([key[0], key[1]]).toEqual(hashString(email.toLowerCase()));
      }),
      { seed, numRuns: 5000 },
    );
  });

  it('a number’s key is its E.164 digits split in two halves, and any other text’s its hash', () => {
    const e164 = fc.tuple(fc.integer({ min: 1, max: 9 }), fc.stringMatching(/^[0-9]{1,14}$/)).map(([first, rest]) => `+${first}${rest}`);
    const other = fc.oneof(fc.string({ maxLength: 20 }), fc.stringMatching(/^\+?[0-9]{0,17}$/), fc.constant('+0123'), fc.constant('+1202555014x'));
    fc.assert(
      fc.property(fc.oneof(e164, other), (text) => {
        numberKeyInto(text, key);
        if (/^\+[1-9]\d{1,14}$/.test(text)) {
          const n = Number(text.slice(1));
          expect([key[0], key[1]]).toEqual([Math.floor(n / 2 ** 32), n >>> 0]);
        } else {
          expect([key[0], key[1]]).toEqual(hashString(text));
        }
      }),
      { seed, numRuns: 5000 },
    );
  });
});
