import { readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importAddressBook } from '../../src/pipelines/address-book.js';
import { ImportStopped } from '../../src/pipelines/import-job.js';
import { renderImportReport } from '../../src/writers/run-report.js';
import type { ImportSummary } from '../../src/writers/summary-file.js';
import { launchChromium, openLocalFile } from '../support/browser.js';
import { emulatorWithClient, newAddressBook } from '../support/emulator-client.js';
import { readSummary, tempDir, writeFile } from '../support/import-env.js';
import { projectRoot } from '../support/run-cli.js';
import type { Browser } from 'playwright-core';

const fixture = path.join(projectRoot, 'fixtures', 'contacts.csv');

let browser: Browser;
let closeBrowser: () => Promise<void>;

beforeAll(async () => {
  ({ browser, close: closeBrowser } = await launchChromium());
});

afterAll(async () => {
  await closeBrowser();
});

/** Opens a report in Chromium (see openLocalFile). */
const openReport = (file: string, screenshot: string) => openLocalFile(browser, file, screenshot);

describe('report.html', () => {
  it('is written beside summary.json of an import, renders in Chromium with no error and no request, and shows summary.json\'s numbers', async () => {
    const { client, close } = await emulatorWithClient({ seed: 5, faults: { rateLimitRate: 0.2 } }, { limits: { HEAVY: 20 } });
    try {
      await newAddressBook(client, 'Report book');
      const out = path.join(tempDir(), 'out');
      await importAddressBook(client, { file: fixture, outDir: out, dryRun: false, concurrency: 4, book: 'Report book', mode: 'create', country: 'US', phoneThreads: 0 }).catch((error: unknown) => {
        if (!(error instanceof ImportStopped)) throw error;
      });
      const report = path.join(out, 'report.html');
      expect(statSync(report).mode & 0o777).toBe(0o600);
      const summary = readSummary(out) as unknown as ImportSummary;
      expect(summary.files['report']).toBe(report);
      expect(summary.series?.buckets.length).toBeGreaterThan(0);
      expect(summary.series!.buckets.reduce((n, b) => n + b.done, 0)).toBe(summary.succeeded + summary.rejected);
      expect(summary.series!.buckets.reduce((n, b) => n + b.rateLimited, 0)).toBe(summary.rateLimited);
      expect(summary.latency?.count).toBeGreaterThan(0);

      const { page, problems } = await openReport(report, 'report-import.png');
      const field = (name: string) => page.locator(`[data-field="${name}"]`).first().textContent();
      expect(await field('rows')).toBe(String(summary.rows));
      expect(await field('succeeded')).toBe(String(summary.succeeded));
      expect(await field('rejected')).toBe(String(summary.rejected));
      expect(await field('requests')).toBe(String(summary.requests));
      expect(await field('rateLimited')).toBe(String(summary.rateLimited));
      expect(await field('latency.count')).toBe(String(summary.latency!.count));
      for (const [kind, count] of Object.entries(summary.rejectedByReason)) {
        expect(await page.locator(`[data-reason="${kind.replace(/"/g, '\\"')}"]`).textContent(), kind).toBe(String(count));
      }
      expect(await page.locator('svg.chart').count()).toBe(3);
      expect(await page.locator('pre code').first().textContent()).toContain("ccbulk import address-book");
      expect(problems).toEqual([]);
      await page.close();
    } finally {
      await close();
    }
  });

  it('of a dry run shows the plan: the write requests the real run would send', async () => {
    const { client, close } = await emulatorWithClient({ seed: 6 });
    try {
      await newAddressBook(client, 'Plan book');
      const out = path.join(tempDir(), 'out');
      const summary = await importAddressBook(client, { file: fixture, outDir: out, dryRun: true, concurrency: 4, book: 'Plan book', mode: 'create', country: 'US', phoneThreads: 0 });
      const { page, problems } = await openReport(path.join(out, 'report.html'), 'report-dry-run.png');
      expect(await page.locator('[data-field="plannedWrites"]').textContent()).toBe(String(summary.plannedWrites));
      expect(await page.locator('h1').textContent()).toContain('checked');
      expect(await page.locator('pre code').first().textContent()).toContain('--dry-run');
      expect(problems).toEqual([]);
      await page.close();
    } finally {
      await close();
    }
  });

  it('escapes hostile file names, reasons and cells, so nothing of the input runs in the page', async () => {
    const hostile = '<img src=x onerror="window.pwned=1"><script>window.pwned=1</script>';
    const summary: ImportSummary = {
      job: 'address-book',
      mode: 'create',
      dryRun: false,
      input: `${hostile}.csv`,
      target: { name: hostile },
      rows: 1,
      succeeded: 0,
      rejected: 1,
      requests: 0,
      retries: 0,
      rateLimited: 0,
      elapsedMs: 10,
      rejectedByStage: { validate: 1 },
      rejectedByReason: { [hostile]: 1 },
      unmappedColumns: [hostile],
      files: {},
    };
    const html = renderImportReport(summary, {
      commandLine: `ccbulk import address-book '${hostile}'`,
      header: [hostile],
      samples: { [hostile]: [{ line: '2', stage: 'validate', reasons: [hostile], cells: [hostile] }] },
    });
    expect(html).not.toContain('<script>');
    expect(html).not.toContain('<img');
    const file = writeFile(tempDir(), 'report.html', html);
    const { page, problems } = await openReport(file, 'report-hostile.png');
    expect(await page.evaluate(() => (globalThis as { pwned?: number }).pwned)).toBeUndefined();
    expect(await page.locator('header').textContent()).toContain(hostile);
    expect(problems).toEqual([]);
    expect(readFileSync(file, 'utf8')).toBe(html);
    await page.close();
  });
  it('compares like with like: every leg\'s time beside the fastest time for the items every leg sent, on both create lanes', () => {
    // A resumed create on two lanes: 3,990 contacts created and 6 refused by Zoom went out;
    // 4 rows refused before sending did not, and take no time of the rate.
    const summary: ImportSummary = {
      job: 'address-book',
      mode: 'create',
      dryRun: false,
      input: 'leads.csv',
      target: { name: 'Leads' },
      rows: 4000,
      succeeded: 3990,
      rejected: 10,
      requests: 420,
      retries: 0,
      rateLimited: 0,
      elapsedMs: 78_000,
      legs: 2,
      resumed: true,
      rejectedByStage: { api: 6, validate: 4 },
      rejectedByReason: { 'invalid phone': 4, 'refused by Zoom': 6 },
      unmappedColumns: [],
      createLanes: { batch: { requests: 100, contacts: 1000 }, single: { requests: 200, contacts: 200 } },
      files: {},
    };
    const html = renderImportReport(summary, {
      commandLine: 'ccbulk import address-book leads.csv',
      header: [],
      samples: {},
      rate: { plan: 'business', label: 'MEDIUM', requestsPerSecond: 4, batchSize: 10, singlesPerSecond: 10 },
    });
    expect(html).toContain('Fastest possible for the <span data-field="itemsSent">3996</span> items sent (all 2 legs)');
    // 3,996 items at 4 × 10 + 10 a second: 79.92 s, where the batch lane alone would say 99.9 s.
    expect(html).toContain('data-field="fastestMs" data-value="79920"');
    expect(html).toContain('Took (all 2 legs, not the time between them)</th><td>1 min 18 s</td>');
  });
});
