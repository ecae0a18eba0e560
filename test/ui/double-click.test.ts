import { readdirSync } from 'node:fs';
import path from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { clientForEmulator, createDemoData, DEMO_NAMES, type DemoData } from '../../src/cli/demo-run.js';
import { startEmulator, type RunningEmulator } from '../../src/emulator/server.js';
import { startUiServer, type RunningUi } from '../../src/ui/ui-server.js';
import type { ContactCenterClient } from '../../src/zoom/client.js';
import { launchChromium } from '../support/browser.js';
import { projectRoot } from '../support/run-cli.js';
import { tempDir } from '../support/import-env.js';

const fixture = path.join(projectRoot, 'fixtures', 'contacts.csv');

/**
 * A person who double-clicks, or starts the same import from two tabs, gets one run: the page
 * disables the button on the first click, and the server refuses a second start on the same book.
 */
describe('starting an import twice from the page, in Chromium', () => {
  let emulator: RunningEmulator;
  let client: ContactCenterClient;
  let data: DemoData;
  let ui: RunningUi;
  let workDir: string;
  let browser: Browser;
  let closeBrowser: () => Promise<void>;
  let context: BrowserContext;

  beforeAll(async () => {
    emulator = await startEmulator({ seed: 5, faults: { latencyMs: 150 } });
    client = clientForEmulator(emulator);
    data = await createDemoData(client);
    workDir = tempDir('ccbulk-ui-');
    ui = await startUiServer({ client, workDir, concurrency: 1 });
    ({ browser, close: closeBrowser } = await launchChromium());
    context = await browser.newContext();
  });

  afterAll(async () => {
    await closeBrowser?.();
    await ui?.close();
    await client?.close();
    await emulator?.close();
  });

  /** Job, upload and check, through the page, ending on the run step. */
  async function upToRun(page: Page): Promise<void> {
    await page.locator('#job-kind').selectOption('address-book');
    await page.locator('#job-mode').selectOption('create');
    await page.locator('#job-target').selectOption({ label: `${DEMO_NAMES.addressBook} (0 contacts)` });
    await page.locator('#job-next').click();
    await page.locator('#upload-file').setInputFiles(fixture);
    await page.locator('#upload-next').click();
    await page.locator('#map-next').click();
    await page.waitForURL(/#check$/);
    await page.locator('#check-start').click();
    await page.locator('#check-next').waitFor({ timeout: 60_000 });
    await page.locator('#check-next').click();
    await page.waitForURL(/#run$/);
  }

  const realRuns = () => readdirSync(path.join(workDir, 'runs')).filter((name) => name.includes('-run-'));

  it('starts one run on a double click, and the book holds each contact once', async () => {
    const page = await context.newPage();
    await page.goto(ui.url);
    await upToRun(page);
    await page.locator('#run-start').dblclick();
    // Disabled from the first click on, while the run goes.
    expect(await page.locator('#run-start').isDisabled()).toBe(true);
    await page.waitForURL(/#result$/, { timeout: 90_000 });
    expect(realRuns()).toHaveLength(1);
    const contacts = emulator.store.addressBookContacts(data.addressBookId);
    expect(contacts).toHaveLength(185);
    const numbers = contacts.flatMap((c) => (c.phones ?? []).map((p) => p.phone_number));
    expect(new Set(numbers).size).toBe(numbers.length);
    await page.close();
  });

  it('starts one run when Start is pressed in two tabs at once, and the other tab says why', async () => {
    // A second book, so that the first test's contacts do not count.
    const unit = await client.createUnit({ unit_name: 'Second unit' });
    const book = await client.createAddressBook({ unit_id: unit.unit_id!, address_book_name: 'Second book' });
    const first = await context.newPage();
    await first.goto(`${ui.origin}/`);
    await first.locator('#job-kind').selectOption('address-book');
    await first.locator('#job-mode').selectOption('create');
    await first.locator('#job-target').selectOption({ label: 'Second book (0 contacts)' });
    await first.locator('#job-next').click();
    await first.locator('#upload-file').setInputFiles(fixture);
    await first.locator('#upload-next').click();
    await first.locator('#map-next').click();
    await first.waitForURL(/#check$/);
    await first.locator('#check-start').click();
    await first.locator('#check-next').waitFor({ timeout: 60_000 });
    await first.locator('#check-next').click();
    // The same session in a second tab, on the same step.
    const second = await context.newPage();
    await second.goto(`${ui.origin}/#run`);
    await second.locator('#run-start').waitFor();
    const before = realRuns().length;
    await Promise.all([first.locator('#run-start').click(), second.locator('#run-start').click()]);
    // One tab shows the server's 409 once its answer is in.
    const refused = async () => `${await first.locator('#error').textContent()}${await second.locator('#error').textContent()}`;
    await expect.poll(refused, { timeout: 30_000 }).toMatch(/'Second book' is being written by the run \S+: wait for it to end, or stop it\./);
    await expect.poll(() => emulator.store.addressBookContacts(book.address_book_id!).length, { timeout: 90_000 }).toBe(185);
    expect(realRuns().length - before).toBe(1);
    await first.close();
    await second.close();
  });
});
