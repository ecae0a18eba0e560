import path from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_NAMES } from '../../src/cli/demo-run.js';
import { tempDir, writeFile } from '../support/import-env.js';
import { inlineRow, writeWorkbook } from '../support/tiny-xlsx.js';
import { loggedInContext, startUiWorld, type UiWorld } from '../support/ui-walk.js';

const long = { timeout: 60_000 };

/**
 * Points of issue 26 that had tests over the HTTP API only, now through the page in Chromium:
 * a sync's plan.csv and not-in-file.csv linked on the page (point 3), a workbook whose first tab
 * is hidden and its second visible sheet picked (point 4), and the person's file name, a PDF
 * refused and the one-time link opened twice (point 11).
 */
describe('issue 26’s points through the page, in Chromium', () => {
  let world: UiWorld;
  let context: BrowserContext;
  let page: Page;
  const dir = tempDir();

  beforeAll(async () => {
    world = await startUiWorld(2611);
    context = await loggedInContext(world);
    page = await context.newPage();
  }, 60_000);
  afterAll(async () => {
    await world?.close();
  });

  /** Step 1 on the page: the demo's address book, in `mode`; `options` ticks what it needs. */
  async function chooseJob(mode: string, options: () => Promise<void> = async () => undefined): Promise<void> {
    await page.goto(`${world.ui.origin}/#job`);
    await page.locator('#job-target option', { hasText: DEMO_NAMES.addressBook }).first().waitFor({ state: 'attached', ...long });
    await page.locator('#job-mode').selectOption(mode);
    await page.locator('#job-target').selectOption({ value: world.data.addressBookId });
    await options();
    await page.locator('#job-next').click();
    await page.waitForURL(/#upload$/);
  }

  /** Step 2 on the page: `file` chosen and sent; on the mapping step (or the sheet picker of a workbook). */
  async function upload(file: string): Promise<void> {
    await page.locator('#upload-file').setInputFiles(file);
    await page.locator('#upload-next').click();
  }

  /** Steps 3 and 4: the mapping as it comes, then the check to its end; its rows read. */
  async function mapAndCheck(): Promise<string> {
    await page.locator('#map-next').click();
    await page.waitForURL(/#check$/);
    await page.locator('#check-start').click();
    await page.locator('#check-next').waitFor(long);
    return (await page.locator('[data-field="rows"]').textContent()) ?? '';
  }

  /** The file a link of the page points at, fetched with the page's own session. */
  async function linked(selector: string): Promise<{ status: number; text: string }> {
    const href = await page.locator(selector).getAttribute('href');
    const answer = await context.request.get(`${world.ui.origin}${href}`);
    return { status: answer.status(), text: await answer.text() };
  }

  it('links a sync’s plan.csv and not-in-file.csv after its check and its run, and both answer with the files', async () => {
    await chooseJob('sync');
    await upload(writeFile(dir, 'both.csv', 'name,phone\nAnn,+12127361000\nBob,+12127361001\n'));
    await page.waitForURL(/#mapping$/);
    await mapAndCheck();
    expect((await linked('#check-plan-csv')).text).toMatch(/\ncreate|,create,/);
    await page.locator('#check-next').click();
    await page.locator('#run-start').click();
    await page.waitForURL(/#result$/, long);
    await page.locator('#download-plan-csv').waitFor();
    const created = await linked('#download-plan-csv');
    expect(created.status).toBe(200);
    expect(created.text).toMatch(/,create,/);

    // Bob is in the book and not in the second file: listed, not deleted (delete-missing unticked).
    await chooseJob('sync', async () => expect(await page.locator('#job-delete-missing').isChecked()).toBe(false));
    await upload(writeFile(dir, 'ann.csv', 'name,phone\nAnn,+12127361000\n'));
    await page.waitForURL(/#mapping$/);
    await mapAndCheck();
    const checkPlan = await linked('#check-plan-csv');
    expect(checkPlan.status).toBe(200);
    expect(checkPlan.text).toMatch(/^\ufeff?_line,action,/);
    const checkMissing = await linked('#check-not-in-file-csv');
    expect(checkMissing.status).toBe(200);
    expect(checkMissing.text).toMatch(/\+12127361001/);
    await page.locator('#check-next').click();
    await page.locator('#run-start').click();
    await page.waitForURL(/#result$/, long);
    await page.locator('#download-plan-csv').waitFor();
    const plan = await linked('#download-plan-csv');
    expect(plan.status).toBe(200);
    expect(plan.text).toMatch(/^\ufeff?_line,action,/);
    const missing = await linked('#download-not-in-file-csv');
    expect(missing.status).toBe(200);
    expect(missing.text).toMatch(/\+12127361001/);
    expect(world.emulator.store.addressBookContacts(world.data.addressBookId)).toHaveLength(2);
  }, 180_000);

  it('previews and checks the first visible sheet of a workbook whose first tab is hidden, then the second visible sheet picked on the page', async () => {
    const book = path.join(tempDir(), 'hidden-first.xlsx');
    writeWorkbook(book, [
      { name: 'Lists', state: 'hidden', data: inlineRow(1, 'Country') + inlineRow(2, 'Atlantis') },
      { name: 'Contacts', data: inlineRow(1, 'Name', 'Phone') + inlineRow(2, 'Ana', '+14155550123') },
      { name: 'More', data: inlineRow(1, 'Name', 'Mobile') + inlineRow(2, 'Bo', '+14155550124') + inlineRow(3, 'Cy', '+14155550125') },
    ]);
    await chooseJob('create');
    await upload(book);
    const sheet = page.locator('select#upload-sheet');
    await sheet.waitFor();
    expect(await sheet.inputValue()).toBe('2');
    await page.locator('#upload-next').click();
    await page.waitForURL(/#mapping$/);
    expect(await page.locator('#map-preview tbody').textContent()).toContain('Ana');
    expect(await page.locator('#map-preview thead').textContent()).not.toContain('Country');
    expect(await mapAndCheck()).toBe('1');
    expect(await page.locator('#check-body .error').count()).toBe(0);

    await page.goto(`${world.ui.origin}/#upload`);
    await page.locator('select#upload-sheet').selectOption('3');
    await page.locator('#upload-next').click();
    await page.waitForURL(/#mapping$/);
    await expect.poll(() => page.locator('#map-preview tbody').textContent()).toMatch(/Bo.*Cy/s);
    expect(await mapAndCheck()).toBe('2');
  }, 120_000);

  it('shows the person’s file name in Past runs and in the report, and refuses a PDF with a message that says what to upload', async () => {
    await chooseJob('create');
    await upload(writeFile(dir, 'report.pdf', '%PDF-1.7\n%\u00e2\u00e3\n1 0 obj\n'));
    await expect.poll(() => page.locator('#error').textContent()).toBe('“report.pdf” is not a spreadsheet: upload a .csv, .txt, .tsv or .xlsx file.');
    await upload(writeFile(dir, 'contacts.csv', '%PDF-1.7\n1 0 obj << >>\n'));
    await expect.poll(() => page.locator('#error').textContent()).toMatch(/^“contacts.csv” is named .csv but is not text \(it starts like a PDF or another document\): export it as CSV or XLSX\.$/);
    expect(page.url()).toMatch(/#upload$/);

    await upload(writeFile(dir, 'Spring leads (final).csv', 'name,phone\nCleo,+12127361002\n'));
    await page.waitForURL(/#mapping$/);
    await mapAndCheck();
    await page.goto(`${world.ui.origin}/#runs`);
    const row = page.locator('#runs tbody tr').first();
    await row.waitFor();
    expect(await row.locator('td[data-label="File"]').textContent()).toBe('Spring leads (final).csv');
    const [report] = await Promise.all([context.waitForEvent('page'), row.getByRole('link', { name: 'Report' }).click()]);
    await report.waitForLoadState();
    expect(await report.locator('body').textContent()).toContain('Spring leads (final).csv');
    await report.close();
  }, 120_000);

  it('answers the one-time link opened again in a browser with a page that says what to do, not JSON', async () => {
    const other = await world.browser.newPage();
    const answer = await other.goto(world.ui.url);
    expect(answer?.status()).toBe(403);
    expect(await other.locator('h1').textContent()).toBe('This link was used already');
    expect(await other.locator('body').textContent()).not.toMatch(/^\s*\{/);
    await other.close();
  });
});
