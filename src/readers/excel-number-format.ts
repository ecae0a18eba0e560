/**
 * Whether an Excel number format shows a date or time: any of `y m d h s` outside quoted text and
 * `[...]` parts. The same rule exceljs applies when it turns a plain cell into a `Date`, so formula
 * results (which exceljs leaves as numbers) are read the same way as plain cells.
 */
export function isDateFormat(code: string | undefined): boolean {
  if (code === undefined) return false;
  return /[ymdhMsb]/.test(code.replace(/\[[^\]]*]/g, '').replace(/"[^"]*"/g, ''));
}

/** Days from Excel's day 0 to 1970-01-01 (1900 system; the 1904 system is 1462 days later). */
const UNIX_EPOCH_SERIAL = 25569;
const DAY_MS = 86_400_000;

/** An Excel date serial as a UTC `Date`, as exceljs does (Excel dates have no time zone). */
export function excelSerialToDate(serial: number, date1904: boolean): Date {
  return new Date(Math.round((serial - UNIX_EPOCH_SERIAL + (date1904 ? 1462 : 0)) * DAY_MS));
}

/**
 * A date as ISO-8601 text without a zone (Excel's dates have none): `2024-01-05` at midnight,
 * else `2024-01-05T09:30:00`, to the nearest second so float noise never shows as `.999`.
 */
export function isoDateText(date: Date): string {
  if (Number.isNaN(date.getTime())) return '';
  const rounded = new Date(Math.round(date.getTime() / 1000) * 1000);
  const iso = rounded.toISOString();
  return iso.endsWith('T00:00:00.000Z') ? iso.slice(0, 10) : iso.slice(0, 19);
}

/**
 * A number as Excel's General format writes it: full digits, never `4.4207946E+11` or `…456.0`.
 * Non-integers keep 15 significant digits, Excel's own precision, so `0.1+0.2` stays `0.3`.
 */
export function plainNumberText(value: number): string {
  if (!Number.isFinite(value)) return '';
  if (Number.isInteger(value)) return Math.abs(value) < 1e21 ? String(value) : BigInt(value).toString();
  return String(Number(value.toPrecision(15)));
}

type Token = { readonly digit: '0' | '#' | '?' } | { readonly literal: string };

/** Characters Excel shows as themselves in a format without quoting them. */
const BARE_LITERALS = new Set([...'$-+/():!^&\'~{}<>= ']);

/** A section's `[>=100]`-style condition, if it has one. */
interface Section {
  readonly tokens: readonly Token[];
  readonly condition?: (value: number) => boolean;
}

/** Splits a format code into sections on `;` outside quotes, brackets and escapes. */
function splitSections(code: string): string[] {
  const sections: string[] = [];
  let current = '';
  for (let i = 0; i < code.length; i++) {
    const c = code[i] ?? '';
    if (c === '"') {
      const close = code.indexOf('"', i + 1);
      const end = close === -1 ? code.length : close + 1;
      current += code.slice(i, end);
      i = end - 1;
    } else if (c === '[') {
      const close = code.indexOf(']', i + 1);
      const end = close === -1 ? code.length : close + 1;
      current += code.slice(i, end);
      i = end - 1;
    } else if (c === '\\') {
      current += code.slice(i, i + 2);
      i++;
    } else if (c === ';') {
      sections.push(current);
      current = '';
    } else {
      current += c;
    }
  }
  sections.push(current);
  return sections;
}

const COMPARE: Record<string, (a: number, b: number) => boolean> = {
  '<': (a, b) => a < b,
  '<=': (a, b) => a <= b,
  '>': (a, b) => a > b,
  '>=': (a, b) => a >= b,
  '=': (a, b) => a === b,
  '<>': (a, b) => a !== b,
};

