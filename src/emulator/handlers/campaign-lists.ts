import type { RequestBody, SuccessBody } from '../../zoom/operation-types.js';
import type { Handler } from '../context.js';
import { servePage } from '../paging.js';
import type { CampaignListRecord, EmulatorStore } from '../store.js';
import { findList } from './lookups.js';

/** Handlers of campaign contact lists (which include the DNC lists). */

function counts(store: EmulatorStore, list: CampaignListRecord): { contacts: number; phones: number } {
  if (list.contact_list_type === 'do_not_contact') {
    const phones = store.dncPhonesByList.get(list.contact_list_id)?.size ?? 0;
    return { contacts: phones, phones };
  }
  const contacts = store.campaignContactRecords(list.contact_list_id);
  return { contacts: contacts.length, phones: contacts.reduce((n, c) => n + c.contact_phones.length, 0) };
}

function listView(store: EmulatorStore, list: CampaignListRecord): SuccessBody<'getCampaignContactList'> {
  return { ...list, contacts_count: counts(store, list).contacts };
}

export const createCampaignContactList: Handler = ({ body, store }) => {
  const input = body as RequestBody<'createCampaignContactList'>;
  const list: CampaignListRecord = {
    contact_list_id: store.newId(),
    contact_list_name: input.contact_list_name,
    contact_list_description: input.contact_list_description,
    contact_list_type: input.contact_list_type ?? 'contact',
  };
  store.listsById.set(list.contact_list_id, list);
  if (list.contact_list_type === 'do_not_contact') store.dncPhonesByList.set(list.contact_list_id, new Map());
  const answer: SuccessBody<'createCampaignContactList'> = listView(store, list);
  return { status: 201, body: answer };
};

export const listCampaignContactLists: Handler = (ctx) => {
  const type = ctx.query['contact_list_type'] === 'do_not_contact' ? 'do_not_contact' : 'contact';
  const page = servePage(ctx, ctx.store.campaignContactLists(type));
  const body: SuccessBody<'listCampaignContactLists'> = {
    next_page_token: page.next_page_token,
    page_size: page.page_size,
    total_records: page.total_records,
    contact_lists: page.items.map((list) => {
      const { contacts, phones } = counts(ctx.store, list);
      return {
        contact_list_id: list.contact_list_id,
        contact_list_name: list.contact_list_name,
        contact_list_description: list.contact_list_description,
        contacts_count: contacts,
        // The spec requires `contacts_phones` on every item but never defines it (so the generated
        // type lacks it); a count of phone numbers is the emulator's guess at its meaning.
        contacts_phones: phones,
      };
    }),
  };
  return { status: 200, body };
};

export const getCampaignContactList: Handler = ({ params, query, store }) => {
  const list = findList(store, params['contactListId'] ?? '', query['contact_list_identifier_type']);
  return { status: 200, body: listView(store, list) };
};
