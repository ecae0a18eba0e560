import { z } from 'zod';
import { reason } from '../reason.js';
import { openTable } from '../readers/open-table.js';
import { estimateRowCount } from '../readers/row-estimate.js';
import { createPhoneNormaliser } from '../transforms/phone.js';
import { dncNumbersOf, planDncColumns } from '../transforms/dnc-numbers.js';
import { refuseRow, type RowPlan } from '../transforms/row-plan.js';
import { DncIndex } from '../senders/dnc-index.js';
import { DncSender } from '../senders/dnc-sender.js';
import { TargetIndex } from '../senders/target-index.js';
import type { ImportSummary } from '../writers/summary-file.js';
import { maxPageSize, type ContactCenterClient } from '../zoom/client.js';
import { resolveContactList, type ResolvedContactList } from '../zoom/resolve.js';
import type { ImportTarget, Recovery } from './import-engine.js';
import { phoneSettingsFor, prefetchingPhones, runImportJob, type ImportJobOptions, type JobIdentity } from './import-job.js';
import { defineJob } from './job-definition.js';
import { syncOptions, targetOption } from './job-options.js';
import { choiceOption } from './option-values.js';
import { runSyncJob, sendSyncBatch, syncImages, syncResumeOutcomes, unchangedOutcome, type SyncItem, type SyncOptions } from './sync-job.js';
import { numberFields } from '../transforms/before-image.js';
import { writeOperation } from './write-operation.js';
import { dncUndo } from './dnc-undo.js';

/** What a DNC job does with each number; `sync` makes the list hold exactly the file's numbers. */
export type DncMode = 'add' | 'remove' | 'sync';

/** The operation that writes in each mode. */
const DNC_WRITES = {
  add: writeOperation('batchCreateCampaignDncListPhones'),
  remove: writeOperation('batchDeleteCampaignDncListPhone'),
  sync: writeOperation('batchCreateCampaignDncListPhones'),
} as const;

/** Options of a DNC list job, already checked (see {@link dncJob}'s schema). */
export interface ImportDncOptions extends ImportJobOptions, Partial<SyncOptions> {
  /** DNC list id or name. */
  readonly list: string;
  readonly mode: DncMode;
  readonly country: string;
  /** Headers of the columns to read numbers from (`--column`); default every phone column. */
  readonly columns?: readonly string[] | undefined;
}

/**
 * `ccbulk import dnc`: the job as every door runs it. Its options beyond the shared ones; `run`
 * picks the import or the sync by mode.
 */
export const dncJob = defineJob({
  name: 'dnc',
  modes: ['add', 'remove', 'sync'],
  targetOption: 'list',
  targetKind: 'dnc-list',
  options: z.object({
    /** `--list`: the DNC list, by id or name. Required. */
    list: targetOption('--list', 'a DNC list'),
    /** `--mode`. Default add. */
    mode: choiceOption('--mode', ['add', 'remove', 'sync'], 'add'),
    ...syncOptions,
    /** `--column` (repeatable): read numbers from these columns only. Default every phone column. */
    columns: z.array(z.string()).optional(),
  }),
  modeOptions: { deleteMissing: ['sync'], maxDelete: ['sync'] },
  deletes: { modes: ['remove'], items: 'numbers' },
  writes: DNC_WRITES,
  calls: {
    // Resolving the list (a campaign contact list of type do_not_contact) and reading its numbers.
    reads: ['getCampaignContactList', 'listCampaignDncListPhones'],
    modes: { add: ['batchCreateCampaignDncListPhones'], remove: ['batchDeleteCampaignDncListPhone'], sync: ['batchCreateCampaignDncListPhones'] },
    options: { deleteMissing: ['batchDeleteCampaignDncListPhone'] },
  },
  run: importDnc,
  // A DNC list holds numbers: the number is the key.
  syncKey: () => 'phone',
  customFields: async () => [],
  targets: async (client) => {
    const targets = [];
    for await (const list of client.listCampaignContactLists('do_not_contact')) targets.push({ id: list.contact_list_id ?? '', name: list.contact_list_name ?? '' });
    return targets;
  },
  undo: dncUndo,
});

