import path from 'node:path';
import ExcelJS from 'exceljs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startEmulator, type RunningEmulator } from '../../src/emulator/server.js';
import { ContactCenterClient } from '../../src/zoom/client.js';
import { configFor } from '../support/emulator-client.js';
import { envFor, readCsv, readSummary, tempDir, writeFile } from '../support/import-env.js';
import { createRosterAccount } from '../support/roster-account.js';
import { runCli } from '../support/run-cli.js';

let emulator: RunningEmulator;
let client: ContactCenterClient;
let dir: string;

beforeEach(async () => {
  emulator = await startEmulator({ seed: 2930 });
  client = new ContactCenterClient(configFor(emulator));
  await createRosterAccount(client, { queues: ['Sales - EU', 'Support'], teams: ['Tier 1', 'Tier 2'], roles: ['Team lead'], skills: ['Spanish', 'Billing'] });
  // A second 'Support' queue: the export must name each of the two by id to import again.
  await client.createQueue({ queue_name: 'Support', channel: 'messaging' });
  dir = tempDir('ccbulk-roster-trip-');
});

afterEach(async () => {
  await client.close();
  await emulator.close();
});

const writes = () =>
  Object.entries(emulator.stats().byOperation)
    .filter(([op]) => !/^(list|get|users$)/i.test(op))
    .reduce((n, [, count]) => n + count, 0);

describe('ccbulk export roster', () => {
  it('writes the agents in the import’s columns, so export → sync sends nothing, and an edited export changes only what was edited', async () => {
    const queues: Record<string, string> = {};
    for await (const q of client.listQueues()) queues[`${q.queue_name}/${q.channel}`] = q.queue_id!;
    const intake = writeFile(dir, 'intake.csv', [
      'Email,Role,Queues,Teams,Skills,Access',
      `ana.lopez@example.com,Team lead,Sales - EU;${queues['Support/voice']},Tier 1,Spanish:4;Billing:2,active`,
      `bo.chen@example.com,,${queues['Support/messaging']},Tier 1;Tier 2,Spanish:1,inactive`,
      'cy.diaz@example.com,,,,,',
    ].join('\n'));
    const created = await runCli(['import', 'roster', intake, '--out', path.join(dir, 'create'), '--quiet'], { env: envFor(emulator) });
    expect(created.stderr).toBe('');
    expect(created.code).toBe(0);

    const exported = await runCli(['export', 'roster', '--out', path.join(dir, 'roster.csv'), '--quiet'], { env: envFor(emulator) });
    expect(exported.stderr).toBe('');
    const rows = readCsv(path.join(dir, 'roster.csv'));
    expect(Object.keys(rows[0]!)).toEqual(['Email', 'Name', 'Role', 'Queues', 'Teams', 'Skills', 'Region', 'Country', 'Access', 'Package', 'Client integration']);
    expect(rows.map((r) => [r.Email, r.Name, r.Role, r.Queues, r.Teams, r.Skills, r.Access])).toEqual([
      ['ana.lopez@example.com', 'Ana Lopez', 'Team lead', `Sales - EU; ${queues['Support/voice']}`, 'Tier 1', 'Spanish:4; Billing:2', 'active'],
      ['bo.chen@example.com', 'Bo Chen', 'Agent', queues['Support/messaging'], 'Tier 1; Tier 2', 'Spanish:1', 'inactive'],
      ['cy.diaz@example.com', 'Cy Diaz', 'Agent', '', '', '', 'active'],
    ]);

    const before = writes();
    const sync = await runCli(['import', 'roster', path.join(dir, 'roster.csv'), '--mode', 'sync', '--out', path.join(dir, 'sync'), '--quiet'], { env: envFor(emulator) });
    expect(sync.stderr).toBe('');
    expect(writes()).toBe(before);
    expect(readCsv(path.join(dir, 'sync', 'results.csv')).map((r) => r._status)).toEqual(['unchanged', 'unchanged', 'unchanged']);

    // Edited in a spreadsheet: Bo leaves Tier 2 and learns Billing; nothing else moves.
    const edited = writeFile(
      dir,
      'edited.csv',
      (await import('node:fs')).readFileSync(path.join(dir, 'roster.csv'), 'utf8').replace('Tier 1; Tier 2,Spanish:1', 'Tier 1,Spanish:1; Billing:3'),
    );
    const again = await runCli(['import', 'roster', edited, '--mode', 'sync', '--max-unassign', '100%', '--out', path.join(dir, 'edit'), '--quiet'], { env: envFor(emulator) });
    expect(again.stderr).toBe('');
    const results = readCsv(path.join(dir, 'edit', 'results.csv')).filter((r) => r._status !== 'unchanged');
    expect(results.map((r) => [r.Email, r._assigned, r._unassigned])).toEqual([['bo.chen@example.com', 'skill:Billing:3', 'team:Tier 2']]);
    expect(readSummary(path.join(dir, 'edit')).roster).toMatchObject({ assignments: { added: 1, removed: 1, failed: 0 } });
  });

  it('writes an XLSX workbook with the same columns', async () => {
    await client.batchCreateUsers([{ user_email: 'dee@example.com' }]);
    const out = path.join(dir, 'roster.xlsx');
    const run = await runCli(['export', 'roster', '--out', out, '--quiet'], { env: envFor(emulator) });
    expect(run.stderr).toBe('');
    const book = new ExcelJS.Workbook();
    await book.xlsx.readFile(out);
    const sheet = book.worksheets[0]!;
    expect((sheet.getRow(1).values as unknown[]).slice(1)).toEqual(['Email', 'Name', 'Role', 'Queues', 'Teams', 'Skills', 'Region', 'Country', 'Access', 'Package', 'Client integration']);
    expect(sheet.getRow(2).getCell(1).text).toBe('dee@example.com');
  });
});
