import { stringify } from 'csv-stringify/sync';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CSV_OPTIONS, csvRecords } from '../../src/writers/csv-records.js';

/** Cells made mostly of the characters that decide quoting, with ordinary text and Unicode between. */
const cell = fc.oneof(
  fc.string(),
  fc.stringMatching(/^[a-z ,"\r\n;'=+\-@\t]{0,12}$/),
  fc.constantFrom('', ' ', '"', ',', '\r', '\n', '\r\n', '""', 'a,b', 'say "hi"', '+14155550123', "'=1+1", '名前', '\u2028', '\ufeff'),
);

describe('csvRecords', () => {
  it('writes exactly the bytes csv-stringify writes, for any records', () => {
    const seed = Number(process.env.PROPERTY_SEED ?? 3101);
    fc.assert(
      fc.property(fc.array(fc.array(cell, { minLength: 1, maxLength: 8 }), { maxLength: 20 }), (records) => {
        expect(csvRecords(records)).toBe(records.length === 0 ? '' : stringify(records, CSV_OPTIONS));
      }),
      { seed, numRuns: Number(process.env.PROPERTY_RUNS ?? 2000) },
    );
  });

  it('quotes a field with a comma, a quote, a CR or an LF, and only those', () => {
    expect(csvRecords([['a', 'b,c', 'd"e', 'f\rg', 'h\ni', ' j ']])).toBe('a,"b,c","d""e","f\rg","h\ni", j \r\n');
  });
});
