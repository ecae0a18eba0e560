import { describe, expect, it } from 'vitest';
import { CcbulkError } from '../../src/errors.js';
import { createPhoneNormaliser, splitPhoneCell } from '../../src/transforms/phone.js';

const us = createPhoneNormaliser({ defaultCountry: 'US' });

describe('createPhoneNormaliser', () => {
  it.each([
    ['US', '(202) 555-0143', '+12025550143'],
    ['US', '202.555.0143', '+12025550143'],
    ['US', '1-800-275-2273', '+18002752273'],
    ['GB', '020 7946 0958', '+442079460958'],
    ['GB', '07911 123456', '+447911123456'],
    ['DE', '030 901820', '+4930901820'],
    ['DE', '030/901820', '+4930901820'],
    ['FR', '01 42 68 53 00', '+33142685300'],
    ['FR', '06 12 34 56 78', '+33612345678'],
    ['IN', '022 2778 2000', '+912227782000'],
    ['IN', '98765 43210', '+919876543210'],
    ['AU', '(02) 9374 4000', '+61293744000'],
    ['AU', '0412 345 678', '+61412345678'],
  ])('reads a national number of %s: %j → %s', (country, text, e164) => {
    const result = createPhoneNormaliser({ defaultCountry: country }).normalise(text);
    expect(result).toMatchObject({ ok: true, number: e164, extension: undefined });
  });

  it.each([
    ['US', '+44 20 7946 0958'],
    ['US', '011 44 20 7946 0958'],
    ['US', '00 44 20 7946 0958'],
    ['DE', '0044 20 7946 0958'],
    ['GB', '011 44 20 7946 0958'],
    ['FR', '+44 (0)20 7946 0958'],
  ])('reads an international number with its prefix in %s: %j', (country, text) => {
    const result = createPhoneNormaliser({ defaultCountry: country }).normalise(text);
    expect(result).toMatchObject({ ok: true, number: '+442079460958', country: 'GB' });
  });

  it('reads tel: URIs, with or without an extension parameter', () => {
    expect(us.normalise('tel:+1-201-555-0123')).toMatchObject({ ok: true, number: '+12015550123' });
    expect(us.normalise('tel:+1-201-555-0123;ext=42')).toMatchObject({ ok: true, number: '+12015550123', extension: '42' });
  });

  it.each(['202-555-0143 x123', '202-555-0143 ext. 123', '202 555 0143;ext=123', '(202) 555-0143 ext 123'])(
    'keeps the extension of %j apart from the E.164 number',
    (text) => {
      expect(us.normalise(text)).toMatchObject({ ok: true, number: '+12025550143', extension: '123' });
    },
  );

  it('reads a number in the row’s country rather than the default one', () => {
    expect(us.normalise('020 7946 0958', 'GB')).toMatchObject({ ok: true, number: '+442079460958' });
  });

  it('refuses a number that is too short, naming the country it was read in', () => {
    expect(us.normalise('555-12')).toEqual({ ok: false, problem: 'not a valid number for US' });
  });

  it('refuses numbers of a possible length in ranges that are not assigned', () => {
    // Area code 555 and the UK's 07700 900xxx drama range: the right length, never real.
    expect(us.normalise('(555) 010-0100')).toEqual({ ok: false, problem: 'not a valid number for US' });
    expect(us.normalise('07700 900123', 'GB')).toEqual({ ok: false, problem: 'not a valid number for GB' });
  });

  it('says an international number is invalid without blaming the default country', () => {
    expect(us.normalise('+44 7700 900123')).toEqual({ ok: false, problem: 'not a valid international number' });
  });

  it('refuses text that is not a number at all', () => {
    expect(us.normalise('n/a').ok).toBe(false);
  });

  it('reads a vanity number’s letters on the keypad, as Google’s libphonenumber does', () => {
    expect(us.normalise('1-800-FLOWERS')).toMatchObject({ ok: true, number: '+18003569377' });
    expect(us.normalise('1-888-GO-FEDEX x12')).toMatchObject({ ok: true, number: '+18884633339', extension: '12' });
  });

  it('refuses words in a phone cell with the reason any invalid number gets', () => {
    expect(us.normalise('CALL ME')).toEqual({ ok: false, problem: 'not a valid number for US' });
  });

  it('reads a label after a valid number as a label, not as keypad letters', () => {
    expect(us.normalise('202-555-0143 (cell)')).toMatchObject({ ok: true, number: '+12025550143', extension: undefined });
  });

  it('reads full-width digits and plus, and the digits of any script', () => {
    expect(us.normalise('＋５２ ２２２ １２３ ６１８６')).toMatchObject({ ok: true, number: '+522221236186' });
    expect(us.normalise('０２２ ２７７８ ２０００', 'IN')).toMatchObject({ ok: true, number: '+912227782000' });
    expect(us.normalise('०२२ २७७८ २०००', 'IN')).toMatchObject({ ok: true, number: '+912227782000' });
  });

  it('says a full-width international number that is not valid is an invalid international one', () => {
    expect(us.normalise('＋４４ ７７００ ９００１２３')).toEqual({ ok: false, problem: 'not a valid international number' });
  });

  it('reads a 00 prefix after Excel’s text apostrophe', () => {
    expect(us.normalise("'0044 20 7946 0958")).toMatchObject({ ok: true, number: '+442079460958' });
  });

  it('answers repeated inputs from its cache with the same object', () => {
    const phones = createPhoneNormaliser({ defaultCountry: 'US' });
    const first = phones.normalise('(202) 555-0143');
    const again = phones.normalise('(202) 555-0143');
    expect(again).toBe(first);
    expect(phones.stats).toEqual({ hits: 1, misses: 1, threaded: 0 });
  });

  it('caches per country, so the same text in another country is read again', () => {
    const phones = createPhoneNormaliser({ defaultCountry: 'US' });
    expect(phones.normalise('020 7946 0958', 'GB')).toMatchObject({ ok: true });
    expect(phones.normalise('020 7946 0958')).toMatchObject({ ok: false });
  });

  it('keeps no more than its cache size', () => {
    const phones = createPhoneNormaliser({ defaultCountry: 'US', cacheSize: 4 });
    for (const n of ['0100', '0101', '0102', '0103', '0104', '0105']) phones.normalise(`202-555-${n}`);
    phones.normalise('202-555-0100');
    // Evicted with the oldest generation, so it was parsed again.
    expect(phones.stats.misses).toBe(7);
    phones.normalise('202-555-0105');
    expect(phones.stats.hits).toBe(1);
  });

  it('rejects a default country that names no country, in the options voice', () => {
    expect(() => createPhoneNormaliser({ defaultCountry: 'XX' })).toThrow(
      new CcbulkError('OPTION_INVALID', 'Expected `--country` to be a country code or name such as US, GB or Deutschland, got `XX`'),
    );
  });

  it('accepts a lower-case default country', () => {
    expect(createPhoneNormaliser({ defaultCountry: 'gb' }).defaultCountry).toBe('GB');
  });
});

describe('splitPhoneCell', () => {
  it('splits a cell on semicolons, pipes and line breaks', () => {
    expect(splitPhoneCell(' 202-555-0143; 202-555-0144 | 202-555-0145\n202-555-0146 ')).toEqual([
      '202-555-0143',
      '202-555-0144',
      '202-555-0145',
      '202-555-0146',
    ]);
  });

  it('does not split a tel: URI at its extension parameter', () => {
    expect(splitPhoneCell('tel:+1-201-555-0123;ext=42; 202-555-0143')).toEqual(['tel:+1-201-555-0123;ext=42', '202-555-0143']);
  });

  it('does not split on slashes, which European numbers use after the area code', () => {
    expect(splitPhoneCell('030/901820')).toEqual(['030/901820']);
  });

  it('gives nothing for an empty or blank cell', () => {
    expect(splitPhoneCell('  ')).toEqual([]);
  });
});
