import { spawn } from 'node:child_process';
import { readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startEmulator, type RunningEmulator } from '../../src/emulator/server.js';
import { ContactCenterClient } from '../../src/zoom/client.js';
import { configFor } from '../support/emulator-client.js';
import { envFor, readCsv, readSummary, tempDir, writeFile } from '../support/import-env.js';
import { cliPath, projectRoot, runCli } from '../support/run-cli.js';
import { writeRequests } from '../support/write-requests.js';

const fixture = path.join(projectRoot, 'fixtures', 'contacts.csv');

let emulator: RunningEmulator;
let client: ContactCenterClient;
let bookId: string;
let dir: string;

beforeEach(async () => {
  emulator = await startEmulator({ seed: 15 });
  client = new ContactCenterClient(configFor(emulator));
  const unit = await client.createUnit({ unit_name: 'Sync' });
  bookId = (await client.createAddressBook({ unit_id: unit.unit_id!, address_book_name: 'Nightly' })).address_book_id!;
  dir = tempDir();
});

afterEach(async () => {
  await client.close();
  await emulator.close();
});

function sync(file: string, ...args: string[]) {
  const out = path.join(dir, `out-${Math.random().toString(36).slice(2)}`);
  return runCli(['import', 'address-book', file, '--book', 'Nightly', '--mode', 'sync', '--out', out, '--quiet', ...args], { env: envFor(emulator) }).then((run) => ({ ...run, out }));
}

/** Contacts already in the book: Ann, Bob, Cy, Dee (Dee is not in the file), and two Eds sharing a number. */
async function seed(): Promise<Record<string, string>> {
  const answer = await client.batchCreateAddressBookContacts(bookId, [
    { display_name: 'Ann', phones: [{ phone_number: '+12127360001', phone_type: 'main' }], emails: ['ann@example.com'], company: 'Acme' },
    { display_name: 'Bob', phones: [{ phone_number: '+12127360002', phone_type: 'main' }, { phone_number: '+12127369002', phone_type: 'work' }], company: 'Acme' },
    { display_name: 'Cy', phones: [{ phone_number: '+12127360003', phone_type: 'main' }], company: 'Acme' },
    { display_name: 'Dee', phones: [{ phone_number: '+12127360004', phone_type: 'main' }], company: 'Acme' },
    { display_name: 'Ed', phones: [{ phone_number: '+12127360005', phone_type: 'main' }] },
    { display_name: 'Ed two', emails: ['ed@example.com'] },
  ]);
  return Object.fromEntries((answer.contacts ?? []).map((c) => [c.display_name!, c.contact_id!]));
}

/** A file with one row of each class: unchanged (Ann), changed (Bob), new (Fay), rejected, matching several (Ed). */
const FILE = [
  'name,phone,email,company',
  'Ann,+12127360001,ann@example.com,Acme',
  'Bob,+12127360002,,Acme Inc',
  'Cy,+12127360003,,Acme',
  'Fay,+12127360006,fay@example.com,Acme',
  'Broken,555-12,,Acme',
  'Ed,+12127360005,ed@example.com,',
  'Cy again,+12127360003,,Acme',
].join('\n');

const byName = () => new Map(emulator.store.addressBookContacts(bookId).map((c) => [c.display_name, c]));

