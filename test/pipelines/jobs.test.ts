import type { RosterMode } from '../../src/transforms/roster-diff.js';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, expectTypeOf, it } from 'vitest';
import { startEmulator, type RunningEmulator } from '../../src/emulator/server.js';
import { importAddressBook, type AddressBookMode } from '../../src/pipelines/address-book.js';
import { importCampaignContacts, type CampaignMode } from '../../src/pipelines/campaign-contacts.js';
import { importDnc, type DncMode } from '../../src/pipelines/dnc.js';
import type { ImportJobOptions } from '../../src/pipelines/import-job.js';
import { JOB_MODES, parseJobRequest, savedRequestOf, writeOperationOf, type ImportJobName, type JobMode } from '../../src/pipelines/jobs.js';
import { ContactCenterClient } from '../../src/zoom/client.js';
import { operationTable } from '../../src/zoom/generated/operations.js';
import { configFor } from '../support/emulator-client.js';
import { tempDir, writeFile } from '../support/import-env.js';

const everyJobAndMode = (Object.keys(JOB_MODES) as ImportJobName[]).flatMap((job) => JOB_MODES[job].map((mode) => [job, mode] as const));

describe('the write operation of each job and mode', () => {
  it('maps an address book delete to the batch delete operation', () => {
    const operation = writeOperationOf('address-book', 'delete');
    expect(operation.id).toBe('batchDeletecontact');
    expect(operationTable[operation.id]).toMatchObject({ method: 'DELETE', path: '/contact_center/address_books/{addressBookId}/contacts/batch' });
    expect(operation.batchSize).toBe(50);
  });

  it('writes each job to its own resource, with the method its mode means', () => {
    const resource: Record<ImportJobName, RegExp> = {
      'address-book': /^\/contact_center\/address_books\/\{addressBookId\}\/contacts\/batch$/,
      'campaign-contacts': /^\/contact_center\/outbound_campaign\/contact_lists\/\{contactListId\}\/contacts(\/batch)?$/,
      dnc: /^\/contact_center\/outbound_campaign\/dnc_lists\/\{dncListId\}\/phones$/,
      roster: /^\/contact_center\/users(\/batch)?$/,
    };
    // An upsert's batches may turn wholly into creates: it is sized and paced as a create; so is a sync's.
    const method: Record<string, string> = { create: 'POST', upsert: 'POST', sync: 'POST', insert: 'POST', add: 'POST', update: 'PATCH', delete: 'DELETE', remove: 'DELETE' };
    for (const [job, mode] of everyJobAndMode) {
      const operation = operationTable[writeOperationOf(job, mode as never).id];
      expect(`${job} ${mode}: ${operation.method} ${operation.path}`).toMatch(new RegExp(`^${job} ${mode}: ${method[mode]} `));
      expect(operation.path, `${job} ${mode}`).toMatch(resource[job]);
    }
  });

  it('takes the batch size and rate label from the generated operation table', () => {
    for (const [job, mode] of everyJobAndMode) {
      const operation = writeOperationOf(job, mode as never);
      const row = operationTable[operation.id];
      expect(operation).toEqual({ id: operation.id, batchSize: row.maxBatch, rateLabel: row.label });
    }
  });

  it('has exactly the modes the pipelines take', () => {
    // `sync` is dispatched to the sync pipelines (pipelines/sync-*.ts) before the import pipelines.
    expectTypeOf<JobMode<'address-book'>>().toEqualTypeOf<AddressBookMode | 'sync'>();
    expectTypeOf<JobMode<'campaign-contacts'>>().toEqualTypeOf<CampaignMode | 'sync'>();
    expectTypeOf<JobMode<'dnc'>>().toEqualTypeOf<DncMode | 'sync'>();
    expectTypeOf<JobMode<'roster'>>().toEqualTypeOf<RosterMode>();
    expect(JOB_MODES).toEqual({
      'address-book': ['create', 'update', 'upsert', 'delete', 'sync'],
      'campaign-contacts': ['insert', 'update', 'sync'],
      dnc: ['add', 'remove', 'sync'],
      roster: ['create', 'update', 'sync'],
    });
  });
});

