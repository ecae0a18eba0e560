import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { clientForEmulator, createDemoData, DEMO_DNC_FILE, DEMO_NAMES, type DemoData } from '../../src/cli/demo-run.js';
import { startEmulator, type RunningEmulator } from '../../src/emulator/server.js';
import { importDnc } from '../../src/pipelines/dnc.js';
import { startUiServer, type RunningUi } from '../../src/ui/ui-server.js';
import type { ContactCenterClient } from '../../src/zoom/client.js';
import { launchChromium } from '../support/browser.js';
import { tempDir } from '../support/import-env.js';
import { projectRoot } from '../support/run-cli.js';

const fixture = path.join(projectRoot, 'fixtures', 'contacts.csv');

/** The job's options on the page: what the command line's flags do, chosen in step 1. */
describe('the options of a job, chosen on the page, in Chromium', () => {
  let emulator: RunningEmulator;
  let client: ContactCenterClient;
  let data: DemoData;
  let ui: RunningUi;
  let workDir: string;
  let browser: Browser;
  let closeBrowser: () => Promise<void>;
  let page: Page;

  beforeAll(async () => {
    emulator = await startEmulator({ seed: 9 });
    client = clientForEmulator(emulator);
    data = await createDemoData(client);
    await importDnc(client, { file: DEMO_DNC_FILE, outDir: tempDir(), list: DEMO_NAMES.dncList, mode: 'add', country: 'US', dryRun: false, concurrency: 2 });
    workDir = tempDir('ccbulk-ui-');
    ui = await startUiServer({ client, workDir });
    ({ browser, close: closeBrowser } = await launchChromium());
    page = await browser.newPage();
    await page.goto(ui.url);
  });

  afterAll(async () => {
    await closeBrowser?.();
    await ui?.close();
    await client?.close();
    await emulator?.close();
  });

  /** Upload, map, check and run the job chosen in step 1; the run's summary. */
  async function runThePage(): Promise<Record<string, unknown>> {
    await page.locator('#job-next').click();
    await page.waitForURL(/#upload$/);
    await page.locator('#upload-file').setInputFiles(fixture);
    await page.locator('#upload-next').click();
    await page.locator('#map-next').click();
    await page.waitForURL(/#check$/);
    await page.locator('#check-start').click();
    await page.locator('#check-next').waitFor({ timeout: 60_000 });
    await page.locator('#check-next').click();
    await page.locator('#run-start').click();
    await page.waitForURL(/#result$/, { timeout: 60_000 });
    const runId = (await page.locator('#download-summary-json').getAttribute('href'))!.split('/')[3]!;
    return JSON.parse(readFileSync(path.join(workDir, 'runs', runId, 'summary.json'), 'utf8')) as Record<string, unknown>;
  }

  it('scrubs a campaign list against the DNC lists ticked, as --scrub-dnc does', async () => {
    await page.locator('#job-kind').selectOption('campaign-contacts');
    await expect.poll(() => page.locator('#job-target option').allTextContents()).toContain(DEMO_NAMES.campaignList);
    await page.locator('#job-mode').selectOption('insert');
    expect(await page.locator('#job-mode-text').textContent()).toMatch(/never dialled twice/);
    await page.locator('#job-target').selectOption({ label: DEMO_NAMES.campaignList });
    await page.getByLabel(DEMO_NAMES.dncList).check();
    const summary = await runThePage();
    // The command line's demo: 161 contacts in, 3 rows kept off for a number on the DNC list.
    expect(summary['rejectedByStage']).toMatchObject({ dnc: 3 });
    expect(summary['dncScrub']).toMatchObject({ numbers: 6 });
    expect(emulator.store.campaignContacts(data.campaignListId)).toHaveLength(161);
    const onDnc = new Set(emulator.store.dncPhones(data.dncListId).map((p) => p.phone_number));
    const dialled = emulator.store.campaignContacts(data.campaignListId).flatMap((c) => (c.contact_phones ?? []).map((p) => p.contact_phone_number));
    expect(dialled.filter((n) => onDnc.has(n))).toEqual([]);
  });

  it('syncs with --delete-missing and its guard, chosen on the page, and refuses a threshold it cannot read', async () => {
    await page.goto(`${ui.origin}/#job`);
    await page.locator('#job-kind').selectOption('address-book');
    // The modes and books of the job picked, once loaded.
    await expect.poll(() => page.locator('#job-target option').allTextContents()).toContain(`${DEMO_NAMES.addressBook} (0 contacts)`);
    await page.locator('#job-mode').selectOption('sync');
    await page.locator('#job-target').selectOption({ label: `${DEMO_NAMES.addressBook} (0 contacts)` });
    await page.locator('#job-max-rejects').fill('lots');
    await page.locator('#job-next').click();
    await expect.poll(() => page.locator('#error').textContent()).toMatch(/Expected `maxRejects` to be a count \(`500`\) or a percentage \(`10%`\), got `lots`/);
    await page.locator('#job-max-rejects').fill('');
    await page.locator('#job-delete-missing').check();
    await page.locator('#job-max-delete').fill('100%');
    const summary = await runThePage();
    expect(summary['sync']).toMatchObject({ create: 185, notInFile: 0, deleted: 0 });
    const journal = readFileSync(path.join(workDir, 'runs', (summary['files'] as { journal: string }).journal.split(path.sep).at(-2)!, 'journal.jsonl'), 'utf8');
    expect(JSON.parse(journal.split('\n')[0]!).options).toMatchObject({ mode: 'sync', deleteMissing: true, maxDelete: { percent: 100 } });
  });

  it('offers --blanks for an update, upsert or sync, and the run takes the choice', async () => {
    await page.goto(`${ui.origin}/#job`);
    await page.locator('#job-kind').selectOption('address-book');
    await expect.poll(() => page.locator('#job-target option').count()).toBeGreaterThan(0);
    await page.locator('#job-mode').selectOption('create');
    expect(await page.locator('#job-blanks').count()).toBe(0);
    await page.locator('#job-mode').selectOption('sync');
    expect(await page.locator('#job-blanks option').allTextContents()).toEqual(['keeps the contact’s value', 'clears the field (numbers and e-mails: removes that kind)']);
    await page.locator('#job-blanks').selectOption('clear');
    await page.locator('#job-target').selectOption({ index: 0 });
    const summary = await runThePage();
    const journal = readFileSync(path.join(workDir, 'runs', (summary['files'] as { journal: string }).journal.split(path.sep).at(-2)!, 'journal.jsonl'), 'utf8');
    expect(JSON.parse(journal.split('\n')[0]!).options).toMatchObject({ mode: 'sync', blanks: 'clear' });
  });
});
