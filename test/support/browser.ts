import path from 'node:path';
import { chromium, type Browser } from 'playwright-core';

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
