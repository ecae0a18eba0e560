import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator, type RunningEmulator } from '../../src/emulator/server.js';
import { ContactCenterClient } from '../../src/zoom/client.js';
import { configFor } from '../support/emulator-client.js';
import { envFor, tempDir, writeFile } from '../support/import-env.js';
import { projectRoot, runCli, type CliRun } from '../support/run-cli.js';

const SECRET = 'S3cr3t-Do-Not-Log-42';
const WRONG_SECRET = 'Wr0ng-S3cr3t-Do-Not-Log-17';
const fixture = path.join(projectRoot, 'fixtures', 'contacts.csv');

let emulator: RunningEmulator;
let dir: string;

beforeAll(async () => {
  emulator = await startEmulator({ seed: 81, clientSecret: SECRET });
  const setup = new ContactCenterClient(configFor(emulator));
  const unit = await setup.createUnit({ unit_name: 'Imports' });
  await setup.createAddressBook({ unit_id: unit.unit_id!, address_book_name: 'Customers' });
  await setup.close();
  dir = tempDir('ccbulk-hygiene-');
});

afterAll(async () => {
  await emulator.close();
});

/** Every file under a folder, recursively. */
function filesUnder(folder: string): string[] {
  return readdirSync(folder).flatMap((name) => {
    const file = path.join(folder, name);
    return statSync(file).isDirectory() ? filesUnder(file) : [file];
  });
}

describe('secrets and tokens', () => {
  it('appear in no file a run wrote and nowhere in its output: imports, a refused login, 401s mid-run, exports', async () => {
    const runs: CliRun[] = [];
    const env = envFor(emulator);
    const cli = async (args: string[], extraEnv: NodeJS.ProcessEnv = {}) => {
      const run = await runCli(args, { env: { ...env, ...extraEnv } });
      runs.push(run);
      return run;
    };

    // An ordinary import, with rejects.
    expect((await cli(['import', 'address-book', fixture, '--book', 'Customers', '--out', path.join(dir, 'ok'), '--quiet'])).code).toBe(2);

    // A login the OAuth endpoint refuses: the run stops with one message.
    const refused = await cli(['import', 'address-book', fixture, '--book', 'Customers', '--out', path.join(dir, 'refused'), '--quiet'], {
      ZOOM_CLIENT_SECRET: WRONG_SECRET,
    });
    expect(refused.code).toBe(1);
    expect(refused.stderr.trim().split('\n')).toHaveLength(1);

    // 401s mid-run: every token is revoked every 150 ms while 1,000 rows are created. A request may
    // meet a second revocation after its one re-fetch, which stops the run resumably (exit 75):
    // stopping is fine here (its output is searched too), leaks are not.
    const rows = Array.from({ length: 1000 }, (_, i) => `Person ${i},+1212736${String(i + 1000)},person${i}@example.com`);
    const big = writeFile(dir, 'big.csv', ['Full Name,Phone,Email', ...rows].join('\n'));
    const unauthorizedBefore = emulator.stats().unauthorized;
    emulator.setFaults({ expiredTokenShape: 'status' });
    const revoker = setInterval(() => emulator.expireAllTokens(), 150);
    const midRun = await cli(['import', 'address-book', big, '--book', 'Customers', '--out', path.join(dir, 'revoked'), '--quiet', '--json']).finally(() =>
      clearInterval(revoker),
    );
    expect([0, 2, 75]).toContain(midRun.code);
    expect(emulator.stats().unauthorized).toBeGreaterThan(unauthorizedBefore);

    // Exports, CSV and XLSX.
    expect((await cli(['export', 'address-book', '--book', 'Customers', '--out', path.join(dir, 'exports', 'book.csv')])).code).toBe(0);
    expect((await cli(['export', 'address-book', '--all', '--out', path.join(dir, 'exports', 'all.xlsx'), '--json'])).code).toBe(0);

    const tokens = emulator.issuedTokens();
    expect(tokens.length).toBeGreaterThan(5);
    const needles = [SECRET, WRONG_SECRET, ...tokens];
    const written = filesUnder(dir).filter((file) => file !== big);
    expect(written.length).toBeGreaterThanOrEqual(8);
    // XLSX is a zip: its text is compressed, so look inside the raw bytes and the inflated sheets alike.
    const haystacks = [
      ...written.map((file) => ({ where: file, text: readFileSync(file).toString('latin1') })),
      ...runs.flatMap((run, i) => [
        { where: `run ${i} stdout`, text: run.stdout },
        { where: `run ${i} stderr`, text: run.stderr },
      ]),
    ];
    const leaks = haystacks.flatMap(({ where, text }) => needles.filter((n) => text.includes(n)).map((n) => `${where}: ${n.slice(0, 12)}…`));
    expect(leaks).toEqual([]);
    console.log(`[hygiene] searched ${written.length} files and ${runs.length} runs' output for the secret and ${tokens.length} tokens`);
  });
});
