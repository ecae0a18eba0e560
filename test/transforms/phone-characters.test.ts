import { describe, expect, it } from 'vitest';
import { asciiPhoneText } from '../../src/transforms/phone-characters.js';

describe('asciiPhoneText', () => {
  it('returns plain ASCII text as it is', () => {
    const text = "'+1 (202) 555-0143 ext. 12";
    expect(asciiPhoneText(text)).toBe(text);
  });

  it('reads the digits of every numbering system Intl knows as ASCII digits', () => {
    let systems = 0;
    for (const system of Intl.supportedValuesOf('numberingSystem')) {
      const written = new Intl.NumberFormat(`en-u-nu-${system}`, { useGrouping: false }).format(1234567890);
      // Only systems of decimal digits: not Chinese numerals (hanidec) nor Roman ones.
      if (!/^\p{Nd}{10}$/u.test(written)) continue;
      expect(asciiPhoneText(written), system).toBe('1234567890');
      systems++;
    }
    expect(systems).toBeGreaterThan(50);
  });

  it('reads full-width digits, letters and punctuation as their ASCII forms', () => {
    expect(asciiPhoneText('＋８１（０３）１２３４－５６７８ ｅｘｔ．１２＃')).toBe('+81(03)1234-5678 ext.12#');
  });

  it('reads every plus sign as `+`', () => {
    expect(['＋', '﹢', '⁺', '₊', '➕'].map((plus) => asciiPhoneText(`${plus}44`))).toEqual(['+44', '+44', '+44', '+44', '+44']);
  });

  it('reads every space as a space and every dash as a hyphen', () => {
    expect(asciiPhoneText('03\u30001234\u00a05678\u202f9')).toBe('03 1234 5678 9');
    expect(asciiPhoneText('03\u20101234\u20135678\u20149\u22120\u30fc1\uff0d2\u301c3')).toBe('03-1234-5678-9-0-1-2-3');
  });

  it('drops invisible marks: right-to-left and left-to-right marks, zero-width spaces, the byte-order mark', () => {
    expect(asciiPhoneText('\ufeff\u200e+44\u200b 20\u00ad 7946\u2060 0958\u200f')).toBe('+44 20 7946 0958');
  });

  it('leaves letters of other scripts for the parser, such as the Russian extension label', () => {
    expect(asciiPhoneText('+7 495 123-45-67 доб. 12')).toBe('+7 495 123-45-67 доб. 12');
  });
});
