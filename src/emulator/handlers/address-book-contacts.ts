import type { RequestBody, SuccessBody } from '../../zoom/operation-types.js';
import {
  customValueProblem,
  emailProblems,
  mainPhoneProblems,
  NEEDS_PHONE_OR_EMAIL,
  phoneProblems,
} from '../contact-rules.js';
import type { Handler, RequestContext } from '../context.js';
import { servePage } from '../paging.js';
import { ErrorReply } from '../reply.js';
import type { AddressBookContactRecord, AddressBookRecord, CustomFieldValue, EmulatorStore } from '../store.js';
import { findBook, findBookContact } from './lookups.js';

/** Handlers of address book contacts and their custom field values. */

type CreateInput = NonNullable<RequestBody<'batchCreateContact'>['contacts']>[number];
type UpdateInput = NonNullable<RequestBody<'batchUpdateContact'>['contacts']>[number];
type InvalidContact = NonNullable<SuccessBody<'batchCreateContact'>['invalid_contacts']>[number];
type CreatedContact = NonNullable<SuccessBody<'batchCreateContact'>['contacts']>[number];

// The spec caps the `contacts` of the batch update answer at 10 although a request may carry 50.
const UPDATE_ANSWER_MAX = 10;

function customFieldsUrl(ctx: RequestContext, contact: AddressBookContactRecord): string | undefined {
  return contact.custom_fields.length > 0
    ? `${ctx.apiUrl}/contact_center/address_books/contacts/${contact.contact_id}/custom_fields`
    : undefined;
}

function contactView(ctx: RequestContext, contact: AddressBookContactRecord): SuccessBody<'getContact'> {
  const { custom_fields: _values, source_id: _sid, source_name: _sname, ...fields } = contact;
  return {
    ...fields,
    phone_numbers: (contact.phones ?? []).flatMap((p) => (p.phone_number === undefined ? [] : [p.phone_number])),
    address_book_name: ctx.store.booksById.get(contact.address_book_id)?.address_book_name,
    custom_fields_url: customFieldsUrl(ctx, contact),
  };
}

function batchView(ctx: RequestContext, contact: AddressBookContactRecord): CreatedContact {
  const { custom_fields: _values, ...fields } = contact;
  return {
    ...fields,
    address_book_name: ctx.store.booksById.get(contact.address_book_id)?.address_book_name,
    custom_fields_url: customFieldsUrl(ctx, contact),
  };
}

function invalidEntry(
  input: { display_name?: string; phones?: { phone_number?: string }[]; emails?: string[] },
  messages: string[],
): InvalidContact {
  return {
    display_name: input.display_name,
    phone_numbers: (input.phones ?? []).flatMap((p) => (typeof p.phone_number === 'string' ? [p.phone_number] : [])),
    emails: (input.emails ?? []).filter((e): e is string => typeof e === 'string'),
    error_messages: messages,
  };
}

function customFieldProblems(store: EmulatorStore, values: readonly CustomFieldValue[] | undefined): string[] {
  return (values ?? []).flatMap(({ custom_field_id, custom_field_value }) => {
    const field = store.bookCustomFieldsById.get(custom_field_id);
    if (!field) return [`Custom field does not exist: ${custom_field_id}.`];
    const problem = customValueProblem(field.data_type, custom_field_value ?? '', field.pick_list_values);
    return problem ? [problem] : [];
  });
}

/** The rules a contact must meet once created or updated, beyond its schema. */
function contactProblems(
  ctx: RequestContext,
  contact: { phones?: { phone_number?: string; phone_type?: string }[]; emails?: string[] },
  custom: readonly CustomFieldValue[] | undefined,
): string[] {
  const phones = contact.phones ?? [];
  const emails = contact.emails ?? [];
  return [
    ...phoneProblems(phones.map((p) => p.phone_number ?? '')),
    ...mainPhoneProblems(phones.map((p) => p.phone_type), 'main'),
    ...emailProblems(emails),
    ...(phones.length === 0 && emails.length === 0 ? [NEEDS_PHONE_OR_EMAIL] : []),
    ...customFieldProblems(ctx.store, custom),
  ];
}

/**
 * The answer to a batch where every item failed: 400 with the invalid contacts, under 2102 when
 * that is what they all lack, else the generic validation code.
 */
function allFailed(invalid: InvalidContact[]): never {
  const all2102 = invalid.every((c) => c.error_messages?.length === 1 && c.error_messages[0] === NEEDS_PHONE_OR_EMAIL);
  throw all2102
    ? new ErrorReply(400, 2102, NEEDS_PHONE_OR_EMAIL, { invalid_contacts: invalid })
    : new ErrorReply(400, 300, 'All contacts in the batch are invalid.', { invalid_contacts: invalid });
}

