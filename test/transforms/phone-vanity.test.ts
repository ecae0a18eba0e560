import { describe, expect, it } from 'vitest';
import { vanityNumberText } from '../../src/transforms/phone-vanity.js';

describe('vanityNumberText', () => {
  it.each([
    ['1-800-FLOWERS', '1-800-3569377'],
    ['1-888-GO-FEDEX', '1-888-46-33339'],
    ['1 800 flowers', '1 800 3569377'],
    ['(800) CALL-ATT', '(800) 2255-288'],
    ['+1 800 FLOWERS', '+1 800 3569377'],
  ])('reads the letters of %j on the keypad: %j', (text, digits) => {
    expect(vanityNumberText(text)).toBe(digits);
  });

  it('keeps an extension apart rather than reading its label as letters', () => {
    expect(vanityNumberText('1-800-FLOWERS x12')).toBe('1-800-3569377 x12');
    expect(vanityNumberText('1-800-FLOWERS ext. 12')).toBe('1-800-3569377 ext. 12');
  });

  it('keeps what comes before the number as it is, for the parser to read or skip', () => {
    expect(vanityNumberText('tel:+1-800-FLOWERS')).toBe('tel:+1-800-3569377');
    expect(vanityNumberText('Call 1-800-FLOWERS')).toBe('Call 1-800-3569377');
  });

  it.each(['CALL ME', 'N/A', 'see notes', 'Room 101', 'ext 123'])('finds no number in the words %j', (text) => {
    expect(vanityNumberText(text)).toBeUndefined();
  });

  it('needs three letters, as Google’s VALID_ALPHA_PHONE_PATTERN does', () => {
    expect(vanityNumberText('1-800-356-93GO')).toBeUndefined();
    expect(vanityNumberText('1-800-356-9GOT')).toBe('1-800-356-9468');
  });

  it('needs three digits before the letters, as Google’s VALID_PHONE_NUMBER does', () => {
    expect(vanityNumberText('18-FLOWERS')).toBeUndefined();
    expect(vanityNumberText('FLOWERS 1-800')).toBeUndefined();
  });

  it('reads nothing in a number broken by characters phone numbers do not have', () => {
    expect(vanityNumberText('1-800-FLO!WERS')).toBeUndefined();
  });
});
