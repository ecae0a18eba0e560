// Several values in one cell, as people type them: `(212) 400-0141, (212) 400-0142`,
// `415-555-0126 / 415-555-0127`, `a@x.com; b@y.com`, `Ann Lee <ann@x.com>`. These splits are
// tried only once a cell (or a `;`-part of a phone cell) is not valid as written, and are taken
// only when every part is valid: a number whose own punctuation is a separator (`030/901820`,
// the dialling pause in `555-0100,,123`) keeps its meaning.

// Between numbers: `,` `/` ` or ` ` and ` and Google Contacts' ` ::: `; `;`, `|` and line
// breaks are split before (splitPhoneCell), as they have always been.
const NUMBER_SEPARATORS = /\s+(?:or|and)\s+|\s*(?:[,/]|:::)\s*/i;

/** The separators always split on: `;`, `|` and line breaks. */
const FIRM_SEPARATORS = /\s*[;|\r\n]+\s*/;

/**
 * The values of a cell that names several things the account knows (queues, teams, skills): the
 * whole cell when `known` knows it as written; else its parts between `;`, `|` and line breaks,
 * each of which, when not known itself, is split further on `,` `/` "or" "and" when a piece is
 * known. So a queue called "Sales, EU" or "Billing and Returns" stays one name, "Sales, Support"
 * is two, and in "Sales, Suport" the unknown piece is the one named as unknown. Parts trimmed,
 * blanks left out.
 */
export function knownValues(cell: string, known: (text: string) => boolean): string[] {
  const trimmed = cell.trim();
  if (trimmed === '') return [];
  if (known(trimmed)) return [trimmed];
  const values: string[] = [];
  for (const part of trimmed.split(FIRM_SEPARATORS)) {
    if (part === '') continue;
    const pieces = known(part) ? [] : numberParts(part).map((piece) => piece.trim()).filter((piece) => piece !== '');
    values.push(...(pieces.length > 1 && pieces.some(known) ? pieces : [part]));
  }
  return values;
}

// Between addresses: the number separators and any white space, which no address holds.
const ADDRESS_SEPARATORS = /\s+(?:or|and)\s+|\s*(?:[;,|/]|:::)\s*|\s+/i;

// `Ann Lee <ann@x.com>`, `"Lee, Ann" <ann@x.com>`: a name (no `@`, `<` or `>`) and an address in
// angle brackets. Sticky, so that consecutive matches must cover the cell.
const NAMED_ADDRESS = /[^<>@]*<([^<>]*)>/y;
const ONLY_SEPARATORS = /^[\s;,|/]*$/;

const DIGIT = /\d/;

/** What a cell that is not one valid value but looks like several says, after its reason. */
export const NUMBERS_HINT =
  'several numbers in one cell are read when each is a valid number and they are separated by ; , / | "or" "and" or line breaks';

/** The same for e-mail addresses. */
export const ADDRESSES_HINT =
  'several addresses in one cell are read when each is valid and they are separated by ; , | spaces "or" "and" or line breaks, or written as Name <address>';

/**
 * The parts of a phone text that is not one valid number, split on the looser separators
 * (`,` `/` `or` `and` `:::`); empty when the text has none of them. The caller takes them only
 * when every part is a valid number.
 */
export function numberParts(text: string): string[] {
  if (!NUMBER_SEPARATORS.test(text)) return [];
  return text.split(NUMBER_SEPARATORS).filter((part) => part !== '');
}

/**
 * Whether a phone text that is not a valid number looks like several: two parts with digits
 * between the separators that work, or more digits than any one number has (15).
 */
export function looksLikeSeveralNumbers(text: string, parts: readonly string[]): boolean {
  if (parts.filter((part) => DIGIT.test(part)).length >= 2) return true;
  let digits = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c >= 48 && c <= 57) digits++;
  }
  return digits > 15;
}

/**
 * The address texts of an e-mail cell that is not one valid address: the angle-bracketed
 * addresses of `Name <address>` forms when the cell is made of those alone, else the parts
 * between separators. The caller takes them only when every one is valid.
 */
export function addressParts(text: string): string[] {
  if (text.includes('<')) {
    const addresses: string[] = [];
    NAMED_ADDRESS.lastIndex = 0;
    let end = 0;
    for (let m = NAMED_ADDRESS.exec(text); m !== null; m = NAMED_ADDRESS.exec(text)) {
      addresses.push((m[1] ?? '').trim());
      end = NAMED_ADDRESS.lastIndex;
    }
    if (addresses.length > 0 && ONLY_SEPARATORS.test(text.slice(end))) return addresses;
  }
  return text.split(ADDRESS_SEPARATORS).filter((part) => part !== '');
}

/** Whether an e-mail text that is not a valid address looks like several: two parts with an `@`. */
export function looksLikeSeveralAddresses(parts: readonly string[]): boolean {
  return parts.filter((part) => part.includes('@')).length >= 2;
}
