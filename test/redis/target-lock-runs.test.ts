import { spawn } from 'node:child_process';
import path from 'node:path';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator, type RunningEmulator } from '../../src/emulator/server.js';
import { ContactCenterClient } from '../../src/zoom/client.js';
import { configFor } from '../support/emulator-client.js';
import { envFor, readCsv, readSummary, tempDir, writeFile } from '../support/import-env.js';
import { cliPath, runCli } from '../support/run-cli.js';
import { RedisServer, redisAvailability } from './redis-server.js';

const redis = redisAvailability();
if (!redis.available) console.warn(redis.reason);

/**
 * One writer per target across hosts: with `--redis`, runs that share nothing but the Redis (each
 * its own state folder, as two machines have) still keep out of each other's book, and a run
 * whose lock is taken from it stops resumably.
 */
describe.skipIf(!redis.available)('target locks through Redis', () => {
  let server: RedisServer;
  beforeAll(async () => {
    server = await RedisServer.start();
  });
  afterAll(async () => {
    await server?.kill();
  });

  async function slowBook(): Promise<{ emulator: RunningEmulator; bookId: string }> {
    const emulator = await startEmulator({ accountId: `acct-${process.pid}-${Date.now()}`, faults: { latencyMs: 300 } });
    const client = new ContactCenterClient(configFor(emulator));
    const unit = await client.createUnit({ unit_name: 'U' });
    const bookId = (await client.createAddressBook({ unit_id: unit.unit_id!, address_book_name: 'Book' })).address_book_id!;
    await client.close();
    return { emulator, bookId };
  }

  const contacts = (dir: string, rows: number) =>
    writeFile(dir, 'c.csv', ['name,phone', ...Array.from({ length: rows }, (_, i) => `Person ${i},+1212736${1000 + i}`)].join('\n') + '\n');

  it('refuses a run on another host (another state folder) while one holds the book through Redis', async () => {
    const { emulator, bookId } = await slowBook();
    try {
      const dir = tempDir();
      const file = contacts(dir, 300);
      const host = (name: string) => ({ ...envFor(emulator), CCBULK_STATE_DIR: path.join(dir, `state-${name}`) });
      const [a, b] = await Promise.all([
        runCli(['import', 'address-book', file, '--book', 'Book', '--out', path.join(dir, 'a'), '--quiet', '--redis', server.url, '--concurrency', '1'], { env: host('a'), timeoutMs: 120_000 }),
        runCli(['import', 'address-book', file, '--book', 'Book', '--out', path.join(dir, 'b'), '--quiet', '--redis', server.url, '--concurrency', '1'], { env: host('b'), timeoutMs: 120_000 }),
      ]);
      expect([a.code, b.code].sort()).toEqual([0, 1]);
      expect((a.code === 1 ? a : b).stderr).toMatch(/The address book 'Book' \(id \S+\) is being written by another ccbulk run/);
      expect(emulator.store.addressBookContacts(bookId)).toHaveLength(300);
    } finally {
      await emulator.close();
    }
  });

  it('stops resumably (exit 75) when its lock in Redis is taken from it, and a resume finishes the rows once', async () => {
    const { emulator, bookId } = await slowBook();
    const probe = new Redis(server.url);
    try {
      const dir = tempDir();
      // Long enough (15 batches at 300 ms, one at a time) that the lock is renewed, and found taken, mid-run.
      const file = contacts(dir, 450);
      const out = path.join(dir, 'run');
      const env = { ...process.env, ...envFor(emulator), CCBULK_LOCK_TTL_MS: '1500', CCBULK_STATE_DIR: path.join(dir, 'state') };
      const child = spawn(process.execPath, [cliPath, 'import', 'address-book', file, '--book', 'Book', '--out', out, '--quiet', '--redis', server.url, '--concurrency', '1', '--lanes', 'batch', '--plan', 'pro'], {
        env,
        stdio: ['ignore', 'ignore', 'pipe'],
      });
      let stderr = '';
      child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
      const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
      let keys: string[] = [];
      for (const until = Date.now() + 20_000; keys.length === 0 && Date.now() < until; ) {
        // The target's lock (the token's lock, `…:oauth:…:lock`, is another key).
        keys = await probe.keys('*:lock:*');
        await new Promise((r) => setTimeout(r, 50));
      }
      expect(keys).toHaveLength(1);
      // Another host's run took the book (its lock expired while this one could not renew, say).
      await probe.set(keys[0]!, JSON.stringify({ pid: 1, host: 'elsewhere', startedAt: new Date().toISOString(), command: 'ccbulk import address-book', nonce: 'x' }));
      const code = await exited;
      expect(code, stderr).toBe(75);
      expect(stderr).toMatch(/lost the lock on the address book 'Book'/);
      expect(stderr).toContain('Resume with: ccbulk resume');
      const done = emulator.store.addressBookContacts(bookId).length;
      expect(done).toBeLessThan(450);

      await probe.del(keys[0]!);
      const resumed = await runCli(['resume', out, '--quiet', '--redis', server.url], { env, timeoutMs: 120_000 });
      expect(resumed.stderr).toBe('');
      expect(resumed.code).toBe(0);
      expect(emulator.store.addressBookContacts(bookId)).toHaveLength(450);
      expect(readCsv(path.join(out, 'results.csv'))).toHaveLength(450);
      expect(readSummary(out).succeeded).toBe(450);
    } finally {
      probe.disconnect();
      await emulator.close();
    }
  });
});
