import type { AddressBookContact, CampaignContact, DncPhone } from '../zoom/client.js';
import { CUSTOM_PREFIX, EMAIL_FIELDS, PHONE_FIELD_TYPES, type PhoneField, type PhoneType } from './canonical-fields.js';

/** A column of an export: its header and whether it holds phone numbers (stored as text). */
export interface ExportColumnSpec {
  readonly name: string;
  readonly kind: 'text' | 'phone';
}

/**
 * The contact export's columns: the import's canonical headers, so that an exported file,
 * edited in a spreadsheet, imports again with `--mode update` as it is.
 */
export const CONTACT_EXPORT_COLUMNS: readonly ExportColumnSpec[] = [
  { name: 'display_name', kind: 'text' },
  { name: 'first_name', kind: 'text' },
  { name: 'last_name', kind: 'text' },
  ...(Object.keys(PHONE_FIELD_TYPES) as PhoneField[]).map((name) => ({ name, kind: 'phone' as const })),
  ...EMAIL_FIELDS.map((name) => ({ name, kind: 'text' as const })),
  { name: 'company', kind: 'text' },
  { name: 'role', kind: 'text' },
  { name: 'location', kind: 'text' },
  { name: 'timezone', kind: 'text' },
  { name: 'account_number', kind: 'text' },
  { name: 'contact_id', kind: 'text' },
];

/** The DNC export's columns: the number, and Zoom's id for it. */
export const DNC_EXPORT_COLUMNS: readonly ExportColumnSpec[] = [
  { name: 'phone', kind: 'phone' },
  { name: 'phone_id', kind: 'text' },
];

/** The contact columns followed by one `custom:<name>` column per custom field. */
export function contactColumns(customNames: readonly string[]): ExportColumnSpec[] {
  return [...CONTACT_EXPORT_COLUMNS, ...customNames.map((name) => ({ name: `${CUSTOM_PREFIX}${name}`, kind: 'text' as const }))];
}

const PHONE_COLUMN: Readonly<Record<PhoneType, PhoneField>> = {
  main: 'phone',
  mobile: 'mobile',
  work: 'work_phone',
  home: 'home_phone',
  other: 'other_phone',
};

/** The common shape both contact kinds are turned into before becoming cells. */
interface ContactFields {
  readonly display_name?: string | undefined;
  readonly first_name?: string | undefined;
  readonly last_name?: string | undefined;
  readonly phones: readonly { readonly number: string; readonly type: PhoneType }[];
  readonly emails: readonly string[];
  readonly company?: string | undefined;
  readonly role?: string | undefined;
  readonly location?: string | undefined;
  readonly timezone?: string | undefined;
  readonly account_number?: string | undefined;
  readonly contact_id?: string | undefined;
}

/**
 * A contact's cells in `contactColumns` order. Numbers go to the column of their type; two
 * numbers of one type share the cell, `; `-separated (the import splits a cell on `;`). E-mails
 * beyond the fourth cannot occur (Zoom holds at most four).
 */
function cellsOf(contact: ContactFields, customNames: readonly string[], custom: ReadonlyMap<string, string>): string[] {
  const phones = new Map<PhoneField, string[]>();
  for (const p of contact.phones) {
    const column = PHONE_COLUMN[p.type];
    const list = phones.get(column);
    if (list) list.push(p.number);
    else phones.set(column, [p.number]);
  }
  return [
    contact.display_name ?? '',
    contact.first_name ?? '',
    contact.last_name ?? '',
    ...(Object.keys(PHONE_FIELD_TYPES) as PhoneField[]).map((f) => (phones.get(f) ?? []).join('; ')),
    ...EMAIL_FIELDS.map((_, i) => contact.emails[i] ?? ''),
    contact.company ?? '',
    contact.role ?? '',
    contact.location ?? '',
    contact.timezone ?? '',
    contact.account_number ?? '',
    contact.contact_id ?? '',
    ...customNames.map((name) => custom.get(name) ?? ''),
  ];
}

function phoneType(type: string | undefined): PhoneType {
  const lower = (type ?? 'other').toLowerCase();
  return lower in PHONE_COLUMN ? (lower as PhoneType) : 'other';
}

/** An address book contact as export cells; `custom` maps custom field names to values. */
export function addressBookContactCells(
  contact: AddressBookContact,
  customNames: readonly string[] = [],
  custom: ReadonlyMap<string, string> = new Map(),
): string[] {
  return cellsOf(
    {
      ...contact,
      phones: (contact.phones ?? []).flatMap((p) => (p.phone_number ? [{ number: p.phone_number, type: phoneType(p.phone_type) }] : [])),
      emails: contact.emails ?? [],
    },
    customNames,
    custom,
  );
}

/** A campaign contact as export cells, in the same columns as an address book contact. */
export function campaignContactCells(
  contact: CampaignContact,
  customNames: readonly string[] = [],
  custom: ReadonlyMap<string, string> = new Map(),
): string[] {
  return cellsOf(
    {
      display_name: contact.contact_display_name,
      first_name: contact.contact_first_name,
      last_name: contact.contact_last_name,
      phones: (contact.contact_phones ?? []).map((p) => ({ number: p.contact_phone_number, type: phoneType(p.contact_phone_type) })),
      emails: contact.contact_emails ?? [],
      company: contact.contact_company,
      role: contact.contact_role,
      location: contact.contact_location,
      account_number: contact.contact_account_number,
      contact_id: contact.contact_id,
    },
    customNames,
    custom,
  );
}

/** A DNC list entry as export cells. */
export function dncPhoneCells(phone: DncPhone): string[] {
  return [phone.phone_number, phone.phone_id];
}
