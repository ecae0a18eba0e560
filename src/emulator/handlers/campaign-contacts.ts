import type { RequestBody, SuccessBody } from '../../zoom/operation-types.js';
import { customValueProblem, emailProblems, mainPhoneProblems, phoneProblems } from '../contact-rules.js';
import type { Handler, RequestContext } from '../context.js';
import { servePage } from '../paging.js';
import { validationFailed, ErrorReply } from '../reply.js';
import type { CampaignContactRecord, CustomFieldValue } from '../store.js';
import { findList } from './lookups.js';

/** Handlers of the contacts on campaign contact lists and their custom field values. */

type InsertFailure = NonNullable<SuccessBody<'Insertabatchofcontactstoacampaigncontactlist'>['failed_contacts']>[number];
type UpdateFailure = NonNullable<SuccessBody<'Updateabatchofcontactsonacampaigncontactlist'>['failed_contacts']>[number];
type UpdateInput = NonNullable<RequestBody<'Updateabatchofcontactsonacampaigncontactlist'>['contacts']>[number];

/** The rules a campaign contact must meet once inserted or updated, beyond its schema. */
function contactProblems(
  ctx: RequestContext,
  contact: {
    contact_phones?: { contact_phone_number?: string; contact_phone_type?: string }[];
    contact_emails?: string[];
  },
  custom: readonly CustomFieldValue[] | null | undefined,
): string[] {
  const phones = contact.contact_phones ?? [];
  const problems = [
    ...phoneProblems(phones.map((p) => p.contact_phone_number ?? '')),
    ...mainPhoneProblems(phones.map((p) => p.contact_phone_type), 'Main'),
    ...(phones.length === 0 ? ['At least one phone number is required.'] : []),
    ...emailProblems(contact.contact_emails ?? []),
  ];
  for (const { custom_field_id, custom_field_value } of custom ?? []) {
    const field = ctx.store.campaignCustomFieldsById.get(custom_field_id);
    if (!field) problems.push(`Custom field does not exist: ${custom_field_id}.`);
    else {
      const problem = customValueProblem(field.data_type, custom_field_value, field.pick_list_values);
      if (problem) problems.push(problem);
    }
  }
  return problems;
}

/** Zoom's 5004 message, as the spec words it. */
const LIST_FULL = 'Reached the limit of contacts per contact list.';

export const listCampaignContactListContacts: Handler = (ctx) => {
  const list = findList(ctx.store, ctx.params['contactListId'] ?? '', ctx.query['contact_list_identifier_type']);
  const page = servePage(ctx, ctx.store.campaignContactRecords(list.contact_list_id));
  const body: SuccessBody<'listCampaignContactListContacts'> = {
    next_page_token: page.next_page_token,
    page_size: page.page_size,
    total_records: page.total_records,
    contacts: page.items.map(({ contact_timezone: _tz, ...contact }) => contact),
  };
  return { status: 200, body };
};

export const getCampaignContactListContact: Handler = (ctx) => {
  const byName = ctx.query['identifier_type'] === 'name';
  const list = findList(ctx.store, ctx.params['contactListId'] ?? '', byName ? 'name' : 'id');
  const key = ctx.params['contactId'] ?? '';
  const matches = ctx.store
    .campaignContactRecords(list.contact_list_id)
    .filter((c) => (byName ? c.contact_display_name === key : c.contact_id === key));
  const [contact] = matches;
  if (contact === undefined) throw new ErrorReply(404, 5002, 'Contact not found.');
  const body: SuccessBody<'getCampaignContactListContact'> = contact;
  return { status: 200, body };
};

export const Insertabatchofcontactstoacampaigncontactlist: Handler = (ctx) => {
  const list = findList(ctx.store, ctx.params['contactListId'] ?? '');
  const inputs = (ctx.body as RequestBody<'Insertabatchofcontactstoacampaigncontactlist'>).contacts ?? [];
  const failed: InsertFailure[] = [];
  const problemsOf = inputs.map((input) => contactProblems(ctx, input, undefined));
  const valid = problemsOf.filter((problems) => problems.length === 0).length;
  if (ctx.listContactLimit !== undefined && ctx.store.campaignContactRecords(list.contact_list_id).length + valid > ctx.listContactLimit) {
    // The spec documents 5004 for the single insert; a batch that would pass the limit is refused
    // whole here, nothing of it applied (the emulator's choice: Zoom's batch behaviour is not documented).
    throw new ErrorReply(400, 5004, LIST_FULL);
  }
  inputs.forEach((input, index) => {
    const problems = problemsOf[index] ?? [];
    if (problems.length > 0) {
      // The spec types contact_index as a string although it is a zero-based position.
      failed.push({ contact_index: String(index), error: problems.join('; ') });
      return;
    }
    const contact: CampaignContactRecord = {
      ...input,
      contact_id: ctx.store.newId(),
      contact_phones: input.contact_phones.map((p) => ({ ...p })),
      custom_fields: [],
    };
    ctx.store.campaignContactsById.set(contact.contact_id, { listId: list.contact_list_id, contact });
  });
  const body: SuccessBody<'Insertabatchofcontactstoacampaigncontactlist'> = { failed_contacts: failed };
  return { status: 200, body };
};