describe('each pipeline sends its batches to the operation the table names, as many items a request as it says', () => {
  let emulator: RunningEmulator;
  let client: ContactCenterClient;
  let dir: string;
  beforeAll(async () => {
    emulator = await startEmulator({ seed: 12 });
    client = new ContactCenterClient(configFor(emulator));
    dir = tempDir();
  });
  afterAll(async () => {
    await client.close();
    await emulator.close();
  });

  /** The write requests a run sent: how many went to each operation. */
  async function writesOf(run: () => Promise<unknown>): Promise<Record<string, number>> {
    const before = { ...emulator.stats().byOperation };
    await run();
    const after = emulator.stats().byOperation;
    return Object.fromEntries(Object.entries(after).flatMap(([id, n]) => (n - (before[id] ?? 0) > 0 ? [[id, n - (before[id] ?? 0)]] : [])));
  }

  let runs = 0;
  const common = (file: string): ImportJobOptions & { country: string } => ({
    file,
    outDir: path.join(dir, `run-${runs++}`),
    dryRun: false,
    concurrency: 2,
    country: 'US',
    phoneThreads: 0,
  });
  const phone = (i: number) => `+1212736${String(1000 + i)}`;
  const contacts = (name: string, rows: number) =>
    writeFile(dir, name, ['name,phone', ...Array.from({ length: rows }, (_, i) => `Person ${i},${phone(i)}`)].join('\n'));
  const byId = (name: string, ids: readonly (string | undefined)[]) =>
    writeFile(dir, name, ['contact_id,company', ...ids.map((id) => `${id},Acme`)].join('\n'));
  /** One item more than a batch holds: two requests, if (and only if) batches are of the table's size. */
  const twoBatchesOf = <J extends ImportJobName>(job: J, mode: JobMode<J>) => writeOperationOf(job, mode).batchSize + 1;
  const expectTwoRequests = <J extends ImportJobName>(writes: Record<string, number>, job: J, mode: JobMode<J>) =>
    expect(writes[writeOperationOf(job, mode).id], `${job} ${mode}: ${JSON.stringify(writes)}`).toBe(2);

  it('address book: create, update, delete and upsert', async () => {
    const unit = await client.createUnit({ unit_name: 'U' });
    const book = (await client.createAddressBook({ unit_id: unit.unit_id!, address_book_name: 'Book' })).address_book_id!;
    const run = (file: string, mode: AddressBookMode) => writesOf(() => importAddressBook(client, { ...common(file), book, mode }));

    expectTwoRequests(await run(contacts('create.csv', twoBatchesOf('address-book', 'create')), 'create'), 'address-book', 'create');
    // Enough contacts for two batches of the larger update and delete batches.
    const rows = Math.max(twoBatchesOf('address-book', 'update'), twoBatchesOf('address-book', 'delete'));
    await run(contacts('more.csv', rows), 'upsert');
    expect(emulator.store.addressBookContacts(book)).toHaveLength(rows);
    const ids = emulator.store.addressBookContacts(book).map((c) => c.contact_id);
    expectTwoRequests(await run(byId('update.csv', ids.slice(0, twoBatchesOf('address-book', 'update'))), 'update'), 'address-book', 'update');
    expectTwoRequests(await run(byId('delete.csv', ids.slice(0, twoBatchesOf('address-book', 'delete'))), 'delete'), 'address-book', 'delete');

    const fresh = (await client.createAddressBook({ unit_id: unit.unit_id!, address_book_name: 'Fresh' })).address_book_id!;
    const upsert = await writesOf(() => importAddressBook(client, { ...common(contacts('upsert.csv', twoBatchesOf('address-book', 'upsert'))), book: fresh, mode: 'upsert' }));
    expectTwoRequests(upsert, 'address-book', 'upsert');
  }, 60_000);

  it('campaign contacts: insert and update', async () => {
    const list = (await client.createCampaignContactList({ contact_list_name: 'Campaign', contact_list_type: 'contact' })).contact_list_id!;
    const run = (file: string, mode: CampaignMode) => writesOf(() => importCampaignContacts(client, { ...common(file), list, mode, scrubDnc: [] }));

    expectTwoRequests(await run(contacts('insert.csv', twoBatchesOf('campaign-contacts', 'insert')), 'insert'), 'campaign-contacts', 'insert');
    const ids = emulator.store.campaignContacts(list).map((c) => c.contact_id);
    expectTwoRequests(await run(byId('campaign-update.csv', ids.slice(0, twoBatchesOf('campaign-contacts', 'update'))), 'update'), 'campaign-contacts', 'update');
  }, 60_000);

  it('DNC: add and remove', async () => {
    const list = (await client.createCampaignContactList({ contact_list_name: 'DNC', contact_list_type: 'do_not_contact' })).contact_list_id!;
    const run = (file: string, mode: DncMode) => writesOf(() => importDnc(client, { ...common(file), list, mode }));
    const rows = Math.max(twoBatchesOf('dnc', 'add'), twoBatchesOf('dnc', 'remove'));
    const file = contacts('dnc.csv', rows);

    expectTwoRequests(await run(file, 'add'), 'dnc', 'add');
    expectTwoRequests(await run(file, 'remove'), 'dnc', 'remove');
  }, 60_000);
});

