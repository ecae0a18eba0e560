import { copyFileSync, mkdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { startEmulator } from '../../src/emulator/server.js';
import { importAddressBook, exportDnc } from '../../src/library.js';
import { tempDir } from '../support/import-env.js';
import { projectRoot, runCommand, startCli } from '../support/run-cli.js';

const readme = readFileSync(`${projectRoot}README.md`, 'utf8');
const stops: (() => void)[] = [];
afterAll(() => stops.forEach((stop) => stop()));

describe("the README's Library section", () => {
  it('runs as written against `ccbulk emulator --demo-data`, importing the fixtures by the package name', async () => {
    const section = readme.split('\n## Library\n')[1]!.split('\n## ')[0]!;
    const example = /```ts\n([\s\S]*?)```/.exec(section)![1]!;
    expect(example).toMatch(/from 'ccbulk'/);
    const { child, output } = await startCli(['emulator', '--port', '0', '--demo-data'], /Ctrl\+C/, {
      env: { ZOOM_ACCOUNT_ID: '', ZOOM_CLIENT_ID: '', ZOOM_CLIENT_SECRET: '' },
    });
    stops.push(() => child.kill('SIGKILL'));
    const env = Object.fromEntries([...output().matchAll(/export (ZOOM_\w+)=(\S+)/g)].map((m) => [m[1]!, m[2]!]));
    // A project that depends on ccbulk: `import … from 'ccbulk'` goes through package.json's exports.
    const cwd = tempDir();
    mkdirSync(path.join(cwd, 'node_modules'));
    symlinkSync(projectRoot, path.join(cwd, 'node_modules', 'ccbulk'), 'dir');
    mkdirSync(path.join(cwd, 'fixtures'));
    copyFileSync(path.join(projectRoot, 'fixtures', 'contacts.csv'), path.join(cwd, 'fixtures', 'contacts.csv'));
    writeFileSync(path.join(cwd, 'example.mjs'), example);
    const run = await runCommand(process.execPath, ['example.mjs'], { env, cwd });
    expect(run.stderr).not.toMatch(/Error|\n\s+at /);
    expect(run.code).toBe(0);
    expect(run.stdout.trim()).toBe('185 imported, 15 rejected (see runs/library/rejects.csv)');
  }, 60_000);
});

describe('the library functions', () => {
  it('refuses a concurrency out of range in the option voice, not as a p-queue TypeError', async () => {
    await expect(importAddressBook({ file: 'x.csv', book: 'B', outDir: tempDir(), concurrency: 0 })).rejects.toThrow(
      'Expected `concurrency` to be an integer from 1 to 64, got `0`',
    );
  });

  it('returns a stopped run as its summary with `pending` when the signal is aborted', async () => {
    const emulator = await startEmulator({ faults: { latencyMs: 200 } });
    stops.push(() => void emulator.close());
    const { ContactCenterClient } = await import('../../src/zoom/client.js');
    const { configFor } = await import('../support/emulator-client.js');
    const client = new ContactCenterClient(configFor(emulator));
    const unit = await client.createUnit({ unit_name: 'U' });
    await client.createAddressBook({ unit_id: unit.unit_id!, address_book_name: 'Book' });
    const dir = tempDir();
    const lines = ['name,phone', ...Array.from({ length: 300 }, (_, i) => `P${i},+1212736${String(1000 + i)}`)];
    writeFileSync(path.join(dir, 'c.csv'), `${lines.join('\n')}\n`);
    const stop = new AbortController();
    const summary = await importAddressBook({
      client,
      file: path.join(dir, 'c.csv'),
      book: 'Book',
      outDir: path.join(dir, 'run'),
      concurrency: 1,
      onProgress: (p) => p.sent > 0 && stop.abort(),
      signal: stop.signal,
    });
    expect(summary.pending).toBeGreaterThan(0);
    // Rows read are accounted for; the rest of the file is left for resumeImport.
    expect(summary.succeeded + summary.rejected + summary.pending!).toBe(summary.rows);
    expect(summary.rows).toBeLessThan(300);
    const exported = await exportDnc({ client, list: 'nope', out: path.join(dir, 'd.csv') }).catch((error: Error) => error.message);
    expect(exported).toMatch(/No DNC list has the id or name 'nope'/);
    await client.close();
  });
});
