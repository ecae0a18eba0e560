import type { Browser, BrowserContext, Page } from 'playwright-core';
import { clientForEmulator, createDemoData, DEMO_FILE, DEMO_NAMES, type DemoData } from '../../src/cli/demo-run.js';
import { startEmulator, type RunningEmulator } from '../../src/emulator/server.js';
import { startUiServer, type RunningUi } from '../../src/ui/ui-server.js';
import type { ContactCenterClient } from '../../src/zoom/client.js';
import { launchChromium } from './browser.js';
import { tempDir } from './import-env.js';

/** An emulator with the demo's book and lists, `ccbulk ui` on it (one batch at a time), and a Chromium. */
export interface UiWorld {
  readonly emulator: RunningEmulator;
  readonly client: ContactCenterClient;
  readonly data: DemoData;
  readonly ui: RunningUi;
  readonly workDir: string;
  readonly browser: Browser;
  close(): Promise<void>;
}

/** Starts a UiWorld; `close` stops all of it. */
export async function startUiWorld(seed: number): Promise<UiWorld> {
  const emulator = await startEmulator({ seed });
  const client = clientForEmulator(emulator);
  const data = await createDemoData(client);
  const workDir = tempDir('ccbulk-ui-');
  // One batch at a time, so that a run slowed by the emulator lasts long enough to be looked at.
  const ui = await startUiServer({ client, workDir, concurrency: 1 });
  const { browser, close: closeBrowser } = await launchChromium();
  return {
    emulator, client, data, ui, workDir, browser,
    close: async () => {
      await closeBrowser();
      await ui.close();
      await client.close();
      await emulator.close();
    },
  };
}

/** A new context of `world`'s browser, logged in through its one-time link (spent on the first call). */
export async function loggedInContext(world: UiWorld, options: Parameters<Browser['newContext']>[0] = {}, from?: BrowserContext): Promise<BrowserContext> {
  const context = await world.browser.newContext(options);
  if (from) {
    await context.addCookies(await from.cookies());
  } else {
    const page = await context.newPage();
    await page.goto(world.ui.url);
    await page.close();
  }
  return context;
}

/** Every step the walk stops at, in order. */
export const WALK_STEPS = [
  'job', 'upload', 'mapping', 'check', 'run-going', 'runs-banner', 'export-banner', 'run-stopped', 'runs', 'result', 'export',
] as const;
export type WalkStep = (typeof WALK_STEPS)[number];

const long = { timeout: 60_000 };

/**
 * Drives `page` through every step of the page as a person would, with the demo's contacts file
 * (200 rows, 15 of them rejected), and calls `visit` on each step once it shows what it is for:
 * the job; the upload; the mapping (its table, preview and, with a column left out, its warnings); the check, after it ran
 * (its rejects table); the run while it goes (its progress bar); Past runs and Export while it
 * goes (the running-run banner); the run stopped (Resume); Past runs with a stopped run (Report
 * and Resume); the result (rejects table, files, report); and Export with a resource's
 * parameters asked for and an export done.
 */
export async function walkEveryStep(world: UiWorld, page: Page, visit: (step: WalkStep) => Promise<void>): Promise<void> {
  await page.goto(`${world.ui.origin}/#job`);
  await page.locator('#job-target option', { hasText: DEMO_NAMES.addressBook }).first().waitFor({ state: 'attached', ...long });
  await page.locator('#job-mode').selectOption('create');
  await page.locator('#job-target').selectOption({ value: world.data.addressBookId });
  await visit('job');

  await page.locator('#job-next').click();
  await page.waitForURL(/#upload$/);
  await page.locator('#upload-file').waitFor();
  await visit('upload');

  await page.locator('#upload-file').setInputFiles(DEMO_FILE);
  await page.locator('#upload-next').click();
  await page.waitForURL(/#mapping$/);
  await page.locator('#map-preview').waitFor();
  // A column left out, so that the warnings show too; put back before the check.
  const mobile = page.locator('select[data-header="Mobile"]');
  const field = await mobile.inputValue();
  await mobile.selectOption('');
  await page.locator('#map-important').waitFor();
  await visit('mapping');
  await mobile.selectOption(field);
  await page.locator('#map-important').waitFor({ state: 'detached' });

  await page.locator('#map-next').click();
  await page.waitForURL(/#check$/);
  await page.locator('#check-start').click();
  await page.locator('#rejects-table').waitFor(long);
  await visit('check');

  await page.locator('#check-next').click();
  await page.waitForURL(/#run$/);
  // Slow answers while the run goes (its 200 rows take some 20 requests and their look-ups, two
  // seconds each), so that it is still going at every look below even on a loaded machine.
  world.emulator.setFaults({ latencyMs: 2000 });
  await page.locator('#run-start').click();
  await page.locator('#run-text').filter({ hasText: /done/ }).waitFor(long);
  await visit('run-going');

  await page.goto(`${world.ui.origin}/#runs`);
  await page.locator('#live .live-run').waitFor(long);
  await page.locator('#runs .open-run').waitFor();
  await visit('runs-banner');

  await page.goto(`${world.ui.origin}/#export`);
  await page.locator('#live .live-run').waitFor(long);
  await page.locator('#export-resource option').first().waitFor({ state: 'attached' });
  await visit('export-banner');

  await page.goto(`${world.ui.origin}/#run`);
  await page.locator('#run-text').filter({ hasText: /done/ }).waitFor(long);
  await page.locator('#run-stop').click();
  await page.locator('#run-resume').waitFor(long);
  await page.locator('#live .live-run').waitFor({ state: 'detached', ...long });
  world.emulator.setFaults({ latencyMs: 0 });
  await visit('run-stopped');

  await page.goto(`${world.ui.origin}/#runs`);
  await page.locator('#runs button', { hasText: 'Resume' }).waitFor(long);
  await visit('runs');

  await page.goto(`${world.ui.origin}/#run`);
  await page.locator('#run-resume').click();
  await page.waitForURL(/#result$/, long);
  await page.locator('#rejects-table').waitFor(long);
  await visit('result');

  await page.goto(`${world.ui.origin}/#export`);
  await page.locator('#export-start').click();
  await page.locator('#export-result a').waitFor(long);
  await page.locator('#export-search').fill('queues-agents');
  await page.locator('#export-resource').selectOption('queues-agents');
  await page.locator('#export-each').waitFor();
  await visit('export');
}
