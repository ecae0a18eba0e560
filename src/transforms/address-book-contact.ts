import { reason, type Reason } from '../reason.js';
import { z } from 'zod';
import type { AddressBookContactInput, AddressBookContactUpdate } from '../zoom/client.js';
import { ADDRESS_BOOK_LIMITS, E164_PATTERN } from '../zoom/generated/limits.js';
import type { ContactDraft, DraftClears } from './contact-draft.js';
import type { FieldUpdate } from './sync-diff.js';
import { CUSTOM_PREFIX } from './canonical-fields.js';
import { isEmailAddress } from './email.js';
import { normaliseTimezone } from './timezone.js';
import { fitsAddressBookCreate } from './address-book-fits.js';

/** The address book contact limits, generated from the spec by scripts/gen-operations.mjs. */
export { ADDRESS_BOOK_LIMITS };

const L = ADDRESS_BOOK_LIMITS;

// Messages worded for a person reading a rejects file: what is wrong and by how much.
const text = (max: number) =>
  z.string().max(max, { error: (iss) => `longer than ${max} characters (${String(iss.input).length})` });
const list = <T extends z.ZodType>(item: T, max: number, noun: string) =>
  z.array(item).max(max, {
    error: (iss) => `at most ${max} ${noun}, got ${Array.isArray(iss.input) ? iss.input.length : '?'}`,
  });

const phoneSchema = z.object({
  phone_number: z.string().regex(E164_PATTERN, { error: (iss) => `not in E.164 format: '${String(iss.input)}'` }),
  phone_type: z.enum(['main', 'work', 'home', 'mobile', 'other']).optional(),
});

const customFieldSchema = z.object({
  custom_field_id: z.string().min(1).max(L.customField.id),
  custom_field_value: text(L.customField.value).optional(),
});

const shared = {
  first_name: text(L.maxLength.first_name).optional(),
  last_name: text(L.maxLength.last_name).optional(),
  phones: list(phoneSchema, L.maxItems.phones, 'phone numbers')
    .refine((phones) => phones.filter((p) => p.phone_type === 'main').length <= 1, {
      error: 'only one number may be main',
    })
    .optional(),
  emails: list(
    z.string().refine(isEmailAddress, { error: (iss) => `invalid format: '${String(iss.input)}'` }),
    L.maxItems.emails,
    'addresses',
  ).optional(),
  location: text(L.maxLength.location).optional(),
  timezone: text(L.maxLength.timezone)
    // Empty only as an update's clear (`--blanks clear`).
    .refine((tz) => tz === '' || normaliseTimezone(tz) === tz, { error: (iss) => `not an IANA time zone name: '${String(iss.input)}'` })
    .optional(),
  account_number: text(L.maxLength.account_number).optional(),
  company: text(L.maxLength.company).optional(),
  role: text(L.maxLength.role).optional(),
  custom_fields: z.array(customFieldSchema).optional(),
  source_id: z.string().optional(),
  source_name: z.string().optional(),
};

const displayName = z
  .string()
  .min(L.minLength.display_name, { error: 'missing: give a name, or a first or last name' })
  .max(L.maxLength.display_name, {
    error: (iss) => `longer than ${L.maxLength.display_name} characters (${String(iss.input).length})`,
  });

/** The batch create item schema, with the spec's limits and Zoom's need for a phone or an e-mail. */
export const addressBookCreateSchema = z
  .object({ display_name: displayName, ...shared })
  .refine((c) => (c.phones?.length ?? 0) > 0 || (c.emails?.length ?? 0) > 0, {
    error: 'a contact needs a phone number or an e-mail address',
    path: ['phones'],
  });

/** The batch update item schema: a contact id, and only the fields being changed. */
export const addressBookUpdateSchema = z.object({
  contact_id: z.string().min(1, { error: 'missing: an update needs the contact id' }),
  display_name: displayName.optional(),
  ...shared,
});

// The schemas must describe the generated API types, or a valid contact could fail to compile.
type Assignable<A, B> = A extends B ? true : never;
const createMatchesApi: Assignable<z.infer<typeof addressBookCreateSchema>, AddressBookContactInput> = true;
const updateMatchesApi: Assignable<z.infer<typeof addressBookUpdateSchema>, AddressBookContactUpdate> = true;
void createMatchesApi;
void updateMatchesApi;

/** A converted contact with notes on what the address book cannot hold, or every reason it failed. */
export type AddressBookResult<C> =
  | {
      readonly ok: true;
      readonly contact: C;
      /** What was left out but not wrong, e.g. extensions, for a results file. */
      readonly notes: readonly string[];
    }
  | { readonly ok: false; readonly reasons: readonly Reason[] };

