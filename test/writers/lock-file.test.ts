import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, lutimesSync, mkdirSync, readFileSync, readdirSync, statSync, symlinkSync, utimesSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { CcbulkError } from '../../src/errors.js';
import { LockFile, type LockOwner } from '../../src/writers/lock-file.js';
import { lockRunFolder } from '../../src/writers/run-folder-lock.js';
import { tempDir } from '../support/import-env.js';
import { LockHolder, type TakeResult } from '../support/lock-holder.js';

/** A refusal that carries the owner it was made from, for the test to look at. */
class Refused extends Error {
  constructor(readonly owner: LockOwner | undefined) {
    super('refused');
  }
}
const refuse = (owner: LockOwner | undefined) => new Refused(owner);
const who = { command: 'ccbulk import contacts.csv' };

/** The refusal `acquire` threw. */
async function refusal(file: string): Promise<Refused> {
  const error: unknown = await LockFile.acquire(file, who, refuse).then(
    (lock) => lock.release().then(() => new Error('the lock was taken')),
    (thrown: unknown) => thrown,
  );
  expect(error).toBeInstanceOf(Refused);
  return error as Refused;
}

const children: LockHolder[] = [];
async function holder(args: readonly string[]): Promise<LockHolder> {
  const child = await LockHolder.start(args);
  children.push(child);
  return child;
}
afterEach(async () => {
  await Promise.all(children.splice(0).map((child) => child.kill()));
});

/** A lock left by a process that was SIGKILLed while holding it, and that process's pid. */
async function staleLock(file: string): Promise<number> {
  const dead = await holder(['file', file]);
  expect((await dead.take()).won).toBe(true);
  await dead.kill();
  return dead.pid;
}

/** Starts `count` processes, lets them all try for the lock at once, and says what each got. */
async function race(file: string, count: number): Promise<TakeResult[]> {
  const racers = await Promise.all(Array.from({ length: count }, () => holder(['file', file])));
  return Promise.all(racers.map((racer) => racer.take()));
}

