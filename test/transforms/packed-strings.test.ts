import { describe, expect, it } from 'vitest';
import { PackedStrings } from '../../src/transforms/packed-strings.js';

describe('PackedStrings', () => {
  it('gives back every string as given, across blocks, with non-ASCII text and empty strings', () => {
    const store = new PackedStrings();
    const texts = Array.from({ length: 30_000 }, (_, i) => (i % 7 === 0 ? '' : `${i}:${'Zoë 東京 😀'.repeat(1 + (i % 5))}`));
    texts.forEach((t, i) => expect(store.push(t)).toBe(i));
    expect(store.size).toBe(texts.length);
    for (let i = 0; i < texts.length; i += 7) expect(store.at(i)).toBe(texts[i]);
    expect(store.at(texts.length - 1)).toBe(texts.at(-1));
  });

  it('keeps a string longer than a block whole, and the ones around it', () => {
    const store = new PackedStrings();
    const long = 'x'.repeat(3 * (1 << 20) + 5);
    store.push('before');
    store.push(long);
    store.push('after');
    expect([store.at(0), store.at(1).length, store.at(2)]).toEqual(['before', long.length, 'after']);
    expect(store.at(1)).toBe(long);
  });

  it('refuses an index it does not hold', () => {
    const store = new PackedStrings();
    store.push('only');
    expect(() => store.at(1)).toThrow(RangeError);
    expect(() => store.at(-1)).toThrow(RangeError);
  });
});
