// The shape ajv-formats' fast "email" format accepts, which is what the API checks against:
// something@label.label with DNS-style labels. Anything it accepts, Zoom accepts.
const EMAIL = /^[a-z0-9.!#$%&'*+/=?^_`{|}~-]+@[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)*$/i;

const MAILTO = /^mailto:/i;
// What lowercasing a domain can change: an ASCII capital, or any character beyond ASCII.
const NOT_LOWER = /[A-Z\u0080-\uffff]/;

/** The outcome of normalising one e-mail cell. */
export type EmailResult = ValidEmail | { readonly ok: false; readonly problem: string };

/** An address the API takes, normalised. */
export interface ValidEmail {
  readonly ok: true;
  readonly email: string;
}

/**
 * Normalises one e-mail address: trimmed, a `mailto:` prefix dropped, the domain lowercased.
 * The local part keeps its case, because a mail server may treat `Bob` and `bob` as two
 * mailboxes even though few do.
 */
export function normaliseEmail(text: string): EmailResult {
  let email = text.trim();
  if (MAILTO.test(email)) email = email.slice(7).trim();
  const at = email.lastIndexOf('@');
  // Copied only when the domain has a capital (or a letter beyond ASCII) to lower.
  if (at > 0 && NOT_LOWER.test(email.slice(at + 1))) email = email.slice(0, at + 1) + email.slice(at + 1).toLowerCase();
  return EMAIL.test(email) ? { ok: true, email } : { ok: false, problem: 'invalid format' };
}

/** Whether a text is an e-mail address the API takes, exactly as it is (no trimming). */
export function isEmailAddress(text: string): boolean {
  return EMAIL.test(text);
}
