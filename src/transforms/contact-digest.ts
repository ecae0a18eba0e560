import type { CampaignContact } from '../zoom/client.js';
import type { PhoneType } from './canonical-fields.js';
import type { ContactDraft } from './contact-draft.js';

/** The text fields a sync compares, by their target-neutral names. */
export const SYNC_SCALARS = ['display_name', 'first_name', 'last_name', 'location', 'timezone', 'account_number', 'company', 'role'] as const;

/** One of the text fields a sync compares. */
export type SyncScalar = (typeof SYNC_SCALARS)[number];

/** A phone number as a sync compares it: E.164 and its type. */
export interface SyncPhone {
  readonly number: string;
  readonly type: PhoneType;
}

/**
 * A contact's fields as ccbulk would send them, the same shape for a contact read from Zoom and
 * for a row of the file, so the two compare field by field. A scalar is absent when the contact
 * has no value (or the row's cell is empty).
 */
export interface SyncFields {
  readonly scalars: Readonly<Partial<Record<SyncScalar, string>>>;
  readonly phones: readonly SyncPhone[];
  readonly emails: readonly string[];
  /** Custom field values by custom field id (campaign contacts only: the address book listing shows none). */
  readonly custom: Readonly<Record<string, string>>;
}

const PHONE_TYPES: ReadonlySet<string> = new Set<PhoneType>(['main', 'mobile', 'work', 'home', 'other']);

/** A type as Zoom spells it (`main`, or a campaign's `Main`), as the draft spells it; unknown ones are `other`. */
function phoneType(type: string | undefined): PhoneType {
  const lower = (type ?? 'main').toLowerCase();
  return PHONE_TYPES.has(lower) ? (lower as PhoneType) : 'other';
}

function scalarsOf(values: Readonly<Record<SyncScalar, string | undefined>>): Partial<Record<SyncScalar, string>> {
  const scalars: Partial<Record<SyncScalar, string>> = {};
  for (const field of SYNC_SCALARS) {
    const value = values[field];
    // Zoom stores an unset field as absent, null or '': all "no value", as an empty cell is.
    if (typeof value === 'string' && value !== '') scalars[field] = value;
  }
  return scalars;
}

/**
 * What {@link fieldsOfBookContact} reads of an address book contact: the listing's contact, or a
 * request's, alike.
 */
export type BookContactFields = Partial<Readonly<Record<SyncScalar, string | undefined>>> & {
  readonly phones?: readonly { readonly phone_number?: string | undefined; readonly phone_type?: string | undefined }[] | undefined;
  readonly emails?: readonly string[] | undefined;
};

/** An address book contact's fields, as the list endpoint shows them (or a request sends them). */
export function fieldsOfBookContact(contact: BookContactFields): SyncFields {
  return {
    scalars: scalarsOf({
      display_name: contact.display_name,
      first_name: contact.first_name,
      last_name: contact.last_name,
      location: contact.location,
      timezone: contact.timezone,
      account_number: contact.account_number,
      company: contact.company,
      role: contact.role,
    }),
    phones: (contact.phones ?? []).flatMap((p) => (p.phone_number ? [{ number: p.phone_number, type: phoneType(p.phone_type) }] : [])),
    emails: contact.emails ?? [],
    custom: {},
  };
}

/** A campaign contact's fields, as the list endpoint shows them (it shows no time zone). */
export function fieldsOfCampaignContact(contact: CampaignContact): SyncFields {
  const custom: Record<string, string> = {};
  for (const f of contact.custom_fields ?? []) custom[f.custom_field_id] = f.custom_field_value;
  return {
    scalars: scalarsOf({
      display_name: contact.contact_display_name,
      first_name: contact.contact_first_name,
      last_name: contact.contact_last_name,
      location: contact.contact_location,
      timezone: undefined,
      account_number: contact.contact_account_number,
      company: contact.contact_company,
      role: contact.contact_role,
    }),
    phones: (contact.contact_phones ?? []).flatMap((p) =>
      p.contact_phone_number ? [{ number: p.contact_phone_number, type: phoneType(p.contact_phone_type) }] : [],
    ),
    emails: contact.contact_emails ?? [],
    custom,
  };
}

/** A row's fields from its draft; custom values by id through `customIds` (name → id). */
export function fieldsOfDraft(draft: ContactDraft, customIds: ReadonlyMap<string, string>): SyncFields {
  const custom: Record<string, string> = {};
  for (const { name, value } of draft.custom) {
    const id = customIds.get(name);
    if (id !== undefined) custom[id] = value;
  }
  return {
    scalars: scalarsOf({
      display_name: draft.display_name,
      first_name: draft.first_name,
      last_name: draft.last_name,
      location: draft.location,
      timezone: draft.timezone,
      account_number: draft.account_number,
      company: draft.company,
      role: draft.role,
    }),
    phones: draft.phones.map((p) => ({ number: p.number, type: p.type })),
    emails: draft.emails,
    custom,
  };
}

// The digest: a compact JSON array, scalars in SYNC_SCALARS order ('' for none), then phones as
// "number type" texts, e-mails, and custom values (omitted when there are none). A 200,000-contact
// book is about 200 bytes a contact as V8 one-byte strings, tens of megabytes in all, where the
// listing's objects took several times that.

/**
 * A contact's fields as one short string: what a target index keeps of each contact, exact (two
 * digests are equal exactly when the fields are) and readable back with {@link fieldsOfDigest}
 * for the plan's "before" values.
 */
export function digestOf(fields: SyncFields): string {
  const parts: unknown[] = SYNC_SCALARS.map((f) => fields.scalars[f] ?? '');
  parts.push(fields.phones.map((p) => `${p.number} ${p.type}`), fields.emails);
  if (Object.keys(fields.custom).length > 0) parts.push(fields.custom);
  return JSON.stringify(parts);
}

/** The fields a {@link digestOf} string holds. */
export function fieldsOfDigest(digest: string): SyncFields {
  const parts = JSON.parse(digest) as unknown[];
  const scalars: Partial<Record<SyncScalar, string>> = {};
  SYNC_SCALARS.forEach((field, i) => {
    const value = parts[i];
    if (typeof value === 'string' && value !== '') scalars[field] = value;
  });
  const phones = (parts[SYNC_SCALARS.length] as string[]).map((text) => {
    const [number = '', type] = text.split(' ');
    return { number, type: phoneType(type) };
  });
  const emails = parts[SYNC_SCALARS.length + 1] as string[];
  const custom = (parts[SYNC_SCALARS.length + 2] ?? {}) as Record<string, string>;
  return { scalars, phones, emails, custom };
}
