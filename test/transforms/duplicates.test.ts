import { describe, expect, it } from 'vitest';
import { DuplicateIndex } from '../../src/transforms/duplicates.js';

const at = (line: number, sheet?: string) => (sheet === undefined ? { file: 'contacts.csv', line } : { file: 'contacts.xlsx', sheet, line });
const phone = (number: string) => ({ number });

describe('DuplicateIndex', () => {
  it('calls a row that repeats an earlier row’s number a duplicate of that line', () => {
    const index = new DuplicateIndex();
    expect(index.claim(at(2), { phones: [phone('+12025550143')], emails: [] })).toBeUndefined();
    expect(index.claim(at(5), { phones: [phone('+12025550199'), phone('+12025550143')], emails: [] })).toEqual({
      of: at(2),
      reason: 'duplicate of line 2',
    });
  });

  it('compares e-mail addresses ignoring case', () => {
    const index = new DuplicateIndex();
    index.claim(at(2), { phones: [], emails: ['Ada@example.com'] });
    expect(index.claim(at(3), { phones: [], emails: ['ada@EXAMPLE.com'] })?.reason).toBe('duplicate of line 2');
  });

  it('names the earliest row when a row repeats several', () => {
    const index = new DuplicateIndex();
    index.claim(at(2), { phones: [], emails: ['ada@example.com'] });
    index.claim(at(3), { phones: [phone('+12025550143')], emails: [] });
    expect(index.claim(at(4), { phones: [phone('+12025550143')], emails: ['ada@example.com'] })?.of.line).toBe(2);
  });

  it('does not remember a duplicate’s other keys, so later rows are only duplicates of loaded rows', () => {
    const index = new DuplicateIndex();
    index.claim(at(2), { phones: [phone('+12025550143')], emails: [] });
    index.claim(at(3), { phones: [phone('+12025550143')], emails: ['bob@example.com'] });
    expect(index.claim(at(4), { phones: [], emails: ['bob@example.com'] })).toBeUndefined();
    expect(index.size).toBe(2);
  });

  it('names the sheet when the earlier row is on another sheet', () => {
    const index = new DuplicateIndex();
    index.claim(at(2, 'East'), { phones: [], emails: ['ada@example.com'] });
    expect(index.claim(at(9, 'West'), { phones: [], emails: ['ada@example.com'] })?.reason).toBe('duplicate of line 2 (sheet East)');
  });

  it('does not confuse numbers that differ only in a leading digit', () => {
    const index = new DuplicateIndex();
    index.claim(at(2), { phones: [phone('+442079460958')], emails: [] });
    expect(index.claim(at(3), { phones: [phone('+4412079460958')], emails: [] })).toBeUndefined();
  });
});

describe('DuplicateIndex at size', () => {
  it('remembers 300,000 rows of numbers and addresses exactly, and names the right earlier line', () => {
    const index = new DuplicateIndex();
    const number = (i: number) => `+1${2025550000 + i}`;
    let claimed = 0;
    for (let i = 0; i < 300_000; i++) {
      if (index.claim(at(i + 2), { phones: [phone(number(i))], emails: [`user.${i}@example.com`] }) === undefined) claimed++;
    }
    expect(claimed).toBe(300_000);
    expect(index.size).toBe(600_000);
    expect(index.claim(at(400_000), { phones: [phone(number(123_456))], emails: [] })?.reason).toBe('duplicate of line 123458');
    expect(index.claim(at(400_001), { phones: [], emails: ['USER.299999@example.com'] })?.reason).toBe('duplicate of line 300001');
    expect(index.claim(at(400_002), { phones: [phone(number(300_000))], emails: ['user.300000@example.com'] })).toBeUndefined();
  });

  it('keeps the file and sheet of the earlier row in what it returns', () => {
    const index = new DuplicateIndex();
    index.claim(at(7, 'East'), { phones: [phone('+12025550143')], emails: [] });
    expect(index.claim(at(3, 'West'), { phones: [phone('+12025550143')], emails: [] })?.of).toEqual(at(7, 'East'));
  });
});
