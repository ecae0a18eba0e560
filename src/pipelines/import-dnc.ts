import { reason } from '../reason.js';
import { createPhoneNormaliser } from '../transforms/phone.js';
import { dncNumbersOf, planDncColumns } from '../transforms/dnc-numbers.js';
import { refuseRow, type RowPlan } from '../transforms/row-plan.js';
import { DncIndex } from '../senders/dnc-index.js';
import { DncSender } from '../senders/dnc-sender.js';
import type { ImportSummary } from '../writers/summary-file.js';
import type { ContactCenterClient } from '../zoom/client.js';
import { resolveContactList } from '../zoom/resolve.js';
import type { ImportTarget } from './import-engine.js';
import { phoneSettingsFor, prefetchingPhones, runImportJob, type ImportJobOptions } from './import-job.js';
import { writeOperationOf } from './job-operations.js';

/** What a DNC import does with each number. */
export type DncMode = 'add' | 'remove';

/** Options of a DNC list import, already checked. */
export interface ImportDncOptions extends ImportJobOptions {
  /** DNC list id or name. */
  readonly list: string;
  readonly mode: DncMode;
  readonly country: string;
  /** Headers of the columns to read numbers from (`--column`); default every phone column. */
  readonly columns?: readonly string[] | undefined;
}

/**
 * The DNC list import: every number of every phone column (or of the `--column`s given) is
 * normalised and added to, or removed from, the list — each reported on its own line, with its
 * row's line. A number repeated anywhere in the file is sent once (the API wants unique numbers
 * in a batch, and a repeat across batches is waste); removal maps numbers to their `phone_id`s
 * by listing the DNC list once.
 */
export function importDnc(client: ContactCenterClient, options: ImportDncOptions): Promise<ImportSummary> {
  return runImportJob(client, { name: 'dnc', mode: options.mode }, options, async (table, plan) => {
    const columns = planDncColumns(plan, table.header, options.columns);
    const list = await resolveContactList(client, options.list, 'do_not_contact');
    const phones = createPhoneNormaliser({ defaultCountry: options.country, ...phoneSettingsFor(options) });
    const onList = options.mode === 'remove' ? await DncIndex.load(client, list.id) : undefined;
    const sender = new DncSender(client, list.id, options.dryRun);
    const names = columns.map((i) => `'${table.header[i] ?? i}'`).join(', ');

    const prepare = (row: Parameters<ImportTarget<string>['prepare']>[0]): RowPlan<string> => {
      const numbers = dncNumbersOf(row, columns, phones, plan.fields.country, table.header);
      if (numbers.length === 0) return refuseRow('validate', reason(`no phone number in ${names}`));
      return numbers.map((n) => {
        if (!n.ok) return { ok: false, stage: 'validate', reasons: [n.reason] };
        const keys = { phones: [{ number: n.number }], emails: [] };
        if (onList === undefined) return { ok: true, item: n.number, keys, phones: [n.number] };
        const id = onList.ids.get(n.number);
        if (id === undefined) {
          return { ok: false, stage: 'api', reasons: [reason(`not on DNC list '${list.name}'`, n.number, { quote: false })], phones: [n.number], ifSentBefore: { status: 'removed' } };
        }
        return { ok: true, item: id, keys, phones: [n.number] };
      });
    };
    const target: ImportTarget<string> =
      options.mode === 'add'
        ? {
            batchSize: writeOperationOf('dnc', 'add').batchSize,
            prepare,
            send: (batch) => sender.add(batch.map((p) => p.item)),
            recover: async (batch) => ({ ...(await sender.settleAdd(batch.map((p) => p.item))), how: 'read the DNC list, added the missing' }),
          }
        : { batchSize: writeOperationOf('dnc', 'remove').batchSize, prepare, send: (batch) => sender.remove(batch.map((p) => p.item)) };
    return {
      ...prefetchingPhones(target, phones, columns, plan.fields.country),
      describe: { dncListId: list.id, name: list.name },
      extra: () => (options.dryRun ? { plannedWrites: sender.plannedRequests } : {}),
    };
  });
}