/** The frame's view of the job in `mode`. */
const identity = (mode: DncMode): JobIdentity => ({ name: 'dnc', mode, operation: DNC_WRITES[mode], targetKind: 'dnc-list' });

/**
 * The DNC list job: numbers added, removed, or the list synced to the file (see each below).
 */
export function importDnc(client: ContactCenterClient, options: ImportDncOptions): Promise<ImportSummary> {
  const { mode } = options;
  if (mode === 'sync') return syncDnc(client, { ...options, deleteMissing: options.deleteMissing ?? false, maxDelete: options.maxDelete ?? { percent: 10 } });
  return importRows(client, { ...options, mode });
}

/**
 * The DNC list import: every number of every phone column (or of the `--column`s given) is
 * normalised and added to, or removed from, the list — each reported on its own line, with its
 * row's line. A number repeated anywhere in the file is sent once (the API wants unique numbers
 * in a batch, and a repeat across batches is waste); removal maps numbers to their `phone_id`s
 * by listing the DNC list once.
 */
function importRows(client: ContactCenterClient, options: ImportDncOptions & { readonly mode: Exclude<DncMode, 'sync'> }): Promise<ImportSummary> {
  return runImportJob(client, identity(options.mode), options, async (table, plan, claim) => {
    const columns = planDncColumns(plan, table.header, options.columns);
    const list = await resolveContactList(client, options.list, 'do_not_contact');
    await claim(list);
    const phones = createPhoneNormaliser({ defaultCountry: options.country, ...phoneSettingsFor(options) });
    const onList = options.mode === 'remove' ? await DncIndex.load(client, list.id) : undefined;
    const before = options.mode === 'add' ? await listBeforeAdding(client, list, options) : undefined;
    // Not read first, an added number may have been on the list already: Zoom's 201 does not say.
    const sender = new DncSender(client, list.id, options.dryRun, options.mode === 'add' && before === undefined ? 'on list' : 'added');
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
            batchSize: DNC_WRITES.add.batchSize,
            prepare,
            ...(before === undefined
              ? {}
              : {
                  noRequest: ({ item }: { readonly item: string }) => {
                    const id = before.get(item);
                    return id === undefined ? undefined : { status: 'already on list', id };
                  },
                  // A number an interrupted run sent, on the list now: that run added it.
                  asked: () => 'add',
                  doneBefore: (_asked: string, settled: { readonly status: string; readonly id?: string }) => ({ ...settled, status: 'added' }),
                }),
            // A number sent was not on the list when the run read it; unread, the run cannot tell.
            imagesOf: async (batch) => batch.map((p) => ({ t: 'create', fields: numberFields(p.item), ...(before === undefined ? { maybeThere: true } : {}) }) as const),
            send: (batch) => sender.add(batch.map((p) => p.item)),
            recover: async (batch) => ({ ...(await sender.settleAdd(batch.map((p) => p.item))), how: 'read the DNC list, added the missing' }),
          }
        : {
            batchSize: DNC_WRITES.remove.batchSize,
            prepare,
            // The number, by its phone id as the run listed it: the undo adds it back.
            imagesOf: async (batch) => batch.map((p) => ({ t: 'delete', id: p.item, before: numberFields(p.phones[0] ?? '') }) as const),
            send: (batch) => sender.remove(batch.map((p) => p.item)),
          };
    return {
      ...prefetchingPhones(target, phones, columns, plan.fields.country),
      describe: { dncListId: list.id, name: list.name },
      extra: () => (options.dryRun ? { plannedWrites: sender.plannedRequests } : {}),
    };
  });
}
/**
 * The DNC list's numbers (and their phone ids) before an add, when reading the list costs fewer
 * requests than sending all the file's numbers (its pages of the listing against the file's
 * batches of the add endpoint; an empty list costs none): the numbers already on it are then
 * reported `already on list` and not sent, and the rest `added`. Undefined otherwise: every number
 * is sent, and reported `on list`, which is all Zoom's answer says (201, no per-number result; a
 * number already there is skipped).
 */