/** The fields create and update share, from the draft, with the reasons found on the way. */
function commonFields(draft: ContactDraft, customIds: ReadonlyMap<string, string>, reasons: Reason[], notes: string[]) {
  const fields: Omit<AddressBookContactInput, 'display_name'> = {};
  if (draft.first_name !== undefined) fields.first_name = draft.first_name;
  if (draft.last_name !== undefined) fields.last_name = draft.last_name;
  if (draft.phones.length > 0) {
    fields.phones = draft.phones.map((p) => ({ phone_number: p.number, phone_type: p.type }));
    for (const p of draft.phones) {
      if (p.extension !== undefined) {
        notes.push(`phone: extension ${p.extension} of ${p.number} left out: address book contacts have no extensions`);
      }
    }
  }
  if (draft.emails.length > 0) fields.emails = [...draft.emails];
  if (draft.location !== undefined) fields.location = draft.location;
  if (draft.timezone !== undefined) fields.timezone = draft.timezone;
  if (draft.account_number !== undefined) fields.account_number = draft.account_number;
  if (draft.company !== undefined) fields.company = draft.company;
  if (draft.role !== undefined) fields.role = draft.role;
  if (draft.source_id !== undefined) fields.source_id = draft.source_id;
  if (draft.source_name !== undefined) fields.source_name = draft.source_name;
  if (draft.custom.length > 0) {
    fields.custom_fields = [];
    for (const { name, value } of draft.custom) {
      const id = customIds.get(name);
      // The caller resolves plan.custom before the run and stops on unknown names; this is the
      // backstop for a draft built some other way.
      if (id === undefined) reasons.push(reason(`${CUSTOM_PREFIX}${name}: no custom field of that name`));
      else fields.custom_fields.push({ custom_field_id: id, custom_field_value: value });
    }
  }
  return fields;
}

/** The reasons of a failed parse, named by field (`custom:<name>` for custom field values). */
function issueReasons(error: z.ZodError, contact: { custom_fields?: { custom_field_id: string }[] }, names: ReadonlyMap<string, string>): Reason[] {
  return error.issues.map((issue) => {
    const [head, index] = issue.path;
    let field = String(head ?? 'contact');
    if (head === 'custom_fields' && typeof index === 'number') {
      const id = contact.custom_fields?.[index]?.custom_field_id;
      field = `${CUSTOM_PREFIX}${(id !== undefined ? names.get(id) : undefined) ?? id ?? index}`;
    }
    return reason(`${field}: ${issue.message}`);
  });
}

function namesById(customIds: ReadonlyMap<string, string>): Map<string, string> {
  return new Map([...customIds].map(([name, id]) => [id, name]));
}

/**
 * Shapes a draft into a batch create item, checked against the spec's limits and Zoom's rule
 * that a contact has a phone or an e-mail. `customIds` maps custom field names (as
 * `plan.custom` lists them) to their ids.
 */
export function toAddressBookCreate(
  draft: ContactDraft,
  customIds: ReadonlyMap<string, string>,
): AddressBookResult<AddressBookContactInput> {
  const reasons: Reason[] = [];
  const notes: string[] = [];
  const contact: AddressBookContactInput = {
    display_name: draft.display_name ?? '',
    ...commonFields(draft, customIds, reasons, notes),
  };
  // The schema only for a contact the direct check refuses: its issues name what is wrong.
  if (!fitsAddressBookCreate(contact)) {
    const parsed = addressBookCreateSchema.safeParse(contact);
    if (!parsed.success) reasons.push(...issueReasons(parsed.error, contact, namesById(customIds)));
  }
  return reasons.length > 0 ? { ok: false, reasons } : { ok: true, contact, notes };
}

/**
 * Puts a row's clears (`--blanks clear`) into an update item: each cleared text field and
 * custom value sent empty; numbers and e-mails, which an update replaces whole, sent as empty
 * lists when the row gives none (the row's own list already leaves out the kinds it clears).
 */
export function applyClears(contact: AddressBookContactUpdate, clears: DraftClears, customIds: ReadonlyMap<string, string>): void {
  for (const field of clears.fields) contact[field] = '';
  if (clears.phoneTypes.length > 0 && contact.phones === undefined) contact.phones = [];
  if (clears.emails) contact.emails = [];
  for (const name of clears.custom) {
    const id = customIds.get(name);
    if (id !== undefined) (contact.custom_fields ??= []).push({ custom_field_id: id, custom_field_value: '' });
  }
}

/**
 * Shapes a draft into a batch update item. Only the fields the row gives are sent, so an
 * empty cell leaves the contact's value as it is, unless the draft lists it cleared
 * (`--blanks clear`); the row must give `contact_id`.
 */
export function toAddressBookUpdate(
  draft: ContactDraft,
  customIds: ReadonlyMap<string, string>,
): AddressBookResult<AddressBookContactUpdate> {
  const reasons: Reason[] = [];
  const notes: string[] = [];
  const contact: AddressBookContactUpdate = {
    contact_id: draft.contact_id ?? '',
    ...(draft.display_name === undefined ? {} : { display_name: draft.display_name }),
    ...commonFields(draft, customIds, reasons, notes),
  };
  if (draft.cleared !== undefined) applyClears(contact, draft.cleared, customIds);
  const parsed = addressBookUpdateSchema.safeParse(contact);
  if (!parsed.success) reasons.push(...issueReasons(parsed.error, contact, namesById(customIds)));
  return reasons.length > 0 ? { ok: false, reasons } : { ok: true, contact, notes };
}

/** The update request item for the fields that change, and nothing else. */
export function bookUpdateOf(contactId: string, update: FieldUpdate): AddressBookContactUpdate {
  return {
    contact_id: contactId,
    ...update.scalars,
    ...(update.phones === undefined ? {} : { phones: update.phones.map((p) => ({ phone_number: p.number, phone_type: p.type })) }),
    ...(update.emails === undefined ? {} : { emails: [...update.emails] }),
  };
}