describe('ccbulk import address-book --mode sync', () => {
  it('creates new rows, updates only the changed fields, leaves unchanged ones alone and lists the contacts not in the file', async () => {
    const ids = await seed();
    const file = writeFile(dir, 'book.csv', FILE);
    const run = await sync(file);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(2);
    expect(run.stdout).toMatch(/Plan \(by contact\): 1 create, 1 update, 2 unchanged, 0 delete \(1 not in the file, kept/);

    const results = new Map(readCsv(path.join(run.out, 'results.csv')).map((r) => [r.name, r]));
    expect(results.get('Ann')).toMatchObject({ _status: 'unchanged', _id: ids.Ann });
    expect(results.get('Cy')).toMatchObject({ _status: 'unchanged', _id: ids.Cy });
    expect(results.get('Bob')).toMatchObject({ _status: 'updated', _id: ids.Bob });
    expect(results.get('Fay')?._status).toBe('created');

    const rejects = new Map(readCsv(path.join(run.out, 'rejects.csv')).map((r) => [r.name, r]));
    expect(rejects.get('Broken')?._stage).toBe('validate');
    expect(rejects.get('Ed')?._reason).toBe(`matches several contacts in the address book: give a contact_id to say which: ${ids.Ed}, ${ids['Ed two']}`);
    expect(rejects.get('Cy again')).toMatchObject({ _stage: 'duplicate', _reason: 'matches the same contact as line 4' });

    // Bob: the company changed, his numbers are the file's for the main type, and his work number stays.
    const bob = byName().get('Bob')!;
    expect(bob.company).toBe('Acme Inc');
    expect(bob.phones).toEqual([
      { phone_number: '+12127360002', phone_type: 'main' },
      { phone_number: '+12127369002', phone_type: 'work' },
    ]);
    expect(byName().get('Dee')).toBeDefined();

    const plan = readCsv(path.join(run.out, 'plan.csv'));
    expect(plan.filter((r) => r.action === 'update')).toEqual([{ _line: '3', action: 'update', contact_id: ids.Bob, field: 'company', before: 'Acme', after: 'Acme Inc' }]);
    const missing = readCsv(path.join(run.out, 'not-in-file.csv'));
    // The Eds are named by a row, ambiguously: never "not in the file".
    expect(missing.map((r) => [r._id, r._status])).toEqual([[ids.Dee, 'kept']]);
    for (const name of ['plan.csv', 'not-in-file.csv']) expect(statSync(path.join(run.out, name)).mode & 0o777).toBe(0o600);
    const summary = readSummary(run.out);
    expect(summary.sync).toMatchObject({ key: 'contact', create: 1, update: 1, unchanged: 2, rejected: 3, notInFile: 1, deleted: 0 });
    expect(summary.rows).toBe(summary.succeeded + summary.rejected);
  });

  it('sends no write at all when the same sync runs a second time', async () => {
    await seed();
    const file = writeFile(dir, 'book.csv', FILE);
    await sync(file);
    const before = emulator.stats().byOperation;
    const again = await sync(file);
    const after = emulator.stats().byOperation;
    const writes = ['batchCreateContact', 'batchUpdateContact', 'batchDeletecontact'].map((op) => (after[op] ?? 0) - (before[op] ?? 0));
    expect(writes).toEqual([0, 0, 0]);
    expect(readSummary(again.out).sync).toMatchObject({ create: 0, update: 0, unchanged: 4 });
    // One listing page for the book, nothing else.
    expect(readSummary(again.out).requests).toBeLessThanOrEqual(3);
  });

  it('matches an edited export by contact id and deletes the contacts not in it with --delete-missing', async () => {
    const ids = await seed();
    const file = writeFile(dir, 'export.csv', ['contact_id,display_name,company', `${ids.Ann},Ann,Acme`, `${ids.Bob},Bob,Acme`, `${ids.Cy},Cy,Acme`, `${ids.Ed},Ed,Acme`, `${ids['Ed two']},Ed two,Beta`].join('\n'));
    const run = await sync(file, '--delete-missing', '--max-delete', '1');
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(readSummary(run.out).sync).toMatchObject({ key: 'contact_id', update: 2, unchanged: 3, notInFile: 1, deleted: 1 });
    expect(byName().has('Dee')).toBe(false);
    expect(byName().get('Ed two')?.company).toBe('Beta');
    expect(readCsv(path.join(run.out, 'not-in-file.csv'))).toEqual([{ _id: ids.Dee, display_name: 'Dee', phones: '+12127360004', emails: '', _status: 'deleted' }]);
  });

  it('refuses, before any write, a --delete-missing that would delete more than --max-delete, naming the contacts', async () => {
    const ids = await seed();
    const file = writeFile(dir, 'few.csv', ['name,phone,company', 'Ann,+12127360001,Changed', 'New,+12127360099,Acme'].join('\n'));
    emulator.resetStats();
    const run = await sync(file, '--delete-missing');
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('Refusing to delete 5 of the 6 contacts not in the file, more than `--max-delete 10%` allows (0)');
    expect(run.stderr).toContain(`Bob (${ids.Bob})`);
    expect(run.stderr).toContain('Nothing was sent');
    const ops = emulator.stats().byOperation;
    expect([ops.batchCreateContact, ops.batchUpdateContact, ops.batchDeletecontact]).toEqual([undefined, undefined, undefined]);
    expect(byName().get('Ann')?.company).toBe('Acme');
  });

  it('prints the plan on a dry run and writes nothing', async () => {
    const ids = await seed();
    const file = writeFile(dir, 'book.csv', FILE);
    emulator.resetStats();
    const run = await sync(file, '--dry-run', '--delete-missing', '--max-delete', '50%');
    expect(run.stdout).toMatch(/Plan \(by contact\): 1 create, 1 update, 2 unchanged, 1 delete, 3 rejected/);
    const ops = emulator.stats().byOperation;
    expect(Object.keys(ops).filter((op) => op.startsWith('batch'))).toEqual([]);
    expect(readCsv(path.join(run.out, 'not-in-file.csv')).map((r) => r._status)).toEqual(['would delete']);
    expect(readCsv(path.join(run.out, 'plan.csv')).filter((r) => r.action === 'delete').map((r) => r.contact_id)).toEqual([ids.Dee]);
    expect(byName().get('Bob')?.company).toBe('Acme');
  });

  it('stops a mostly bad file with --max-rejects before anything is sent, naming the top reasons', async () => {
    await seed();
    const rows = ['name,phone', 'Good,+12127360050', ...Array.from({ length: 9 }, (_, i) => `Bad ${i},555-1${i}`)];
    const file = writeFile(dir, 'bad.csv', rows.join('\n'));
    emulator.resetStats();
    const run = await sync(file, '--max-rejects', '3');
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/The plan rejects 9 of 10 rows, more than `--max-rejects 3` allows \(3\): 9 × phone: /);
    expect(emulator.stats().byOperation.batchCreateContact).toBeUndefined();
  });
});