async function listBeforeAdding(client: ContactCenterClient, list: ResolvedContactList, options: ImportJobOptions): Promise<ReadonlyMap<string, string> | undefined> {
  if (list.size === undefined) return undefined;
  const batches = Math.ceil((await rowsOf(options)) / DNC_WRITES.add.batchSize);
  const pages = Math.ceil(list.size / LIST_PAGE);
  if (pages >= batches) return undefined;
  return list.size === 0 ? new Map() : (await DncIndex.load(client, list.id)).ids;
}

/** Numbers a DNC listing request gives at most. */
const LIST_PAGE = maxPageSize('listCampaignDncListPhones') ?? 100;

/**
 * About how many numbers a file holds, to weigh reading the list against sending them: its data
 * rows (most give one number). A CSV's lines are counted without parsing; a workbook is read once.
 */
async function rowsOf(options: ImportJobOptions): Promise<number> {
  const estimate = await estimateRowCount(options.file);
  if (estimate !== undefined) return estimate;
  const table = await openTable(options.file, { encoding: options.encoding, delimiter: options.delimiter, sheet: options.sheet });
  let rows = 0;
  for await (const _ of table.items) rows++;
  return rows;
}

/** Options of a DNC list sync, already checked. */
type SyncDncOptions = ImportJobOptions & SyncOptions & Pick<ImportDncOptions, 'list' | 'country' | 'columns'>;

type DncSyncItem = SyncItem<string, never>;

/**
 * `--mode sync` of the DNC import: the list ends holding the file's numbers. Numbers not on it
 * are added (100 a request), numbers on it are `unchanged` (no request), and numbers on it that
 * the file lacks are listed in not-in-file.csv, or removed with `--delete-missing`. The key is
 * the number itself.
 */
function syncDnc(client: ContactCenterClient, options: SyncDncOptions): Promise<ImportSummary> {
  return runSyncJob<DncSyncItem>(client, identity('sync'), { ...options, key: undefined }, async (table, plan, claim) => {
    const columns = planDncColumns(plan, table.header, options.columns);
    const list = await resolveContactList(client, options.list, 'do_not_contact');
    await claim(list);
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
        if (slot === undefined) return { ok: true, item: { action: 'create', item: n.number, image: { t: 'create', fields: numberFields(n.number) } }, keys, phones: [n.number] };
        const owner = index.claim(slot, row.origin.line);
        // The same number twice on one row is one number; on another row, a duplicate.
        if (owner !== row.origin.line) return { ok: false, stage: 'duplicate', reasons: [{ kind: 'duplicate of an earlier row', text: `duplicate of line ${owner}` }], phones: [n.number] };
        return { ok: true, item: { action: 'unchanged', contactId: index.idAt(slot) }, keys, phones: [n.number] };
      });
    };
    const target: ImportTarget<DncSyncItem> = {
      batchSize: DNC_WRITES.add.batchSize,
      prepare,
      imagesOf: syncImages,
      noRequest: unchangedOutcome,
      ...syncResumeOutcomes('added'),
      send: (batch) => sendSyncBatch(batch, DNC_WRITES.add.batchSize, (numbers) => sender.add(numbers), async () => []),
      recover: async (batch) => {
        let found = 0;
        let resent = 0;
        const verdicts = await sendSyncBatch(
          batch,
          DNC_WRITES.add.batchSize,
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
      key: dncJob.syncKey(plan, undefined),
      noun: 'numbers',
      describe: { dncListId: list.id, name: list.name },
      deleteBatchSize: DNC_WRITES.remove.batchSize,
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
