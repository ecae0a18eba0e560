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
    ['Royaume-Uni', 'GB'],
    ['Vereinigtes Königreich', 'GB'],
    ['Großbritannien', 'GB'],
    ['España', 'ES'],
    ['ESPAÑA', 'ES'],
    ['espana', 'ES'],
    ['Éire', 'IE'],
    ['EIRE', 'IE'],
    ['भारत', 'IN'],
    ['日本', 'JP'],
    ['Россия', 'RU'],
    ['Ελλάδα', 'GR'],
    ['المملكة المتحدة', 'GB'],
    ['대한민국', 'KR'],
    ['한국', 'KR'],
    ['Korea, Republic of', 'KR'],
    ['Holland', 'NL'],
    ['The Netherlands', 'NL'],
    ['Estados Unidos', 'US'],
  ])('reads %j as %s', (text, code) => {
    expect(resolveCountry(text)).toBe(code);
  });

  it.each(['Atlantis', 'XX', ''])('knows no country called %j', (text) => {
    expect(resolveCountry(text)).toBeUndefined();
  });

  it('does not guess between two countries a language gives the same name', () => {
    // "Kongo" is Kinshasa in some languages and Brazzaville in others.
    expect(resolveCountry('Kongo')).toBeUndefined();
  });
});

describe('parseCountryOption', () => {
  it('accepts ISO codes in any case', () => {
    expect(parseCountryOption('fr')).toBe('FR');
  });

  it('accepts what a Country cell may say: names in any language and aliases', () => {
    expect(['France', 'Royaume-Uni', 'Deutschland', 'UK'].map((v) => parseCountryOption(v))).toEqual(['FR', 'GB', 'DE', 'GB']);
  });

  it('refuses a name it does not know, naming the value', () => {
    expect(() => parseCountryOption('Atlantis')).toThrow(
      new CcbulkError('OPTION_INVALID', 'Expected `--country` to be a country code or name such as US, GB or Deutschland, got `Atlantis`'),
    );
  });
});
