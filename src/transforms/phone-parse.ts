// The pure phone parser: one text in one country to E.164 or a problem. The normaliser in
// phone.ts caches its answers and the worker threads (phone-worker.ts) run it, so both import it
// from here rather than from each other.
import { parsePhoneNumberFromString, type CountryCode } from '../libphonenumber.js';
import { asciiPhoneText } from './phone-characters.js';
import { vanityNumberText } from './phone-vanity.js';

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

// An international call prefix where a `+` belongs: `00` (most of the world) and `011` (North
// America), optionally inside `tel:` and parentheses. libphonenumber only knows the prefix of
// the default country, so `011 44 …` fails in GB and `00 44 …` fails in the US. After the
// apostrophe Excel keeps a number as text with (`'0044 20 …`), which the phone cells still carry.
const DIAL_OUT = /^\s*'?\s*(?:tel:)?\s*\(?\s*(?:00|011)[\s.\-)]*(?=[1-9])/i;

// How a spreadsheet shows a long number in a narrow General column (`4.4207946E+11`): once saved
// as text like that, the digits after the shown ones are gone, so no country can make it valid.
const SCIENTIFIC = /^\s*\d(?:[.,]\d+)?E\+?\d+\s*$/i;

// A number that went through a float (pandas, some Excel exports): `4155550123.0` is the integer.
const WHOLE_FLOAT = /^(\s*'?\s*\+?\d{6,})[.,]0+\s*$/;

// Any other fraction after the digits of a whole number (`4155550123.5`): not a way to write a
// number, and not one to guess at.
const FRACTION = /^\s*'?\s*\+?\d{8,}[.,]\d+\s*$/;

type PhoneNumber = NonNullable<ReturnType<typeof parsePhoneNumberFromString>>;

/** The number `text` is in `country`, when it is a valid one; the `00`/`011` retry included. */
function validNumber(text: string, country: CountryCode): PhoneNumber | undefined {
  const parsed = parsePhoneNumberFromString(text, country);
  if (parsed?.isValid() === true) return parsed;
  const prefix = DIAL_OUT.exec(text);
  if (prefix === null) return undefined;
  // Only tried when the text is not valid as a national number, so a national number that
  // happens to start with 00 or 011 keeps its meaning.
  const retry = parsePhoneNumberFromString(`+${text.slice(prefix[0].length)}`, country);
  return retry?.isValid() === true ? retry : undefined;
}

/**
 * Normalises one number text in `country`, uncached: what the normaliser's `normalise`
 * computes on a miss, and what the phone worker threads run. Digits of any script, full-width
 * forms and other plus signs are read as ASCII first (asciiPhoneText); digits with a `.0`
 * fraction (a number that went through a float) are the whole number, other fractions a
 * reason of their own; a text that is not
 * valid as written and has letters is tried again as a vanity number (vanityNumberText).
 */
export function parsePhoneText(written: string, country: CountryCode): PhoneResult {
  let text = asciiPhoneText(written);
  if (SCIENTIFIC.test(text)) {
    return Object.freeze({
      ok: false,
      problem: 'in scientific notation, so its last digits are lost (format the column as text and enter the number again)',
    });
  }
  const whole = WHOLE_FLOAT.exec(text);
  if (whole !== null) text = whole[1]!;
  else if (FRACTION.test(text)) {
    return Object.freeze({
      ok: false,
      problem: 'a decimal number, not a phone number (format the column as text and enter the number again)',
    });
  }
  let parsed = validNumber(text, country);
  if (parsed === undefined) {
    // Letters are tried as keypad digits only when the text is not valid as it is, so a
    // number followed by a label (`202-555-0143 (cell)`) keeps the meaning it always had.
    const vanity = vanityNumberText(text);
    if (vanity !== undefined) parsed = validNumber(vanity, country);
  }
  if (parsed === undefined) {
    const international = /^\s*'?\s*(?:tel:)?\s*\(?\s*\+/i.test(text);
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
