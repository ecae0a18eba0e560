import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator, type RunningEmulator } from '../../src/emulator/server.js';
import { exportCatalogueResource } from '../../src/pipelines/export-resource.js';
import { catalogue, type CatalogueEntry } from '../../src/zoom/resource-catalogue.js';
import { ContactCenterClient } from '../../src/zoom/client.js';
import type { OperationId } from '../../src/zoom/generated/operations.js';
import { rateLabelOf } from '../../src/zoom/rate-plans.js';
import { configFor } from '../support/emulator-client.js';
import { startPrismProxy, type PrismProxy } from '../support/prism.js';

/**
 * Every resource of the export catalogue, exported from the emulator through Prism's validating
 * proxy: every request the exporter sends and every page the emulator answers must conform to
 * the spec, and every file must hold exactly the items the emulator lists.
 */
describe('contract: every catalogue resource exports through Prism', () => {
  let emulator: RunningEmulator;
  let prism: PrismProxy;
  let client: ContactCenterClient;
  let direct: ContactCenterClient;
  let dir: string;
  const ids: Record<string, string> = {};

  beforeAll(async () => {
    emulator = await startEmulator({ seed: 18, checkResponses: true });
    prism = await startPrismProxy({ upstreamUrl: emulator.apiUrl });
    client = new ContactCenterClient({ ...configFor(emulator), apiUrl: prism.url }, { backoffBaseMs: 20 });
    direct = new ContactCenterClient(configFor(emulator), { backoffBaseMs: 20 });
    dir = await mkdtemp(join(tmpdir(), 'ccbulk-catalogue-'));
    // The hand-written endpoints serve the emulated account's contents: give them some.
    const unit = await direct.createUnit({ unit_name: 'Catalogue unit' });
    const book = await direct.createAddressBook({ unit_id: unit.unit_id!, address_book_name: 'Catalogue book' });
    const field = await direct.createAddressBookCustomField({ custom_field_name: 'Tier', data_type: 'string' } as never);
    const made = await direct.batchCreateAddressBookContacts(
      book.address_book_id!,
      Array.from({ length: 9 }, (_, i) => ({
        display_name: `Row ${i}`,
        phones: [{ phone_number: `+1415200${String(1000 + i)}`, phone_type: 'main' as const }],
        custom_fields: [{ custom_field_id: field.custom_field_id!, custom_field_value: 'gold' }],
      })),
    );
    const list = await direct.createCampaignContactList({ contact_list_name: 'Catalogue list', contact_list_type: 'contact' } as never);
    await direct.createCampaignCustomField({ custom_field_name: 'Segment', data_type: 'string' } as never);
    await direct.batchInsertCampaignContacts(
      list.contact_list_id!,
      Array.from({ length: 11 }, (_, i) => ({
        contact_display_name: `Camp ${i}`,
        contact_phones: [{ contact_phone_number: `+1646300${String(1000 + i)}`, contact_phone_type: 'Main' }],
      })) as never,
    );
    const campaignContact = (await direct.listCampaignContacts(list.contact_list_id!).next()).value as { contact_id: string };
    const dnc = await direct.createCampaignContactList({ contact_list_name: 'Catalogue DNC', contact_list_type: 'do_not_contact' } as never);
    await direct.batchAddDncPhones(dnc.contact_list_id!, Array.from({ length: 13 }, (_, i) => `+1212555${String(1000 + i)}`));
    Object.assign(ids, {
      unit_id: unit.unit_id!,
      addressBookId: book.address_book_id!,
      contactListId: list.contact_list_id!,
      dncListId: dnc.contact_list_id!,
      'address-books-contacts-custom-fields:contactId': made.contacts![0]!.contact_id!,
      'outbound-campaign-contacts-custom-fields:contactId': campaignContact.contact_id,
    });
  }, 90_000);

  afterAll(async () => {
    await client?.close();
    await direct?.close();
    await prism?.stop();
    await emulator?.close();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  /** Ids for the path and id-valued parameters: the seeded ones, else the first item of the parent list, else any id. */
  async function idsFor(entry: CatalogueEntry): Promise<Record<string, string>> {
    const out: Record<string, string> = {};
    const needs = [...entry.pathParams, ...entry.query.filter((q) => q.required && q.parent)];
    for (const need of needs) {
      const seeded = ids[`${entry.name}:${need.name}`] ?? ids[need.name];
      if (seeded !== undefined) out[need.name] = seeded;
      else if (need.parent !== undefined) {
        const parent = catalogue.find((e) => e.name === need.parent)!;
        const page = (await direct.callOperation(parent.operationId as OperationId, { query: { page_size: 5 } })) as Record<string, unknown>;
        // A time-ranged parent (engagements: the past day) can list nothing on some dates; the
        // emulator's nested lists take any parent id, so a made-up one exercises them the same.
        const first = (page[parent.itemsKey] as Record<string, unknown>[] | undefined)?.[0];
        out[need.name] = first === undefined ? `${need.name}-7Yq2` : String(first[need.idField!]);
      } else out[need.name] = `${need.name}-7Yq2`;
    }
    return out;
  }

  /** Required parameters that are not ids: the first allowed value. A fixed past window for time-ranged ones. */
  function queryFor(entry: CatalogueEntry): Record<string, unknown> {
    const query: Record<string, unknown> = {};
    for (const q of entry.query) {
      if (!q.required || q.parent) continue;
      query[q.name] = q.enum?.[0] ?? q.example;
    }
    if (entry.window) {
      const date = entry.window.granularity === 'date';
      query[entry.window.from] = date ? '2024-03-01' : '2024-03-01T00:00:00Z';
      query[entry.window.to] = date ? '2024-03-02' : '2024-03-02T23:59:59Z';
    }
    return query;
  }

  /** The items the emulator lists, paged by hand against the emulator itself (no Prism, no exporter). */
  async function listed(entry: CatalogueEntry, path: Record<string, string>, query: Record<string, unknown>): Promise<number> {
    let total = 0;
    let token: string | undefined;
    const inPath = Object.fromEntries(Object.entries(path).filter(([k]) => entry.pathParams.some((p) => p.name === k)));
    const inQuery = Object.fromEntries(Object.entries(path).filter(([k]) => !entry.pathParams.some((p) => p.name === k)));
    do {
      const page = (await direct.callOperation(entry.operationId as OperationId, {
        path: inPath,
        query: { ...query, ...inQuery, page_size: entry.pageSize.max, ...(token ? { next_page_token: token } : {}) },
      })) as Record<string, unknown>;
      total += (page[entry.itemsKey] as unknown[] | undefined)?.length ?? 0;
      token = typeof page['next_page_token'] === 'string' && page['next_page_token'] !== '' ? page['next_page_token'] : undefined;
    } while (token);
    return total;
  }

  function violations(): string[] {
    return prism.violations().map((v) => `${v.severity} ${v.method} ${v.path} ${v.location.join('.')}: ${v.message}`);
  }

  it('the catalogue holds every paginated list endpoint of the spec, each under a unique name', () => {
    expect(catalogue.length).toBe(94);
    expect(new Set(catalogue.map((e) => e.name)).size).toBe(catalogue.length);
    // The label the client's limiter paces each request by is the one the catalogue documents.
    for (const entry of catalogue) expect(rateLabelOf(entry.operationId as OperationId), entry.name).toBe(entry.label);
    expect(catalogue.find((e) => e.name === 'engagements')?.label).toBe('HEAVY');
    expect(catalogue.find((e) => e.name === 'queues-agents')?.pathParams).toEqual([
      { name: 'queueId', parent: 'queues', idField: 'queue_id', nameField: 'queue_name' },
    ]);
  });

  it('exports every resource to CSV with one row per listed item and no contract violation', async () => {
    const problems: string[] = [];
    let rowsTotal = 0;
    for (const entry of catalogue) {
      const path = await idsFor(entry);
      const query = queryFor(entry);
      const out = join(dir, `${entry.name}.csv`);
      // A small page size, so that most listings take several pages and their tokens.
      const summary = await exportCatalogueResource(client, entry.name, {
        out,
        bom: false,
        ids: path,
        query,
        pageSize: Math.max(entry.pageSize.min, Math.min(7, entry.pageSize.max)),
      });
      const records = parse(await readFile(out, 'utf8')) as string[][];
      const expected = await listed(entry, path, query);
      expect(records[0], entry.name).toEqual(entry.columns.map((c) => c.name));
      if (records.length - 1 !== expected || summary.rows !== expected) {
        problems.push(`${entry.name}: ${records.length - 1} rows written, ${expected} items listed`);
      }
      rowsTotal += expected;
    }
    expect(problems).toEqual([]);
    expect(violations()).toEqual([]);
    expect(rowsTotal).toBeGreaterThan(500);
  }, 150_000);

  it('exports every resource to XLSX with one row per listed item, and a nested one with --each', async () => {
    prism.clearViolations();
    const problems: string[] = [];
    for (const entry of catalogue) {
      const out = join(dir, `${entry.name}.xlsx`);
      const path = await idsFor(entry);
      const summary = await exportCatalogueResource(client, entry.name, { out, bom: true, ids: path, query: queryFor(entry) });
      const book = new ExcelJS.Workbook();
      await book.xlsx.readFile(out);
      const sheet = book.worksheets[0]!;
      const expected = await listed(entry, path, queryFor(entry));
      expect((sheet.getRow(1).values as unknown[]).slice(1), entry.name).toEqual(entry.columns.map((c) => c.name));
      if (sheet.rowCount - 1 !== expected || summary.rows !== expected) problems.push(`${entry.name}: ${sheet.rowCount - 1} rows written, ${expected} items listed`);
    }
    expect(problems).toEqual([]);
    // queues/{queueId}/agents over every queue: one file, the queue's id in the first column.
    const out = join(dir, 'agents.xlsx');
    const summary = await exportCatalogueResource(client, 'queues-agents', { out, bom: true, each: true });
    const queues = catalogue.find((e) => e.name === 'queues')!;
    const agents = catalogue.find((e) => e.name === 'queues-agents')!;
    const book = new ExcelJS.Workbook();
    await book.xlsx.readFile(out);
    const sheet = book.worksheets[0]!;
    expect(sheet.getRow(1).getCell(1).text).toBe('queue_id');
    const page = (await direct.callOperation('listQueues', { query: { page_size: queues.pageSize.max } })) as { queues: { queue_id: string }[]; next_page_token: string };
    expect(page.next_page_token).toBe('');
    const queueIds = page.queues.map((q) => q.queue_id);
    let expected = 0;
    for (const queueId of queueIds) expected += await listed(agents, { queueId }, {});
    expect(summary.rows).toBe(expected);
    expect(sheet.rowCount - 1).toBe(expected);
    // Every queue lists at least three agents in the emulator, so every queue id appears.
    expect(new Set(sheet.getColumn(1).values.slice(2).map(String))).toEqual(new Set(queueIds));
    expect(violations()).toEqual([]);
  }, 150_000);
});
