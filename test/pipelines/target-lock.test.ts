import { once } from 'node:events';
import { randomUUID } from 'node:crypto';
import { readdirSync } from 'node:fs';
import { hostname } from 'node:os';
import path from 'node:path';
import type { Redis } from 'ioredis';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { CcbulkError } from '../../src/errors.js';
import { lockTarget, type TargetRef } from '../../src/pipelines/target-lock.js';
import { LockFile } from '../../src/writers/lock-file.js';
import { connectRedis } from '../../src/zoom/redis-connection.js';
import { tempDir } from '../support/import-env.js';
import { LockHolder } from '../support/lock-holder.js';
import { RedisServer, freePort, redisAvailability } from '../redis/redis-server.js';

const redis = redisAvailability();
const run = { command: 'ccbulk import contacts.csv', outDir: '/srv/out/today' };

let stateDir: string;
const saved = process.env.CCBULK_STATE_DIR;
beforeEach(() => {
  stateDir = tempDir('ccbulk-state-');
  process.env.CCBULK_STATE_DIR = stateDir;
});
const children: LockHolder[] = [];
afterEach(async () => {
  await Promise.all(children.splice(0).map((child) => child.kill()));
  if (saved === undefined) delete process.env.CCBULK_STATE_DIR;
  else process.env.CCBULK_STATE_DIR = saved;
});

function book(overrides: Partial<TargetRef> = {}): TargetRef {
  return { accountId: 'acct-1', apiUrl: 'https://api.zoom.us/v2', kind: 'address-book', id: 'abc', name: 'Demo contacts', ...overrides };
}

/** Another process holding `target`'s lock, with its own state folder (another machine) if given. */
async function otherRun(target: TargetRef, options: { redisUrl?: string; stateDir?: string } = {}): Promise<LockHolder> {
  const args = ['target', JSON.stringify(target), '/srv/out/other', ...(options.redisUrl === undefined ? [] : [options.redisUrl])];
  const child = await LockHolder.start(args, { CCBULK_STATE_DIR: options.stateDir ?? stateDir });
  children.push(child);
  expect(await child.take()).toEqual({ won: true, pid: child.pid });
  return child;
}

/** The error `lockTarget` refused with. */
async function refusal(target: TargetRef, redisUrl?: string): Promise<CcbulkError> {
  const error: unknown = await lockTarget(target, run, redisUrl).then(
    async (lock) => {
      await lock.release();
      return new Error('the target was locked');
    },
    (thrown: unknown) => thrown,
  );
  expect(error).toBeInstanceOf(CcbulkError);
  return error as CcbulkError;
}

/** The lock files in the state folder's locks/. */
function lockFiles(dir = stateDir): string[] {
  return readdirSync(path.join(dir, 'locks'));
}

