import { parsePhoneNumberFromString, type CountryCode } from 'libphonenumber-js/max';
import { parseCountryOption } from './country.js';

/** A number that is valid for its country, in E.164, with its extension kept apart. */
export interface ValidPhone {
  readonly ok: true;
  /** The number in E.164 (`+12025550143`), without its extension. */
  readonly number: string;
  /** The extension the text carried (`x123`, `ext. 123`, `;ext=123`), digits only. */
  readonly extension: string | undefined;
  /** The country the number belongs to, when its numbering plan says (absent for +800 and the like). */
  readonly country: CountryCode | undefined;
}

/** A text that is not a valid number. */
export interface InvalidPhone {
  readonly ok: false;
  /** What is wrong, without the field or the value: "not a valid number for US". */
  readonly problem: string;
}

/** The outcome of normalising one phone number text. Shared and frozen when cached. */
export type PhoneResult = ValidPhone | InvalidPhone;

/** Options of a phone normaliser. */
export interface PhoneNormaliserOptions {
  /** The country of numbers written in national format, from `--country`. Default `US`. */
  readonly defaultCountry?: string;
  /** How many distinct (text, country) inputs to remember. Default 100 000; 0 turns caching off. */
  readonly cacheSize?: number;
}

/** Turns phone number texts into E.164, remembering recent answers for the run. */
export interface PhoneNormaliser {
  /** The country numbers in national format belong to when the row does not say. */
  readonly defaultCountry: CountryCode;
  /**
   * Normalises one number text (one number: split a cell with {@link splitPhoneCell} first).
   * `country` is the row's own country, when it has one.
   */
  normalise(text: string, country?: CountryCode): PhoneResult;
  /** Cache lookups that were answered from the cache, and those that were not. */
  readonly stats: { readonly hits: number; readonly misses: number };
}

// An international call prefix where a `+` belongs: `00` (most of the world) and `011` (North
// America), optionally inside `tel:` and parentheses. libphonenumber only knows the prefix of
// the default country, so `011 44 …` fails in GB and `00 44 …` fails in the US.
const DIAL_OUT = /^\s*(?:tel:)?\s*\(?\s*(?:00|011)[\s.\-)]*(?=[1-9])/i;

// How a spreadsheet shows a long number in a narrow General column (`4.4207946E+11`): once saved
// as text like that, the digits after the shown ones are gone, so no country can make it valid.
const SCIENTIFIC = /^\s*\d(?:[.,]\d+)?E\+?\d+\s*$/i;

function parse(text: string, country: CountryCode): PhoneResult {
  if (SCIENTIFIC.test(text)) {
    return Object.freeze({
      ok: false,
      problem: 'in scientific notation, so its last digits are lost (format the column as text and enter the number again)',
    });
  }
  let parsed = parsePhoneNumberFromString(text, country);
  let valid = parsed?.isValid() === true;
  if (!valid) {
    const prefix = DIAL_OUT.exec(text);
    if (prefix !== null) {
      // Only tried when the text is not valid as a national number, so a national number
      // that happens to start with 00 or 011 keeps its meaning.
      const retry = parsePhoneNumberFromString(`+${text.slice(prefix[0].length)}`, country);
      if (retry?.isValid() === true) {
        parsed = retry;
        valid = true;
      }
    }
  }
  if (!valid || parsed === undefined) {
    const international = /^\s*(?:tel:)?\s*\(?\s*\+/i.test(text);
    return Object.freeze({
      ok: false,
      problem: international ? 'not a valid international number' : `not a valid number for ${country}`,
    });
  }
  return Object.freeze({
    ok: true,
    number: parsed.number,
    extension: parsed.ext === undefined || parsed.ext === '' ? undefined : parsed.ext,
    country: parsed.country,
  });
}

/**
 * Makes a normaliser for one run. Numbers are checked with libphonenumber's full (`max`)
 * metadata and `isValid()`, so a number of the right length in an unassigned range (US area
 * code 555, UK drama numbers 07700 900xxx) is refused rather than sent.
 *
 * Parsing is the slowest step of a load, and files repeat numbers (a company's switchboard on
 * every row), so answers are cached per (text, country). The cache keeps two generations of up
 * to half of `cacheSize` each and drops the older one when the newer fills: bounded memory,
 * no per-lookup bookkeeping, and numbers still in use survive by being copied forward.
 *
 * @throws CcbulkError `USAGE` when `defaultCountry` is not an ISO 3166 code libphonenumber knows.
 */
export function createPhoneNormaliser(options: PhoneNormaliserOptions = {}): PhoneNormaliser {
  const defaultCountry = parseCountryOption(options.defaultCountry ?? 'US');
  const generation = Math.max(0, Math.floor((options.cacheSize ?? 100_000) / 2));
  let young = new Map<string, PhoneResult>();
  let old = new Map<string, PhoneResult>();
  const stats = { hits: 0, misses: 0 };

  const normalise = (text: string, country: CountryCode = defaultCountry): PhoneResult => {
    if (generation === 0) return parse(text, country);
    // The default country is by far the most common, so its keys are the text itself: no
    // concatenated string to build and hash for most lookups.
    const key = country === defaultCountry ? text : `${country}\u0000${text}`;
    let result = young.get(key);
    if (result !== undefined) {
      stats.hits++;
      return result;
    }
    result = old.get(key);
    if (result === undefined) {
      stats.misses++;
      result = parse(text, country);
    } else {
      stats.hits++;
    }
    if (young.size >= generation) {
      old = young;
      young = new Map();
    }
    young.set(key, result);
    return result;
  };
  return { defaultCountry, normalise, stats };
}

// Separators between several numbers in one cell. Not `;` when it starts a tel: URI parameter
// (`;ext=`), not `,` (a dialling pause in `555-0100,,123`), and not `/`, which many European
// numbers use between area code and number (`030/901820`).
const SEPARATORS = /\s*(?:[|\n\r]|;(?!\s*(?:ext|phone-context|isub)=))\s*/i;

/**
 * The number texts in one cell: a cell may hold several, separated by `;`, `|` or line breaks.
 * Texts are trimmed; empty ones dropped.
 */
export function splitPhoneCell(cell: string): string[] {
  const trimmed = cell.trim();
  if (trimmed === '') return [];
  // Most cells hold one number: skip the regex split and its array for them.
  if (!/[|\n\r;]/.test(trimmed)) return [trimmed];
  return trimmed.split(SEPARATORS).filter((t) => t !== '');
}