/** Parses one section into digit placeholders and literals; undefined if it uses anything else. */
function parseSection(text: string): Section | undefined {
  const tokens: Token[] = [];
  let condition: Section['condition'];
  for (let i = 0; i < text.length; i++) {
    const c = text[i] ?? '';
    if (c === '0' || c === '#' || c === '?') tokens.push({ digit: c });
    else if (c === '"') {
      const close = text.indexOf('"', i + 1);
      if (close === -1) return undefined;
      tokens.push({ literal: text.slice(i + 1, close) });
      i = close;
    } else if (c === '\\') {
      tokens.push({ literal: text[i + 1] ?? '' });
      i++;
    } else if (c === '_') {
      tokens.push({ literal: ' ' }); // `_x` leaves the width of x: a space is the nearest text
      i++;
    } else if (c === '*') {
      i++; // `*x` fills the cell's width with x: nothing to write in text
    } else if (c === '[') {
      const close = text.indexOf(']', i + 1);
      if (close === -1) return undefined;
      const inside = text.slice(i + 1, close);
      const compare = /^(<=|>=|<>|<|>|=)\s*(-?\d+(?:\.\d+)?)$/.exec(inside);
      const currency = /^\$([^-]*)(?:-[0-9A-Fa-f]+)?$/.exec(inside);
      if (compare !== null) {
        const test = COMPARE[compare[1] ?? ''];
        const bound = Number(compare[2]);
        if (test === undefined) return undefined;
        condition = (value) => test(value, bound);
      } else if (currency !== null) {
        tokens.push({ literal: currency[1] ?? '' });
      } // else a colour such as [Red]: no text
      i = close;
    } else if (BARE_LITERALS.has(c)) tokens.push({ literal: c });
    else return undefined; // decimals, grouping, %, exponents, text (@): not a pattern we render
  }
  return condition === undefined ? { tokens } : { tokens, condition };
}

/** Fills digit placeholders right to left; the leftmost takes any digits left over. */
function renderInteger(digits: string, tokens: readonly Token[]): string {
  const slots = tokens.filter((t) => 'digit' in t).length;
  let remaining = digits === '0' ? '' : digits;
  let slot = 0;
  let out = '';
  // Walk right to left so the last placeholder gets the last digit.
  for (let i = tokens.length - 1; i >= 0; i--) {
    const token = tokens[i];
    if (token === undefined) continue;
    if ('literal' in token) {
      out = token.literal + out;
      continue;
    }
    slot++;
    if (slot === slots) {
      out = (remaining === '' ? (token.digit === '0' ? '0' : token.digit === '?' ? ' ' : '') : remaining) + out;
      remaining = '';
    } else if (remaining !== '') {
      out = remaining.slice(-1) + out;
      remaining = remaining.slice(0, -1);
    } else {
      out = (token.digit === '0' ? '0' : token.digit === '?' ? ' ' : '') + out;
    }
  }
  return out;
}

/**
 * A number cell's text under its Excel number format, for the formats that carry a phone
 * number's meaning: digit placeholders and literal text, as in `00000000000` (leading zeros),
 * `"+"0` (a plus sign) or `[<=9999999]###-####;(###) ###-####` (Excel's US phone format). Such a
 * format is applied only to integers; anything else (decimals, grouping, percentages, General,
 * `@`) is written as {@link plainNumberText}, the digits Excel's General format would show.
 */
export function formatNumberText(value: number, code: string | undefined): string {
  if (code === undefined || !Number.isInteger(value) || /^(general|@)$/i.test(code.trim())) {
    return plainNumberText(value);
  }
  const sections: Section[] = [];
  for (const text of splitSections(code)) {
    const section = parseSection(text);
    if (section === undefined) return plainNumberText(value);
    sections.push(section);
  }
  let chosen: Section | undefined;
  let signShown = false;
  if (sections.some((s) => s.condition !== undefined)) {
    chosen = sections.find((s) => s.condition === undefined || s.condition(value));
  } else if (value < 0 && sections.length >= 2) {
    chosen = sections[1];
    signShown = true; // the negative section writes its own sign, or brackets
  } else if (value === 0 && sections.length >= 3) {
    chosen = sections[2];
  } else {
    chosen = sections[0];
  }
  if (chosen === undefined || !chosen.tokens.some((t) => 'digit' in t)) return plainNumberText(value);
  const digits = plainNumberText(Math.abs(value));
  const text = renderInteger(digits, chosen.tokens);
  return value < 0 && !signShown ? `-${text}` : text;
}
