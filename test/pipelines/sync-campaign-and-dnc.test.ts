import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startEmulator, type RunningEmulator } from '../../src/emulator/server.js';
import { ContactCenterClient } from '../../src/zoom/client.js';
import { configFor } from '../support/emulator-client.js';
import { envFor, readCsv, readSummary, tempDir, writeFile } from '../support/import-env.js';
import { projectRoot, runCli } from '../support/run-cli.js';
import { writeRequests } from '../support/write-requests.js';

const fixture = path.join(projectRoot, 'fixtures', 'contacts.csv');

let emulator: RunningEmulator;
let client: ContactCenterClient;
let campaignId: string;
let dncId: string;
let dir: string;

beforeEach(async () => {
  emulator = await startEmulator({ seed: 16 });
  client = new ContactCenterClient(configFor(emulator));
  campaignId = (await client.createCampaignContactList({ contact_list_name: 'Spring', contact_list_type: 'contact' })).contact_list_id!;
  dncId = (await client.createCampaignContactList({ contact_list_name: 'Blocked', contact_list_type: 'do_not_contact' })).contact_list_id!;
  dir = tempDir();
});

afterEach(async () => {
  await client.close();
  await emulator.close();
});

function sync(command: 'campaign-contacts' | 'dnc', file: string, ...args: string[]) {
  const out = path.join(dir, `out-${Math.random().toString(36).slice(2)}`);
  return runCli(['import', command, file, '--mode', 'sync', '--out', out, '--quiet', ...args], { env: envFor(emulator) }).then((run) => ({ ...run, out }));
}

const writesOf = (before: Record<string, number>, after: Record<string, number>, ops: string[]) => ops.map((op) => (after[op] ?? 0) - (before[op] ?? 0));

describe('ccbulk import campaign-contacts --mode sync', () => {
  it('inserts, updates and leaves alone as the file says, deletes the missing one request each, and sends nothing the second time', async () => {
    await client.batchInsertCampaignContacts(campaignId, [
      { contact_display_name: 'Ann', contact_phones: [{ contact_phone_number: '+12127360001', contact_phone_type: 'Main' }], contact_company: 'Acme' },
      { contact_display_name: 'Bob', contact_phones: [{ contact_phone_number: '+12127360002', contact_phone_type: 'Main' }], contact_company: 'Acme' },
      { contact_display_name: 'Dee', contact_phones: [{ contact_phone_number: '+12127360004', contact_phone_type: 'Main' }] },
      { contact_display_name: 'Dot', contact_phones: [{ contact_phone_number: '+12127360007', contact_phone_type: 'Main' }] },
    ]);
    const file = writeFile(dir, 'list.csv', ['name,phone,company', 'Ann,+12127360001,Acme', 'Bob,+12127360002,Beta', 'Fay,+12127360006,Acme', 'Bad,555-12,Acme', 'Dee,+12127360004,'].join('\n'));
    const run = await sync('campaign-contacts', file, '--list', 'Spring', '--delete-missing', '--max-delete', '1');
    expect(run.stderr).toBe('');
    expect(run.code).toBe(2);
    expect(readSummary(run.out).sync).toMatchObject({ create: 1, update: 1, unchanged: 2, rejected: 1, notInFile: 1, deleted: 1 });
    const stored = new Map(emulator.store.campaignContacts(campaignId).map((c) => [c.contact_display_name, c]));
    expect([...stored.keys()].sort()).toEqual(['Ann', 'Bob', 'Dee', 'Fay']);
    expect(stored.get('Bob')?.contact_company).toBe('Beta');
    expect(emulator.stats().byOperation.deleteCampaigncontactListContact).toBe(1);
    const results = new Map(readCsv(path.join(run.out, 'results.csv')).map((r) => [r.name, r._status]));
    expect(results).toEqual(new Map([['Ann', 'unchanged'], ['Bob', 'updated'], ['Fay', 'inserted'], ['Dee', 'unchanged']]));

    const before = emulator.stats().byOperation;
    const again = await sync('campaign-contacts', file, '--list', 'Spring', '--delete-missing', '--max-delete', '1');
    const ops = ['Insertabatchofcontactstoacampaigncontactlist', 'Updateabatchofcontactsonacampaigncontactlist', 'deleteCampaigncontactListContact'];
    expect(writesOf(before, emulator.stats().byOperation, ops)).toEqual([0, 0, 0]);
    expect(readSummary(again.out).sync).toMatchObject({ create: 0, update: 0, unchanged: 4, notInFile: 0 });
  });
});

