import { reason, type Reason } from '../reason.js';
import { z } from 'zod';
import type { CampaignContactInput, CampaignContactUpdate } from '../zoom/client.js';
import { CAMPAIGN_CONTACT_LIMITS, E164_PATTERN } from '../zoom/generated/limits.js';
import type { AddressBookResult } from './address-book-contact.js';
import { CUSTOM_PREFIX, type PhoneType } from './canonical-fields.js';
import type { ClearableField, ContactDraft, DraftClears } from './contact-draft.js';
import type { FieldUpdate } from './sync-diff.js';
import { isEmailAddress } from './email.js';
import { normaliseTimezone } from './timezone.js';

/** The campaign contact limits, generated from the spec by scripts/gen-operations.mjs. */
export { CAMPAIGN_CONTACT_LIMITS };

const L = CAMPAIGN_CONTACT_LIMITS;

/** A converted campaign contact with notes on what was left out, or every reason it failed. */
export type CampaignResult<C> = AddressBookResult<C>;

// Reasons name fields as the input does (the canonical names, `phones` and `emails` for the
// numbers and addresses of all columns together), not as the API does: a person fixing a
// rejects file knows `display_name`, and it reads the same as the address book's reasons.
const INPUT_NAMES: Readonly<Record<string, string>> = {
  contact_id: 'contact_id',
  contact_display_name: 'display_name',
  contact_first_name: 'first_name',
  contact_last_name: 'last_name',
  contact_phones: 'phones',
  contact_emails: 'emails',
  contact_location: 'location',
  contact_account_number: 'account_number',
  contact_company: 'company',
  contact_role: 'role',
  contact_timezone: 'timezone',
};

// "for a campaign contact", because the same draft may fit the address book's longer limits
// and a person comparing the two jobs would otherwise wonder why one refused it.
const tooLong = (max: number) => ({
  error: (iss: { input?: unknown }) => `longer than ${max} characters for a campaign contact (${String(iss.input).length})`,
});
const text = (max: number) => z.string().max(max, tooLong(max));
const list = <T extends z.ZodType>(item: T, max: number, noun: string) =>
  z.array(item).max(max, {
    error: (iss) => `at most ${max} ${noun} for a campaign contact, got ${Array.isArray(iss.input) ? iss.input.length : '?'}`,
  });

/** The API's phone types, by the draft's. */
const PHONE_TYPES = {
  main: 'Main',
  work: 'Work',
  home: 'Home',
  mobile: 'Mobile',
  other: 'Other',
} as const satisfies Record<PhoneType, string>;

const phoneSchema = z.object({
  contact_phone_number: z.string().regex(E164_PATTERN, { error: (iss) => `not in E.164 format: '${String(iss.input)}'` }),
  contact_phone_type: z.enum(['Main', 'Work', 'Home', 'Mobile', 'Other']),
});

const phones = list(phoneSchema, L.maxItems.contact_phones, 'phone numbers').refine(
  (ps) => ps.filter((p) => p.contact_phone_type === 'Main').length <= 1,
  { error: 'only one number may be main' },
);

const emails = (maxLength: number) =>
  list(
    z
      .string()
      .max(maxLength, tooLong(maxLength))
      .refine(isEmailAddress, { error: (iss) => `invalid format: '${String(iss.input)}'` }),
    L.maxItems.contact_emails,
    'addresses',
  ).refine((es) => new Set(es.map((e) => e.toLowerCase())).size === es.length, {
    // The spec's uniqueItems; drafts already drop repeats, so this guards drafts built by hand.
    error: 'the same address twice',
  });

const displayName = z
  .string()
  // The spec requires the property but sets no minLength; an empty name is still no name.
  .min(1, { error: 'missing: give a name, or a first or last name' })
  .max(L.maxLength.contact_display_name, tooLong(L.maxLength.contact_display_name));

const shared = {
  contact_first_name: text(L.maxLength.contact_first_name).optional(),
  contact_last_name: text(L.maxLength.contact_last_name).optional(),
  contact_location: text(L.maxLength.contact_location).optional(),
  contact_account_number: text(L.maxLength.contact_account_number).optional(),
  contact_company: text(L.maxLength.contact_company).optional(),
  contact_role: text(L.maxLength.contact_role).optional(),
  contact_timezone: text(L.maxLength.contact_timezone)
    // Empty only as an update's clear (`--blanks clear`).
    .refine((tz) => tz === '' || normaliseTimezone(tz) === tz, { error: (iss) => `not an IANA time zone name: '${String(iss.input)}'` })
    .optional(),
};

/** The batch insert item schema, with the spec's limits: a name and one to five phones, no custom fields. */
export const campaignInsertSchema = z.strictObject({
  contact_display_name: displayName,
  contact_phones: phones.refine((ps) => ps.length >= L.minPhonesOnInsert, {
    error: 'a campaign contact needs a phone number (an e-mail address alone is not enough)',
  }),
  contact_emails: emails(L.emailLength.insert).optional(),
  ...shared,
});