export const listContacts: Handler = (ctx) => {
  const book = findBook(ctx.store, ctx.params['addressBookId'] ?? '', ctx.query['address_book_identifier_type']);
  const phones = (ctx.query['phone_numbers'] as string[] | undefined) ?? [];
  const emails = (ctx.query['emails'] as string[] | undefined) ?? [];
  for (const phone of phones) if (phoneProblems([phone]).length) throw new ErrorReply(400, 300, 'Invalid phone number');
  for (const email of emails) if (emailProblems([email]).length) throw new ErrorReply(400, 300, 'Invalid email');
  let contacts = ctx.store.bookContactRecords(book.address_book_id);
  if (phones.length > 0 || emails.length > 0) {
    // Exact matches only, as the spec says; a contact matches on any of its numbers or addresses.
    contacts = contacts.filter(
      (c) =>
        (c.phones ?? []).some((p) => p.phone_number !== undefined && phones.includes(p.phone_number)) ||
        (c.emails ?? []).some((e) => emails.includes(e)),
    );
  }
  const page = servePage(ctx, contacts);
  const body: SuccessBody<'listContacts'> = {
    next_page_token: page.next_page_token,
    page_size: page.page_size,
    total_records: page.total_records,
    contacts: page.items.map((c) => contactView(ctx, c)),
  };
  return { status: 200, body };
};

export const getContact: Handler = (ctx) => {
  const book = findBook(ctx.store, ctx.params['addressBookId'] ?? '', ctx.query['address_book_identifier_type']);
  const contact = findBookContact(ctx.store, book, ctx.params['contactId'] ?? '', ctx.query['contact_identifier_type']);
  return { status: 200, body: contactView(ctx, contact) };
};

export const batchCreateContact: Handler = (ctx) => {
  const book = findBook(ctx.store, ctx.params['addressBookId'] ?? '');
  const inputs = (ctx.body as RequestBody<'batchCreateContact'>).contacts ?? [];
  const created: AddressBookContactRecord[] = [];
  const invalid: InvalidContact[] = [];
  inputs.forEach((input) => {
    const problems = contactProblems(ctx, input, input.custom_fields as CustomFieldValue[] | undefined);
    if (problems.length > 0) invalid.push(invalidEntry(input, problems));
    else created.push(newContact(ctx.store, book, input));
  });
  if (created.length === 0) allFailed(invalid);
  for (const contact of created) ctx.store.bookContactsById.set(contact.contact_id, contact);
  const body: SuccessBody<'batchCreateContact'> = {
    contacts: created.map((c) => batchView(ctx, c)),
    ...(invalid.length > 0 ? { invalid_contacts: invalid } : {}),
  };
  return { status: 200, body };
};

function newContact(store: EmulatorStore, book: AddressBookRecord, input: CreateInput): AddressBookContactRecord {
  return {
    contact_id: store.newId(),
    display_name: input.display_name,
    first_name: input.first_name,
    last_name: input.last_name,
    phones: (input.phones ?? []).map((p) => ({ phone_number: p.phone_number, phone_type: p.phone_type ?? 'main' })),
    emails: input.emails ?? [],
    location: input.location,
    timezone: input.timezone,
    account_number: input.account_number,
    company: input.company,
    role: input.role,
    consumer_ids: input.consumer_ids ?? [],
    source_id: input.source_id,
    source_name: input.source_name,
    address_book_id: book.address_book_id,
    custom_fields: ((input.custom_fields ?? []) as CustomFieldValue[]).map((f) => ({ ...f })),
  };
}

export const batchUpdateContact: Handler = (ctx) => {
  const book = findBook(ctx.store, ctx.params['addressBookId'] ?? '');
  const inputs = (ctx.body as RequestBody<'batchUpdateContact'>).contacts ?? [];
  const updated: AddressBookContactRecord[] = [];
  const invalid: InvalidContact[] = [];
  inputs.forEach((input) => {
    const existing = ctx.store.bookContactsById.get(input.contact_id);
    const echo = { ...input, display_name: input.display_name ?? existing?.display_name };
    if (!existing || existing.address_book_id !== book.address_book_id) {
      invalid.push(invalidEntry(echo, [`Contact does not exist: ${input.contact_id}.`]));
      return;
    }
    const merged = mergeContact(existing, input);
    const problems = contactProblems(ctx, merged, input.custom_fields as CustomFieldValue[] | undefined);
    if (problems.length > 0) invalid.push(invalidEntry(echo, problems));
    else updated.push(merged);
  });
  if (updated.length === 0) allFailed(invalid);
  for (const contact of updated) ctx.store.bookContactsById.set(contact.contact_id, contact);
  const body: SuccessBody<'batchUpdateContact'> = {
    contacts: updated.slice(0, UPDATE_ANSWER_MAX).map((c) => batchView(ctx, c)),
    ...(invalid.length > 0 ? { invalid_contacts: invalid } : {}),
  };
  return { status: 200, body };
};

