import path from 'node:path';
import type { Browser, BrowserContext } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { clientForEmulator, createDemoData, DEMO_NAMES, type DemoData } from '../../src/cli/demo-run.js';
import { startEmulator, type RunningEmulator } from '../../src/emulator/server.js';
import { parseJobRequest, runJob } from '../../src/pipelines/jobs.js';
import { startUiServer, type RunningUi } from '../../src/ui/ui-server.js';
import type { ContactCenterClient } from '../../src/zoom/client.js';
import { launchChromium } from '../support/browser.js';
import { tempDir, writeFile } from '../support/import-env.js';

/**
 * The result of a run offers to undo it: the plan in words, the plan's count typed to confirm
 * (as a run that deletes asks), then the undo; the server refuses an undo without that count.
 */
describe('undoing a run from the page, in Chromium', () => {
  let emulator: RunningEmulator;
  let client: ContactCenterClient;
  let data: DemoData;
  let ui: RunningUi;
  let browser: Browser;
  let closeBrowser: () => Promise<void>;
  // Signed in once, by the server's one-time link: each test opens its pages in it.
  let signedIn: BrowserContext;
  const dir = tempDir();

  beforeAll(async () => {
    emulator = await startEmulator({ seed: 30 });
    client = clientForEmulator(emulator);
    data = await createDemoData(client);
    await client.batchCreateAddressBookContacts(data.addressBookId, [
      { display_name: 'Ann', phones: [{ phone_number: '+12127360001', phone_type: 'main' }], company: 'Acme' },
      { display_name: 'Bob', phones: [{ phone_number: '+12127360002', phone_type: 'main' }], company: 'Acme' },
    ]);
    const workDir = tempDir('ccbulk-ui-');
    ui = await startUiServer({ client, workDir, concurrency: 1 });
    // A run as the page keeps them: in its runs folder. An upsert that changes Ann and creates three.
    const file = writeFile(dir, 'upsert.csv', 'name,phone,company\nAnn,+12127360001,Globex\nCy,+12127360003,Initech\nDee,+12127360004,Initech\nEd,+12127360005,Initech\n');
    await runJob(client, parseJobRequest('address-book', { file, book: DEMO_NAMES.addressBook, mode: 'upsert' }, 'code'), { outDir: path.join(workDir, 'runs', 'upsert-run') });
    ({ browser, close: closeBrowser } = await launchChromium());
    signedIn = await browser.newContext();
    const login = await signedIn.newPage();
    await login.goto(ui.url);
    await login.close();
  });

  afterAll(async () => {
    await closeBrowser?.();
    await ui?.close();
    await client?.close();
    await emulator?.close();
  });

  const book = () => emulator.store.addressBookContacts(data.addressBookId).map((c) => `${c.display_name} ${c.company ?? ''}`.trim()).sort();

  it('plans the undo, refuses it without the plan\'s count, and with it puts the book back', async () => {
    expect(book()).toEqual(['Ann Globex', 'Bob Acme', 'Cy Initech', 'Dee Initech', 'Ed Initech']);
    const page = await signedIn.newPage();
    await page.goto(ui.origin);
    // The server asks for the count too: an undo posted without it is refused, and nothing changes.
    const bare = await page.evaluate(async () => {
      const answer = await fetch('/api/runs/upsert-run/undo', { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
      return { status: answer.status, body: (await answer.json()) as unknown };
    });
    expect(bare).toEqual({ status: 409, body: { error: `The undo changes 4 contacts of '${DEMO_NAMES.addressBook}' now: confirm that number to run it.` } });
    expect(book()).toEqual(['Ann Globex', 'Bob Acme', 'Cy Initech', 'Dee Initech', 'Ed Initech']);

    await page.goto(`${ui.origin}/#result?id=upsert-run`);
    await page.locator('#undo-plan').click({ timeout: 30_000 });
    await expect.poll(() => page.locator('#undo-words').textContent(), { timeout: 30_000 }).toBe(`Undo will delete 3 contacts, restore 1, re-create 0 in “${DEMO_NAMES.addressBook}”.`);
    const button = page.locator('#undo-run');
    expect(await button.isDisabled()).toBe(true);
    await page.locator('#undo-confirm').fill('3');
    expect(await button.isDisabled()).toBe(true);
    await page.locator('#undo-confirm').fill('4');
    expect(await button.isDisabled()).toBe(false);
    await button.click();
    await expect.poll(() => page.locator('#undo-outcome').textContent(), { timeout: 30_000 }).toBe('Undone: 3 deleted, 1 restored.');
    expect(book()).toEqual(['Ann Acme', 'Bob Acme']);
    expect(await button.isDisabled()).toBe(true);
  }, 90_000);

  it('keeps a result opened while the first page is still loading: the late first page does not draw over it', async () => {
    const page = await signedIn.newPage();
    // The first page (step 1) asks for the state, then the targets, then draws. Its state is
    // answered late, once the result, opened at once, has drawn, as on a loaded machine where
    // step 1 then replaced the result and its buttons.
    let asked = 0;
    let stepOneWaits!: () => void;
    const stepOneWaiting = new Promise<void>((resolve) => (stepOneWaits = resolve));
    await page.route('**/api/state', async (route) => {
      if (asked++ > 0) return route.continue();
      stepOneWaits();
      const response = await route.fetch();
      await page.locator('#download-results-csv').waitFor({ timeout: 30_000 });
      await route.fulfill({ response });
    });
    const lateTargets = page.waitForResponse((response) => response.url().includes('/api/targets?job='), { timeout: 30_000 });
    await page.goto(ui.origin);
    await stepOneWaiting;
    // Opened in the page while step 1 waits for its state, as a click on a link does.
    await page.evaluate(() => {
      (globalThis as unknown as { location: { hash: string } }).location.hash = '#result?id=upsert-run';
    });
    await lateTargets;
    // Step 1 has its answers: it would draw within a few tasks of the last.
    await page.evaluate(() => new Promise((resolve) => setTimeout(resolve, 500)));
    expect(await page.locator('main h1').textContent()).toBe('6. Result');
    expect(await page.locator('#download-results-csv').count()).toBe(1);
  }, 60_000);
});