const customFieldSchema = z.object({
  custom_field_id: z.string().min(1).max(L.customField.id),
  custom_field_value: text(L.customField.value),
});

/** The batch update item schema: a contact id, and only the fields being changed. */
export const campaignUpdateSchema = z.strictObject({
  contact_id: z
    .string()
    .min(1, { error: 'missing: an update needs the contact id' })
    .max(L.contactId, tooLong(L.contactId)),
  contact_display_name: displayName.optional(),
  contact_phones: phones.optional(),
  contact_emails: emails(L.emailLength.update).optional(),
  ...shared,
  custom_fields: z.array(customFieldSchema).optional(),
});

// The schemas must describe the generated API types, or a valid contact could fail to compile.
type Assignable<A, B> = A extends B ? true : never;
const insertMatchesApi: Assignable<z.infer<typeof campaignInsertSchema>, CampaignContactInput> = true;
const updateMatchesApi: Assignable<z.infer<typeof campaignUpdateSchema>, CampaignContactUpdate> = true;
void insertMatchesApi;
void updateMatchesApi;

type Common = Omit<CampaignContactInput, 'contact_display_name' | 'contact_phones'>;

/** The fields insert and update share, from the draft, with notes on what campaign contacts cannot hold. */
function commonFields(draft: ContactDraft, notes: string[]): Common {
  const fields: Common = {};
  if (draft.first_name !== undefined) fields.contact_first_name = draft.first_name;
  if (draft.last_name !== undefined) fields.contact_last_name = draft.last_name;
  if (draft.emails.length > 0) fields.contact_emails = [...draft.emails];
  if (draft.location !== undefined) fields.contact_location = draft.location;
  if (draft.timezone !== undefined) fields.contact_timezone = draft.timezone;
  if (draft.account_number !== undefined) fields.contact_account_number = draft.account_number;
  if (draft.company !== undefined) fields.contact_company = draft.company;
  if (draft.role !== undefined) fields.contact_role = draft.role;
  for (const p of draft.phones) {
    if (p.extension !== undefined) {
      notes.push(`phone: extension ${p.extension} of ${p.number} left out: campaign contacts have no extensions`);
    }
  }
  if (draft.source_id !== undefined) notes.push('source_id: left out: campaign contacts have no source id');
  if (draft.source_name !== undefined) notes.push('source_name: left out: campaign contacts have no source name');
  return fields;
}

function phonesOf(draft: ContactDraft): NonNullable<CampaignContactInput['contact_phones']> {
  return draft.phones.map((p) => ({ contact_phone_number: p.number, contact_phone_type: PHONE_TYPES[p.type] }));
}

/** The reasons of a failed parse, named by input field (`custom:<name>` for custom field values). */
function issueReasons(
  error: z.ZodError,
  contact: { custom_fields?: { custom_field_id: string }[] },
  customIds: ReadonlyMap<string, string>,
): Reason[] {
  const names = new Map([...customIds].map(([name, id]) => [id, name]));
  return error.issues.map((issue) => {
    const [head, index] = issue.path;
    let field = INPUT_NAMES[String(head)] ?? String(head ?? 'contact');
    if (head === 'custom_fields' && typeof index === 'number') {
      const id = contact.custom_fields?.[index]?.custom_field_id;
      field = `${CUSTOM_PREFIX}${(id !== undefined ? names.get(id) : undefined) ?? id ?? index}`;
    }
    return reason(`${field}: ${issue.message}`);
  });
}

/**
 * Shapes a draft into a campaign contact list batch insert item, checked against the spec's
 * limits (64 characters for names, 50 for the other texts, one to five phones, one of them at
 * most `Main`). A campaign dials its contacts, so a contact with only e-mail addresses is
 * refused. The insert takes no custom fields: a draft with custom values is refused, one
 * reason per value, saying to insert first and set them with an update; `customIds` is taken
 * for symmetry with {@link toCampaignUpdate} and so callers need not tell the two apart.
 * Extensions, `source_id` and `source_name`, which campaign contacts lack, become notes.
 */
export function toCampaignInsert(
  draft: ContactDraft,
  customIds: ReadonlyMap<string, string>,
): CampaignResult<CampaignContactInput> {
  const reasons: Reason[] = [];
  const notes: string[] = [];
  const contact: CampaignContactInput = {
    contact_display_name: draft.display_name ?? '',
    contact_phones: phonesOf(draft),
    ...commonFields(draft, notes),
  };
  const parsed = campaignInsertSchema.safeParse(contact);
  if (!parsed.success) reasons.push(...issueReasons(parsed.error, {}, customIds));
  // The pipeline stops a run whose file has custom columns before reading a row; this is the
  // backstop for a draft built some other way.
  for (const { name } of draft.custom) {
    reasons.push(reason(`${CUSTOM_PREFIX}${name}: campaign contact insert takes no custom fields; insert first, then set them with --mode update`));
  }
  return reasons.length > 0 ? { ok: false, reasons } : { ok: true, contact, notes };
}

