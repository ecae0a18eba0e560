import { describe, expect, it } from 'vitest';
import { CcbulkError } from '../../src/errors.js';
import { planColumns } from '../../src/transforms/column-mapping.js';
import { dncNumbersOf, planDncColumns } from '../../src/transforms/dnc-numbers.js';
import { createPhoneNormaliser } from '../../src/transforms/phone.js';
import { row } from './support.js';

const phones = createPhoneNormaliser({ defaultCountry: 'US' });

function columnsOf(header: string[], columns?: string[]): number[] {
  return planDncColumns(planColumns(header), header, columns);
}

function thrown(f: () => unknown): CcbulkError {
  try {
    f();
  } catch (error) {
    if (error instanceof CcbulkError) return error;
    throw error;
  }
  throw new Error('expected a CcbulkError');
}

describe('planDncColumns', () => {
  it('picks every column the mapping reads as a phone number, in file order', () => {
    expect(columnsOf(['Name', 'Mobile', 'Notes', 'Phone', 'Work Phone', 'Email'])).toEqual([1, 3, 4]);
  });

  it('picks exactly the columns --column names, ignoring the automatic mapping', () => {
    expect(columnsOf(['Phone', 'Numbers', 'Backup Line'], ['Backup Line', 'Numbers'])).toEqual([1, 2]);
  });

  it('matches a --column name ignoring case, spaces and punctuation when no header matches exactly', () => {
    expect(columnsOf(['Name', 'Cell-Phone'], ['cell phone'])).toEqual([1]);
  });

  it('prefers the exact header over one that only matches loosely', () => {
    expect(columnsOf(['cell phone', 'Cell Phone'], ['Cell Phone'])).toEqual([1]);
  });

  it('stops the run on a --column that names no column, listing the columns there are', () => {
    const error = thrown(() => columnsOf(['Name', 'Phone'], ['Telefon']));
    expect(error.code).toBe('MAPPING_INVALID');
    expect(error.message).toBe('Expected `--column` to name a column of the file, got `Telefon`; columns are: `Name`, `Phone`');
  });

  it('stops the run on a file without a phone column, suggesting --column', () => {
    const error = thrown(() => columnsOf(['Name', 'Numbers']));
    expect(error.code).toBe('MAPPING_INVALID');
    expect(error.message).toContain('found `Name`, `Numbers`');
    expect(error.message).toContain('`--column NAME`');
  });
});

describe('dncNumbersOf', () => {
  const header = ['Name', 'Phone', 'Mobile', 'Country'];
  const indexes = columnsOf(header);

  it('reads every number of a row, each on its own', () => {
    expect(dncNumbersOf(row(2, 'Ada', '(202) 555-0143', '202 555 0199', ''), indexes, phones, 3, header)).toEqual([
      { ok: true, number: '+12025550143', text: '(202) 555-0143' },
      { ok: true, number: '+12025550199', text: '202 555 0199' },
    ]);
  });

  it('gives one number and one failure for a cell with a valid and an invalid number', () => {
    expect(dncNumbersOf(row(2, 'Ada', '202 555 0143; 555-12', '', ''), indexes, phones, 3, header)).toEqual([
      { ok: true, number: '+12025550143', text: '202 555 0143' },
      { ok: false, text: '555-12', reason: "Phone: not a valid number for US: '555-12'" },
    ]);
  });

  it('names the column phone when it is not given the header', () => {
    expect(dncNumbersOf(row(2, 'Ada', '555-12', '', ''), indexes, phones)).toEqual([
      { ok: false, text: '555-12', reason: "phone: not a valid number for US: '555-12'" },
    ]);
  });

  it('reads national numbers in the row’s own country rather than the default', () => {
    expect(dncNumbersOf(row(2, 'Ada', '020 7946 0018', '', 'United Kingdom'), indexes, phones, 3, header)).toEqual([
      { ok: true, number: '+442079460018', text: '020 7946 0018' },
    ]);
  });

  it('refuses every number of a row whose country is unknown', () => {
    expect(dncNumbersOf(row(2, 'Ada', '020 7946 0018', '202 555 0199', 'Narnia'), indexes, phones, 3, header)).toEqual([
      { ok: false, text: '020 7946 0018', reason: "country: unknown country: 'Narnia'" },
      { ok: false, text: '202 555 0199', reason: "country: unknown country: 'Narnia'" },
    ]);
  });

  it('reports a number given twice in a row once, where it first appears', () => {
    expect(dncNumbersOf(row(2, 'Ada', '202-555-0143 | +1 202 555 0143', '(202) 555-0143', ''), indexes, phones, 3, header)).toEqual([
      { ok: true, number: '+12025550143', text: '202-555-0143' },
    ]);
  });

  it('keeps the number of a text with an extension and notes the extension left out', () => {
    expect(dncNumbersOf(row(2, 'Ada', '202 555 0143 x77', '', ''), indexes, phones, 3, header)).toEqual([
      { ok: true, number: '+12025550143', text: '202 555 0143 x77', note: 'extension 77 left out: a DNC list holds numbers only' },
    ]);
  });

  it('gives nothing for a row without numbers, leaving the refusal to the caller', () => {
    expect(dncNumbersOf(row(2, 'Ada', '', '  ', 'US'), indexes, phones, 3, header)).toEqual([]);
  });

  it('reads a cell of several numbers joined by , / or "or" when each is valid, and says which separators work when one is not', () => {
    const numbers = dncNumbersOf(row(2, '(212) 400-0141, (212) 400-0142 or 415-555-0126'), [0], phones);
    expect(numbers.map((n) => (n.ok ? n.number : n.reason.text))).toEqual(['+12124000141', '+12124000142', '+14155550126']);
    const [refused] = dncNumbersOf(row(3, '202-555-0143 / 12'), [0], phones);
    expect(refused?.ok === false && refused.reason).toMatchObject({ kind: 'phone: not a valid number for US', text: expect.stringMatching(/separated by ; , \/ \| "or" "and" or line breaks/) });
  });
});
