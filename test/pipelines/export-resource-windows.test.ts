import { mkdtemp, readFile, readdir, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { catalogueItems } from '../../src/emulator/catalogue/catalogue-items.js';
import { startEmulator, type RunningEmulator } from '../../src/emulator/server.js';
import { exportCatalogueResource, type ResourceExportOptions } from '../../src/pipelines/export-resource.js';
import { splitWindow } from '../../src/transforms/date-windows.js';
import { unguardFormula } from '../../src/transforms/formula-guard.js';
import { ContactCenterClient } from '../../src/zoom/client.js';
import { DailyLimitError } from '../../src/zoom/daily-limit-error.js';
import { findResource } from '../../src/zoom/resource-catalogue.js';
import { configFor } from '../support/emulator-client.js';

/**
 * Nightly incremental exports: each night, with a controlled clock, exports the window since
 * the last complete night. The files together must hold every item of the whole range exactly
 * once, even when a night stops midway on the daily API limit.
 */
describe('incremental exports with --since last', () => {
  let emulator: RunningEmulator;
  let dir: string;
  const engagements = findResource('engagements');

  beforeAll(async () => {
    emulator = await startEmulator({ seed: 5 });
    dir = await mkdtemp(join(tmpdir(), 'ccbulk-nights-'));
  });

  afterAll(async () => {
    await emulator?.close();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  /** One night: a fresh client, as a nightly job is a fresh process. */
  async function night(clock: string, extra: Partial<ResourceExportOptions> = {}) {
    const client = new ContactCenterClient(configFor(emulator), { backoffBaseMs: 10 });
    try {
      return await exportCatalogueResource(client, 'engagements', {
        out: join(dir, 'engagements-{date}.csv'),
        bom: false,
        since: 'last',
        query: { from: '2024-01-20' },
        pageSize: 25,
        clock: () => new Date(clock),
        ...extra,
      });
    } finally {
      await client.close();
    }
  }

  async function ids(file: string): Promise<string[]> {
    const [header, ...rows] = parse(await readFile(join(dir, file), 'utf8')) as string[][];
    const at = header!.indexOf('engagement_id');
    // Ids that start with `-` are formula-guarded in the file, as every cell is.
    return rows.map((row) => unguardFormula(row[at]!));
  }

  it('splits a window longer than the API allows at calendar months, without gap or overlap', () => {
    const ranges = splitWindow(new Date('2024-01-20T00:00:00Z'), new Date('2024-03-10T00:00:00Z'), { granularity: 'date', maxMonths: 1 });
    expect(ranges).toEqual([
      { from: '2024-01-20', to: '2024-02-19' },
      { from: '2024-02-20', to: '2024-03-09' },
    ]);
    const seconds = splitWindow(new Date('2024-01-31T12:00:00Z'), new Date('2024-03-01T00:00:00Z'), { granularity: 'date-time', maxMonths: 1 });
    expect(seconds).toEqual([
      { from: '2024-01-31T12:00:00Z', to: '2024-02-29T11:59:59Z' },
      { from: '2024-02-29T12:00:00Z', to: '2024-02-29T23:59:59Z' },
    ]);
  });

  it('three nights, the second stopped by the daily limit, export every item of the range exactly once', async () => {
    // The failed night must have more than one page to fail midway (one item per page).
    const failedSpan = { from: Date.parse('2024-03-10T00:00:00Z'), to: Date.parse('2024-03-12T23:59:59Z') };
    expect(catalogueItems(engagements, {}, failedSpan).length).toBeGreaterThan(1);

    const first = await night('2024-03-10T02:00:00Z');
    expect(first.window).toEqual({ from: '2024-01-20', to: '2024-03-09' });

    let pages = 0;
    const stopped = night('2024-03-13T02:00:00Z', {
      pageSize: 1,
      onPage: () => {
        // After the first page the account's daily quota runs out, as it would at Zoom.
        if (++pages === 1) emulator.setFaults({ forceDailyLimit: true });
      },
    });
    await expect(stopped).rejects.toBeInstanceOf(DailyLimitError);
    expect(pages).toBe(1);
    emulator.setFaults({ forceDailyLimit: false });

    const third = await night('2024-03-14T02:00:00Z');
    expect(third.window).toEqual({ from: '2024-03-10', to: '2024-03-13' });

    // The failed night left no file (nor report), and no temporary file either.
    expect((await readdir(dir)).sort()).toEqual([
      '.ccbulk-state.json',
      'engagements-2024-03-10.csv',
      'engagements-2024-03-10.csv.report.html',
      'engagements-2024-03-14.csv',
      'engagements-2024-03-14.csv.report.html',
    ]);
    const exported = [...(await ids('engagements-2024-03-10.csv')), ...(await ids('engagements-2024-03-14.csv'))];
    const expected = catalogueItems(engagements, {}, { from: Date.parse('2024-01-20T00:00:00Z'), to: Date.parse('2024-03-13T23:59:59Z') }).map(
      (item) => String(item['engagement_id']),
    );
    expect(expected.length).toBeGreaterThan(100);
    expect(new Set(exported).size).toBe(exported.length);
    expect(exported.sort()).toEqual(expected.sort());
    expect((await stat(join(dir, '.ccbulk-state.json'))).mode & 0o777).toBe(0o600);
  }, 60_000);

  it('a second run on the same night finds nothing new and leaves the night\'s file as it was', async () => {
    const before = await readFile(join(dir, 'engagements-2024-03-14.csv'), 'utf8');
    const again = await night('2024-03-14T05:00:00Z');
    expect(again.upToDate).toBe(true);
    expect(again.rows).toBe(0);
    expect(await readFile(join(dir, 'engagements-2024-03-14.csv'), 'utf8')).toBe(before);
  });
});
