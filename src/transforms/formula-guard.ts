/**
 * Formula injection ("CSV injection", OWASP): a spreadsheet treats a cell that starts with `=`,
 * `+`, `-` or `@` (and, in some programs, a tab or carriage return before one) as a formula, so an
 * exported contact named `=HYPERLINK("http://evil", "click")` would run when someone opens the
 * export. Prefixing a single quote makes every spreadsheet show the text as it is.
 *
 * A text that already starts with quotes followed by one of those characters gets one more quote,
 * so that {@link unguardFormula} can always take exactly one off: `'=x` exports as `''=x` and
 * imports back as `'=x`. Without that, export → edit → import would turn `'=x` into `=x`.
 */
const GUARDED = /^'*[=+\-@\t\r]/;

/** A plain E.164 number: `+` then 7 to 15 digits. Anything else in a phone column is guarded. */
const E164 = /^\+\d{7,15}$/;

/** The text, neutralised with a leading `'` when a spreadsheet would take it for a formula. */
export function guardFormula(text: string): string {
  return GUARDED.test(text) ? `'${text}` : text;
}

/**
 * The inverse of {@link guardFormula}, for imports: a text that is quotes followed by `=`, `+`,
 * `-`, `@`, tab or CR loses one quote; any other text is left as it is.
 */
export function unguardFormula(text: string): string {
  return text.startsWith("'") && GUARDED.test(text.slice(1)) ? text.slice(1) : text;
}

/**
 * A phone column's text: a plain E.164 number (`+14155550123`) as it is, since its `+` is what
 * makes it E.164 and a quote would break it for whoever reads the file; anything else is guarded
 * like text (defence in depth: a phone column can hold whatever the API returned).
 */
export function guardPhoneFormula(text: string): string {
  return E164.test(text) ? text : guardFormula(text);
}

/** Numbers written with phone punctuation, one or several separated by spaces (`_phones`). */
const PHONE_LIKE = /^[+-]?[\d().\-/]*(?: +[+-]?[\d().\-/]*)*$/;

/**
 * A cell of results.csv or rejects.csv, whatever column it is in (the input's, `_line`, `_id`,
 * `_reason`, the header): guarded like text, except numbers written with phone punctuation
 * (`+1 (212) 736-4410`, `-5`, `+12127364410 +13128461000`), where no function or link can hide
 * and quoting every international number would make the files harder to read than the risk is
 * worth.
 */
export function guardOutcomeCell(text: string): string {
  return PHONE_LIKE.test(text) ? text : guardFormula(text);
}
