import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { clientForEmulator, createDemoData, DEMO_NAMES, type DemoData } from '../../src/cli/demo-run.js';
import { startEmulator, type RunningEmulator } from '../../src/emulator/server.js';
import { startUiServer, type RunningUi } from '../../src/ui/ui-server.js';
import type { ContactCenterClient } from '../../src/zoom/client.js';
import { launchChromium } from '../support/browser.js';
import { tempDir, writeFile } from '../support/import-env.js';

/** `count` contacts with a number and an e-mail each: rows 0 to count - 1. */
function contactsFile(dir: string, name: string, from: number, count: number): string {
  const rows = Array.from({ length: count }, (_, k) => {
    const i = from + k;
    return `Person ${i},+1212736${String(i + 1000).padStart(4, '0')},person${i}@example.com`;
  });
  return writeFile(dir, name, ['Full Name,Phone,Email', ...rows].join('\n') + '\n');
}

/**
 * Records every browser notification the page makes, in `window.notes`: the browser's own API,
 * wrapped in the page before its scripts run (as page code, so the test's types do not hold DOM).
 */
/** How long a test waits for the page: browser tests share two cores with the rest of the suite. */
const slow = { timeout: 30_000 };

const recordNotifications = `{
  const Real = window.Notification;
  const notes = [];
  window.notes = notes;
  class Recorded extends Real {
    constructor(title, options) {
      notes.push({ title, body: options?.body });
      super(title, options);
    }
  }
  Object.defineProperty(window, 'Notification', { value: Recorded, configurable: true });
}`;

/**
 * The page tells the truth about every run, on every step: a run going is shown in a banner in
 * every tab (with its progress, a link and Stop) and in Past runs, a reload lands on it, a stop
 * says how much of the file is done, a resume's bar starts where it stopped, a reload mid-check
 * waits for the check, and a run that deletes says how many and asks for that number first.
 */
