import { mkdirSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { clientForEmulator, createDemoData, DEMO_NAMES, type DemoData } from '../../src/cli/demo-run.js';
import { startEmulator, type RunningEmulator } from '../../src/emulator/server.js';
import { startUiServer, type RunningUi } from '../../src/ui/ui-server.js';
import type { ContactCenterClient } from '../../src/zoom/client.js';
import { launchChromium, SCREENSHOTS } from '../support/browser.js';
import { tempDir } from '../support/import-env.js';
import { inlineRow, writeWorkbook } from '../support/tiny-xlsx.js';
import { projectRoot } from '../support/run-cli.js';

const fixture = path.join(projectRoot, 'fixtures', 'contacts.csv');

let emulator: RunningEmulator;
let client: ContactCenterClient;
let data: DemoData;
let ui: RunningUi;
let workDir: string;
let browser: Browser;
let closeBrowser: () => Promise<void>;
let page: Page;

beforeAll(async () => {
  // Slow answers and one batch at a time, so that a run lasts long enough to be stopped.
  emulator = await startEmulator({ seed: 17, faults: { latencyMs: 250 } });
  client = clientForEmulator(emulator);
  data = await createDemoData(client);
  workDir = tempDir('ccbulk-ui-');
  ui = await startUiServer({ client, workDir, concurrency: 1 });
  ({ browser, close: closeBrowser } = await launchChromium());
  page = await browser.newPage({ viewport: { width: 1100, height: 900 } });
  page.on('pageerror', (error) => {
    throw error;
  });
  mkdirSync(SCREENSHOTS, { recursive: true });
});

afterAll(async () => {
  await closeBrowser?.();
  await ui?.close();
  await client?.close();
  await emulator?.close();
});

/** The one session's state file, as the server keeps it. */
const sessionState = () => {
  const dir = path.join(workDir, 'sessions');
  return JSON.parse(readFileSync(path.join(dir, readdirSync(dir).find((f) => f.endsWith('.json'))!), 'utf8'));
};
const shot = (name: string) => page.screenshot({ path: path.join(SCREENSHOTS, `${name}.png`), fullPage: true });
const field = async (name: string) => Number(await page.locator(`#main [data-field="${name}"]`).first().textContent());

describe('ccbulk ui in Chromium', () => {
  it('refuses a request without the session the one-time link sets, and the link works only once', async () => {
    const bare = await fetch(`${ui.origin}/api/state`);
    expect(bare.status).toBe(401);
    const wrong = await fetch(`${ui.origin}/?token=not-the-token`, { redirect: 'manual' });
    expect(wrong.status).toBe(403);
    await page.goto(ui.url);
    expect(page.url()).toBe(`${ui.origin}/`);
    const again = await fetch(ui.url, { redirect: 'manual' });
    expect(again.status).toBe(403);
    // A write from a page of another origin is refused, cookie or not.
    const cookies = await page.context().cookies();
    const cookie = cookies.map((c) => `${c.name}=${c.value}`).join('; ');
    expect(cookies[0]?.httpOnly).toBe(true);
    expect(cookies[0]?.sameSite).toBe('Strict');
    const forged = await fetch(`${ui.origin}/api/check`, { method: 'POST', headers: { cookie, origin: 'http://evil.example', 'content-type': 'application/json' }, body: '{}' });
    expect(forged.status).toBe(403);
    const form = await fetch(`${ui.origin}/api/check`, { method: 'POST', headers: { cookie, 'content-type': 'application/x-www-form-urlencoded' }, body: 'a=1' });
    expect(form.status).toBe(403);
    const traversal = await fetch(`${ui.origin}/api/runs/..%2F..%2Fsessions/files/summary.json`, { headers: { cookie } });
    expect(traversal.status).toBe(404);
  });

  it('runs the whole flow: job, upload, a changed mapping, check, run stopped and resumed, and shows the numbers of summary.json and of the emulator', async () => {
    // 1. The job and its target, picked from the account's books.
    await page.locator('#job-kind').selectOption('address-book');
    await page.locator('#job-mode').selectOption('create');
    await page.locator('#job-target').selectOption({ label: `${DEMO_NAMES.addressBook} (0 contacts)` });
    await shot('1-job');
    await page.locator('#job-next').click();

    // 2. Upload.
    await page.locator('#upload-file').setInputFiles(fixture);
    await shot('2-upload');
    await page.locator('#upload-next').click();

    // 3. Mapping: Company is left out of the import.
    const company = page.locator('select[data-header="Company"]');
    await expect.poll(() => company.inputValue()).toBe('company');
    await company.selectOption('');
    await shot('3-mapping');
    await page.locator('#map-next').click();
    await page.waitForURL(/#check$/);
    // The step's state is the server's: back on the mapping page after a reload, the change is there.
    await page.goto(`${ui.origin}/#mapping`);
    await page.reload();
    await expect.poll(() => page.locator('select[data-header="Company"]').inputValue()).toBe('');
    expect(sessionState().map.Company).toBeNull();
    await page.locator('#map-next').click();
    await page.waitForURL(/#check$/);

    // 4. Check: a dry run over the whole file.
    await page.locator('#check-start').click();
    await page.locator('#check-next').waitFor({ timeout: 60_000 });
    await shot('4-check');
    const checkRun = sessionState().check as string;
    const checkDir = path.join(workDir, 'runs', checkRun);
    const checked = JSON.parse(readFileSync(path.join(checkDir, 'summary.json'), 'utf8'));
    expect(await field('rows')).toBe(checked.rows);
    expect(await field('rejected')).toBe(checked.rejected);
    expect(await field('plannedWrites')).toBe(checked.plannedWrites);
    expect(emulator.store.addressBookContacts(data.addressBookId)).toHaveLength(0);

    // rejects.csv downloaded from the page is the file on disk.
    const [download] = await Promise.all([page.waitForEvent('download'), page.locator('#check-rejects').click()]);
    expect(readFileSync((await download.path())!, 'utf8')).toBe(readFileSync(path.join(checkDir, 'rejects.csv'), 'utf8'));

    // 5. Run, stop, resume.
    await page.locator('#check-next').click();
    await page.locator('#run-start').click();
    await expect.poll(async () => (await page.locator('#run-text').textContent()) ?? '', { timeout: 30_000 }).toMatch(/[1-9]\d* done/);
    await shot('5-run');
    await page.locator('#run-stop').click();
    await page.locator('#run-resume').waitFor({ timeout: 30_000 });
    const partial = emulator.store.addressBookContacts(data.addressBookId).length;
    expect(partial).toBeGreaterThan(0);
    expect(partial).toBeLessThan(checked.succeeded);
    await page.locator('#run-resume').click();

    // 6. The result.
    await page.waitForURL(/#result$/, { timeout: 60_000 });
    await page.locator('#download-results-csv').waitFor();
    await shot('6-result');
    const runId = (await page.locator('#download-summary-json').getAttribute('href'))!.split('/')[3]!;
    const summary = JSON.parse(readFileSync(path.join(workDir, 'runs', runId, 'summary.json'), 'utf8'));
    expect(summary.resumed).toBe(true);
    expect(await field('rows')).toBe(summary.rows);
    expect(await field('succeeded')).toBe(summary.succeeded);
    expect(await field('rejected')).toBe(summary.rejected);
    expect(summary.succeeded).toBe(checked.succeeded);
    const contacts = emulator.store.addressBookContacts(data.addressBookId);
    expect(contacts).toHaveLength(summary.succeeded);
    expect(contacts.some((c) => (c as { company?: string }).company)).toBe(false);
    const report = page.frameLocator('iframe.report');
    expect(await report.locator('[data-field="succeeded"]').textContent()).toBe(String(summary.succeeded));

    // Past runs list both, with their outcomes.
    await page.goto(`${ui.origin}/#runs`);
    await page.locator('#runs').waitFor();
    expect(await page.locator('#runs tbody tr').count()).toBe(2);
    await shot('7-runs');
  });

  it('offers the sheets of an uploaded workbook in a list, starting on the first visible one with data, and maps the sheet picked', async () => {
    const book = path.join(tempDir(), 'book.xlsx');
    writeWorkbook(book, [
      { name: 'Lists', state: 'hidden', data: inlineRow(1, 'Country') },
      { name: 'Cover', data: '' },
      { name: 'Contacts', data: inlineRow(1, 'Name', 'Phone') + inlineRow(2, 'Ana', '+14155550123') },
      { name: 'Suppliers', data: inlineRow(1, 'Supplier', 'Mobile') + inlineRow(2, 'Acme', '+14155550124') },
    ]);
    await page.goto(`${ui.origin}/#upload`);
    await page.locator('#upload-file').setInputFiles(book);
    await page.locator('#upload-next').click();
    const sheet = page.locator('select#upload-sheet');
    await sheet.waitFor();
    expect(await sheet.locator('option').allTextContents()).toEqual(['1. Lists (hidden)', '2. Cover (empty)', '3. Contacts', '4. Suppliers']);
    expect(await sheet.inputValue()).toBe('3');
    expect(await sheet.locator('option[value="2"]').isDisabled()).toBe(true);
    await shot('2-upload-sheets');
    await sheet.selectOption('4');
    await page.locator('#upload-next').click();
    await page.waitForURL(/#mapping$/);
    await page.locator('select[data-header="Supplier"]').waitFor();
    expect(sessionState().upload.sheet).toBe('4');
  });
});
