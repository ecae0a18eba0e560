// The characters of a phone number text brought to ASCII before it is parsed. libphonenumber-js
// reads ASCII, full-width, Arabic-Indic and Persian digits, but no other script's digits
// (Devanagari `०२२`, Bengali `০`, Thai `๐`), and not the full-width plus `＋`. Google's
// libphonenumber reads every Unicode decimal digit (Java's `Character.digit`) and `＋`.

// Anything outside ASCII. Most numbers are plain ASCII, and for them this one test is all the
// work done here.
const NOT_ASCII = /[^\x00-\x7f]/;

// Each character outside ASCII, one at a time (astral digits such as U+1D7CE are two UTF-16 units).
const NON_ASCII_CHARACTER = /[^\x00-\x7f]/gu;

const DECIMAL_DIGIT = /^\p{Nd}$/u;
const SPACE = /^\p{Zs}$/u;
// Dashes (`‐ – — ―`, the full-width `－`, the wave dash `〜`), the minus sign `−`, and the
// katakana prolonged sound mark `ー`, which Japanese numbers are often typed with.
const DASH = /^[\p{Pd}\u2212\u30fc]$/u;
// Invisible format characters: zero-width spaces and joiners, soft hyphens, the
// left-to-right and right-to-left marks and embeddings right-to-left exports wrap numbers in,
// and the byte-order mark. Nobody reading the cell sees them.
const INVISIBLE = /^\p{Cf}$/u;
// Plus signs other than `+` and the full-width `＋` (U+FF0B, folded with the block below):
// small `﹢`, superscript `⁺`, subscript `₊`, heavy `➕`.
const PLUS_SIGNS = new Set(['\ufe62', '\u207a', '\u208a', '\u2795']);

/**
 * What each character outside ASCII became, so each is worked out once per thread. Bounded: a
 * file of numbers uses a few dozen such characters, a column of prose could use thousands.
 */
const folded = new Map<string, string>();
const FOLDED_MAX = 4096;

/**
 * The value of a Unicode decimal digit. Unicode assigns decimal digits only in runs of ten
 * consecutive code points, 0 to 9 in order (the mathematical digits U+1D7CE–U+1D7FF are five
 * such runs back to back), so the value is the distance from the start of the run, modulo 10.
 */
function digitValue(codePoint: number): number {
  let start = codePoint;
  while (DECIMAL_DIGIT.test(String.fromCodePoint(start - 1))) start--;
  return (codePoint - start) % 10;
}

function fold(character: string): string {
  let ascii = folded.get(character);
  if (ascii !== undefined) return ascii;
  const codePoint = character.codePointAt(0)!;
  if (codePoint >= 0xff01 && codePoint <= 0xff5e) {
    // Full-width forms of ASCII `!` to `~`: digits, letters, `＋ （ ） － ． ／ ＃ ～`.
    ascii = String.fromCharCode(codePoint - 0xfee0);
  } else if (DECIMAL_DIGIT.test(character)) {
    ascii = String(digitValue(codePoint));
  } else if (SPACE.test(character)) {
    ascii = ' ';
  } else if (DASH.test(character)) {
    ascii = '-';
  } else if (PLUS_SIGNS.has(character)) {
    ascii = '+';
  } else if (INVISIBLE.test(character)) {
    ascii = '';
  } else {
    // Letters of other scripts (`доб.`, an extension label libphonenumber knows) and anything
    // else: left for the parser to read or refuse.
    ascii = character;
  }
  if (folded.size < FOLDED_MAX) folded.set(character, ascii);
  return ascii;
}

/**
 * A phone number text with every Unicode decimal digit as its ASCII digit, full-width forms
 * (`＋８１　３－１２３４`) as ASCII, every space as a space, every dash as `-`, every plus sign
 * as `+`, and invisible format characters removed. Plain ASCII text is returned as it is.
 */
export function asciiPhoneText(text: string): string {
  if (!NOT_ASCII.test(text)) return text;
  return text.replace(NON_ASCII_CHARACTER, fold);
}