describe('a target lock', () => {
  it('refuses a second run on the same address book, naming the book and the run that holds it', async () => {
    const other = await otherRun(book());
    const [file] = lockFiles();
    const { startedAt } = (await LockFile.holder(path.join(stateDir, 'locks', file!)))!;

    const error = await refusal(book());
    expect(error).toMatchObject({ code: 'LOCKED', disposition: 'fatal' });
    expect(error.message).toBe(
      `The address book 'Demo contacts' (id abc) is being written by another ccbulk run (pid ${other.pid} on host ${hostname()}, started ${startedAt}, out folder /srv/out/other): wait for it to end, or stop it, then run this again. Nothing was sent.`,
    );
  });

  it('is free again once its holder releases it, or is SIGKILLed', async () => {
    const other = await otherRun(book());
    await other.release();
    const lock = await lockTarget(book(), run);
    await lock.release();
    expect(lockFiles()).toEqual([]);

    const killed = await otherRun(book());
    await killed.kill();
    const again = await lockTarget(book(), run);
    expect(again.lost.aborted).toBe(false);
    await again.release();
    await again.release(); // twice is fine
    expect(lockFiles()).toEqual([]);
  });

  it('keeps apart only runs on the same target of the same account on the same API host', async () => {
    const held = await lockTarget(book(), run);
    // Another path on the same host is the same API.
    expect((await refusal(book({ apiUrl: 'https://api.zoom.us/v3' }))).code).toBe('LOCKED');
    for (const other of [
      book({ id: 'abd' }),
      book({ kind: 'campaign-list' }),
      book({ accountId: 'acct-2' }),
      book({ apiUrl: 'https://api.zoomgov.com/v2' }),
      book({ apiUrl: 'https://api.zoom.us:8443/v2' }),
    ]) {
      const lock = await lockTarget(other, run);
      await lock.release();
    }
    await held.release();
  });

  it('names campaign contact lists and DNC lists in words', async () => {
    const campaign = book({ kind: 'campaign-list', id: 'c1', name: 'Spring' });
    const dnc = book({ kind: 'dnc-list', id: 'd1', name: 'Never call' });
    const locks = [await lockTarget(campaign, run), await lockTarget(dnc, run)];
    expect((await refusal(campaign)).message).toMatch(/^The campaign contact list 'Spring' \(id c1\) is being written by another ccbulk run \(pid \d+ on host /);
    expect((await refusal(dnc)).message).toMatch(/^The DNC list 'Never call' \(id d1\) is being written by another ccbulk run /);
    for (const lock of locks) await lock.release();
  });
});

describe.skipIf(!redis.available)('a target lock shared through Redis', () => {
  let server: RedisServer;
  let client: Redis;
  beforeAll(async () => {
    server = await RedisServer.start();
    client = await connectRedis(server.url);
  });
  afterAll(async () => {
    client.disconnect();
    await server.kill();
  });
  const account = () => `acct-${randomUUID()}`;

  it('refuses a run on another machine that shares the Redis, naming the run that holds it, and keeps nothing it took', async () => {
    const target = book({ accountId: account() });
    const other = await otherRun(target, { redisUrl: server.url, stateDir: tempDir('ccbulk-other-host-') });

    const error = await refusal(target, server.url);
    expect(error.code).toBe('LOCKED');
    expect(error.message).toMatch(
      new RegExp(`^The address book 'Demo contacts' \\(id abc\\) is being written by another ccbulk run \\(pid ${other.pid} on host ${hostname()}, started [^,]+, out folder /srv/out/other\\): `),
    );
    // This machine's lock was taken first, and let go again when Redis refused.
    expect(lockFiles()).toEqual([]);

    await other.release();
    expect(await client.keys(`ccbulk:{${target.accountId}}:lock:*`)).toEqual([]);
    const lock = await lockTarget(target, run, server.url);
    const keys = await client.keys(`ccbulk:{${target.accountId}}:lock:*`);
    expect(keys).toHaveLength(1);
    expect(JSON.parse((await client.get(keys[0]!))!)).toMatchObject({ pid: process.pid, host: hostname(), ...run });
    await lock.release();
    expect(await client.keys(`ccbulk:{${target.accountId}}:lock:*`)).toEqual([]);
    expect(lockFiles()).toEqual([]);
  });

  it('is lost, naming the target, when its key in Redis is taken behind its back', async () => {
    const target = book({ accountId: account() });
    const lock = await lockTarget(target, run, server.url, 300);
    const [key] = await client.keys(`ccbulk:{${target.accountId}}:lock:*`);
    await client.set(key!, '{"pid":1}');
    if (!lock.lost.aborted) await once(lock.lost, 'abort');
    expect(lock.lost.reason).toMatchObject({
      code: 'STOPPED',
      message: "lost the lock on the address book 'Demo contacts' (id abc): it is gone from Redis, or another run holds it now",
    });
    await lock.release();
    expect(await client.get(key!)).toBe('{"pid":1}');
    expect(lockFiles()).toEqual([]);
  });

  it('is refused, with nothing left locked, when Redis cannot be reached', async () => {
    const url = `redis://127.0.0.1:${await freePort()}`;
    const error: unknown = await lockTarget(book({ accountId: account() }), run, url).catch((thrown: unknown) => thrown);
    expect(error).toBeInstanceOf(CcbulkError);
    expect(error).toMatchObject({ code: 'NETWORK_ERROR', disposition: 'fatal' });
    expect((error as Error).message).toMatch(new RegExp(`^Cannot reach Redis at ${url} to lock the address book 'Demo contacts' \\(id abc\\): .+\\. Nothing was sent\\.$`));
    expect(lockFiles()).toEqual([]);
  });
});