/** A contact with the fields an update carries replaced; lists replace whole, custom values merge by id. */
function mergeContact(existing: AddressBookContactRecord, input: UpdateInput): AddressBookContactRecord {
  const { contact_id: _id, phones, custom_fields, ...scalars } = input;
  const merged: AddressBookContactRecord = structuredClone(existing);
  for (const [key, value] of Object.entries(scalars)) {
    if (value !== undefined) (merged as Record<string, unknown>)[key] = value;
  }
  if (phones !== undefined) {
    merged.phones = phones.map((p) => ({ phone_number: p.phone_number, phone_type: p.phone_type ?? 'main' }));
  }
  for (const value of (custom_fields ?? []) as CustomFieldValue[]) {
    const at = merged.custom_fields.findIndex((f) => f.custom_field_id === value.custom_field_id);
    if (at >= 0) merged.custom_fields[at] = { ...value };
    else merged.custom_fields.push({ ...value });
  }
  return merged;
}

export const batchDeletecontact: Handler = (ctx) => {
  const book = findBook(ctx.store, ctx.params['addressBookId'] ?? '');
  const ids = (ctx.body as RequestBody<'batchDeletecontact'>).contact_ids;
  // Ids that are not (or no longer) in the book are skipped: a repeated delete must not fail.
  for (const id of ids) {
    if (ctx.store.bookContactsById.get(id)?.address_book_id === book.address_book_id) ctx.store.bookContactsById.delete(id);
  }
  return { status: 204 };
};

export const ListContactCustomFields: Handler = (ctx) => {
  const id = ctx.params['contactId'] ?? '';
  const contact = ctx.store.bookContactsById.get(id);
  if (!contact) throw new ErrorReply(404, 2101, `Contact does not exist: ${id}.`);
  const values = contact.custom_fields.flatMap((value) => {
    const field = ctx.store.bookCustomFieldsById.get(value.custom_field_id);
    return field
      ? [
          {
            custom_field_id: field.custom_field_id,
            custom_field_name: field.custom_field_name,
            data_type: field.data_type,
            custom_field_value: value.custom_field_value,
            outdated: false,
          },
        ]
      : [];
  });
  const page = servePage(ctx, values);
  const body: SuccessBody<'ListContactCustomFields'> = {
    next_page_token: page.next_page_token,
    page_size: page.page_size,
    custom_fields: page.items,
  };
  return { status: 200, body };
};

/**
 * The single create (LIGHT, where the batch create is MEDIUM): 201 with the contact, or a 400
 * naming what is wrong with it — Zoom's one message, the first problem (2102 when that is the
 * lack of any phone or e-mail).
 */
export const createContact: Handler = (ctx) => {
  const book = findBook(ctx.store, ctx.params['addressBookId'] ?? '');
  const input = ctx.body as RequestBody<'createContact'>;
  const problems = contactProblems(ctx, input, input.custom_fields as CustomFieldValue[] | undefined);
  const first = problems[0];
  if (first !== undefined) throw new ErrorReply(400, first === NEEDS_PHONE_OR_EMAIL ? 2102 : 300, first);
  const { phone_numbers: _deprecated, variables: _variables, ...rest } = input;
  const phones = input.phones.flatMap((p) => (p.phone_number === undefined ? [] : [{ phone_number: p.phone_number, phone_type: p.phone_type }]));
  const contact = newContact(ctx.store, book, { ...rest, phones });
  ctx.store.bookContactsById.set(contact.contact_id, contact);
  const { custom_fields: _values, source_id: _sid, source_name: _sname, ...fields } = contact;
  const body: SuccessBody<'createContact'> = {
    ...fields,
    phone_numbers: (contact.phones ?? []).flatMap((p) => (p.phone_number === undefined ? [] : [p.phone_number])),
    phones: contact.phones ?? [],
    address_book_name: book.address_book_name,
    custom_fields_url: customFieldsUrl(ctx, contact),
  };
  return { status: 201, body };
};
