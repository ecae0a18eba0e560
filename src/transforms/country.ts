import { getCountries, type CountryCode } from '../libphonenumber.js';
import { CcbulkError } from '../errors.js';

/** An ISO 3166 alpha-2 code libphonenumber has a numbering plan for. */
export type { CountryCode } from 'libphonenumber-js/max';

const CODES: ReadonlySet<string> = new Set(getCountries());

// Names people write that are not an ISO code or the English short name Intl knows: common
// abbreviations, older names, and each country's own name for the largest sources of contacts.
const ALIASES: Readonly<Record<string, CountryCode>> = {
  uk: 'GB',
  greatbritain: 'GB',
  britain: 'GB',
  england: 'GB',
  scotland: 'GB',
  wales: 'GB',
  northernireland: 'GB',
  usa: 'US',
  unitedstatesofamerica: 'US',
  america: 'US',
  uae: 'AE',
  deutschland: 'DE',
  holland: 'NL',
  nederland: 'NL',
  turkey: 'TR',
  czechrepublic: 'CZ',
  korea: 'KR',
  republicofkorea: 'KR',
  russianfederation: 'RU',
  ivorycoast: 'CI',
  swaziland: 'SZ',
  burma: 'MM',
  vietnam: 'VN',
  macau: 'MO',
  espana: 'ES',
  italia: 'IT',
  schweiz: 'CH',
  suisse: 'CH',
  osterreich: 'AT',
  brasil: 'BR',
  belgique: 'BE',
  belgie: 'BE',
  polska: 'PL',
  sverige: 'SE',
  norge: 'NO',
  danmark: 'DK',
  suomi: 'FI',
  eire: 'IE',
  bharat: 'IN',
};

// ISO 3166's own English short names, as CRM country pick-lists spell them, where they differ
// from Intl's (`Korea, Republic of` for `South Korea`), and other names Intl does not give.
// Keys are written as nameKey leaves them, or in a script it folds (it is applied to them too).
const ISO_NAMES: Readonly<Record<string, CountryCode>> = {
  korearepublicof: 'KR',
  koreasouth: 'KR',
  koreademocraticpeoplesrepublicof: 'KP',
  koreanorth: 'KP',
  iranislamicrepublicof: 'IR',
  syrianarabrepublic: 'SY',
  laopeoplesdemocraticrepublic: 'LA',
  tanzaniaunitedrepublicof: 'TZ',
  moldovarepublicof: 'MD',
  boliviaplurinationalstateof: 'BO',
  venezuelabolivarianrepublicof: 'VE',
  taiwanprovinceofchina: 'TW',
  micronesiafederatedstatesof: 'FM',
  congothedemocraticrepublicofthe: 'CD',
  democraticrepublicofthecongo: 'CD',
  drc: 'CD',
  republicofthecongo: 'CG',
  palestinestateof: 'PS',
  palestine: 'PS',
  macedonia: 'MK',
  vaticancitystate: 'VA',
  holysee: 'VA',
  capeverde: 'CV',
  easttimor: 'TL',
  unitedkingdomofgreatbritainandnorthernireland: 'GB',
  thenetherlands: 'NL',
  netherlandsthe: 'NL',
  prc: 'CN',
  mainlandchina: 'CN',
  nippon: 'JP',
  nihon: 'JP',
  persia: 'IR',
  grossbritannien: 'GB',
  // Everyday names where Intl gives the official one.
  한국: 'KR',
  السعودية: 'SA',
  中华人民共和国: 'CN',
};

/**
 * The languages whose names for countries are recognised besides English: the official
 * languages of the countries most contacts come from, and of the rest of Europe, the Americas,
 * Asia and Africa as far as Node's ICU has them (a language it lacks is skipped). Each is 245
 * names; all of them take about 40 ms to build, once.
 */
const LANGUAGES = [
  'fr', 'de', 'es', 'pt', 'it', 'nl', 'sv', 'nb', 'nn', 'da', 'fi', 'is', 'pl', 'cs', 'sk', 'sl',
  'hr', 'sr', 'sr-Latn', 'bs', 'hu', 'ro', 'bg', 'mk', 'el', 'ru', 'uk', 'be', 'lt', 'lv', 'et',
  'tr', 'az', 'ka', 'hy', 'ar', 'he', 'fa', 'ur', 'hi', 'bn', 'pa', 'gu', 'mr', 'ta', 'te', 'kn',
  'ml', 'si', 'ne', 'th', 'lo', 'km', 'my', 'vi', 'id', 'ms', 'fil', 'zh', 'zh-Hant', 'ja', 'ko',
  'mn', 'kk', 'uz', 'sw', 'am', 'af', 'zu', 'ga', 'cy', 'ca', 'eu', 'gl', 'mt', 'sq', 'lb',
];

