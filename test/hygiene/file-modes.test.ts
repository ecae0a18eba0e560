import { statSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator, type RunningEmulator } from '../../src/emulator/server.js';
import { ContactCenterClient } from '../../src/zoom/client.js';
import { configFor } from '../support/emulator-client.js';
import { envFor, tempDir } from '../support/import-env.js';
import { cliPath, projectRoot, runCommand } from '../support/run-cli.js';

const fixture = path.join(projectRoot, 'fixtures', 'contacts.csv');

let emulator: RunningEmulator;
let dir: string;

beforeAll(async () => {
  emulator = await startEmulator({ seed: 82 });
  const setup = new ContactCenterClient(configFor(emulator));
  const unit = await setup.createUnit({ unit_name: 'Imports' });
  await setup.createAddressBook({ unit_id: unit.unit_id!, address_book_name: 'Customers' });
  await setup.close();
  dir = tempDir('ccbulk-modes-');
});

afterAll(async () => {
  await emulator.close();
});

/** `ccbulk <args>` under `umask 000`, so only the modes the CLI asks for protect the files. */
function cliWithOpenUmask(args: string[]) {
  const quoted = args.map((a) => `'${a.replace(/'/g, `'\\''`)}'`).join(' ');
  return runCommand('bash', ['-c', `umask 000 && exec '${process.execPath}' '${cliPath}' ${quoted}`], { env: envFor(emulator) });
}

const modeOf = (file: string) => (statSync(file).mode & 0o777).toString(8);

describe('files holding personal data', () => {
  it('are readable by their owner only even under umask 000: results, rejects, summary', async () => {
    const out = path.join(dir, 'import');
    const run = await cliWithOpenUmask(['import', 'address-book', fixture, '--book', 'Customers', '--out', out, '--quiet']);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(2);
    for (const name of ['results.csv', 'rejects.csv', 'summary.json']) expect(modeOf(path.join(out, name)), name).toBe('600');
    // The folder the run made is not open to others either.
    expect(statSync(out).mode & 0o077).toBe(0);
  });

  it('are readable by their owner only even under umask 000: CSV and XLSX exports', async () => {
    for (const name of ['book.csv', 'book.xlsx']) {
      const file = path.join(dir, 'exports', name);
      const run = await cliWithOpenUmask(['export', 'address-book', '--book', 'Customers', '--out', file]);
      expect(run.stderr).toBe('');
      expect(run.code).toBe(0);
      expect(modeOf(file), name).toBe('600');
    }
  });
});
