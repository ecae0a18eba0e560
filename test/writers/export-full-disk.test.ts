import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CcbulkError } from '../../src/errors.js';
import type { ExportColumn } from '../../src/writers/export-sink.js';
import { openExportSink } from '../../src/writers/open-export-sink.js';

const columns: readonly ExportColumn[] = [
  { name: 'name', kind: 'text' },
  { name: 'phone', kind: 'phone' },
];

/**
 * A real full disk: a 64 KiB tmpfs. Mounting needs root (or CAP_SYS_ADMIN); where it is not
 * permitted the tests are skipped with the reason, except on CI (CI=true), where a skipped test
 * would hide that the behaviour is no longer checked.
 */
let disk: string | undefined;
let cannotMount: string | undefined;

beforeAll(() => {
  const dir = mkdtempSync(path.join(tmpdir(), 'ccbulk-full-disk-'));
  try {
    execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=64k,mode=0700', 'tmpfs', dir], { stdio: 'pipe' });
    disk = dir;
  } catch (error) {
    rmdirSync(dir);
    cannotMount = `mounting a 64 KiB tmpfs is not permitted here (${(error as Error).message.split('\n')[0]})`;
  }
});

afterAll(() => {
  if (disk === undefined) return;
  execFileSync('umount', [disk]);
  rmdirSync(disk);
});

describe.each(['csv', 'xlsx'])('a %s export onto a full disk', (extension) => {
  it('names the file it could not write and why, and leaves no temporary file', async (context) => {
    if (disk === undefined) {
      if (process.env.CI === 'true') throw new Error(`CI=true, so this test may not be skipped: ${cannotMount}`);
      context.skip(cannotMount);
    }
    const target = path.join(disk!, `contacts-${extension}.${extension}`);
    const sink = await openExportSink(target);
    let failure: unknown;
    try {
      await sink.startSheet('Contacts', columns);
      // Far more than 64 KiB, even deflated: every row differs.
      for (let i = 0; i < 200_000; i++) await sink.writeRow([`Contact ${i} ${Math.random().toString(36)}`, `+1415${String(i).padStart(7, '0')}`]);
      await sink.commit();
    } catch (error) {
      failure = error;
      await sink.abort();
    }
    expect(failure).toBeInstanceOf(CcbulkError);
    expect((failure as CcbulkError).code).toBe('OUTPUT_INVALID');
    expect((failure as CcbulkError).message).toBe(`Cannot write \`--out\` ${target}: no space is left on the device (ENOSPC)`);
    expect(readdirSync(disk!)).toEqual([]);
  }, 60_000);
});
