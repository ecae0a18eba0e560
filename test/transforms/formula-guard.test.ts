import { describe, expect, it } from 'vitest';
import { guardFormula, guardPhoneFormula, unguardFormula } from '../../src/transforms/formula-guard.js';

describe('guardFormula', () => {
  it('prefixes a quote to a text that starts with =, +, -, @, tab or CR', () => {
    expect(['=1+2', '+1', '-2', '@SUM(A1)', '\t=x', '\r=x'].map(guardFormula)).toEqual([
      "'=1+2",
      "'+1",
      "'-2",
      "'@SUM(A1)",
      "'\t=x",
      "'\r=x",
    ]);
  });

  it('leaves other texts alone, including ones with those characters later on', () => {
    expect(['Ana', '', ' =x', 'a=b', "'quoted", '1-2', 'x@example.com'].map(guardFormula)).toEqual([
      'Ana',
      '',
      ' =x',
      'a=b',
      "'quoted",
      '1-2',
      'x@example.com',
    ]);
  });

  it('adds one more quote to a text that is already quotes before a formula character', () => {
    expect(guardFormula("'=x")).toBe("''=x");
    expect(guardFormula("''+1")).toBe("'''+1");
  });
});

describe('unguardFormula', () => {
  it('takes the quote off a guarded text and leaves any other text as it is', () => {
    expect(["'=1+2", "'+1", "'-2", "'@x", "'\tx", "'\rx"].map(unguardFormula)).toEqual(['=1+2', '+1', '-2', '@x', '\tx', '\rx']);
    expect(["'quoted", "'", '=x', 'Ana', ''].map(unguardFormula)).toEqual(["'quoted", "'", '=x', 'Ana', '']);
  });

  it('undoes guardFormula for every text, so export then import is lossless', () => {
    const texts = ['=x', "'=x", "''=x", "'", "''", "'abc", '+14155550123', '-', '@', 'plain', '', "'\t", '\r'];
    for (const text of texts) expect(unguardFormula(guardFormula(text))).toBe(text);
  });
});

describe('guardPhoneFormula', () => {
  it('keeps a plain E.164 number as it is', () => {
    expect(guardPhoneFormula('+14155550123')).toBe('+14155550123');
    expect(guardPhoneFormula('+4930123')).toBe('+4930123');
  });

  it('guards a phone value that is not a plain E.164 number', () => {
    expect(guardPhoneFormula('+1 415 555 0123')).toBe("'+1 415 555 0123");
    expect(guardPhoneFormula('+1234567890123456')).toBe("'+1234567890123456");
    expect(guardPhoneFormula('=HYPERLINK("http://x")')).toBe('\'=HYPERLINK("http://x")');
    expect(guardPhoneFormula('-5550123')).toBe("'-5550123");
    expect(guardPhoneFormula('4155550123')).toBe('4155550123');
    expect(guardPhoneFormula('')).toBe('');
  });
});