/**
 * A country name reduced to what tells names apart: letters and digits of any script, in lower
 * case, with accents gone (`Éire` and `EIRE` alike), `ß` as `ss`, `&` as `and`, and spaces and
 * punctuation dropped. Only Latin, Greek and Cyrillic accents are removed (U+0300–U+036F, what
 * NFKD splits them into): the vowel signs of Indic scripts are letters' parts, kept.
 */
function nameKey(name: string): string {
  return name
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/ß/g, 'ss')
    .replace(/&/g, 'and')
    .replace(/[^\p{L}\p{N}\p{M}]/gu, '');
}

/** Every spelling of every country libphonenumber knows, by name key. Built once, on first use. */
let byName: Map<string, CountryCode> | undefined;

function countryNames(): Map<string, CountryCode> {
  if (byName !== undefined) return byName;
  const names = new Map<string, CountryCode>();
  const english = new Intl.DisplayNames(['en'], { type: 'region', fallback: 'none' });
  for (const code of getCountries()) {
    const name = english.of(code);
    if (name === undefined) continue;
    // "Myanmar (Burma)" is also "Myanmar"; "St. Lucia" is also "Saint Lucia";
    // "Hong Kong SAR China" is also "Hong Kong".
    const variants = [
      name,
      name.replace(/\s*\(.*\)\s*/, ''),
      name.replace(/\bSt\.\s*/g, 'Saint '),
      name.replace(/\s+SAR China$/, ''),
    ];
    for (const v of variants) names.set(nameKey(v), code);
  }
  for (const [alias, code] of Object.entries({ ...ALIASES, ...ISO_NAMES })) names.set(nameKey(alias), code);
  // Other languages never replace an English name or an alias, and a spelling two of them give
  // different countries (`Kongo`: Kinshasa or Brazzaville) is left out rather than guessed.
  const fixed = new Set(names.keys());
  const ambiguous = new Set<string>();
  for (const language of Intl.DisplayNames.supportedLocalesOf(LANGUAGES)) {
    const local = new Intl.DisplayNames([language], { type: 'region', fallback: 'none' });
    for (const code of getCountries()) {
      const name = local.of(code);
      if (name === undefined) continue;
      for (const variant of [name, name.replace(/\s*\(.*\)\s*/, '')]) {
        const key = nameKey(variant);
        if (key === '' || fixed.has(key) || ambiguous.has(key)) continue;
        const known = names.get(key);
        if (known === undefined) {
          names.set(key, code);
        } else if (known !== code) {
          names.delete(key);
          ambiguous.add(key);
        }
      }
    }
  }
  byName = names;
  return names;
}

/**
 * The country a cell names: an ISO 3166 alpha-2 code in any case (`gb`, `GB`), its English
 * name as `Intl.DisplayNames` spells it (`United Kingdom`, `Côte d’Ivoire`) or as ISO 3166 does
 * (`Korea, Republic of`), its name in any of some eighty languages Node's ICU knows
 * (`Royaume-Uni`, `España`, `Éire`, `भारत`, `日本`), or a common alias (`UK`, `USA`,
 * `Holland`), ignoring case, accents, spaces and punctuation. `undefined` for anything else,
 * including countries libphonenumber has no numbering plan for.
 */
export function resolveCountry(text: string): CountryCode | undefined {
  const trimmed = text.trim();
  if (trimmed.length === 2) {
    const upper = trimmed.toUpperCase();
    if (CODES.has(upper)) return upper as CountryCode;
  }
  return countryNames().get(nameKey(trimmed));
}

/**
 * Checks a `--country` option: anything a row's Country cell may say (see
 * {@link resolveCountry}): `gb`, `United Kingdom`, `Royaume-Uni`, `UK`.
 *
 * @throws CcbulkError `OPTION_INVALID` naming the value, for anything that names no country.
 */
export function parseCountryOption(value: string, option = '--country'): CountryCode {
  const country = resolveCountry(value);
  if (country !== undefined) return country;
  throw new CcbulkError(
    'OPTION_INVALID',
    `Expected \`${option}\` to be a country code or name such as US, GB or Deutschland, got \`${value}\``,
  );
}