describe('--delete-missing and the rows a sync rejects', () => {
  it('never deletes a contact a rejected row identifies by its number, e-mail or account number, though its contact_id has a typo', async () => {
    const answer = await client.batchCreateAddressBookContacts(bookId, [
      { display_name: 'Ann', phones: [{ phone_number: '+12127360001', phone_type: 'main' }], emails: ['ann@example.com'], account_number: 'A-1' },
      { display_name: 'Bob', phones: [{ phone_number: '+12127360002', phone_type: 'main' }], emails: ['bob@example.com'], account_number: 'A-2' },
      { display_name: 'Cy', phones: [{ phone_number: '+12127360003', phone_type: 'main' }], account_number: 'A-3' },
      { display_name: 'Dee', phones: [{ phone_number: '+12127360004', phone_type: 'main' }], account_number: 'A-4' },
    ]);
    const ids = Object.fromEntries((answer.contacts ?? []).map((c) => [c.display_name!, c.contact_id!]));
    const file = writeFile(
      dir,
      'export.csv',
      [
        'contact_id,display_name,phone,email,account_number',
        // A typo in the id: refused, but its number, e-mail and account number are Ann's.
        `${ids.Ann}x,Ann,+12127360001,ann@example.com,A-1`,
        // No id, a bad second number: refused before matching, but its first number and e-mail are Bob's.
        ',Bob,+12127360002;555-12,bob@example.com,',
        // No id, a bad e-mail: refused, but its account number is Cy's.
        ',Cy,,cy@,A-3',
      ].join('\n'),
    );
    const run = await sync(file, '--delete-missing', '--max-delete', '100%');
    expect(run.stderr).toBe('');
    const rejects = new Map(readCsv(path.join(run.out, 'rejects.csv')).map((r) => [r.display_name, r]));
    expect(rejects.get('Ann')?._reason).toMatch(/^contact_id: not in the address book/);
    expect(rejects.get('Bob')?._stage).toBe('validate');
    expect(rejects.get('Cy')?._stage).toBe('validate');
    expect(readCsv(path.join(run.out, 'not-in-file.csv')).map((r) => [r._id, r._status])).toEqual([[ids.Dee, 'deleted']]);
    expect([...byName().keys()].sort()).toEqual(['Ann', 'Bob', 'Cy']);
  });
});

