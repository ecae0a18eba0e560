import { reason, type Reason } from '../reason.js';
import type { AddressBookContactUpdate } from '../zoom/client.js';

/** A phone as the update endpoint takes it. */
type Phone = NonNullable<AddressBookContactUpdate['phones']>[number];

/** The lists an upsert merges: the contact's numbers and e-mails, as stored or as the row gives them. */
export interface ContactLists {
  readonly phones?: readonly { readonly phone_number?: string | undefined; readonly phone_type?: string | undefined }[] | undefined;
  readonly emails?: readonly string[] | undefined;
}

/** The merged lists, as the update endpoint takes them. */
interface MergedLists {
  phones?: Phone[];
  emails?: string[];
}

/** Zoom's limits on an address book contact's lists. */
const MAX_PHONES = 5;
const MAX_EMAILS = 4;

/**
 * The lists an upsert sends for a contact found in the book: the contact's own numbers and
 * e-mails, with their types, then those of the file's that it does not have yet — so a contact
 * with a main and a mobile number, upserted from a file that gives only the main one, keeps its
 * mobile; a new number the row calls main joins as `other` when the contact has a main one.
 * Refused, with the reason, when the merge would pass Zoom's limits (5 numbers, 4 e-mails):
 * which to drop is the person's call (`--replace-lists` sends the file's lists as they are).
 */
export function mergeContactLists(stored: ContactLists, file: ContactLists): { ok: true; lists: MergedLists } | { ok: false; reasons: Reason[] } {
  const asPhone = (p: { readonly phone_number?: string | undefined; readonly phone_type?: string | undefined }): Phone[] =>
    p.phone_number === undefined ? [] : [{ phone_number: p.phone_number, ...(p.phone_type === undefined ? {} : { phone_type: p.phone_type as Phone['phone_type'] }) }];
  const phones: Phone[] = (stored.phones ?? []).flatMap(asPhone);
  const numbers = new Set(phones.map((p) => p.phone_number));
  const reasons: Reason[] = [];
  for (const p of (file.phones ?? []).flatMap(asPhone)) {
    if (numbers.has(p.phone_number)) continue;
    // A contact has one main number. The row's first number is called main whether or not the
    // file said so (a plain `Phone` column), so a new one joins as `other` and the contact's main
    // stays main: changing which number is main is a replacement (`--replace-lists`).
    const hasMain = p.phone_type === 'main' && phones.some((q) => q.phone_type === 'main');
    phones.push(hasMain ? { ...p, phone_type: 'other' } : p);
    numbers.add(p.phone_number);
  }
  const emails = [...(stored.emails ?? [])];
  const known = new Set(emails.map((e) => e.toLowerCase()));
  for (const e of file.emails ?? []) if (!known.has(e.toLowerCase())) (emails.push(e), known.add(e.toLowerCase()));
  if (phones.length > MAX_PHONES) {
    reasons.push(reason(`phones: the contact would have ${phones.length} numbers, more than ${MAX_PHONES}: remove some, or use --replace-lists`, phones.map((p) => p.phone_number).join(' ')));
  }
  if (emails.length > MAX_EMAILS) {
    reasons.push(reason(`emails: the contact would have ${emails.length} e-mail addresses, more than ${MAX_EMAILS}: remove some, or use --replace-lists`, emails.join(' ')));
  }
  if (reasons.length > 0) return { ok: false, reasons };
  return { ok: true, lists: { ...(phones.length > 0 ? { phones } : {}), ...(emails.length > 0 ? { emails } : {}) } };
}
