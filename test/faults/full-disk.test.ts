import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmdirSync, rmSync, statfsSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { RunningEmulator } from '../../src/emulator/server.js';
import { unguardFormula } from '../../src/transforms/formula-guard.js';
import { envFor, readCsv, readSummary } from '../support/import-env.js';
import { runCli } from '../support/run-cli.js';
import { addressBookBed, expectNoDuplicates, generatedContacts, recordLines } from './fault-bed.js';

/**
 * A real full disk: a 2 MiB tmpfs for the run's out folder, filled with a ballast file but for
 * a few hundred KiB, so the run's own files (results.csv, rejects.csv, journal.jsonl, summary.json)
 * meet ENOSPC part way. Mounting needs root (or CAP_SYS_ADMIN); where it is not permitted the test
 * is skipped with the reason, except on CI (CI=true).
 */
let disk: string | undefined;
let cannotMount: string | undefined;

beforeAll(() => {
  const dir = mkdtempSync(path.join(tmpdir(), 'ccbulk-full-disk-import-'));
  try {
    execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=2m,mode=0700', 'tmpfs', dir], { stdio: 'pipe' });
    disk = dir;
  } catch (error) {
    rmdirSync(dir);
    cannotMount = `mounting a 2 MiB tmpfs is not permitted here (${(error as Error).message.split('\n')[0]})`;
  }
});

afterAll(() => {
  if (disk === undefined) return;
  execFileSync('umount', [disk]);
  rmdirSync(disk);
});

let emulator: RunningEmulator | undefined;
afterEach(async () => {
  await emulator?.close();
  emulator = undefined;
});

/** Fills the disk with one file, leaving `free` bytes. */
function ballast(dir: string, free: number): string {
  const file = path.join(dir, 'ballast');
  const stats = statfsSync(dir);
  writeFileSync(file, Buffer.alloc(Math.max(0, stats.bavail * stats.bsize - free)));
  return file;
}

describe('an import whose out folder runs out of space', () => {
  // 40 KiB free: results.csv is the first to fail; 160 KiB: the journal (their turns depend on
  // where the disk's last pages go, which is what a real disk does too).
  it.for([40, 160])('with %i KiB free, stops resumably with one line naming the file, and the resume after space is freed writes every row once, with the ids of the contacts made', { timeout: 240_000 }, async (freeKiB, context) => {
    if (disk === undefined) {
      if (process.env.CI === 'true') throw new Error(`CI=true, so this test may not be skipped: ${cannotMount}`);
      context.skip(cannotMount);
    }
    const bed = await addressBookBed({ seed: 91 });
    emulator = bed.emulator;
    const env = envFor(bed.emulator);
    const rows = 3000;
    const file = generatedContacts(bed.dir, rows);
    const out = path.join(disk!, `run-${freeKiB}`);
    const weight = ballast(disk!, freeKiB * 1024);

    const first = await runCli(['import', 'address-book', file, '--book', bed.bookId, '--out', out, '--quiet'], { env, timeoutMs: 120_000 });
    unlinkSync(weight);
    console.log(`[full disk] ${freeKiB} KiB free, first run: exit ${first.code}; stderr: ${first.stderr.trim()}`);
    expect(first.stderr).not.toMatch(/\n\s+at /);
    expect(first.stderr.trim().split('\n')).toHaveLength(1);
    expect(first.stderr).toMatch(/(results\.csv|rejects\.csv|journal\.jsonl|before-images\.jsonl|summary\.json|report\.html).*no space is left on the device \(ENOSPC\)/);
    expect(first.stderr).toMatch(/ccbulk resume /);
    expect(first.code).toBe(75);

    const resumed = await runCli(['resume', out, '--quiet'], { env, timeoutMs: 120_000 });
    expect(resumed.stderr).toBe('');
    expect(resumed.code).toBe(0);

    for (const name of ['results.csv', 'rejects.csv', 'journal.jsonl']) {
      expect(readFileSync(path.join(out, name)).includes(0), `${name} holds NUL bytes`).toBe(false);
    }
    const results = readCsv(path.join(out, 'results.csv'));
    const rejects = readCsv(path.join(out, 'rejects.csv'));
    expect(rejects).toEqual([]);
    expect(results.map((r) => Number(r._line)).sort((a, b) => a - b)).toEqual(recordLines(file));
    const ids = results.map((r) => unguardFormula(r._id ?? ''));
    expectNoDuplicates('id', ids);
    const stored = bed.emulator.store.addressBookContacts(bed.bookId);
    expect(stored).toHaveLength(rows);
    expect(new Set(ids)).toEqual(new Set(stored.map((c) => c.contact_id)));
    const summary = readSummary(out);
    expect(summary).toMatchObject({ rows, succeeded: rows, rejected: 0, resumed: true });
    expect(summary.pending).toBeUndefined();
    rmSync(out, { recursive: true });
  });
});
