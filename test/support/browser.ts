import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';

/** Debian's Chromium: Playwright's own browser download is not used (no network in CI). */
export const CHROMIUM = process.env['CCBULK_TEST_CHROMIUM'] ?? '/usr/bin/chromium';

/** Where browser tests save their screenshots (gitignored). */
export const SCREENSHOTS = path.join(path.dirname(new URL(import.meta.url).pathname), '..', '..', 'test-output', 'ui');

/**
 * A headless Chromium with a fresh profile (Playwright makes a new temporary one per launch and
 * refuses `--user-data-dir`) and everything that would reach the network on its
 * own (updates, sync, QUIC) turned off, so a test sees only the requests the page makes.
 */
export async function launchChromium(): Promise<{ browser: Browser; close: () => Promise<void> }> {
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
  return {
    browser,
    close: () => browser.close(),
  };
}

/**
 * Opens a local file (a report) in `browser`, refusing every request that is not the file itself,
 * and saves a full-page screenshot as `screenshot` under SCREENSHOTS. `problems` collects console
 * errors, page errors and the refused requests: a self-contained page leaves it empty.
 */
export async function openLocalFile(browser: Browser, file: string, screenshot: string): Promise<{ page: Page; problems: string[] }> {
  const page = await browser.newPage();
  const problems: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error') problems.push(`console: ${message.text()}`);
  });
  page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
  await page.route('**/*', async (route) => {
    const url = route.request().url();
    if (url === `file://${file}`) return route.continue();
    problems.push(`request: ${url}`);
    return route.abort();
  });
  await page.goto(`file://${file}`);
  mkdirSync(SCREENSHOTS, { recursive: true });
  await page.screenshot({ path: path.join(SCREENSHOTS, screenshot), fullPage: true });
  return { page, problems };
}