export const Updateabatchofcontactsonacampaigncontactlist: Handler = (ctx) => {
  const list = findList(ctx.store, ctx.params['contactListId'] ?? '');
  const inputs = (ctx.body as RequestBody<'Updateabatchofcontactsonacampaigncontactlist'>).contacts ?? [];
  // A failure is reported by contact id, so an item without one fails the whole request.
  const anonymous = inputs.flatMap((input, i) =>
    typeof input.contact_id === 'string' ? [] : [{ field: `contacts[${i}].contact_id`, message: 'is required' }],
  );
  if (anonymous.length > 0) throw validationFailed(anonymous);
  const failed = new Map<string, UpdateFailure>();
  inputs.forEach((input) => {
    const entry = ctx.store.campaignContactsById.get(input.contact_id);
    if (!entry || entry.listId !== list.contact_list_id) {
      failed.set(input.contact_id, { contact_id: input.contact_id, error: 'Contact not found.' });
      return;
    }
    const merged = mergeContact(entry.contact, input);
    const problems = contactProblems(ctx, merged, input.custom_fields as CustomFieldValue[] | null | undefined);
    if (problems.length > 0) failed.set(input.contact_id, { contact_id: input.contact_id, error: problems.join('; ') });
    else entry.contact = merged;
  });
  // Keyed by contact id because the spec makes failed_contacts unique items.
  const body: SuccessBody<'Updateabatchofcontactsonacampaigncontactlist'> = { failed_contacts: [...failed.values()] };
  return { status: 200, body };
};

export const deleteCampaigncontactListContact: Handler = (ctx) => {
  const list = findList(ctx.store, ctx.params['contactListId'] ?? '');
  const id = ctx.params['contactId'] ?? '';
  const entry = ctx.store.campaignContactsById.get(id);
  if (!entry || entry.listId !== list.contact_list_id) throw new ErrorReply(404, 5002, 'Contact is not found.');
  ctx.store.campaignContactsById.delete(id);
  return { status: 204 };
};

/**
 * A campaign contact with an update applied. `custom_fields`: omitted or null keeps the values,
 * an array replaces them all (an empty one clears them), as the spec describes.
 */
function mergeContact(existing: CampaignContactRecord, input: UpdateInput): CampaignContactRecord {
  const { contact_id: _id, contact_phones, custom_fields, ...scalars } = input;
  const merged = structuredClone(existing);
  for (const [key, value] of Object.entries(scalars)) {
    if (value !== undefined) (merged as Record<string, unknown>)[key] = value;
  }
  if (contact_phones !== undefined) {
    merged.contact_phones = contact_phones.map((p) => ({
      contact_phone_number: p.contact_phone_number ?? '',
      contact_phone_type: p.contact_phone_type ?? 'Main',
    }));
  }
  if (Array.isArray(custom_fields)) merged.custom_fields = (custom_fields as CustomFieldValue[]).map((f) => ({ ...f }));
  return merged;
}

export const listCampaignContactCustomFields: Handler = (ctx) => {
  const id = ctx.params['contactId'] ?? '';
  const entry = ctx.store.campaignContactsById.get(id);
  if (!entry) throw new ErrorReply(404, 2101, 'Contact does not exist.');
  const values = entry.contact.custom_fields.flatMap((value) => {
    const field = ctx.store.campaignCustomFieldsById.get(value.custom_field_id);
    return field
      ? [
          {
            custom_field_id: field.custom_field_id,
            custom_field_name: field.custom_field_name,
            data_type: field.data_type,
            custom_field_value: value.custom_field_value,
          },
        ]
      : [];
  });
  const page = servePage(ctx, values);
  const body: SuccessBody<'listCampaignContactCustomFields'> = {
    next_page_token: page.next_page_token,
    page_size: page.page_size,
    total_records: page.total_records,
    custom_fields: page.items,
  };
  return { status: 200, body };
};
