import { chmodSync, existsSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { writeFile } from '../support/import-env.js';
import { expectFatal, freshPhone, importCli, namesFile, useBadInputEnv } from './harness.js';

const env = useBadInputEnv();

function goodCsv(name: string): string {
  return writeFile(env.dir, name, `name,phone\nRun Rita,${freshPhone()}\n`);
}

/** A loopback port nothing listens on: bound, then closed again. */
async function closedPort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

describe('bad files, options and environment for import address-book', () => {
  it('stops on a file that does not exist, naming it', async () => {
    const file = path.join(env.dir, 'nowhere.csv');
    expectFatal(await importCli(env, file), new RegExp(`${namesFile(file).source} does not exist\\.`));
  });

  it('stops on a directory given as the file', async () => {
    expectFatal(await importCli(env, env.dir), new RegExp(`${namesFile(env.dir).source} is a directory, not a file\\.`));
  });

  // Root reads a mode-000 file all the same, so there is nothing to test as root.
  it.skipIf(process.getuid?.() === 0)('stops on a file it may not read', async () => {
    const file = goodCsv('locked.csv');
    chmodSync(file, 0o000);
    expectFatal(await importCli(env, file), new RegExp(`${namesFile(file).source} cannot be read: permission denied\\.`));
  });

  it('stops on a mapping file that is not JSON, naming it', async () => {
    const map = writeFile(env.dir, 'map.json', '{"name": display_name}');
    expectFatal(await importCli(env, goodCsv('for-map.csv'), ['--map', map]), new RegExp(`The --map file ${map.replace(/\./g, '\\.')} is not JSON: `));
  });

  it('stops on a mapping file that names an unknown field, listing the valid ones', async () => {
    const map = writeFile(env.dir, 'unknown-field.json', '{"name": "nickname"}');
    expectFatal(await importCli(env, goodCsv('for-map2.csv'), ['--map', map]), /Column mapping: `name` maps to unknown field `nickname`\. .*Valid fields are display_name/);
  });

  it('stops on a mapping file that names a header the file lacks, listing its headers', async () => {
    const map = writeFile(env.dir, 'unknown-header.json', '{"Nom": "display_name"}');
    expectFatal(await importCli(env, goodCsv('for-map3.csv'), ['--map', map]), /Column mapping: header `Nom` is not in the file\. The file's headers are: `name`, `phone`/);
  });

  it('stops on a mapping file that does not exist', async () => {
    const map = path.join(env.dir, 'no-map.json');
    expectFatal(await importCli(env, goodCsv('for-map4.csv'), ['--map', map]), new RegExp(`Cannot open the \`--map\` file ${map.replace(/\./g, '\\.')}: it does not exist \\(ENOENT\\)`));
  });

  it('stops on an address book that does not exist', async () => {
    expectFatal(await importCli(env, goodCsv('no-book.csv'), ['--book', 'Suppliers']), /^ccbulk: No address book has the id or name 'Suppliers'\n$/);
    expect(env.emulator.store.addressBookContacts(env.bookId).map((c) => c.display_name)).not.toContain('Run Rita');
  });

  it('stops on wrong credentials without printing the secret', async () => {
    const run = await importCli(env, goodCsv('creds.csv'), [], { env: { ZOOM_CLIENT_SECRET: 'not-the-secret-42' } });
    expectFatal(run, /OAuth token request to \S+ was refused \(400: Invalid client_id or client_secret\); check ZOOM_ACCOUNT_ID, ZOOM_CLIENT_ID and ZOOM_CLIENT_SECRET/);
    expect(run.stderr).not.toContain('not-the-secret-42');
  });

  // Connection refused is retried with backoff (6 attempts, about 14 s): the CLI has no timeout option.
  // Nothing was sent and the same command is the fix once the API answers: exit 75, as the
  // README's table says (it was 1, as if the run could not go on).
  it('stops on an unreachable API after its retries, with one line naming the request and saying nothing was sent', async () => {
    const port = await closedPort();
    const run = await importCli(env, goodCsv('offline.csv'), [], { env: { ZOOM_API_URL: `http://127.0.0.1:${port}/v2` }, timeoutMs: 40_000 });
    expect(run.stderr, 'a stack trace').not.toMatch(/\n\s+at /);
    expect(run.stderr).toMatch(
      new RegExp(`^ccbulk: GET /contact_center/address_books\\S* at 127\\.0\\.0\\.1:${port} failed without an answer: .*\\(gave up after \\d+ attempts\\)\\. Nothing was sent: run the command again\\.\\n$`),
    );
    expect(run.code).toBe(75);
    expect(existsSync(path.join(run.out, 'journal.jsonl')), 'a journal after nothing was sent').toBe(false);
  }, 45_000);
});
