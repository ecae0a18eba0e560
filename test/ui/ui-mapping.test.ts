import { readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { clientForEmulator, createDemoData, type DemoData } from '../../src/cli/demo-run.js';
import { startEmulator, type RunningEmulator } from '../../src/emulator/server.js';
import { startUiServer, type RunningUi } from '../../src/ui/ui-server.js';
import type { ContactCenterClient } from '../../src/zoom/client.js';
import { launchChromium } from '../support/browser.js';
import { envFor, readSummary, tempDir, writeFile } from '../support/import-env.js';
import { projectRoot, runCli } from '../support/run-cli.js';

const fixture = path.join(projectRoot, 'fixtures', 'contacts.csv');
/** The fixture's records, header first, as a CSV reader sees them. */
const records = parse(readFileSync(fixture), { bom: true, relax_column_count: true }) as string[][];
const header = records[0]!;

let emulator: RunningEmulator;
let client: ContactCenterClient;
let data: DemoData;
let ui: RunningUi;
let workDir: string;
let browser: Browser;
let closeBrowser: () => Promise<void>;
let page: Page;

beforeAll(async () => {
  emulator = await startEmulator({ seed: 23 });
  client = clientForEmulator(emulator);
  data = await createDemoData(client);
  workDir = tempDir('ccbulk-ui-map-');
  ui = await startUiServer({ client, workDir });
  ({ browser, close: closeBrowser } = await launchChromium());
  page = await browser.newPage({ viewport: { width: 1200, height: 900 } });
  page.on('pageerror', (error) => {
    throw error;
  });
  await page.goto(ui.url);
  // The first step finishes drawing before a test moves on (a late draw would cover the next step).
  await page.locator('#job-next').waitFor();
});

afterAll(async () => {
  await closeBrowser?.();
  await ui?.close();
  await client?.close();
  await emulator?.close();
});

/** Step 1 through the page: the job, its mode, and the demo's book or list. */
async function chooseJob(job: 'address-book' | 'dnc', mode: string): Promise<void> {
  await page.goto(`${ui.origin}/#job`);
  await page.locator('#job-next').waitFor();
  // The modes and targets of another job come back before one is picked (a late answer would reset them).
  if ((await page.locator('#job-kind').inputValue()) !== job) {
    await Promise.all([page.waitForResponse((r) => r.url().includes(`/api/targets?job=${job}`)), page.locator('#job-kind').selectOption(job)]);
  }
  await page.locator('#job-mode').selectOption(mode);
  await page.locator('#job-target').selectOption(job === 'dnc' ? data.dncListId : data.addressBookId);
  await page.locator('#job-next').click();
  await page.waitForURL(/#upload$/);
}

/** Step 2 through the file input, on to the mapping. */
async function upload(file: string): Promise<void> {
  await page.goto(`${ui.origin}/#upload`);
  await page.locator('#upload-file').setInputFiles(file);
  await page.locator('#upload-next').click();
  await page.waitForURL(/#mapping$/);
  await page.locator('#map-rows').waitFor();
}

const select = (column: string) => page.locator(`select[data-header="${column}"]`);
const noteOf = async (column: string) => page.locator(`#${(await select(column).getAttribute('id'))!}-note`);

describe('the mapping step in Chromium', () => {
  it('says "N rows found" with the file’s real row count, and shows its first rows whole', async () => {
    await chooseJob('address-book', 'create');
    await upload(fixture);
    expect(await page.locator('#map-rows').textContent()).toBe(`${records.length - 1} rows found.`);
    const shown = await page.locator('#map-preview tbody tr').evaluateAll((rows) => rows.map((r) => [...r.querySelectorAll('td')].map((td) => td.textContent)));
    expect(shown).toEqual(records.slice(1, 6));
    expect(await page.locator('#map-preview thead th').allTextContents()).toEqual(header);
  });

  it('names the unknown field of a loaded map.json beside its column with the valid fields, keeps it, and refuses to check with it', async () => {
    const map = writeFile(tempDir(), 'map.json', JSON.stringify({ Phone: 'phon', 'Fax Number': 'other_phone', Company: 'company' }));
    await page.locator('#map-load').setInputFiles(map);
    const note = await noteOf('Phone');
    await expect.poll(() => note.textContent()).toContain('`Phone` maps to unknown field `phon`');
    expect(await note.textContent()).toContain('Valid fields: display_name, first_name');
    // Not silently "(not used)": the column keeps what the file said, marked.
    expect(await select('Phone').inputValue()).toBe('phon');
    expect(await page.locator('#map-problems').textContent()).toContain('`Phone` maps to unknown field `phon`');
    expect(await page.locator('#map-load-status').textContent()).toContain('“Fax Number”');
    await page.locator('#map-next').click();
    await expect.poll(() => page.locator('#error').textContent()).toContain('unknown field `phon`');
    expect(page.url()).toMatch(/#mapping$/);
    // Fixed on the page, the mapping saves and the check may start.
    await select('Phone').selectOption('phone');
    await expect.poll(() => page.locator('#map-problems').count()).toBe(0);
    expect(await note.textContent()).toBe('');
  });

  it('warns of columns that map to nothing, and above all of a left-out column that holds phone numbers', async () => {
    await upload(fixture);
    await select('Phone').selectOption('');
    await expect.poll(() => page.locator('#map-important').textContent()).toContain('Column “Phone” is not used, and it seems to hold phone numbers');
    expect(await page.locator('#map-unmapped').textContent()).toBe('Columns of the file that map to nothing: “Phone”.');
    await select('Company').selectOption('');
    await expect.poll(() => page.locator('#map-unmapped').textContent()).toBe('Columns of the file that map to nothing: “Phone”, “Company”.');
    // Company holds no numbers, e-mails or names: listed, not warned about.
    expect(await page.locator('#map-important').textContent()).not.toContain('Company');
    await select('Phone').selectOption('phone');
    await select('Company').selectOption('company');
    await expect.poll(() => page.locator('#map-unmapped').count()).toBe(0);
  });

  it('saves a mapping under a name as a --map file (0600 in a 0700 folder), applies it when the same headers come back, and the CLI reads its download', async () => {
    await upload(fixture);
    await select('Company').selectOption('');
    await select('Job Title').selectOption('');
    await page.locator('#map-save-name').fill('CRM export');
    await page.locator('#map-save').click();
    await expect.poll(() => page.locator('#map-save-status').textContent()).toContain('Saved as “CRM export”');
    expect(await page.locator('#map-saved-list option').allTextContents()).toEqual(['CRM export (for these columns)']);
    const file = path.join(workDir, 'mappings', 'CRM export.json');
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(statSync(path.dirname(file)).mode & 0o777).toBe(0o700);
    const saved = JSON.parse(readFileSync(file, 'utf8')) as Record<string, string | null>;
    expect(saved['Company']).toBeNull();
    expect(saved['Job Title']).toBeNull();
    expect(saved['Phone']).toBe('phone');
    expect(Object.keys(saved).sort()).toEqual([...header].sort());

    // The same headers again (another file): the mapping is applied, and the page says which.
    const again = writeFile(tempDir(), 'next-week.csv', `${header.join(',')}\n${records[1]!.map((c) => (/[,"]/.test(c) ? `"${c.replace(/"/g, '""')}"` : c)).join(',')}\n`);
    await upload(again);
    expect(await page.locator('#map-saved-note').textContent()).toContain('“CRM export”');
    expect(await select('Company').inputValue()).toBe('');
    expect(await select('Job Title').inputValue()).toBe('');
    expect(await page.locator('#map-rows').textContent()).toBe('1 rows found.');

    // Offered in the list, and downloaded as the file `--map` reads: the command line takes it.
    expect(await page.locator('#map-saved-list option').first().textContent()).toBe('CRM export (for these columns)');
    const [download] = await Promise.all([page.waitForEvent('download'), page.locator('#map-saved-download').click()]);
    expect(download.suggestedFilename()).toBe('CRM export.json');
    const downloaded = (await download.path())!;
    expect(JSON.parse(readFileSync(downloaded, 'utf8'))).toEqual(saved);
    const out = path.join(tempDir(), 'out');
    const cli = await runCli(['import', 'address-book', fixture, '--book', data.addressBookId, '--map', downloaded, '--dry-run', '--out', out], { env: envFor(emulator) });
    expect(cli.stderr).toBe('');
    expect(readSummary(out).rows).toBe(records.length - 1);

    // A file with other headers gets no saved mapping.
    await upload(writeFile(tempDir(), 'other.csv', 'Name,Mobile\nAna,+14155550123\n'));
    expect(await page.locator('#map-saved-note').count()).toBe(0);
    expect(await page.locator('#map-saved-list option').first().textContent()).toBe('CRM export');

    // A saved mapping applied by hand to a file that lacks its columns says which it left out.
    await page.locator('#map-saved-apply').click();
    await expect.poll(() => page.locator('#map-load-status').textContent()).toContain('It names columns this file does not have, left out: “Full Name”');
  });

  it('shows the key a sync matches contacts by, as the job says it for the file and the target', async () => {
    await chooseJob('address-book', 'sync');
    await upload(fixture);
    // The fixture has an account number column and no contact id: the job's default key.
    expect(await page.locator('#map-sync-key').textContent()).toBe('A sync matches each row to a contact by its account number (from the column “Account Number”).');
    await select('Account Number').selectOption('');
    await expect.poll(() => page.locator('#map-sync-key').textContent()).toContain('any of their phone numbers and e-mail addresses');

    await chooseJob('dnc', 'sync');
    await upload(fixture);
    expect(await page.locator('#map-sync-key').textContent()).toContain('by its phone number (from the columns “Phone”, “Mobile”, “Work Phone”)');

    // Not a sync: nothing to say.
    await chooseJob('address-book', 'create');
    await upload(fixture);
    expect(await page.locator('#map-sync-key').count()).toBe(0);
  });
});

describe('the upload step in Chromium', () => {
  it('uploads a file dropped on the page, and maps its columns', async () => {
    await page.goto(`${ui.origin}/#upload`);
    await page.locator('#upload-drop').waitFor();
    const dropped = await page.evaluateHandle(() => {
      // In the page: the DOM's DataTransfer and File (the tests are compiled without the DOM's types).
      const dom = globalThis as unknown as { DataTransfer: new () => { items: { add(file: unknown): void } }; File: new (parts: string[], name: string, options: { type: string }) => unknown };
      const transfer = new dom.DataTransfer();
      transfer.items.add(new dom.File(['Name,Mobile,Notes\nAna,+14155550123,=1+1\nBo,+14155550124,\n'], 'dropped.csv', { type: 'text/csv' }));
      return transfer;
    });
    await page.dispatchEvent('#upload-drop', 'dragover', { dataTransfer: dropped });
    await page.dispatchEvent('#upload-drop', 'drop', { dataTransfer: dropped });
    await page.waitForURL(/#mapping$/);
    await page.locator('#map-rows').waitFor();
    expect(await page.locator('#map-rows').textContent()).toBe('2 rows found.');
    expect(await select('Mobile').inputValue()).toBe('mobile');
    // A cell that reads like a formula is shown as text.
    expect(await page.locator('#map-preview tbody tr').first().locator('td').nth(2).textContent()).toBe('=1+1');
    await page.goto(`${ui.origin}/#upload`);
    expect(await page.locator('#upload-current').textContent()).toContain('dropped.csv');
  });
});

describe('rejected rows on the page', () => {
  /** The fixture's record that starts on a 1-based file line (it has no blank lines; a quoted cell may hold line breaks). */
  const parsed = parse(readFileSync(fixture), { bom: true, relax_column_count: true, info: true }) as unknown as { record: string[]; info: { lines: number } }[];
  const byStartLine = new Map(parsed.map((r, i) => [i === 0 ? 1 : parsed[i - 1]!.info.lines + 1, r.record]));
  const recordOnLine = (line: number) => byStartLine.get(line)!;
  /** The name and number a person knows the fixture's row by: its full name (else first and last, company, e-mail), its first phone number. */
  const cell = (row: string[], column: string) => row[header.indexOf(column)] ?? '';
  const labelOf = (row: string[]) => ({
    name: [cell(row, 'Full Name'), `${cell(row, 'First Name')} ${cell(row, 'Last Name')}`.trim(), cell(row, 'Company'), cell(row, 'E-mail'), cell(row, 'Email 2')].find((n) => n !== '') ?? '',
    number: [row[header.indexOf('Phone')], row[header.indexOf('Mobile')], row[header.indexOf('Work Phone')]].find((n) => n !== '') ?? '' });

  async function shownRejects() {
    return page.locator('#rejects-table tbody tr').evaluateAll((rows) =>
      rows.map((r) => ({ line: Number(r.children[0]!.textContent), name: r.children[1]!.textContent, number: r.children[2]!.textContent, reason: r.children[4]!.textContent })),
    );
  }

  it('lists each reject with the row’s name and number beside its reason, after a check and after the run, linking rejects.csv', async () => {
    await chooseJob('address-book', 'create');
    await upload(fixture);
    // The mapping saved above for these headers leaves the company out: the automatic one here.
    await select('Company').selectOption('company');
    await select('Job Title').selectOption('role');
    await page.locator('#map-next').click();
    await page.waitForURL(/#check$/);
    await page.locator('#check-start').click();
    await page.locator('#check-next').waitFor({ timeout: 60_000 });
    const checkId = (await page.locator('#check-rejects').getAttribute('href'))!.split('/')[3]!;
    const checked = readSummary(path.join(workDir, 'runs', checkId));
    expect(checked.rejected).toBeGreaterThan(0);
    const rejectsCsv = parse(readFileSync(path.join(workDir, 'runs', checkId, 'rejects.csv')), { bom: true, columns: true, relax_column_count: true }) as Record<string, string>[];

    const afterCheck = await shownRejects();
    expect(afterCheck.length).toBe(Math.min(25, checked.rejected));
    afterCheck.forEach((shown, i) => {
      expect(shown.line).toBe(Number(rejectsCsv[i]!['_line']));
      expect(shown.reason).toBe(rejectsCsv[i]!['_reason']);
      expect({ name: shown.name, number: shown.number }).toEqual(labelOf(recordOnLine(shown.line)));
    });
    expect(afterCheck.some((r) => r.name !== '' && r.number !== '')).toBe(true);
    expect(await page.locator('#rejects-count').textContent()).toContain(`of ${checked.rejected} rejected rows`);
    expect(await page.locator('#rejects-link').getAttribute('href')).toBe(`/api/runs/${checkId}/files/rejects.csv`);

    await page.locator('#check-next').click();
    await page.locator('#run-start').click();
    await page.waitForURL(/#result$/, { timeout: 60_000 });
    await page.locator('#rejects-table').waitFor();
    const runId = (await page.locator('#download-summary-json').getAttribute('href'))!.split('/')[3]!;
    const afterRun = await shownRejects();
    expect(afterRun.length).toBe(Math.min(25, readSummary(path.join(workDir, 'runs', runId)).rejected));
    for (const shown of afterRun) expect({ name: shown.name, number: shown.number }).toEqual(labelOf(recordOnLine(shown.line)));
    expect(await page.locator('#rejects-link').getAttribute('href')).toBe(`/api/runs/${runId}/files/rejects.csv`);
  });
});
