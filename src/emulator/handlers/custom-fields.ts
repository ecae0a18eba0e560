import type { RequestBody, SuccessBody } from '../../zoom/operation-types.js';
import { customValueProblem } from '../contact-rules.js';
import type { Handler } from '../context.js';
import { servePage } from '../paging.js';
import { ErrorReply } from '../reply.js';
import type { AddressBookCustomFieldRecord, CampaignCustomFieldRecord, EmulatorStore } from '../store.js';

/** Handlers of custom field definitions: address book ones and campaign contact ones. */

const MAX_CUSTOM_FIELDS = 4096;

/** The checks both kinds of custom field share, with the spec's codes. */
function checkDefinition(
  existingNames: readonly string[],
  input: {
    custom_field_name: string;
    data_type: string;
    default_value?: string;
    pick_list_values?: string[];
    use_as_external_url_parameter?: boolean;
  },
): void {
  if (existingNames.length >= MAX_CUSTOM_FIELDS) {
    throw new ErrorReply(400, 2110, 'Maximum limit of 4096 custom fields has been exceeded.');
  }
  if (existingNames.includes(input.custom_field_name)) {
    throw new ErrorReply(400, 2107, `A custom field with this name already exists: ${input.custom_field_name}`);
  }
  if (input.use_as_external_url_parameter && /\s/.test(input.custom_field_name)) {
    throw new ErrorReply(400, 2111, 'Custom field name cannot contain spaces when use_as_external_url_parameter is true.');
  }
  if (input.default_value !== undefined) {
    if (input.data_type === 'pick_list' && !(input.pick_list_values ?? []).includes(input.default_value)) {
      throw new ErrorReply(
        400,
        2115,
        'Invalid default value. The provided value is not in the list of supported picklist values.',
      );
    }
    if (customValueProblem(input.data_type, input.default_value, input.pick_list_values)) {
      throw new ErrorReply(400, 2109, 'The default value format does not match the data type.');
    }
  }
}

function bookFieldView(store: EmulatorStore, field: AddressBookCustomFieldRecord): SuccessBody<'Createacustomfield'> {
  const { address_book_ids, ...rest } = field;
  return {
    ...rest,
    address_books: address_book_ids.map((id) => ({
      address_book_id: id,
      address_book_name: store.booksById.get(id)?.address_book_name,
    })),
  };
}

export const Createacustomfield: Handler = ({ body, store }) => {
  const input = body as RequestBody<'Createacustomfield'>;
  checkDefinition(
    [...store.bookCustomFieldsById.values()].map((f) => f.custom_field_name),
    input,
  );
  const ids = input.address_book_ids ?? [];
  const missing = ids.filter((id) => !store.booksById.has(id));
  if (missing.length > 0) throw new ErrorReply(404, 2006, `Address books does not exist: ${missing.join(',')}.`);
  const { address_book_ids: _ids, ...definition } = input;
  const field: AddressBookCustomFieldRecord = {
    ...definition,
    custom_field_id: store.newId(),
    address_book_ids: [...ids],
  };
  store.bookCustomFieldsById.set(field.custom_field_id, field);
  return { status: 201, body: bookFieldView(store, field) };
};

export const Listaddressbookcustomfields: Handler = (ctx) => {
  const page = servePage(ctx, [...ctx.store.bookCustomFieldsById.values()]);
  const body: SuccessBody<'Listaddressbookcustomfields'> = {
    next_page_token: page.next_page_token,
    page_size: page.page_size,
    total_records: page.total_records,
    custom_fields: page.items.map((f) => bookFieldView(ctx.store, f)),
  };
  return { status: 200, body };
};

export const createACampaignContactCustomField: Handler = ({ body, store }) => {
  const input = body as RequestBody<'createACampaignContactCustomField'>;
  checkDefinition(
    [...store.campaignCustomFieldsById.values()].map((f) => f.custom_field_name),
    input,
  );
  const missing = (input.contact_list_ids ?? []).filter((id) => !store.listsById.has(id));
  if (missing.length > 0) throw new ErrorReply(404, 5001, 'Contact list not found.');
  const field: CampaignCustomFieldRecord = { ...input, custom_field_id: store.newId() };
  store.campaignCustomFieldsById.set(field.custom_field_id, field);
  return { status: 201, body: field };
};

export const listCampaignCustomFields: Handler = (ctx) => {
  const page = servePage(ctx, [...ctx.store.campaignCustomFieldsById.values()]);
  const body: SuccessBody<'listCampaignCustomFields'> = {
    next_page_token: page.next_page_token,
    page_size: page.page_size,
    total_records: page.total_records,
    custom_fields: page.items,
  };
  return { status: 200, body };
};
