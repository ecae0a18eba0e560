import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { exportCatalogueResource } from '../../src/pipelines/export-resource.js';
import { unguardFormula } from '../../src/transforms/formula-guard.js';
import { emulatorWithClient } from '../support/emulator-client.js';
import type { ContactCenterClient } from '../../src/zoom/client.js';

describe('exporting a nested catalogue resource', () => {
  let client: ContactCenterClient;
  let close: () => Promise<void>;
  let dir: string;

  beforeAll(async () => {
    ({ client, close } = await emulatorWithClient({ seed: 11 }));
    dir = await mkdtemp(join(tmpdir(), 'ccbulk-nested-'));
  });
  afterAll(async () => {
    await close?.();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  const rows = async (file: string) => parse(await readFile(join(dir, file), 'utf8')) as string[][];

  it('takes a parent by name where the parent list has a name field, and writes the same rows as by id', async () => {
    const page = (await client.callOperation('listQueues', {})) as { queues: { queue_id: string; queue_name: string }[] };
    const queue = page.queues[1]!;
    await exportCatalogueResource(client, 'queues-agents', { out: join(dir, 'by-id.csv'), bom: false, ids: { queueId: queue.queue_id } });
    await exportCatalogueResource(client, 'queues-agents', { out: join(dir, 'by-name.csv'), bom: false, ids: { queueId: queue.queue_name } });
    expect((await rows('by-id.csv')).length).toBeGreaterThan(1);
    expect(await rows('by-name.csv')).toEqual(await rows('by-id.csv'));
  });

  it('refuses a parent that is neither an id nor a name of the parent list', async () => {
    await expect(
      exportCatalogueResource(client, 'queues-agents', { out: join(dir, 'none.csv'), bom: false, ids: { queueId: 'No such queue' } }),
    ).rejects.toThrow('Expected `--queue-id` to be a queue_id or queue_name of queues, got `No such queue`');
  });

  it('runs over every parent with each, also where the parent id is a required query parameter', async () => {
    const summary = await exportCatalogueResource(client, 'variables', { out: join(dir, 'variables.csv'), bom: false, each: true });
    const [header, ...data] = await rows('variables.csv');
    // The items carry a variable_group_id of their own, so the parent's column says whose it is.
    expect(header![0]).toBe('parent.variable_group_id');
    const groups = (await client.callOperation('listVariableGroups', { query: { page_size: 300 } })) as { variable_groups: { variable_group_id: string }[] };
    expect(new Set(data.map((r) => unguardFormula(r[0]!)))).toEqual(new Set(groups.variable_groups.map((g) => g.variable_group_id)));
    expect(summary.rows).toBe(data.length);
  });
});
