import { describe, expect, it } from 'vitest';
// The library's own ES build: a separate copy of its modules, which the patch does not touch.
import { getCountries as unpatchedCountries, getExampleNumber, parsePhoneNumberFromString as unpatched } from 'libphonenumber-js/max';
import examples from 'libphonenumber-js/mobile/examples';
import { PATTERNS_REMEMBERED, parsePhoneNumberFromString } from '../../src/libphonenumber.js';

/** What ccbulk reads off a parse: validity, E.164, country, extension and number type. */
const reading = (parse: typeof unpatched, text: string, country: Parameters<typeof unpatched>[1]) => {
  const n = parse(text, country);
  return n === undefined ? undefined : { valid: n.isValid(), possible: n.isPossible(), number: n.number, country: n.country, ext: n.ext, type: n.getType() };
};

describe('libphonenumber-js with its patterns remembered', () => {
  it('has the pattern cache in place (a library upgrade that moves the helper fails here)', () => {
    expect(PATTERNS_REMEMBERED).toBe(true);
  });

  it('reads every country’s example numbers, and variants of them, exactly as the unpatched library', () => {
    let compared = 0;
    for (const country of unpatchedCountries()) {
      const example = getExampleNumber(country, examples);
      if (example === undefined) continue;
      const national = example.nationalNumber;
      const variants = [
        example.number,
        national,
        `0${national}`,
        `${national.slice(0, -1)}`,
        `${national}9`,
        `${national.slice(0, -2)}${(Number(national.slice(-2)) + 37) % 100}`.padEnd(national.length, '0'),
        `+${example.countryCallingCode} ${national} ext. 12`,
        `00${example.countryCallingCode}${national}`,
      ];
      for (const text of variants) {
        for (const base of [country, 'US', 'GB'] as const) {
          expect(reading(parsePhoneNumberFromString, text, base), `${text} in ${base}`).toEqual(reading(unpatched, text, base));
          compared++;
        }
      }
    }
    expect(compared).toBeGreaterThan(4000);
  });
});
