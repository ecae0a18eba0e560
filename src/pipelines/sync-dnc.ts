import { reason } from '../reason.js';
import { dncNumbersOf, planDncColumns } from '../transforms/dnc-numbers.js';
import { createPhoneNormaliser } from '../transforms/phone.js';
import { refuseRow, type RowPlan } from '../transforms/row-plan.js';
import { DncSender } from '../senders/dnc-sender.js';
import { TargetIndex } from '../senders/target-index.js';
import type { ImportSummary } from '../writers/summary-file.js';
import type { ContactCenterClient } from '../zoom/client.js';
import { resolveContactList } from '../zoom/resolve.js';
import type { ImportTarget, Recovery } from './import-engine.js';
import { phoneSettingsFor, prefetchingPhones, type ImportJobOptions } from './import-job.js';
import { writeOperationOf } from './job-operations.js';
import { runSyncJob, sendSyncBatch, unchangedOutcome, type SyncItem, type SyncOptions } from './sync-job.js';

/** Options of a DNC list sync, already checked. */
export interface SyncDncOptions extends ImportJobOptions, SyncOptions {
  /** DNC list id or name. */
  readonly list: string;
  readonly country: string;
  /** Headers of the columns to read numbers from (`--column`); default every phone column. */
  readonly columns?: readonly string[] | undefined;
}

type DncSyncItem = SyncItem<string, never>;

/**
 * `--mode sync` of the DNC import: the list ends holding the file's numbers. Numbers not on it
 * are added (100 a request), numbers on it are `unchanged` (no request), and numbers on it that
 * the file lacks are listed in not-in-file.csv, or removed with `--delete-missing`. The key is
 * the number itself.
 */
export function syncDnc(client: ContactCenterClient, options: SyncDncOptions): Promise<ImportSummary> {
  return runSyncJob<DncSyncItem>(client, 'dnc', { ...options, key: undefined }, async (table, plan) => {
    const columns = planDncColumns(plan, table.header, options.columns);
    const list = await resolveContactList(client, options.list, 'do_not_contact');
    const index = await TargetIndex.load(listed(client, list.id));
    const phones = createPhoneNormaliser({ defaultCountry: options.country, ...phoneSettingsFor(options, true) });
    const sender = new DncSender(client, list.id, options.dryRun);
    const names = columns.map((i) => `'${table.header[i] ?? i}'`).join(', ');

    const prepare = (row: Parameters<ImportTarget<DncSyncItem>['prepare']>[0]): RowPlan<DncSyncItem> => {
      const numbers = dncNumbersOf(row, columns, phones, plan.fields.country, table.header);
      if (numbers.length === 0) return refuseRow('validate', reason(`no phone number in ${names}`));
      return numbers.map((n) => {
        if (!n.ok) return { ok: false, stage: 'validate', reasons: [n.reason] };
        const keys = { phones: [{ number: n.number }], emails: [] };
        const [slot] = index.byPhonesOrEmails([n.number], []);
        if (slot === undefined) return { ok: true, item: { action: 'create', item: n.number }, keys, phones: [n.number] };
        const owner = index.claim(slot, row.origin.line);
        // The same number twice on one row is one number; on another row, a duplicate.
        if (owner !== row.origin.line) return { ok: false, stage: 'duplicate', reasons: [{ kind: 'duplicate of an earlier row', text: `duplicate of line ${owner}` }], phones: [n.number] };
        return { ok: true, item: { action: 'unchanged', contactId: index.idAt(slot) }, keys, phones: [n.number] };
      });
    };
    const target: ImportTarget<DncSyncItem> = {
      batchSize: writeOperationOf('dnc', 'add').batchSize,
      prepare,
      noRequest: unchangedOutcome,
      send: (batch) => sendSyncBatch(batch, writeOperationOf('dnc', 'add').batchSize, (numbers) => sender.add(numbers), async () => []),
      recover: async (batch) => {
        let found = 0;
        let resent = 0;
        const verdicts = await sendSyncBatch(
          batch,
          writeOperationOf('dnc', 'add').batchSize,
          async (numbers) => {
            const settled = await sender.settleAdd(numbers);
            found += settled.found;
            resent += settled.resent;
            return settled.verdicts;
          },
          async () => [],
        );
        return { verdicts, found, resent, how: 'read the DNC list, added the missing' } satisfies Recovery;
      },
    };
    return {
      ...prefetchingPhones(target, phones, columns, plan.fields.country),
      index,
      key: 'phone',
      noun: 'numbers',
      describe: { dncListId: list.id, name: list.name },
      deleteBatchSize: writeOperationOf('dnc', 'remove').batchSize,
      remove: (ids) => sender.remove(ids),
      describeMissing: (slot) => ({ id: index.idAt(slot), displayName: '', phones: index.fieldsAt(slot).phones.map((p) => p.number).join(' '), emails: '' }),
      extra: () => (options.dryRun ? { plannedWrites: sender.plannedRequests } : {}),
    };
  });
}

/** Every number of the DNC list, by its phone_id. */
async function* listed(client: ContactCenterClient, listId: string) {
  for await (const p of client.listDncPhones(listId)) yield { id: p.phone_id, fields: { scalars: {}, phones: [{ number: p.phone_number, type: 'other' as const }], emails: [], custom: {} } };
}