describe('ccbulk import campaign-contacts --mode sync of the README\'s fixture into an empty list', () => {
  it('refuses a row that shares a number with an earlier row as a duplicate of it, as insert does, and sends no write the second night', async () => {
    const first = await sync('campaign-contacts', fixture, '--list', 'Spring');
    expect(first.stderr).toBe('');
    const inserted = readSummary(first.out).sync as { create: number };
    const rejects = new Map(readCsv(path.join(first.out, 'rejects.csv')).map((r) => [r._line, r]));
    expect(rejects.get('144')).toMatchObject({ _stage: 'duplicate', _reason: 'duplicate of line 17' });
    expect(emulator.store.campaignContacts(campaignId)).toHaveLength(inserted.create);
    // The same file inserted into another list makes as many contacts.
    await client.createCampaignContactList({ contact_list_name: 'Inserted', contact_list_type: 'contact' });
    const out = path.join(dir, 'insert');
    await runCli(['import', 'campaign-contacts', fixture, '--list', 'Inserted', '--out', out, '--quiet'], { env: envFor(emulator) });
    expect(readSummary(out).succeeded).toBe(inserted.create);

    const before = writeRequests(emulator);
    const again = await sync('campaign-contacts', fixture, '--list', 'Spring');
    expect(again.stderr).toBe('');
    expect(readSummary(again.out).sync).toMatchObject({ create: 0, update: 0, unchanged: inserted.create });
    expect(writeRequests(emulator) - before).toBe(0);
  });
});

describe('--delete-missing on a campaign list and the rows a sync rejects', () => {
  it('never deletes a contact a rejected row identifies by its number, e-mail or account number, though its contact_id has a typo', async () => {
    await client.batchAddDncPhones(dncId, ['+12127360002']);
    await client.batchInsertCampaignContacts(campaignId, [
      { contact_display_name: 'Ann', contact_phones: [{ contact_phone_number: '+12127360001', contact_phone_type: 'Main' }], contact_emails: ['ann@example.com'], contact_account_number: 'A-1' },
      { contact_display_name: 'Bob', contact_phones: [{ contact_phone_number: '+12127360002', contact_phone_type: 'Main' }], contact_account_number: 'A-2' },
      { contact_display_name: 'Cy', contact_phones: [{ contact_phone_number: '+12127360003', contact_phone_type: 'Main' }], contact_emails: ['cy@example.com'] },
      { contact_display_name: 'Dee', contact_phones: [{ contact_phone_number: '+12127360004', contact_phone_type: 'Main' }] },
    ]);
    const ids = Object.fromEntries(emulator.store.campaignContacts(campaignId).map((c) => [c.contact_display_name, c.contact_id]));
    const file = writeFile(
      dir,
      'export.csv',
      [
        'contact_id,display_name,phone,email,account_number',
        // A typo in the id: refused, but its number, e-mail and account number are Ann's.
        `${ids.Ann}x,Ann,+12127360001,ann@example.com,A-1`,
        // No id, a number on the DNC list: refused, but the number is Bob's.
        ',Bob,+12127360002,,',
        // No id, a bad number: refused before matching, but its e-mail is Cy's.
        ',Cy,555-12,cy@example.com,',
      ].join('\n'),
    );
    const run = await sync('campaign-contacts', file, '--list', 'Spring', '--scrub-dnc', 'Blocked', '--delete-missing', '--max-delete', '100%');
    expect(run.stderr).toBe('');
    const rejects = new Map(readCsv(path.join(run.out, 'rejects.csv')).map((r) => [r.display_name, r]));
    expect(rejects.get('Ann')?._reason).toMatch(/^contact_id: not in the campaign contact list/);
    expect(rejects.get('Bob')?._stage).toBe('dnc');
    expect(rejects.get('Cy')?._stage).toBe('validate');
    expect(readCsv(path.join(run.out, 'not-in-file.csv')).map((r) => [r._id, r._status])).toEqual([[ids.Dee, 'deleted']]);
    expect(emulator.store.campaignContacts(campaignId).map((c) => c.contact_display_name).sort()).toEqual(['Ann', 'Bob', 'Cy']);
  });
});

describe('ccbulk import dnc --mode sync', () => {
  it('adds the new numbers, keeps the listed ones, removes the missing with --delete-missing, and refuses too many removals', async () => {
    await client.batchAddDncPhones(dncId, ['+12127360001', '+12127360002', '+12127360003']);
    const file = writeFile(dir, 'dnc.csv', ['phone', '+12127360001', '+12127360002', '+12127360009', '555-12'].join('\n'));
    const refused = await sync('dnc', file, '--list', 'Blocked', '--delete-missing', '--max-delete', '0');
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('Refusing to delete 1 of the 3 numbers not in the file');
    expect(emulator.store.dncPhones(dncId).map((p) => p.phone_number).sort()).toEqual(['+12127360001', '+12127360002', '+12127360003']);

    const run = await sync('dnc', file, '--list', 'Blocked', '--delete-missing', '--max-delete', '1');
    expect(run.code).toBe(2);
    expect(readSummary(run.out).sync).toMatchObject({ create: 1, unchanged: 2, rejected: 1, notInFile: 1, deleted: 1 });
    expect(emulator.store.dncPhones(dncId).map((p) => p.phone_number).sort()).toEqual(['+12127360001', '+12127360002', '+12127360009']);
    expect(readCsv(path.join(run.out, 'not-in-file.csv')).map((r) => [r.phones, r._status])).toEqual([['+12127360003', 'removed']]);
  });
});
