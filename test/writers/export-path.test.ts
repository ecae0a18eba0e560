import { mkdirSync, readdirSync, utimesSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { fillTemplate, pruneExports, tempPathFor } from '../../src/writers/export-path.js';
import { tempDir } from '../support/import-env.js';

function touch(dir: string, name: string, mtime?: Date): string {
  const file = path.join(dir, name);
  writeFileSync(file, name);
  if (mtime !== undefined) utimesSync(file, mtime, mtime);
  return file;
}

describe('fillTemplate', () => {
  it('fills {date} and {time} from the local time, every time they occur', () => {
    const now = new Date(2024, 2, 5, 7, 8, 9); // 5 March 2024, 07:08:09 local
    expect(fillTemplate('out/contacts-{date}_{time}.csv', now)).toBe('out/contacts-2024-03-05_070809.csv');
    expect(fillTemplate('{date}/{date}.xlsx', now)).toBe('2024-03-05/2024-03-05.xlsx');
    expect(fillTemplate('plain.csv', now)).toBe('plain.csv');
  });
});

describe('tempPathFor', () => {
  it('names a hidden file beside the target, at random', () => {
    expect(tempPathFor('/x/out/contacts.csv')).toMatch(/^\/x\/out\/\.contacts\.csv\.[0-9a-f]{12}\.tmp$/);
    // Unpredictable: a link planted at the name in advance cannot be aimed at it.
    expect(tempPathFor('/x/out/contacts.csv')).not.toBe(tempPathFor('/x/out/contacts.csv'));
  });
});

describe('pruneExports', () => {
  it('keeps the newest files made from the template, counting the one just written, and ignores other names', async () => {
    const dir = tempDir();
    const template = path.join(dir, 'contacts-{date}-{time}.csv');
    for (const stamp of ['2024-01-01-010101', '2024-01-02-000000', '2024-01-02-120000', '2023-12-31-235959']) {
      touch(dir, `contacts-${stamp}.csv`);
    }
    const justWritten = touch(dir, 'contacts-2024-01-03-000000.csv');
    const others = ['notes.txt', 'contacts-latest.csv', 'contacts-2024-01-01-010101.xlsx', 'contacts-2024-1-1-010101.csv', `.contacts-2020-01-01-000000.csv.${process.pid}.tmp`];
    for (const name of others) touch(dir, name);
    mkdirSync(path.join(dir, 'contacts-2000-01-01-000000.csv')); // a directory, not an export

    const deleted = await pruneExports(template, 3, justWritten);

    expect(deleted.map((file) => path.basename(file)).sort()).toEqual([
      'contacts-2023-12-31-235959.csv',
      'contacts-2024-01-01-010101.csv',
    ]);
    expect(readdirSync(dir).sort()).toEqual(
      [...others, 'contacts-2000-01-01-000000.csv', 'contacts-2024-01-02-000000.csv', 'contacts-2024-01-02-120000.csv', 'contacts-2024-01-03-000000.csv'].sort(),
    );
  });

  it('never deletes the file just written, even when it is not the newest by name', async () => {
    const dir = tempDir();
    const template = path.join(dir, 'c-{date}.csv');
    touch(dir, 'c-2030-01-01.csv');
    const justWritten = touch(dir, 'c-2024-01-01.csv');
    const deleted = await pruneExports(template, 1, justWritten);
    expect(deleted).toEqual([path.join(dir, 'c-2030-01-01.csv')]);
    expect(readdirSync(dir)).toEqual(['c-2024-01-01.csv']);
  });

  it('orders files whose names carry the same date and time by their modification time', async () => {
    const dir = tempDir();
    // Only a template with a placeholder twice can make two names with the same stamp: the first
    // occurrence is the one that counts.
    const template = path.join(dir, '{date}-{date}.csv');
    const justWritten = touch(dir, '2024-05-01-2024-05-01.csv', new Date(2024, 4, 1, 12));
    touch(dir, '2024-05-01-2024-05-02.csv', new Date(2024, 4, 1, 10));
    const older = touch(dir, '2024-05-01-2024-05-03.csv', new Date(2024, 4, 1, 9));
    expect(await pruneExports(template, 2, justWritten)).toEqual([older]);
  });

  it('neither counts nor deletes a file whose name only looks like a date or time', async () => {
    const dir = tempDir();
    const template = path.join(dir, 'contacts-{date}.csv');
    const oldest = touch(dir, 'contacts-2026-01-01.csv');
    touch(dir, 'contacts-2026-01-02.csv');
    // Month 13, day 99, 30 February: a name made by hand or by another tool, never by ccbulk.
    const lookalikes = ['contacts-2026-13-99.csv', 'contacts-2026-02-30.csv', 'contacts-2026-00-10.csv'];
    for (const name of lookalikes) touch(dir, name);
    const justWritten = touch(dir, 'contacts-2026-01-03.csv');

    expect(await pruneExports(template, 2, justWritten)).toEqual([oldest]);
    expect(readdirSync(dir).sort()).toEqual([...lookalikes, 'contacts-2026-01-02.csv', 'contacts-2026-01-03.csv'].sort());

    const timed = path.join(dir, 'calls-{date}-{time}.csv');
    touch(dir, 'calls-2026-01-01-246000.csv'); // hour 24, minute 60
    const older = touch(dir, 'calls-2026-01-01-010000.csv');
    const written = touch(dir, 'calls-2026-01-01-020000.csv');
    expect(await pruneExports(timed, 1, written)).toEqual([older]);
    expect(readdirSync(dir).filter((name) => name.startsWith('calls-')).sort()).toEqual(['calls-2026-01-01-020000.csv', 'calls-2026-01-01-246000.csv']);
  });

  it('returns nothing for a template without a placeholder in its file name', async () => {
    const dir = tempDir();
    touch(dir, 'contacts.csv');
    expect(await pruneExports(path.join(dir, 'contacts.csv'), 1, path.join(dir, 'contacts.csv'))).toEqual([]);
    expect(readdirSync(dir)).toEqual(['contacts.csv']);
  });
});
