// Vanity numbers (`1-800-FLOWERS`, `1-888-GO-FEDEX`): letters read on the telephone keypad, as
// Google's libphonenumber reads them. libphonenumber-js does not: it drops the letters (its
// viable-number pattern leaves out Google's VALID_ALPHA), so `1-800-FLOWERS` is `1800`.
//
// Google's parse, in the order it runs (PhoneNumberUtil.parseHelper):
// 1. extractPossibleNumber: drop everything before the first `+` or digit, and trailing
//    characters that are neither letter, digit nor `#`.
// 2. isViablePhoneNumber: the rest must be VALID_PHONE_NUMBER (plus signs, then three or more
//    digits among punctuation, then only punctuation, digits and letters), with an extension.
// 3. maybeStripExtension: an extension at the end is taken off when what is left is viable.
// 4. normalize: when the number matches VALID_ALPHA_PHONE_PATTERN (three or more letters),
//    each letter becomes its keypad digit (ALPHA_PHONE_MAPPINGS); otherwise letters are dropped.
// The patterns below are Google's, over the ASCII text asciiPhoneText leaves.

// VALID_PUNCTUATION (ASCII part) and STAR_SIGN; `x` is punctuation to Google too.
const PUNCTUATION = String.raw`\-x ().\[\]/~*`;

// VALID_PHONE_NUMBER's second branch (the first, two bare digits, holds no letters).
const VIABLE = new RegExp(String.raw`^\+*(?:[${PUNCTUATION}]*\d){3,}[${PUNCTUATION}a-z\d]*$`, 'i');

// VALID_ALPHA_PHONE_PATTERN: three letters anywhere.
const THREE_LETTERS = /(?:.*?[a-z]){3}/i;

// EXTN_PATTERNS_FOR_PARSING, anchored at the end as maybeStripExtension anchors it: `;ext=12`,
// `ext. 12`, `extension 12`, `anexo 12`, `доб 12`, `x12`, `#12`, `int 12`, `- 12#`, `,,12`.
const SEPARATOR = String.raw`[ \u00a0\t,]*`;
const AFTER_LABEL = String.raw`[:.]?[ \u00a0\t,\-]*`;
const EXTENSION = new RegExp(
  `(?:${[
    String.raw`;ext=\d{1,20}`,
    String.raw`${SEPARATOR}(?:e?xt(?:ensi(?:o\u0301?|\u00f3))?n?|\u0434\u043e\u0431|anexo)${AFTER_LABEL}\d{1,20}#?`,
    String.raw`${SEPARATOR}(?:[x#~]|int)${AFTER_LABEL}\d{1,9}#?`,
    String.raw`[\- ]+\d{1,6}#`,
    String.raw`[ \u00a0\t]*(?:,{2}|;)${AFTER_LABEL}\d{1,15}#?`,
    String.raw`[ \u00a0\t]*,+${AFTER_LABEL}\d{1,9}#?`,
  ].join('|')})$`,
  'i',
);

const NUMBER_START = /[+\d]/;
const UNWANTED_END = /[^\p{N}\p{L}#]+$/u;
const LETTER = /[a-z]/gi;

/** The telephone keypad: ABC 2, DEF 3, GHI 4, JKL 5, MNO 6, PQRS 7, TUV 8, WXYZ 9. */
const KEYPAD: Readonly<Record<string, string>> = Object.fromEntries(
  ['abc', 'def', 'ghi', 'jkl', 'mno', 'pqrs', 'tuv', 'wxyz'].flatMap((letters, i) =>
    [...letters].flatMap((letter) => [
      [letter, String(i + 2)],
      [letter.toUpperCase(), String(i + 2)],
    ]),
  ),
);

/**
 * The text of a vanity number with its letters as keypad digits (`1-800-FLOWERS` →
 * `1-800-3569377`, `1-800-FLOWERS x12` → `1-800-3569377 x12`), when Google's libphonenumber
 * would read it so: three or more letters after at least three digits, in a number made only
 * of digits, letters and phone punctuation. `undefined` for anything else (`CALL ME`, `N/A`,
 * `Room 101`). Expects ASCII text (see asciiPhoneText).
 */
export function vanityNumberText(text: string): string | undefined {
  const start = text.search(NUMBER_START);
  if (start < 0) return undefined;
  const possible = text.slice(start).replace(UNWANTED_END, '');
  const extension = EXTENSION.exec(possible);
  let number = possible;
  let rest = '';
  if (extension !== null && VIABLE.test(possible.slice(0, extension.index))) {
    number = possible.slice(0, extension.index);
    rest = extension[0];
  }
  if (!THREE_LETTERS.test(number) || !VIABLE.test(number)) return undefined;
  // What came before the number (`tel:`, `Call `) is kept for libphonenumber to read or skip.
  return text.slice(0, start) + number.replace(LETTER, (letter) => KEYPAD[letter]!) + rest;
}
