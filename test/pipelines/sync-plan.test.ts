import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startEmulator, type RunningEmulator } from '../../src/emulator/server.js';
import { importAddressBook, resumeImport, type ImportProgress } from '../../src/library.js';
import { inputIdentity } from '../../src/readers/input-identity.js';
import { Journal } from '../../src/writers/journal.js';
import { ContactCenterClient } from '../../src/zoom/client.js';
import { configFor } from '../support/emulator-client.js';
import { readCsv, tempDir, writeFile } from '../support/import-env.js';

let emulator: RunningEmulator;
let client: ContactCenterClient;
let bookId: string;
let dir: string;

beforeEach(async () => {
  emulator = await startEmulator({ seed: 24 });
  client = new ContactCenterClient(configFor(emulator));
  const unit = await client.createUnit({ unit_name: 'Plan' });
  bookId = (await client.createAddressBook({ unit_id: unit.unit_id!, address_book_name: 'Nightly' })).address_book_id!;
  await client.batchCreateAddressBookContacts(bookId, [
    { display_name: 'Ann', phones: [{ phone_number: '+12127360001', phone_type: 'main' }], company: 'Acme' },
    { display_name: 'Bob', phones: [{ phone_number: '+12127360002', phone_type: 'main' }], company: 'Acme' },
    { display_name: 'Cy', phones: [{ phone_number: '+12127360003', phone_type: 'main' }], company: 'Acme' },
  ]);
  emulator.resetStats();
  dir = tempDir();
});

afterEach(async () => {
  await client.close();
  await emulator.close();
  // The padded files are 24 MiB each.
  rmSync(dir, { recursive: true, force: true });
});

const sync = (file: string, outDir: string, more: { onProgress?: (progress: ImportProgress) => void; signal?: AbortSignal } = {}) =>
  importAddressBook({ client, file, outDir, book: 'Nightly', mode: 'sync', ...more });

const writes = () => Object.entries(emulator.stats().byOperation).filter(([op]) => op.startsWith('batch'));

/** Bytes this process has read so far, from any file or socket: Linux's own count. */
const bytesRead = () => Number(/^rchar: (\d+)$/m.exec(readFileSync('/proc/self/io', 'utf8'))?.[1]);

describe('the plan of a sync', () => {
  it('counts what the run does, for a file with duplicates, blank and invalid rows, parse rejects and an unfixed reject', async () => {
    const file = writeFile(
      dir,
      'book.csv',
      [
        'name,phone,company,_raw',
        'Ann,+12127360001,Acme,',
        'Bob,+12127360002,Acme Inc,',
        '',
        ',,,',
        'Fay,+12127360006,Acme,',
        'Fay again,+12127360006,Acme,',
        'Broken,555-12,Acme,',
        'Too,many,fields,here,x',
        // A row of an earlier rejects.csv whose record was never put right: the run refuses it.
        'Gil,+12127360007,Acme,"Gil,+12127360007,Acme, Inc"',
        'Cy,+12127360003,Acme,',
        'Unterminated,"+12127360012,Acme,',
        'Ivy,+12127360013,Acme,',
      ].join('\n'),
    );
    const out = path.join(dir, 'run');
    const summary = await sync(file, out);

    const statuses = readCsv(path.join(out, 'results.csv')).map((r) => r._status);
    const rejects = readCsv(path.join(out, 'rejects.csv'));
    const ran = { create: statuses.filter((s) => s === 'created').length, update: statuses.filter((s) => s === 'updated').length, unchanged: statuses.filter((s) => s === 'unchanged').length, rejected: rejects.length };
    expect(ran).toEqual({ create: 2, update: 1, unchanged: 2, rejected: 5 });
    expect(summary.sync).toMatchObject(ran);
    expect(summary.rows).toBe(10);
    expect(rejects.find((r) => r.name === 'Gil')?._stage).toBe('parse');

    // plan.csv names exactly the rows the run wrote.
    const plan = readCsv(path.join(out, 'plan.csv'));
    const written = readCsv(path.join(out, 'results.csv')).filter((r) => r._status !== 'unchanged');
    expect(plan.map((r) => [r._line, r.action])).toEqual(written.map((r) => [r._line, r._status === 'created' ? 'create' : 'update']));
  });

  it('tells the run how many rows the file holds, once it has counted them', async () => {
    const file = writeFile(dir, 'book.csv', ['name,phone', 'Ann,+12127360001', 'Dee,+12127360004', 'Bad,555', 'Eve,+12127360005'].join('\n'));
    const seen: ImportProgress[] = [];
    await sync(file, path.join(dir, 'run'), { onProgress: (progress) => seen.push(progress) });
    expect(seen.length).toBeGreaterThan(0);
    expect(seen.map((p) => p.total)).toEqual(seen.map(() => 4));
    expect(seen.at(-1)).toMatchObject({ read: 4, total: 4 });
  });
});

describe('the input of a CSV sync', () => {
  /** A file whose reads stand out from whatever else the process reads: three rows and 24 MiB of blank lines. */
  const padded = () => writeFile(dir, 'padded.csv', `name,phone\nAnn,+12127360001\n${'\n'.repeat(24 * 1024 * 1024)}Dee,+12127360004\nEve,+12127360005\n`);

  it.runIf(existsSync('/proc/self/io'))('is read twice in all: once by the plan, once by the run', async () => {
    const file = padded();
    const size = readFileSync(file).length;
    const before = bytesRead();
    const summary = await sync(file, path.join(dir, 'run'));
    const passes = (bytesRead() - before) / size;
    expect(summary.sync).toMatchObject({ create: 2, unchanged: 1 });
    // Reading the header (and the first bytes, to tell a CSV from a workbook) is part of the run's pass.
    expect(passes).toBeGreaterThanOrEqual(2);
    expect(passes).toBeLessThan(2.5);
  });

  it('is journalled with the identity a separate read of the file gives', async () => {
    const file = padded();
    const out = path.join(dir, 'run');
    await sync(file, out);
    expect((await Journal.read(out)).start.input).toEqual(await inputIdentity(file));
  });

  it('refuses, before anything is sent, to resume on a file changed since, and resumes on the same bytes', async () => {
    const text = ['name,phone', 'Ann,+12127360001', 'Dee,+12127360004', 'Eve,+12127360005'].join('\n');
    const file = writeFile(dir, 'book.csv', text);
    const out = path.join(dir, 'run');
    const stopped = await sync(file, out, { signal: AbortSignal.abort() });
    expect(stopped.stoppedBy).toBe('stopped on request');
    expect(writes()).toEqual([]);

    // The same size: only the bytes tell.
    writeFileSync(file, text.replace('Dee', 'Dot'));
    await expect(resumeImport(out, { client })).rejects.toThrow(/^Cannot resume: the input .*book\.csv is not the file the run started with \(its content changed\)$/);
    expect(writes()).toEqual([]);

    writeFileSync(file, text);
    const resumed = await resumeImport(out, { client });
    expect(resumed).toMatchObject({ sync: { create: 2, unchanged: 1 } });
    expect(emulator.store.addressBookContacts(bookId).map((c) => c.display_name).sort()).toEqual(['Ann', 'Bob', 'Cy', 'Dee', 'Eve']);
  });
});
