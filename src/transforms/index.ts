/**
 * Row transforms: map a file's columns, normalise phones and e-mails into a target-neutral
 * contact draft, shape drafts for a target, and find duplicates within a file. Pure apart from
 * {@link DuplicateIndex} and the phone normaliser's cache; none does I/O.
 */
export {
  CANONICAL_FIELDS,
  CUSTOM_PREFIX,
  EMAIL_FIELDS,
  PHONE_FIELD_TYPES,
  isCanonicalField,
  isPhoneField,
  type CanonicalField,
  type EmailField,
  type PhoneField,
  type PhoneType,
} from './canonical-fields.js';
export {
  customFieldName,
  normaliseHeader,
  planColumns,
  type ColumnConflict,
  type ColumnOverrides,
  type ColumnPlan,
  type ColumnRole,
} from './column-mapping.js';
export { parseCountryOption, resolveCountry, type CountryCode } from './country.js';
export { createPhoneNormaliser, splitPhoneCell, type PhoneNormaliser, type PhoneNormaliserOptions } from './phone.js';
export type { InvalidPhone, PhoneResult, ValidPhone } from './phone-parse.js';
export { isEmailAddress, normaliseEmail, type EmailResult } from './email.js';
export { normaliseTimezone } from './timezone.js';
export {
  toContactDraft,
  type ContactDraft,
  type ContactDraftResult,
  type DraftCustomValue,
  type DraftPhone,
} from './contact-draft.js';
export {
  ADDRESS_BOOK_LIMITS,
  addressBookCreateSchema,
  addressBookUpdateSchema,
  toAddressBookCreate,
  toAddressBookUpdate,
  type AddressBookResult,
} from './address-book-contact.js';
export { DuplicateIndex, type Duplicate, type DuplicateKeys } from './duplicates.js';
export {
  CAMPAIGN_CONTACT_LIMITS,
  campaignInsertSchema,
  campaignUpdateSchema,
  toCampaignInsert,
  toCampaignUpdate,
  type CampaignResult,
} from './campaign-contact.js';
export { dncNumbersOf, planDncColumns, type DncNumber } from './dnc-numbers.js';
