import { numberFields } from '../transforms/before-image.js';
import { DncSender } from '../senders/dnc-sender.js';
import { refused } from '../senders/row-verdict.js';
import type { JobUndo } from './job-definition.js';

/**
 * The DNC list's side of `ccbulk undo`: the list listed (100 numbers a request), numbers the run
 * added removed by their phone ids (100 a request), numbers it removed added again (100 a
 * request). A DNC number has no fields to restore.
 */
export const dncUndo: JobUndo = {
  async *list(client, listId) {
    for await (const p of client.listDncPhones(listId)) if (p.phone_id !== undefined && p.phone_number !== undefined) yield { id: p.phone_id, fields: numberFields(p.phone_number) };
  },
  shown: (fields) => fields,
  remove: (client, listId, ids) => new DncSender(client, listId).remove(ids),
  restore: async (_client, _listId, items) => items.map(() => refused('a DNC number has no fields to restore')),
  recreate: (client, listId, items) => new DncSender(client, listId, false, 're-added').add(items.map((f) => f.phones[0]?.number ?? '')),
  batch: { remove: 100, restore: 100, recreate: 100 },
  calls: ['listCampaignDncListPhones', 'batchDeleteCampaignDncListPhone', 'batchCreateCampaignDncListPhones'],
};