describe('the job registry', () => {
  it('parses a job with the same schema from every door, naming options as that door does', () => {
    const fromCode = parseJobRequest('address-book', { file: 'f.csv', book: 'B', mode: 'sync', deleteMissing: true, maxDelete: '25%', quotaShare: 0.5, concurrency: 4 }, 'code');
    const fromCommandLine = parseJobRequest('address-book', { file: 'f.csv', book: 'B', mode: 'sync', deleteMissing: true, maxDelete: '25%', quotaShare: '0.5', concurrency: '4' }, 'command-line');
    expect(fromCode).toEqual(fromCommandLine);
    expect(fromCode.options).toMatchObject({ mode: 'sync', maxDelete: { percent: 25 }, quotaShare: 0.5, concurrency: 4, lanes: 'both' });
    expect(() => parseJobRequest('dnc', { file: 'f.csv', list: 'L', maxRejects: 'lots' }, 'code')).toThrow('Expected `maxRejects` to be a count');
    expect(() => parseJobRequest('dnc', { file: 'f.csv', list: 'L', maxRejects: 'lots' }, 'command-line')).toThrow('Expected `--max-rejects` to be a count');
    expect(() => parseJobRequest('users', {}, 'code')).toThrow('Expected the job to be one of address-book, campaign-contacts, dnc, roster, got `users`');
  });

  it('resumes a run with the quota share, lanes and target id its journal recorded', () => {
    const state = {
      start: {
        t: 'start' as const,
        version: 1 as const,
        job: 'address-book',
        mode: 'create',
        input: { path: '/abs/contacts.csv', size: 1, mtimeMs: 0, head: '' },
        options: { file: 'contacts.csv', book: 'Customers', mode: 'create', lanes: 'both', quotaShare: 0.5, concurrency: 4, maxRejects: { count: 5 } },
        target: { kind: 'address-book', id: 'book-id-1', name: 'Customers' },
        at: '2026-12-06T00:00:00.000Z',
      },
      done: new Set<number>(),
      unsure: new Set<number>(),
      asked: new Map<number, string>(),
      sizes: undefined,
      counts: undefined,
      nextBatch: 0,
      complete: false,
    };
    const request = savedRequestOf('out', state);
    // By the id it resolved, not the name typed; the input by its absolute path; no --max-rejects again.
    expect(request.options).toMatchObject({ book: 'book-id-1', file: '/abs/contacts.csv', lanes: 'both', quotaShare: 0.5, concurrency: 4 });
    expect(request.options.maxRejects).toBeUndefined();
  });

  it('gives a client kept to a share of each label for a run that started with one', () => {
    const client = new ContactCenterClient({ accountId: 'a', clientId: 'c', clientSecret: 's', apiUrl: 'http://127.0.0.1:1/v2', oauthUrl: 'http://127.0.0.1:1/oauth/token' }, { plan: 'business' });
    const half = client.withQuotaShare(0.5);
    expect(half).not.toBe(client);
    expect(half.limits.MEDIUM).toBeCloseTo(client.limits.MEDIUM / 2);
    expect(client.withQuotaShare(undefined)).toBe(client);
    expect(client.withQuotaShare(1)).toBe(client);
  });
});
