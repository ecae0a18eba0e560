import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { clientForEmulator } from '../../src/cli/demo-run.js';
import { startEmulator, type RunningEmulator } from '../../src/emulator/server.js';
import { startUiServer, type RunningUi } from '../../src/ui/ui-server.js';
import type { ContactCenterClient } from '../../src/zoom/client.js';
import { catalogue } from '../../src/zoom/resource-catalogue.js';
import { launchChromium } from '../support/browser.js';
import { envFor, tempDir } from '../support/import-env.js';
import { runCli } from '../support/run-cli.js';

let emulator: RunningEmulator;
let client: ContactCenterClient;
let ui: RunningUi;
let browser: Browser;
let closeBrowser: () => Promise<void>;
let page: Page;

beforeAll(async () => {
  emulator = await startEmulator({ seed: 31 });
  client = clientForEmulator(emulator);
  ui = await startUiServer({ client, workDir: tempDir('ccbulk-ui-export-') });
  ({ browser, close: closeBrowser } = await launchChromium());
  page = await browser.newPage({ viewport: { width: 1200, height: 900 } });
  page.on('pageerror', (error) => {
    throw error;
  });
  await page.goto(ui.url);
  await page.locator('#job-next').waitFor();
  await page.goto(`${ui.origin}/#export`);
  await page.locator('#export-resource').waitFor();
});

afterAll(async () => {
  await closeBrowser?.();
  await ui?.close();
  await client?.close();
  await emulator?.close();
});

/** `ccbulk export <args>` against the same emulator, into a CSV; the file's text. */
async function exportedByTheCommand(args: readonly string[]): Promise<string> {
  const out = path.join(tempDir(), 'out.csv');
  const run = await runCli(['export', ...args, '--out', out], { env: envFor(emulator) });
  expect(run.stderr).toBe('');
  expect(run.code).toBe(0);
  return readFileSync(out, 'utf8');
}

/** Presses Export and downloads the file the page offers; its text. */
async function exportFromThePage(): Promise<string> {
  await page.locator('#export-resource-start').click();
  const link = page.locator('#export-resource-download');
  await link.waitFor({ timeout: 60_000 });
  const [download] = await Promise.all([page.waitForEvent('download'), link.click()]);
  return readFileSync((await download.path())!, 'utf8');
}

/** Narrows the picker by a search and picks a resource from what is left. */
async function pick(search: string, resource: string): Promise<void> {
  await page.locator('#export-search').fill(search);
  await page.locator('#export-resource').selectOption(resource);
}

describe('exports of any catalogue resource from the page, in Chromium', () => {
  it('offers every resource of the catalogue, grouped as the API groups them, and narrows them by a search', async () => {
    expect(await page.locator('#export-resource option').count()).toBe(catalogue.length);
    const groups = await page.locator('#export-resource optgroup').evaluateAll((list) => list.map((g) => g.getAttribute('label')));
    expect(groups).toEqual([...new Set(catalogue.map((e) => e.tag))].sort());
    await page.locator('#export-search').fill('dispositions');
    const left = await page.locator('#export-resource option').evaluateAll((list) => list.map((o) => (o as unknown as { value: string }).value));
    expect(left.sort()).toEqual(catalogue.filter((e) => `${e.name} ${e.tag} ${e.summary}`.toLowerCase().includes('dispositions')).map((e) => e.name).sort());
  });

  it('exports a resource without parameters, the file the same as `ccbulk export queues` writes', async () => {
    await pick('queue', 'queues');
    expect(await page.locator('#export-no-params').count()).toBe(1);
    const fromPage = await exportFromThePage();
    expect(fromPage).toBe(await exportedByTheCommand(['queues']));
    expect(await page.locator('#export-resource-result').textContent()).toContain(`${parse(fromPage, { bom: true }).length - 1} rows`);
  });

  it('asks for a path parameter, says so when it is missing, takes a name for it, and exports what `ccbulk export queues-agents --queue-id` does', async () => {
    await pick('agents', 'queues-agents');
    const queueId = page.locator('#export-param-queueId');
    expect(await page.locator('label[for="export-param-queueId"]').textContent()).toContain('--queue-id');
    await page.locator('#export-resource-start').click();
    await expect.poll(() => page.locator('#export-resource-error').textContent()).toContain('Expected `--queue-id`');

    const queues = parse(await exportedByTheCommand(['queues']), { bom: true, columns: true }) as Record<string, string>[];
    const queue = queues[1]!;
    // By name, as the command line takes it.
    await queueId.fill(queue['queue_name']!);
    const fromPage = await exportFromThePage();
    expect(fromPage).toBe(await exportedByTheCommand(['queues-agents', '--queue-id', queue['queue_id']!]));
    expect(parse(fromPage, { bom: true }).length).toBeGreaterThan(1);
  });

  it('runs over every item of the parent list with --each, as `ccbulk export queues-agents --each` does', async () => {
    await pick('agents', 'queues-agents');
    await page.locator('#export-param-queueId').fill('');
    await page.locator('#export-each').check();
    const fromPage = await exportFromThePage();
    expect(fromPage).toBe(await exportedByTheCommand(['queues-agents', '--each']));
  });
});