describe('runs the page keeps track of, in Chromium', () => {
  const FILE_ROWS = 600;
  let emulator: RunningEmulator;
  let client: ContactCenterClient;
  let data: DemoData;
  let ui: RunningUi;
  let workDir: string;
  let browser: Browser;
  let closeBrowser: () => Promise<void>;
  let context: BrowserContext;
  let problems: string[];
  const dir = tempDir();

  beforeAll(async () => {
    // Slow answers and one batch at a time, so that a run lasts long enough to be watched.
    emulator = await startEmulator({ seed: 26, faults: { latencyMs: 150 } });
    client = clientForEmulator(emulator);
    data = await createDemoData(client);
    workDir = tempDir('ccbulk-ui-');
    ui = await startUiServer({ client, workDir, concurrency: 1 });
    ({ browser, close: closeBrowser } = await launchChromium());
    context = await browser.newContext();
    await context.grantPermissions(['notifications'], { origin: ui.origin });
    await context.addInitScript({ content: recordNotifications });
    problems = [];
    const first = await context.newPage();
    await first.goto(ui.url);
    await first.close();
  });

  afterAll(async () => {
    await closeBrowser?.();
    await ui?.close();
    await client?.close();
    await emulator?.close();
  });

  /** A tab of the one session, its page errors collected. */
  async function tab(hash = '#job'): Promise<Page> {
    const page = await context.newPage();
    page.on('pageerror', (error) => problems.push(error.message));
    await page.goto(`${ui.origin}/${hash}`);
    return page;
  }

  /** Step 1 to 3 through the page: the job, the file, the mapping as it comes; on the check step. */
  async function upToCheck(page: Page, mode: string, file: string, options: (page: Page) => Promise<void> = async () => undefined): Promise<void> {
    // Opened on step 1 (see `tab`): one render of it, whose choices are the ones sent.
    expect(page.url()).toBe(`${ui.origin}/#job`);
    // Address books come first: picking the job again would reload the modes under the choices made here.
    await expect.poll(() => page.locator('#job-target option').allTextContents(), slow).toContainEqual(expect.stringContaining(DEMO_NAMES.addressBook));
    expect(await page.locator('#job-kind').inputValue()).toBe('address-book');
    await page.locator('#job-mode').selectOption(mode);
    await page.locator('#job-target').selectOption({ value: data.addressBookId });
    await options(page);
    await page.locator('#job-next').click();
    await page.waitForURL(/#upload$/);
    await page.locator('#upload-file').setInputFiles(file);
    await page.locator('#upload-next').click();
    await page.locator('#map-next').click();
    await page.waitForURL(/#check$/);
  }

  /** The check through the page, to its end; on the run step. */
  async function checkAndGoOn(page: Page): Promise<void> {
    await page.locator('#check-start').click();
    await page.locator('#check-next').waitFor({ timeout: 60_000 });
    await page.locator('#check-next').click();
    await page.waitForURL(/#run$/);
  }

  const summaryOf = (id: string) => JSON.parse(readFileSync(path.join(workDir, 'runs', id, 'summary.json'), 'utf8')) as Record<string, number>;
  const notes = (page: Page) => page.evaluate(() => (globalThis as unknown as { notes: { title: string; body?: string }[] }).notes);
  const count = (n: number) => n.toLocaleString('en-US');

  it('shows a run on every step and in every tab, lands on it after a reload, stops it counting the whole file, and resumes from where it stopped', async () => {
    const first = await tab();
    await upToCheck(first, 'create', contactsFile(dir, 'leads.csv', 0, FILE_ROWS));
    await checkAndGoOn(first);
    await first.locator('#run-start').click();
    await expect.poll(async () => (await first.locator('#run-text').textContent()) ?? '', { timeout: 30_000 }).toMatch(new RegExp(`[1-9]\\d* done of ${FILE_ROWS} rows`));
    const id = readdirSync(path.join(workDir, 'runs')).find((name) => name.includes('-run-'))!;
    // Slower answers while the run is watched from other steps and tabs, so that it is still going when stopped.
    emulator.setFaults({ latencyMs: 1000 });

    // Step 1 while it runs: the banner names the run, its progress and a link to it.
    await first.goto(`${ui.origin}/#job`);
    const line = first.locator(`#live .live-run[data-run="${id}"]`);
    await expect.poll(() => line.textContent(), slow).toMatch(new RegExp(`The import into “${DEMO_NAMES.addressBook}” \\(address-book create, leads\\.csv\\) is running: \\d+ done of ${FILE_ROWS} rows`));
    expect(await line.locator('a.live-open').getAttribute('href')).toBe(`#run?id=${id}`);

    // A second tab, on another step, sees it too; Past runs lists it as running.
    const second = await tab('#upload');
    await second.locator(`#live .live-run[data-run="${id}"]`).waitFor();
    await second.goto(`${ui.origin}/#runs`);
    const row = second.locator('#runs tbody tr', { hasText: id });
    await expect.poll(() => row.locator('td').nth(1).textContent(), slow).toBe('running');

    // Reopened with no step named, the page lands on the run, not on step 1.
    await second.goto(`${ui.origin}/`);
    await second.reload();
    await expect.poll(() => second.url(), slow).toBe(`${ui.origin}/#run?id=${id}`);
    await expect.poll(async () => (await second.locator('#run-text').textContent()) ?? '', slow).toMatch(/done of 600 rows/);

    // Stop from the banner on step 1: every tab says how much of the file is done.
    await first.locator(`#live .live-run[data-run="${id}"] .live-stop`).click();
    const stopped = second.locator('#run-stopped');
    await stopped.waitFor({ timeout: 30_000 });
    const summary = summaryOf(id);
    const done = summary['succeeded']! + summary['rejected']!;
    emulator.setFaults({ latencyMs: 150 });
    expect(summary['fileRows']).toBe(FILE_ROWS);
    expect(done).toBeGreaterThan(0);
    expect(done).toBeLessThan(FILE_ROWS);
    expect(await stopped.textContent()).toBe(`Stopped: ${count(done)} of ${count(FILE_ROWS)} rows done; ${count(FILE_ROWS - done)} wait for the resume.`);
    const ended = first.locator('#live-ended');
    await expect.poll(() => ended.textContent(), slow).toContain(`stopped: ${count(done)} of ${count(FILE_ROWS)} rows done`);
    // The tab that asked for notifications was told, and so was the other one (same permission).
    await expect.poll(() => notes(first), slow).toContainEqual({ title: 'ccbulk: run stopped', body: expect.stringContaining(`${count(done)} of ${count(FILE_ROWS)} rows done`) });

    // Resume: the bar starts where the run stopped, out of the file's rows, and is not full at once.
    await second.locator('#run-resume').click();
    await expect.poll(async () => (await second.locator('#run-text').textContent()) ?? '', slow).toMatch(/done of 600 rows/);
    const bar = second.locator('#run-progress');
    expect(Number(await bar.getAttribute('max'))).toBe(FILE_ROWS);
    const value = await bar.evaluate((b) => (b as unknown as { value: number }).value);
    expect(value).toBeGreaterThanOrEqual(done);
    expect(value).toBeLessThan(FILE_ROWS);
    await second.waitForURL(/#result/, { timeout: 90_000 });
    expect(emulator.store.addressBookContacts(data.addressBookId)).toHaveLength(FILE_ROWS);
    const resumed = summaryOf(id);
    // The resumed leg's time line holds only its own rows.
    const series = (resumed as unknown as { series: { buckets: { done: number }[] } }).series;
    expect(series.buckets.reduce((n, b) => n + b.done, 0)).toBe(FILE_ROWS - done);
    await expect.poll(() => notes(first), { timeout: 10_000 }).toContainEqual({ title: 'ccbulk: run finished', body: expect.stringContaining('finished') });
    await second.goto(`${ui.origin}/#runs`);
    await expect.poll(() => second.locator('#runs tbody tr', { hasText: id }).locator('td').nth(1).textContent(), slow).toBe('succeeded');
    expect(problems).toEqual([]);
    await first.close();
    await second.close();
  });

  it('shows a check still running after a reload, then its result, not that it did not finish', async () => {
    const page = await tab();
    await upToCheck(page, 'upsert', contactsFile(dir, 'again.csv', 0, 50));
    // Every answer takes seconds: the check's look-ups outlast the reload.
    emulator.setFaults({ latencyMs: 2500 });
    try {
      await page.locator('#check-start').click();
      await page.locator('#progress-text, #check-running').first().waitFor().catch(() => undefined);
      await page.reload();
      // Reloaded while the server still runs it.
      const live = await page.evaluate(() => fetch('/api/live').then((r) => r.json() as Promise<{ dryRun: boolean }[]>));
      expect(live.filter((run) => run.dryRun)).toHaveLength(1);
      await expect.poll(() => page.locator('#check-body').textContent(), slow).toMatch(/The check is running|done of 50 rows/);
      expect(await page.locator('#check-body .error').count()).toBe(0);
    } finally {
      emulator.setFaults({ latencyMs: 150 });
    }
    await page.locator('#check-next').waitFor({ timeout: 60_000 });
    expect(await page.locator('#main [data-field="rows"]').textContent()).toBe('50');
    expect(await page.locator('#check-body .error').count()).toBe(0);
    expect(problems).toEqual([]);
    await page.close();
  });

  it('says how many contacts a delete removes, and starts it only once that number is typed', async () => {
    const page = await tab();
    await upToCheck(page, 'delete', contactsFile(dir, 'leavers.csv', 0, 20));
    await checkAndGoOn(page);
    expect(await page.locator('#run-start').count()).toBe(0);
    expect(await page.locator('#run-delete-confirm .warn').textContent()).toBe(`This run deletes 20 contacts from “${DEMO_NAMES.addressBook}”, as the check counted. It cannot be undone.`);
    const button = page.locator('#run-delete');
    expect(await button.textContent()).toBe('Delete 20 contacts');
    expect(await button.isDisabled()).toBe(true);
    await page.locator('#run-confirm').fill('19');
    expect(await button.isDisabled()).toBe(true);
    // The server refuses a start without the count, whatever the page does.
    const bare = await page.evaluate(() => fetch('/api/run', { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' }).then(async (r) => ({ status: r.status, body: await r.json() })));
    expect(bare).toEqual({ status: 409, body: { error: `This run deletes 20 contacts from '${DEMO_NAMES.addressBook}': confirm that number to start it.` } });
    expect(emulator.store.addressBookContacts(data.addressBookId)).toHaveLength(FILE_ROWS);
    await page.locator('#run-confirm').fill('20');
    await button.click();
    await page.waitForURL(/#result/, { timeout: 60_000 });
    expect(emulator.store.addressBookContacts(data.addressBookId)).toHaveLength(FILE_ROWS - 20);
    await page.close();
  });

  it('asks the same of a sync that deletes the contacts its file does not hold, with the check\'s count', async () => {
    const page = await tab();
    // The book holds rows 20 to 599; the file rows 20 to 549: 50 contacts are not in it.
    await upToCheck(page, 'sync', contactsFile(dir, 'current.csv', 20, 530), async (p) => {
      await p.locator('#job-delete-missing').check();
      await p.locator('#job-max-delete').fill('100%');
    });
    await checkAndGoOn(page);
    expect(await page.locator('#run-delete').textContent()).toBe('Delete 50 contacts');
    // A tab of the same session in a browser that refuses notifications: the banner alone says it.
    const refusing = await browser.newContext();
    await refusing.addCookies(await context.cookies());
    await refusing.addInitScript({ content: recordNotifications });
    const other = await refusing.newPage();
    other.on('pageerror', (error) => problems.push(error.message));
    await other.goto(`${ui.origin}/#upload`);
    emulator.setFaults({ latencyMs: 1000 });
    try {
      await page.locator('#run-confirm').fill('50');
      await page.locator('#run-delete').click();
      await other.locator('#live .live-run').waitFor({ timeout: 30_000 });
      const asked = other.locator('#live-notify');
      if ((await asked.count()) > 0) {
        await asked.click();
        await expect.poll(() => asked.count(), slow).toBe(0);
      }
    } finally {
      emulator.setFaults({ latencyMs: 150 });
    }
    await page.waitForURL(/#result/, { timeout: 60_000 });
    await expect.poll(() => other.locator('#live-ended').getAttribute('data-status'), { timeout: 10_000 }).toBe('done');
    expect(await other.evaluate(() => (globalThis as unknown as { Notification: { permission: string } }).Notification.permission)).not.toBe('granted');
    expect(await notes(other)).toEqual([]);
    expect(emulator.store.addressBookContacts(data.addressBookId)).toHaveLength(530);
    expect(problems).toEqual([]);
    await refusing.close();
    await page.close();
  });
});
