import { describe, expect, it } from 'vitest';
import { formatNumberText, isDateFormat, isoDateText, plainNumberText } from '../../src/readers/excel-number-format.js';

describe('formatNumberText', () => {
  it('restores the leading zeros of a zero-padded format', () => {
    expect(formatNumberText(2079460018, '00000000000')).toBe('02079460018');
    expect(formatNumberText(2134, '00000')).toBe('02134');
  });

  it('restores the plus sign of a quoted, escaped or bare + literal', () => {
    expect(formatNumberText(447911123456, '"+"0')).toBe('+447911123456');
    expect(formatNumberText(447911123456, '\\+0')).toBe('+447911123456');
    expect(formatNumberText(447911123456, '+#')).toBe('+447911123456');
    expect(formatNumberText(442079460018, '"+"00 0000 000000')).toBe('+44 2079 460018');
  });

  it('applies Excel\'s US phone format with its condition', () => {
    const usPhone = '[<=9999999]###-####;(###) ###-####';
    expect(formatNumberText(5551234567, usPhone)).toBe('(555) 123-4567');
    expect(formatNumberText(5550100, usPhone)).toBe('555-0100');
  });

  it('writes large integers in full digits, never in exponent form or with a trailing .0', () => {
    expect(formatNumberText(447911123456, undefined)).toBe('447911123456');
    expect(formatNumberText(447911123456, 'General')).toBe('447911123456');
    expect(plainNumberText(1e21)).toBe('1000000000000000000000');
  });

  it('writes non-integers with Excel\'s 15 significant digits', () => {
    expect(plainNumberText(0.1 + 0.2)).toBe('0.3');
    expect(formatNumberText(2.5, '00000')).toBe('2.5');
  });

  it('falls back to plain digits for formats it does not render', () => {
    expect(formatNumberText(1234, '#,##0.00')).toBe('1234');
    expect(formatNumberText(1234, '@')).toBe('1234');
    expect(formatNumberText(-42, '0;(0)')).toBe('(42)');
    expect(formatNumberText(-42, '000')).toBe('-042');
  });
});

describe('dates', () => {
  it('tells date formats from number formats that merely contain letters in quotes', () => {
    expect(isDateFormat('yyyy-mm-dd')).toBe(true);
    expect(isDateFormat('dd/mm/yyyy hh:mm')).toBe(true);
    expect(isDateFormat('"day "0')).toBe(false);
    expect(isDateFormat('"+"0')).toBe(false);
  });

  it('writes midnight as a date and other times to the second', () => {
    expect(isoDateText(new Date(Date.UTC(2024, 0, 5)))).toBe('2024-01-05');
    expect(isoDateText(new Date(Date.UTC(2024, 0, 5, 9, 29, 59, 999)))).toBe('2024-01-05T09:30:00');
  });
});