describe('ccbulk import address-book --mode sync of the README\'s fixture into an empty book', () => {
  it('refuses a row that shares a number with an earlier row as a duplicate of it, as --mode create does: 185 creates, not 186', async () => {
    const run = await sync(fixture);
    expect(run.stderr).toBe('');
    expect(readSummary(run.out).sync).toMatchObject({ key: 'account_number', create: 185, update: 0, unchanged: 0, rejected: 15 });
    const rejects = new Map(readCsv(path.join(run.out, 'rejects.csv')).map((r) => [r._line, r]));
    expect(rejects.get('144')).toMatchObject({ _stage: 'duplicate', _reason: 'duplicate of line 17' });
    expect(emulator.store.addressBookContacts(bookId)).toHaveLength(185);
  });

  it('sends no write the second night: a number given only as Mobile or Work Phone is found as it was created', async () => {
    await sync(fixture);
    const before = writeRequests(emulator);
    const again = await sync(fixture);
    expect(again.stderr).toBe('');
    expect(readSummary(again.out).sync).toMatchObject({ create: 0, update: 0, unchanged: 185 });
    expect(writeRequests(emulator) - before).toBe(0);
  });
});

describe('a sync killed part way', () => {
  it('resumes to the same end state as an uninterrupted sync, and a sync after it sends no writes', async () => {
    await emulator.close();
    emulator = await startEmulator({ seed: 15, faults: { latencyMs: 200 } });
    await client.close();
    client = new ContactCenterClient(configFor(emulator));
    const unit = await client.createUnit({ unit_name: 'Sync' });
    bookId = (await client.createAddressBook({ unit_id: unit.unit_id!, address_book_name: 'Nightly' })).address_book_id!;
    // 60 contacts already there, 30 of them renamed in the file, and 150 new rows.
    for (let i = 0; i < 60; i += 10) {
      await client.batchCreateAddressBookContacts(
        bookId,
        Array.from({ length: 10 }, (_, k) => ({ display_name: `Person ${i + k}`, phones: [{ phone_number: `+1212736${String(1000 + i + k)}`, phone_type: 'main' as const }] })),
      );
    }
    const lines = ['name,phone', ...Array.from({ length: 210 }, (_, i) => `${i < 30 ? 'Renamed' : 'Person'} ${i},+1212736${String(1000 + i)}`)];
    const file = writeFile(dir, 'big.csv', lines.join('\n'));
    const out = path.join(dir, 'killed');
    const child = spawn(process.execPath, [cliPath, 'import', 'address-book', file, '--book', 'Nightly', '--mode', 'sync', '--out', out, '--quiet', '--concurrency', '2'], {
      env: { ...process.env, ...envFor(emulator) },
      stdio: 'ignore',
    });
    const exited = new Promise((resolve) => child.on('exit', resolve));
    const journal = () => {
      try {
        return readFileSync(path.join(out, 'journal.jsonl'), 'utf8');
      } catch {
        return '';
      }
    };
    const until = Date.now() + 30_000;
    while (!/"ack":\[\d/.test(journal()) && Date.now() < until) await new Promise((r) => setTimeout(r, 20));
    child.kill('SIGKILL');
    await exited;
    expect(emulator.store.addressBookContacts(bookId).length).toBeLessThan(210);

    const resumed = await runCli(['resume', out, '--quiet'], { env: envFor(emulator) });
    expect(resumed.stderr).toBe('');
    expect(resumed.code).toBe(0);
    // It resumed as a sync (a create would have refused the renamed contacts as already there).
    expect(readSummary(out).sync).toMatchObject({ create: expect.any(Number), update: expect.any(Number) });
    expect(readCsv(path.join(out, 'rejects.csv'))).toEqual([]);
    const stored = emulator.store.addressBookContacts(bookId);
    expect(stored.map((c) => c.display_name).sort()).toEqual(lines.slice(1).map((l) => l.split(',')[0]).sort());
    const numbers = stored.flatMap((c) => (c.phones ?? []).map((p) => p.phone_number));
    expect(new Set(numbers).size).toBe(210);

    emulator.resetStats();
    const again = await sync(file);
    expect(again.code).toBe(0);
    const ops = emulator.stats().byOperation;
    expect([ops.batchCreateContact, ops.batchUpdateContact]).toEqual([undefined, undefined]);
    expect(readSummary(again.out).sync).toMatchObject({ create: 0, update: 0, unchanged: 210 });
  }, 90_000);
});
