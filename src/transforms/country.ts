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

/** A country name reduced to letters and digits: accents, case, spaces and punctuation gone. */
function nameKey(name: string): string {
  return name
    .normalize('NFKD')
    .toLowerCase()
    .replace(/&/g, 'and')
    .replace(/[^a-z0-9]/g, '');
}

/** Every spelling of every country libphonenumber knows, by name key. Built once, on first use. */
let byName: Map<string, CountryCode> | undefined;

function countryNames(): Map<string, CountryCode> {
  if (byName !== undefined) return byName;
  const names = new Map<string, CountryCode>();
  const english = new Intl.DisplayNames(['en'], { type: 'region' });
  for (const code of getCountries()) {
    const name = english.of(code);
    if (name === undefined || name === code) continue;
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
  for (const [alias, code] of Object.entries(ALIASES)) names.set(alias, code);
  byName = names;
  return names;
}

/**
 * The country a cell names: an ISO 3166 alpha-2 code (`gb` or `GB`), its English name as
 * `Intl.DisplayNames` spells it (`United Kingdom`, `Côte d’Ivoire`), or a common alias (`UK`,
 * `USA`, `Deutschland`), ignoring case, accents and punctuation. `undefined` for anything else,
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
 * Checks a `--country` option: an ISO 3166 alpha-2 code, any case. Only codes, unlike a row's
 * country cell, because an option is typed by someone who can look the code up once.
 *
 * @throws CcbulkError `OPTION_INVALID` naming the value, for anything that is not a known code.
 */
export function parseCountryOption(value: string, option = '--country'): CountryCode {
  const upper = value.trim().toUpperCase();
  if (CODES.has(upper)) return upper as CountryCode;
  throw new CcbulkError(
    'OPTION_INVALID',
    `Expected \`${option}\` to be an ISO 3166 country code such as US or GB, got \`${value}\``,
  );
}
