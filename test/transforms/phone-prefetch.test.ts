import { afterEach, describe, expect, it } from 'vitest';
import type { SourceItem } from '../../src/readers/source-row.js';
import { createPhoneNormaliser, phoneInputsOf, type PhoneNormaliser } from '../../src/transforms/phone.js';

// Numbers as people write them, valid and not, in several countries.
const TEXTS = ['(202) 555-0143', '+44 20 7946 0958', '555-12', '020 7946 0958', '+1 415 200 0000 x12', '011 44 20 7946 0958', '4.4207946E+11', '212.201.0000'];
const texts = (n: number) => Array.from({ length: n }, (_, i) => (i < TEXTS.length ? TEXTS[i]! : `(212) ${200 + (i % 700)}-${String(i % 10_000).padStart(4, '0')}`));

const open: PhoneNormaliser[] = [];
const normaliser = (options: Parameters<typeof createPhoneNormaliser>[0]) => {
  const n = createPhoneNormaliser(options);
  open.push(n);
  return n;
};
afterEach(async () => {
  await Promise.all(open.splice(0).map((n) => n.close()));
});

describe('PhoneNormaliser.prefetch', () => {
  it('answers from worker threads exactly what the main thread answers, as cache hits', async () => {
    const inputs = texts(3000).map((text, i) => ({ text, country: i % 50 === 3 ? ('GB' as const) : undefined }));
    const threaded = normaliser({ workers: 2, workersAfter: 0 });
    await threaded.prefetch(inputs);
    expect(threaded.stats.misses).toBe(new Set(inputs.map((p) => `${p.country}:${p.text}`)).size);
    const alone = normaliser({ workers: 0 });
    for (const { text, country } of inputs) expect(threaded.normalise(text, country)).toEqual(alone.normalise(text, country));
    expect(threaded.stats.hits).toBe(inputs.length);
  });

  it('does nothing until the run has normalised `workersAfter` numbers itself', async () => {
    const phones = normaliser({ workers: 2, workersAfter: 100 });
    await phones.prefetch(texts(50).map((text) => ({ text })));
    expect(phones.stats.misses).toBe(0);
    for (const text of texts(100)) phones.normalise(text);
    await phones.prefetch(texts(150).map((text) => ({ text })));
    expect(phones.stats.misses).toBe(150);
  });

  it('carries on without threads when they cannot run, answering on the main thread', async () => {
    const phones = normaliser({ workers: 2, workersAfter: 0 });
    // libphonenumber throws on a text that is no string: the worker dies of it, as a thread that
    // cannot start or crashes would.
    await expect(phones.prefetch([{ text: 5 as never }])).resolves.toBeUndefined();
    const misses = phones.stats.misses;
    await expect(phones.prefetch(texts(10).map((text) => ({ text })))).resolves.toBeUndefined();
    expect(phones.stats.misses).toBe(misses);
    expect(phones.normalise('(202) 555-0143')).toMatchObject({ ok: true, number: '+12025550143' });
    expect(phones.stats.misses).toBe(misses + 1);
  });
});

describe('phoneInputsOf', () => {
  const row = (line: number, cells: string[]): SourceItem => ({ kind: 'row', origin: { file: 'f.csv', line }, cells });
  it('lists every number of the phone cells, split, in the row’s country, and skips rows of unknown countries', () => {
    const rows: SourceItem[] = [
      row(2, ['Ada', '202-555-0143; 202-555-0199', '', 'US']),
      row(3, ['Ben', '020 7946 0958', '07911 123456', 'United Kingdom']),
      row(4, ['Cy', '12345', '', 'Atlantis']),
      { kind: 'parse-reject', origin: { file: 'f.csv', line: 5 }, reason: { kind: 'bad quote', text: 'bad quote' }, cells: [] },
    ];
    expect(phoneInputsOf(rows, [1, 2], 3)).toEqual([
      { text: '202-555-0143', country: 'US' },
      { text: '202-555-0199', country: 'US' },
      { text: '020 7946 0958', country: 'GB' },
      { text: '07911 123456', country: 'GB' },
    ]);
  });
});
