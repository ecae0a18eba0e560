import { chmodSync, readdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { clientForEmulator, createDemoData, type DemoData } from '../../src/cli/demo-run.js';
import { startEmulator, type RunningEmulator } from '../../src/emulator/server.js';
import { startUiServer, type RunningUi } from '../../src/ui/ui-server.js';
import type { ContactCenterClient } from '../../src/zoom/client.js';
import { tempDir, writeFile } from '../support/import-env.js';
import { inlineRow, writeWorkbook } from '../support/tiny-xlsx.js';
import { openUiSession, settledRun, type UiSession } from '../support/ui-session.js';

/**
 * The page's server trusts nothing it did not make: its working folder is checked as the command
 * line's state folder is, uploads are its own and keep the person's file name, downloads never
 * follow a link, and what is not a spreadsheet is refused (and not kept).
 */
describe('ccbulk ui: files and folders', () => {
  let emulator: RunningEmulator;
  let client: ContactCenterClient;
  let data: DemoData;
  let ui: RunningUi;
  let workDir: string;
  let session: UiSession;

  beforeAll(async () => {
    emulator = await startEmulator({ seed: 3 });
    client = clientForEmulator(emulator);
    data = await createDemoData(client);
    workDir = tempDir('ccbulk-ui-');
    ui = await startUiServer({ client, workDir });
    session = await openUiSession(ui);
  });
  afterAll(async () => {
    await ui?.close();
    await client?.close();
    await emulator?.close();
  });

  const uploads = () => readdirSync(path.join(workDir, 'uploads'));

  it('refuses a working folder, or a folder in it, that others can write or that is a link', async () => {
    const open = tempDir('ccbulk-ui-');
    chmodSync(open, 0o777);
    await expect(startUiServer({ client, workDir: open })).rejects.toThrow(/The UI's working folder .* is writable by its group and other users \(mode 777; chmod 700 it\): a folder someone else can write is never trusted/);
    const linked = tempDir('ccbulk-ui-');
    symlinkSync(tempDir(), path.join(linked, 'runs'));
    await expect(startUiServer({ client, workDir: linked })).rejects.toThrow(/runs is a symlink/);
  });

  it('refuses a file name that is not percent-encoded with 400, and a PDF or another document with 415, keeping none of them', async () => {
    const dir = tempDir();
    const job = await session.post('/api/job', { job: 'address-book', mode: 'create', target: data.addressBookId });
    expect(job.status).toBe(200);
    const notEncoded = await session.request('/api/upload', {
      method: 'POST',
      headers: { 'content-type': 'application/octet-stream', 'x-ccbulk-upload': '1', 'x-file-name': '%E0%A4%A' },
      body: 'a,b\n1,2\n',
    });
    expect(notEncoded.status).toBe(400);
    expect(((await notEncoded.json()) as { error: string }).error).toBe('Expected the file name (X-File-Name) to be percent-encoded.');
    const pdf = await session.upload(writeFile(dir, 'report.pdf', '%PDF-1.7\n%\u00e2\u00e3\n1 0 obj\n'));
    expect(pdf.status).toBe(415);
    const disguised = await session.upload(writeFile(dir, 'contacts.csv', '%PDF-1.7\n1 0 obj << >>\n'));
    expect(disguised.status).toBe(415);
    expect(((await disguised.json()) as { error: string }).error).toMatch(/“contacts.csv” is named .csv but is not text \(it starts like a PDF/);
    expect(uploads()).toEqual([]);
  });

  it('keeps one upload a session, under the name the person gave it, and shows that name in past runs', async () => {
    const dir = tempDir();
    const first = writeFile(dir, 'first.csv', 'name,phone\nAnn,+12127361000\n');
    const second = writeFile(dir, 'Spring leads (final).csv', 'name,phone\nBob,+12127361001\nBroken,555-12\n');
    expect((await session.upload(first)).status).toBe(200);
    expect((await session.upload(second)).status).toBe(200);
    // The first upload is gone with its folder; the second keeps its name in a folder of its own.
    expect(uploads()).toHaveLength(1);
    expect(readdirSync(path.join(workDir, 'uploads', uploads()[0]!))).toEqual(['Spring leads (final).csv']);
    const started = await session.post('/api/run', {});
    expect(started.status).toBe(202);
    const { id } = (await started.json()) as { id: string };
    expect((await settledRun(session, id)).status).toBe('done');
    const runs = (await (await session.get('/api/runs')).json()) as { id: string; input: string }[];
    expect(runs.find((r) => r.id === id)?.input).toBe('Spring leads (final).csv');
  });

  it('never serves a run file through a link planted in its folder, and refuses a session that names a file not uploaded', async () => {
    const runs = (await (await session.get('/api/runs')).json()) as { id: string }[];
    const id = runs[0]!.id;
    const secretFile = writeFile(tempDir(), 'secret.txt', 'not for the page');
    const dir = path.join(workDir, 'runs', id);
    writeFileSync(path.join(dir, 'plan.csv.real'), 'x');
    symlinkSync(secretFile, path.join(dir, 'plan.csv'));
    expect((await session.get(`/api/runs/${id}/files/plan.csv`)).status).toBe(404);
    // A state file edited to name another file of this user's.
    const sessions = path.join(workDir, 'sessions');
    const stateFile = path.join(sessions, readdirSync(sessions).find((f) => f.endsWith('.json'))!);
    const state = JSON.parse(readFileSync(stateFile, 'utf8'));
    state.upload.file = secretFile;
    writeFileSync(stateFile, JSON.stringify(state));
    const check = await session.post('/api/check', {});
    expect(check.status).toBe(409);
    expect(((await check.json()) as { error: string }).error).toBe('That upload is not one of this page’s: upload the file again.');
  });

  it('serves a sync’s plan.csv and not-in-file.csv from its run', async () => {
    const dir = tempDir();
    expect((await session.post('/api/job', { job: 'address-book', mode: 'sync', target: data.addressBookId })).status).toBe(200);
    expect((await session.upload(writeFile(dir, 'night.csv', 'name,phone\nCarl,+12127361002\n'))).status).toBe(200);
    const { id } = (await (await session.post('/api/run', {})).json()) as { id: string };
    expect((await settledRun(session, id)).status).toBe('done');
    const plan = await session.get(`/api/runs/${id}/files/plan.csv`);
    expect(plan.status).toBe(200);
    expect(await plan.text()).toMatch(/create/);
    const notInFile = await session.get(`/api/runs/${id}/files/not-in-file.csv`);
    expect(notInFile.status).toBe(200);
    expect(await notInFile.text()).toMatch(/\+12127361001/);
  });

  it('checks the sheet a workbook was previewed on: the first visible one, or the one picked by number', async () => {
    const book = path.join(tempDir(), 'book.xlsx');
    writeWorkbook(book, [
      { name: 'Lists', state: 'hidden', data: inlineRow(1, 'Country') },
      { name: 'Contacts', data: inlineRow(1, 'Name', 'Phone') + inlineRow(2, 'Ana', '+14155550123') },
      { name: 'More', data: inlineRow(1, 'Name', 'Mobile') + inlineRow(2, 'Bo', '+14155550124') + inlineRow(3, 'Cy', '+14155550125') },
    ]);
    expect((await session.post('/api/job', { job: 'address-book', mode: 'create', target: data.addressBookId })).status).toBe(200);
    expect((await session.upload(book)).status).toBe(200);
    const first = (await (await session.post('/api/check', {})).json()) as { id: string };
    expect((await settledRun(session, first.id)).summary?.['rows']).toBe(1);
    expect((await session.post('/api/sheet', { sheet: '3' })).status).toBe(200);
    const third = (await (await session.post('/api/check', {})).json()) as { id: string };
    const view = await settledRun(session, third.id);
    expect(view.error).toBeUndefined();
    expect(view.summary?.['rows']).toBe(2);
  });

  it('answers the one-time link opened a second time with a page that says what to do, not JSON', async () => {
    const again = await fetch(ui.url, { redirect: 'manual' });
    expect(again.status).toBe(403);
    expect(again.headers.get('content-type')).toMatch(/^text\/html/);
    expect(await again.text()).toMatch(/This link was used already/);
  });
});
