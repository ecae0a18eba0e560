// Takes the README's pictures of `ccbulk ui` again: docs/ui.png (the check step) and the steps
// docs/ui-1-job.png … docs/ui-6-runs-phone.png, from the built page (`npm run build` first)
// against the built-in emulator with the demo's book, driven in Debian's Chromium
// (CCBULK_TEST_CHROMIUM names another). Nothing leaves loopback. Look at them before committing.
//
//   node scripts/ui-screenshots.mjs
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { clientForEmulator, createDemoData, DEMO_FILE, DEMO_NAMES } from '../dist/cli/demo-run.js';
import { startEmulator } from '../dist/emulator/server.js';
import { startUiServer } from '../dist/ui/ui-server.js';

const docs = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'docs');
/** The README's pictures stay small: each is a viewport, not the whole page. */
const MAX_BYTES = 150 * 1024;
const long = { timeout: 60_000 };

const emulator = await startEmulator({ seed: 26 });
const client = clientForEmulator(emulator);
const data = await createDemoData(client);
const workDir = mkdtempSync(path.join(tmpdir(), 'ccbulk-ui-shots-'));
// One batch at a time, so that the run is still going when its picture is taken.
const ui = await startUiServer({ client, workDir, concurrency: 1 });
const browser = await chromium.launch({
  executablePath: process.env.CCBULK_TEST_CHROMIUM ?? '/usr/bin/chromium',
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
});
const written = [];
try {
  const context = await browser.newContext({ viewport: { width: 1100, height: 760 } });
  const page = await context.newPage();
  const shot = async (name, options = {}) => {
    const file = path.join(docs, name);
    await page.screenshot({ path: file, ...options });
    written.push(file);
  };
  await page.goto(ui.url);
  await page.goto(`${ui.origin}/#job`);
  await page.locator('#job-target option', { hasText: DEMO_NAMES.addressBook }).first().waitFor({ state: 'attached', ...long });
  await page.locator('#job-mode').selectOption('create');
  await page.locator('#job-target').selectOption({ value: data.addressBookId });
  await shot('ui-1-job.png');

  await page.locator('#job-next').click();
  await page.waitForURL(/#upload$/);
  await page.locator('#upload-file').setInputFiles(DEMO_FILE);
  await page.locator('#upload-next').click();
  await page.waitForURL(/#mapping$/);
  await page.locator('#map-preview').waitFor();
  // The Company column left out, as a person might: the page says what is not imported.
  await page.locator('select[data-header="Company"]').selectOption('');
  await page.locator('#map-unmapped').waitFor();
  // The end of the table, what it says of the column left out, and the first rows.
  await page.locator('#map-warnings').evaluate((e) => e.scrollIntoView({ block: 'center' }));
  await shot('ui-2-mapping.png');
  await page.locator('select[data-header="Company"]').selectOption('company');

  await page.locator('#map-next').click();
  await page.waitForURL(/#check$/);
  await page.locator('#check-start').click();
  await page.locator('#rejects-table').waitFor(long);
  await page.mouse.move(0, 0);
  await shot('ui-3-check.png');
  // The README's first picture: the check step, as tall as its table.
  await page.setViewportSize({ width: 1100, height: 960 });
  await shot('ui.png');
  await page.setViewportSize({ width: 1100, height: 760 });

  await page.locator('#check-next').click();
  await page.waitForURL(/#run$/);
  emulator.setFaults({ latencyMs: 300 });
  await page.locator('#run-start').click();
  await page.locator('#run-text').filter({ hasText: /[1-9]\d* done/ }).waitFor(long);
  await page.locator('#live .live-run').waitFor(long);
  await shot('ui-4-run.png');
  emulator.setFaults({ latencyMs: 0 });

  await page.waitForURL(/#result$/, long);
  await page.locator('#rejects-table').waitFor(long);
  await shot('ui-5-result.png');

  const phone = await (await browser.newContext({ viewport: { width: 390, height: 760 }, storageState: await context.storageState() })).newPage();
  await phone.goto(`${ui.origin}/#runs`);
  await phone.locator('#runs tbody tr').first().waitFor(long);
  await phone.screenshot({ path: path.join(docs, 'ui-6-runs-phone.png') });
  written.push(path.join(docs, 'ui-6-runs-phone.png'));
} finally {
  await browser.close();
  await ui.close();
  await client.close();
  await emulator.close();
  rmSync(workDir, { recursive: true, force: true });
}

let tooBig = false;
for (const file of written) {
  const bytes = statSync(file).size;
  tooBig ||= bytes > MAX_BYTES;
  console.log(`${path.relative(process.cwd(), file)}  ${Math.round(bytes / 1024)} KB${bytes > MAX_BYTES ? '  (over 150 KB)' : ''}`);
}
process.exitCode = tooBig ? 1 : 0;
