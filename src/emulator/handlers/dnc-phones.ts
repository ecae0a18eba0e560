import type { RequestBody, SuccessBody } from '../../zoom/operation-types.js';
import { isE164 } from '../contact-rules.js';
import type { Handler } from '../context.js';
import { servePage } from '../paging.js';
import { validationFailed } from '../reply.js';
import { findDncList } from './lookups.js';

/** Handlers of the phone numbers on DNC lists. */

export const listCampaignDncListPhones: Handler = (ctx) => {
  const list = findDncList(ctx.store, ctx.params['dncListId'] ?? '');
  const page = servePage(ctx, ctx.store.dncPhones(list.contact_list_id));
  const body: SuccessBody<'listCampaignDncListPhones'> = {
    next_page_token: page.next_page_token,
    page_size: page.page_size,
    total_records: page.total_records,
    dnc_list_phones: page.items,
  };
  return { status: 200, body };
};

export const batchCreateCampaignDncListPhones: Handler = (ctx) => {
  const list = findDncList(ctx.store, ctx.params['dncListId'] ?? '');
  const numbers = (ctx.body as RequestBody<'batchCreateCampaignDncListPhones'>).phone_numbers;
  // The answer has no per-item shape, so one bad number fails the whole batch.
  const bad = numbers.flatMap((n, i) => (isE164(n) ? [] : [{ field: `phone_numbers[${i}]`, message: `Invalid phone number: ${n}` }]));
  if (bad.length > 0) throw validationFailed(bad);
  const phones = ctx.store.dncPhonesByList.get(list.contact_list_id) ?? new Map();
  ctx.store.dncPhonesByList.set(list.contact_list_id, phones);
  const present = new Set([...phones.values()].map((p) => p.phone_number));
  // A number already on the list is skipped, so a retried batch is harmless.
  for (const phone_number of numbers) {
    if (present.has(phone_number)) continue;
    const phone_id = ctx.store.newId();
    phones.set(phone_id, { phone_id, phone_number });
    present.add(phone_number);
  }
  return { status: 201 };
};

export const batchDeleteCampaignDncListPhone: Handler = (ctx) => {
  const list = findDncList(ctx.store, ctx.params['dncListId'] ?? '');
  const ids = (ctx.body as RequestBody<'batchDeleteCampaignDncListPhone'>).phone_ids ?? [];
  const phones = ctx.store.dncPhonesByList.get(list.contact_list_id);
  for (const id of ids) phones?.delete(id);
  return { status: 204 };
};
