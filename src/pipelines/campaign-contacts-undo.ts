import { digestOf, fieldsOfCampaignContact, type SyncFields } from '../transforms/contact-digest.js';
import { CampaignContactDeleter } from '../senders/campaign-contact-deleter.js';
import { CampaignSender } from '../senders/campaign-sender.js';
import { done, type RowVerdict } from '../senders/row-verdict.js';
import type { CampaignContactInput, ContactCenterClient } from '../zoom/client.js';
import type { JobUndo } from './job-definition.js';
import { campaignUpdateOf } from '../transforms/campaign-contact.js';

/** The API's phone types, by the fields'. */
const PHONE_TYPES = { main: 'Main', work: 'Work', home: 'Home', mobile: 'Mobile', other: 'Other' } as const;

/** An insert request's contact with `fields` (an insert takes no custom values: they follow as an update). */
function insertOf(fields: SyncFields): CampaignContactInput {
  const s = fields.scalars;
  return {
    contact_display_name: s.display_name ?? '',
    ...(s.first_name === undefined ? {} : { contact_first_name: s.first_name }),
    ...(s.last_name === undefined ? {} : { contact_last_name: s.last_name }),
    ...(s.location === undefined ? {} : { contact_location: s.location }),
    ...(s.timezone === undefined ? {} : { contact_timezone: s.timezone }),
    ...(s.account_number === undefined ? {} : { contact_account_number: s.account_number }),
    ...(s.company === undefined ? {} : { contact_company: s.company }),
    ...(s.role === undefined ? {} : { contact_role: s.role }),
    contact_phones: fields.phones.map((p) => ({ contact_phone_number: p.number, contact_phone_type: PHONE_TYPES[p.type] })),
    ...(fields.emails.length === 0 ? {} : { contact_emails: [...fields.emails] }),
  } as CampaignContactInput;
}

/** Fields as the list's listing shows them: no time zone. */
const shown = (fields: SyncFields): SyncFields => {
  const { timezone: _, ...scalars } = fields.scalars;
  return { ...fields, scalars };
};

/**
 * The campaign contact list's side of `ccbulk undo`: the list listed (100 a request), inserted
 * contacts deleted (one request each: the list has no batch delete), fields restored (100 a
 * request), deleted contacts inserted again (100 a request) — the insert answers no ids, so the
 * list is read once more for them, and custom values follow as one update.
 */
export const campaignContactsUndo: JobUndo = {
  async *list(client, listId) {
    for await (const c of client.listCampaignContacts(listId)) if (c.contact_id !== undefined) yield { id: c.contact_id, fields: fieldsOfCampaignContact(c) };
  },
  shown,
  remove: (client, listId, ids) => new CampaignContactDeleter(client, listId).delete(ids),
  restore: (client, listId, items) => new CampaignSender(client, listId).update(items.map(({ id, update, before }) => campaignUpdateOf(id, update, before.custom))),
  async recreate(client, listId, items) {
    const verdicts = await new CampaignSender(client, listId).insert(items.map(insertOf));
    const wanted = new Map<string, number[]>();
    items.forEach((fields, i) => {
      if (!verdicts[i]?.ok) return;
      const key = digestOf(shown({ ...fields, custom: {} }));
      wanted.set(key, [...(wanted.get(key) ?? []), i]);
    });
    if (wanted.size === 0) return verdicts;
    const answer: RowVerdict[] = [...verdicts];
    const custom: { i: number; id: string }[] = [];
    for await (const c of client.listCampaignContacts(listId)) {
      const at = wanted.get(digestOf(shown({ ...fieldsOfCampaignContact(c), custom: {} })));
      const i = at?.shift();
      if (i === undefined || c.contact_id === undefined) continue;
      answer[i] = done('re-created', c.contact_id);
      if (Object.keys(items[i]!.custom).length > 0) custom.push({ i, id: c.contact_id });
    }
    if (custom.length > 0) {
      const updated = await new CampaignSender(client, listId).update(custom.map(({ i, id }) => campaignUpdateOf(id, { scalars: {}, custom: items[i]!.custom }, {})));
      custom.forEach(({ i }, k) => {
        const verdict = updated[k];
        if (verdict !== undefined && !verdict.ok) answer[i] = verdict;
      });
    }
    return answer;
  },
  batch: { remove: 1, restore: 100, recreate: 100 },
  calls: ['listCampaignContactListContacts', 'deleteCampaigncontactListContact', 'Updateabatchofcontactsonacampaigncontactlist', 'Insertabatchofcontactstoacampaigncontactlist'],
};