/**
 * Shapes a draft into a campaign contact list batch update item. Only the fields the row gives
 * are sent, so an empty cell leaves the contact's value as it is; the row must give
 * `contact_id`. Custom values are resolved by name through `customIds` (custom field names, as
 * `plan.custom` lists them, to the account's campaign custom field ids).
 */
export function toCampaignUpdate(
  draft: ContactDraft,
  customIds: ReadonlyMap<string, string>,
): CampaignResult<CampaignContactUpdate> {
  const reasons: Reason[] = [];
  const notes: string[] = [];
  const contact: CampaignContactUpdate = {
    contact_id: draft.contact_id ?? '',
    ...(draft.display_name === undefined ? {} : { contact_display_name: draft.display_name }),
    ...(draft.phones.length === 0 ? {} : { contact_phones: phonesOf(draft) }),
    ...commonFields(draft, notes),
  };
  // Only when the row gives values: the API reads an empty list as "remove every custom field".
  if (draft.custom.length > 0) {
    const custom: { custom_field_id: string; custom_field_value: string }[] = [];
    for (const { name, value } of draft.custom) {
      const id = customIds.get(name);
      // The caller resolves plan.custom before the run and stops on unknown names; this is the
      // backstop for a draft built some other way.
      if (id === undefined) reasons.push(reason(`${CUSTOM_PREFIX}${name}: no custom field of that name`));
      else custom.push({ custom_field_id: id, custom_field_value: value });
    }
    if (custom.length > 0) contact.custom_fields = custom;
  }
  if (draft.cleared !== undefined) applyCampaignClears(contact, draft.cleared, customIds);
  const parsed = campaignUpdateSchema.safeParse(contact);
  if (!parsed.success) reasons.push(...issueReasons(parsed.error, contact, customIds));
  return reasons.length > 0 ? { ok: false, reasons } : { ok: true, contact, notes };
}

/** The update's field for each text field a row can clear. */
const CLEARED_AS = {
  first_name: 'contact_first_name',
  last_name: 'contact_last_name',
  company: 'contact_company',
  role: 'contact_role',
  location: 'contact_location',
  timezone: 'contact_timezone',
  account_number: 'contact_account_number',
} as const satisfies Record<ClearableField, keyof CampaignContactUpdate>;

/**
 * Puts a row's clears (`--blanks clear`) into a campaign update item: text and custom values
 * sent empty; numbers and e-mails, which an update replaces whole, sent as empty lists when the
 * row gives none.
 */
function applyCampaignClears(contact: CampaignContactUpdate, clears: DraftClears, customIds: ReadonlyMap<string, string>): void {
  for (const field of clears.fields) contact[CLEARED_AS[field]] = '';
  if (clears.phoneTypes.length > 0 && contact.contact_phones === undefined) contact.contact_phones = [];
  if (clears.emails) contact.contact_emails = [];
  for (const name of clears.custom) {
    const id = customIds.get(name);
    if (id !== undefined) (contact.custom_fields ??= []).push({ custom_field_id: id, custom_field_value: '' });
  }
}

/** The API's phone types, by the fields'. */
const UPDATE_PHONE_TYPES = { main: 'Main', work: 'Work', home: 'Home', mobile: 'Mobile', other: 'Other' } as const;

/**
 * The update request item for the fields that change. Custom values go as the whole list, the
 * contact's own with the file's changes over them: the API replaces the list it is given.
 */
export function campaignUpdateOf(contactId: string, update: FieldUpdate, storedCustom: Readonly<Record<string, string>>): CampaignContactUpdate {
  const s = update.scalars;
  const item: CampaignContactUpdate = { contact_id: contactId };
  if (s.display_name !== undefined) item.contact_display_name = s.display_name;
  if (s.first_name !== undefined) item.contact_first_name = s.first_name;
  if (s.last_name !== undefined) item.contact_last_name = s.last_name;
  if (s.location !== undefined) item.contact_location = s.location;
  if (s.account_number !== undefined) item.contact_account_number = s.account_number;
  if (s.company !== undefined) item.contact_company = s.company;
  if (s.role !== undefined) item.contact_role = s.role;
  if (update.phones !== undefined) item.contact_phones = update.phones.map((p) => ({ contact_phone_number: p.number, contact_phone_type: UPDATE_PHONE_TYPES[p.type] }));
  if (update.emails !== undefined) item.contact_emails = [...update.emails];
  if (Object.keys(update.custom).length > 0) {
    const merged = { ...storedCustom, ...update.custom };
    item.custom_fields = Object.entries(merged).map(([custom_field_id, custom_field_value]) => ({ custom_field_id, custom_field_value }));
  }
  return item;
}