describe('a lock file', () => {
  it('is created private (0600) and names this process, its host and its command', async () => {
    const file = path.join(tempDir(), 'x.lock');
    const lock = await LockFile.acquire(file, { command: 'ccbulk sync book.csv', outDir: '/srv/out' }, refuse);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(await LockFile.holder(file)).toEqual({ pid: process.pid, host: hostname(), startedAt: lock.owner.startedAt, command: 'ccbulk sync book.csv', outDir: '/srv/out' });
    await lock.release();
    expect(existsSync(file)).toBe(false);
    expect(await LockFile.holder(file)).toBeUndefined();
  });

  it('refuses a second acquire while another process holds it, naming that process and its host', async () => {
    const file = path.join(tempDir(), 'x.lock');
    const other = await holder(['file', file]);
    expect(await other.take()).toEqual({ won: true, pid: other.pid });

    const refused = await refusal(file);
    expect(refused.owner).toMatchObject({ pid: other.pid, host: hostname(), command: 'hold-lock file' });
    expect((await LockFile.holder(file))?.pid).toBe(other.pid);

    await other.release();
    expect(await LockFile.holder(file)).toBeUndefined();
    const lock = await LockFile.acquire(file, who, refuse);
    await lock.release();
  });

  it('is refused to this same process while this process holds it: a live pid is never stale', async () => {
    const file = path.join(tempDir(), 'x.lock');
    const lock = await LockFile.acquire(file, who, refuse);
    expect((await refusal(file)).owner?.pid).toBe(process.pid);
    await lock.release();
  });

  it('is taken over when the process that held it was SIGKILLed', async () => {
    const file = path.join(tempDir(), 'x.lock');
    const deadPid = await staleLock(file);
    expect((await LockFile.holder(file))?.pid).toBe(deadPid);

    const lock = await LockFile.acquire(file, who, refuse);
    expect((await LockFile.holder(file))?.pid).toBe(process.pid);
    await lock.release();
    expect(readdirSync(path.dirname(file))).toEqual([]);
  });

  it('is never taken over from a process on another host, whose pid means nothing here', async () => {
    const file = path.join(tempDir(), 'x.lock');
    const deadPid = await staleLock(file);
    const elsewhere = { ...JSON.parse(readFileSync(file, 'utf8')), host: `not-${hostname()}` };
    writeFileSync(file, JSON.stringify(elsewhere));
    expect((await refusal(file)).owner).toMatchObject({ pid: deadPid, host: `not-${hostname()}` });
    expect(existsSync(file)).toBe(true);
  });

  it('is removed when the process holding it exits without releasing it', async () => {
    const file = path.join(tempDir(), 'x.lock');
    const other = await holder(['file', file]);
    expect((await other.take()).won).toBe(true);
    expect(existsSync(file)).toBe(true);
    await other.exitWithoutRelease();
    expect(existsSync(file)).toBe(false);
  });

  it('lets exactly one of 20 processes that race for it at once win', async () => {
    const file = path.join(tempDir(), 'x.lock');
    const results = await race(file, 20);
    const winners = results.filter((result) => result.won);
    expect(winners).toHaveLength(1);
    const winner = winners[0]!;
    expect((await LockFile.holder(file))?.pid).toBe(winner.pid);
    for (const result of results) if (!result.won) expect(result.owner?.pid).toBe(winner.pid);
  });

  it('lets exactly one of 20 processes win when they all race to take over the same stale lock, round after round', async () => {
    const dir = tempDir();
    const file = path.join(dir, 'x.lock');
    let deadPid = await staleLock(file);
    let racers = await Promise.all(Array.from({ length: 20 }, () => holder(['file', file])));
    // Each round's winner is SIGKILLed, and its lock is the stale one the rest race for next.
    for (let round = 0; round < 5; round++) {
      const results = await Promise.all(racers.map((racer) => racer.take()));
      const winners = results.filter((result) => result.won);
      expect(winners).toHaveLength(1);
      const winner = winners[0]!;
      expect(winner.pid).not.toBe(deadPid);
      expect((await LockFile.holder(file))?.pid).toBe(winner.pid);
      for (const result of results) if (!result.won) expect(result.owner?.pid).toBe(winner.pid);
      // No takeover mutex is left behind.
      expect(readdirSync(dir)).toEqual(['x.lock']);
      const dead = racers.find((racer) => racer.pid === winner.pid)!;
      await dead.kill();
      deadPid = dead.pid;
      racers = racers.filter((racer) => racer !== dead);
    }
  });

  it('is taken over past a takeover mutex left by a process that died taking over', async () => {
    const dir = tempDir();
    const file = path.join(dir, 'x.lock');
    await staleLock(file);
    // The mutex of the first generation, as a process killed between creating it and removing the
    // stale lock leaves it, 20 s ago.
    const digest = createHash('sha256').update(readFileSync(file, 'utf8')).digest('hex').slice(0, 16);
    const mutex = `${file}.takeover.${digest}.0`;
    writeFileSync(mutex, '');
    const then = new Date(Date.now() - 20_000);
    utimesSync(mutex, then, then);

    const lock = await LockFile.acquire(file, who, refuse);
    expect((await LockFile.holder(file))?.pid).toBe(process.pid);
    expect(readdirSync(dir)).toEqual(['x.lock']);
    await lock.release();
  });

  it('that cannot be read is refused, with no owner, until it has not been written for a minute', async () => {
    const file = path.join(tempDir(), 'x.lock');
    writeFileSync(file, 'not json');
    expect((await refusal(file)).owner).toBeUndefined();
    expect(readFileSync(file, 'utf8')).toBe('not json');

    const then = new Date(Date.now() - 61_000);
    utimesSync(file, then, then);
    const lock = await LockFile.acquire(file, who, refuse);
    expect((await LockFile.holder(file))?.pid).toBe(process.pid);
    await lock.release();
  });

  it('is refused, and never followed, when a symlink stands at its path, however old', async () => {
    const dir = tempDir();
    const file = path.join(dir, 'x.lock');
    const aimedAt = path.join(dir, 'victim.txt');
    writeFileSync(aimedAt, 'precious');
    symlinkSync(aimedAt, file);
    expect((await refusal(file)).owner).toBeUndefined();
    expect(await LockFile.holder(file)).toBeUndefined();

    const then = new Date(Date.now() - 3_600_000);
    lutimesSync(file, then, then);
    expect((await refusal(file)).owner).toBeUndefined();
    expect(readFileSync(aimedAt, 'utf8')).toBe('precious');

    const dangling = path.join(dir, 'y.lock');
    symlinkSync(path.join(dir, 'would-be-created'), dangling);
    expect((await refusal(dangling)).owner).toBeUndefined();
    expect(existsSync(path.join(dir, 'would-be-created'))).toBe(false);
  });

  it('is refused, without hanging, when a FIFO or a folder stands at its path', async () => {
    const dir = tempDir();
    const fifo = path.join(dir, 'x.lock');
    expect(spawnSync('mkfifo', [fifo]).status).toBe(0);
    expect((await refusal(fifo)).owner).toBeUndefined();
    const folder = path.join(dir, 'y.lock');
    mkdirSync(folder);
    expect((await refusal(folder)).owner).toBeUndefined();
    expect(readdirSync(dir).sort()).toEqual(['x.lock', 'y.lock']);
  });

  it('is released only while it is still ours, and releasing twice is harmless', async () => {
    const file = path.join(tempDir(), 'x.lock');
    const first = await LockFile.acquire(file, who, refuse);
    await first.release();
    const second = await LockFile.acquire(file, who, refuse);
    await first.release();
    expect((await LockFile.holder(file))?.pid).toBe(process.pid);
    expect(existsSync(file)).toBe(true);

    // Replaced behind its back (someone deleted it and another run took it): not ours to remove.
    const other = await holder(['file', path.join(tempDir(), 'elsewhere.lock')]);
    const theirs = JSON.stringify({ pid: other.pid, host: hostname(), startedAt: new Date().toISOString(), command: 'another run' });
    writeFileSync(file, theirs);
    await second.release();
    expect(readFileSync(file, 'utf8')).toBe(theirs);
  });
});

describe('the out folder lock', () => {
  it('refuses a second run into the same out folder, naming the first run and its command', async () => {
    const outDir = tempDir();
    const first = await holder(['run-folder', outDir]);
    expect((await first.take()).won).toBe(true);
    expect(statSync(path.join(outDir, '.ccbulk.lock')).mode & 0o777).toBe(0o600);

    const error: unknown = await lockRunFolder(outDir, 'ccbulk import other.csv').catch((thrown: unknown) => thrown);
    expect(error).toBeInstanceOf(CcbulkError);
    expect(error).toMatchObject({ code: 'LOCKED', disposition: 'fatal', field: '--out' });
    const { startedAt } = (await LockFile.holder(path.join(outDir, '.ccbulk.lock')))!;
    expect((error as Error).message).toBe(
      `Another ccbulk run is writing to the out folder ${outDir} (pid ${first.pid} on host ${hostname()}, started ${startedAt}: ccbulk import contacts.csv --out ${outDir}): wait for it to end, or give another --out. Nothing was sent.`,
    );

    await first.release();
    const lock = await lockRunFolder(outDir, 'ccbulk import other.csv');
    expect((await LockFile.holder(lock.file))?.command).toBe('ccbulk import other.csv');
    await lock.release();
    expect(readdirSync(outDir)).toEqual([]);
  });
});
