import { bench, describe } from 'vitest';
import type { CountryCode } from '../../src/transforms/country.js';
import { createPhoneNormaliser } from '../../src/transforms/phone.js';

// Run with `npx vitest bench test/transforms`. Reports numbers a second on one core for
// 200 000 distinct realistic numbers, and for a file where each number appears three times.

/** A small deterministic PRNG (mulberry32), so every run measures the same numbers. */
function prng(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const US_AREAS = ['201', '202', '212', '213', '305', '312', '404', '415', '503', '512', '617', '646', '702', '718', '773', '805', '917', '972'];

/** `count` distinct number texts in the mix of formats and countries a CRM export has. */
export function realisticNumbers(count: number, seed = 1): { text: string; country: CountryCode | undefined }[] {
  const random = prng(seed);
  const digits = (n: number): string => {
    let s = '';
    for (let i = 0; i < n; i++) s += Math.floor(random() * 10);
    return s;
  };
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(random() * xs.length)] as T;
  const seen = new Set<string>();
  const out: { text: string; country: CountryCode | undefined }[] = [];
  while (out.length < count) {
    const kind = random();
    let text: string;
    let country: CountryCode | undefined;
    if (kind < 0.7) {
      const a = pick(US_AREAS);
      const e = `${2 + Math.floor(random() * 8)}${digits(2)}`;
      const l = digits(4);
      text = pick([`(${a}) ${e}-${l}`, `${a}-${e}-${l}`, `${a}.${e}.${l}`, `+1 ${a} ${e} ${l}`, `1${a}${e}${l}`, `${a}${e}${l}`]);
    } else if (kind < 0.85) {
      const mobile = `7${pick(['4', '5', '7', '8', '9'])}${digits(2)} ${digits(6)}`;
      const london = `20 7${digits(3)} ${digits(4)}`;
      const n = pick([mobile, london]);
      [text, country] = pick([[`0${n}`, 'GB'], [`+44 ${n}`, undefined], [`0044 ${n}`, undefined]] as const);
    } else {
      const n = pick([`30 ${digits(7)}`, `151 ${digits(8)}`, `89 ${digits(7)}`]);
      [text, country] = pick([[`0${n}`, 'DE'], [`+49 ${n}`, undefined], [`011 49 ${n}`, undefined]] as const);
    }
    if (seen.has(`${country}|${text}`)) continue;
    seen.add(`${country}|${text}`);
    out.push({ text, country });
  }
  return out;
}

const distinct = realisticNumbers(200_000);
const repeated = distinct.slice(0, 66_667).flatMap((n) => [n, n, n]);

describe('phone normalisation', () => {
  bench(
    '200 000 distinct numbers (each a cache miss)',
    () => {
      const phones = createPhoneNormaliser({ defaultCountry: 'US' });
      for (const n of distinct) phones.normalise(n.text, n.country);
    },
    { iterations: 3, warmupIterations: 1 },
  );

  bench(
    '200 001 numbers, each appearing three times',
    () => {
      const phones = createPhoneNormaliser({ defaultCountry: 'US' });
      for (const n of repeated) phones.normalise(n.text, n.country);
    },
    { iterations: 3, warmupIterations: 1 },
  );
});
