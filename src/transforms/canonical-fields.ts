/**
 * The canonical contact fields a file's columns map onto. They are target-neutral: the address
 * book and the campaign list conversions both start from them, and an exported file uses these
 * names as its headers so it re-imports unchanged.
 */
export const CANONICAL_FIELDS = [
  'display_name',
  'first_name',
  'last_name',
  'phone',
  'mobile',
  'work_phone',
  'home_phone',
  'other_phone',
  'email',
  'email_2',
  'email_3',
  'email_4',
  'company',
  'role',
  'location',
  'timezone',
  'account_number',
  'country',
  'contact_id',
  'source_id',
  'source_name',
] as const;

/** One canonical contact field name, e.g. `work_phone`. */
export type CanonicalField = (typeof CANONICAL_FIELDS)[number];

/** The kinds of phone number a contact can have; a phone column says which kind it holds. */
export type PhoneType = 'main' | 'mobile' | 'work' | 'home' | 'other';

/** Which phone type each phone column holds, in the order a row's numbers are listed. */
export const PHONE_FIELD_TYPES = {
  phone: 'main',
  mobile: 'mobile',
  work_phone: 'work',
  home_phone: 'home',
  other_phone: 'other',
} as const satisfies Partial<Record<CanonicalField, PhoneType>>;

/** The canonical fields that hold phone numbers. */
export type PhoneField = keyof typeof PHONE_FIELD_TYPES;

/** The canonical fields that hold e-mail addresses, in the order they are listed on a contact. */
export const EMAIL_FIELDS = ['email', 'email_2', 'email_3', 'email_4'] as const satisfies readonly CanonicalField[];

/** The canonical fields that hold an e-mail address. */
export type EmailField = (typeof EMAIL_FIELDS)[number];

/**
 * Prefix of a column that holds a custom field: `custom:Tier` is the custom field named `Tier`.
 * The caller resolves names to the account's custom field ids.
 */
export const CUSTOM_PREFIX = 'custom:';

const canonical: ReadonlySet<string> = new Set(CANONICAL_FIELDS);

/** Whether a text is exactly one of the canonical field names. */
export function isCanonicalField(name: string): name is CanonicalField {
  return canonical.has(name);
}

/** Whether a canonical field holds a phone number. */
export function isPhoneField(field: CanonicalField): field is PhoneField {
  return Object.hasOwn(PHONE_FIELD_TYPES, field);
}
