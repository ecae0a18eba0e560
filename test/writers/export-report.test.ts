import { statSync } from 'node:fs';
import path from 'node:path';
import { Command } from 'commander';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { commandLineOf } from '../../src/cli/command-line.js';
import type { ExportSummary } from '../../src/pipelines/export-job.js';
import { launchChromium, openLocalFile } from '../support/browser.js';
import { emulatorWithClient, newAddressBook } from '../support/emulator-client.js';
import { envFor, tempDir } from '../support/import-env.js';
import { runCli } from '../support/run-cli.js';

/** Fast limits, so that seeding takes a moment. */
const FAST = { LIGHT: 2000, MEDIUM: 2000, HEAVY: 2000 };

let browser: Browser;
let closeBrowser: () => Promise<void>;

beforeAll(async () => {
  ({ browser, close: closeBrowser } = await launchChromium());
});

afterAll(async () => {
  await closeBrowser();
});

/** Opens a report in Chromium (see openLocalFile). */
const openReport = (file: string, screenshot: string) => openLocalFile(browser, file, screenshot);

describe("an export's report", () => {
  it('is written beside the export, renders in Chromium with no error and no request, and shows the numbers --json printed', async () => {
    const { emulator, client, close } = await emulatorWithClient({ seed: 17, limits: FAST }, { limits: FAST });
    try {
      const bookId = await newAddressBook(client, 'Report exports');
      for (let start = 0; start < 450; start += 10) {
        const batch = Array.from({ length: 10 }, (_, k) => ({ display_name: `Contact ${start + k}`, phones: [{ phone_number: `+1212555${String(start + k).padStart(4, '0')}`, phone_type: 'main' as const }] }));
        await client.batchCreateAddressBookContacts(bookId, batch);
      }
      // Seeded without faults; the export meets 429s on a share of its requests.
      emulator.setFaults({ rateLimitRate: 0.4 });
      const out = path.join(tempDir(), 'exports', 'books-{date}.csv');
      const run = await runCli(['export', 'address-book', '--book', 'Report exports', '--out', out, '--json', '--plan', 'business'], { env: envFor(emulator) });
      expect(run.stderr).toBe('');
      expect(run.code).toBe(0);
      const summary = JSON.parse(run.stdout) as ExportSummary;
      expect(summary.rows, run.stdout).toBe(450);
      expect(summary.report).toBe(`${summary.file}.report.html`);
      expect(statSync(summary.report!).mode & 0o777).toBe(0o600);
      // The time line accounts for every row written and every 429 the summary counts.
      expect(summary.series!.buckets.reduce((n, b) => n + b.done, 0)).toBe(summary.rows);
      expect(summary.series!.buckets.reduce((n, b) => n + b.rateLimited, 0)).toBe(summary.rateLimited);
      expect(summary.rateLimited).toBeGreaterThan(0);
      expect(summary.latency!.count).toBeGreaterThan(0);

      const { page, problems } = await openReport(summary.report!, 'report-export.png');
      const field = (name: string) => page.locator(`[data-field="${name}"]`).first().textContent();
      const value = (name: string) => page.locator(`[data-field="${name}"]`).first().getAttribute('data-value');
      expect(await field('rows')).toBe(String(summary.rows));
      expect(await field('file')).toBe(summary.file);
      expect(await field('requests')).toBe(String(summary.requests));
      expect(await field('rateLimited')).toBe(String(summary.rateLimited));
      expect(await field('retries')).toBe(String(summary.retries));
      expect(await value('elapsedMs')).toBe(String(summary.elapsedMs));
      expect(await field('latency.count')).toBe(String(summary.latency!.count));
      expect(await value('latency.p50Ms')).toBe(String(summary.latency!.p50Ms));
      expect(await value('latency.p95Ms')).toBe(String(summary.latency!.p95Ms));
      expect(await value('latency.maxMs')).toBe(String(summary.latency!.maxMs));
      expect(await page.locator('header').textContent()).toContain('Report exports');
      expect(await page.locator('svg.chart').count()).toBe(1);
      expect(await page.locator('pre code').textContent()).toBe(`ccbulk export address-book --book 'Report exports' --out '${out}' --plan business --json`);
      expect(problems).toEqual([]);
      await page.close();
    } finally {
      await close();
    }
  });

  it("spells the command again as it was typed, without --redis, whose URL may hold a password", () => {
    const program = new Command('ccbulk');
    const dnc = program
      .command('export')
      .command('dnc')
      .option('--list <id|name>')
      .option('--out <file>')
      .option('--no-bom')
      .option('--keep <n>')
      .option('--redis <url>')
      .action(() => undefined);
    program.parse(['export', 'dnc', '--list', 'Do not call', '--redis', 'redis://:hunter2@127.0.0.1:6379', '--no-bom', '--out', 'dnc-{date}.csv'], { from: 'user' });
    const line = commandLineOf(dnc);
    expect(line).toBe("ccbulk export dnc --list 'Do not call' --out 'dnc-{date}.csv' --no-bom");
    expect(line).not.toContain('hunter2');
  });
});
