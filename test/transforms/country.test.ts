import { describe, expect, it } from 'vitest';
import { CcbulkError } from '../../src/errors.js';
import { parseCountryOption, resolveCountry } from '../../src/transforms/country.js';

describe('resolveCountry', () => {
  it.each([
    ['GB', 'GB'],
    ['gb', 'GB'],
    [' de ', 'DE'],
    ['United Kingdom', 'GB'],
    ['united states', 'US'],
    ['UK', 'GB'],
    ['USA', 'US'],
    ['U.S.A.', 'US'],
    ['Deutschland', 'DE'],
    ['Germany', 'DE'],
    ["Cote d'Ivoire", 'CI'],
    ['Bosnia and Herzegovina', 'BA'],
    ['Saint Lucia', 'LC'],
    ['St. Lucia', 'LC'],
    ['Myanmar', 'MM'],
    ['Hong Kong', 'HK'],
  ])('reads %j as %s', (text, code) => {
    expect(resolveCountry(text)).toBe(code);
  });

  it.each(['Atlantis', 'XX', ''])('knows no country called %j', (text) => {
    expect(resolveCountry(text)).toBeUndefined();
  });
});

describe('parseCountryOption', () => {
  it('accepts ISO codes in any case', () => {
    expect(parseCountryOption('fr')).toBe('FR');
  });

  it('refuses names, since an option takes a code', () => {
    expect(() => parseCountryOption('France')).toThrow(
      new CcbulkError('OPTION_INVALID', 'Expected `--country` to be an ISO 3166 country code such as US or GB, got `France`'),
    );
  });
});
