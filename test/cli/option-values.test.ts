import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { startEmulator, type RunningEmulator } from '../../src/emulator/server.js';
import { ContactCenterClient } from '../../src/zoom/client.js';
import { configFor } from '../support/emulator-client.js';
import { envFor, readSummary, tempDir, writeFile } from '../support/import-env.js';
import { runCli } from '../support/run-cli.js';

let emulator: RunningEmulator | undefined;
afterEach(async () => {
  await emulator?.close();
  emulator = undefined;
});

/** Zoom ids are base64url-like and may start with `-`, as this one does with `-V`, commander's version flag. */
const DASHED = '-VejZPHMMgCznhaUij2W1J';

async function bookNamed(name: string): Promise<{ env: NodeJS.ProcessEnv; bookId: string }> {
  emulator = await startEmulator();
  const client = new ContactCenterClient(configFor(emulator));
  const unit = await client.createUnit({ unit_name: 'U' });
  const bookId = (await client.createAddressBook({ unit_id: unit.unit_id!, address_book_name: name })).address_book_id!;
  await client.close();
  return { env: envFor(emulator), bookId };
}

describe('option values that start with a dash', () => {
  it('reads `--book -Vej…` as the book, not as the version flag, and imports into it', async () => {
    const { env, bookId } = await bookNamed(DASHED);
    const dir = tempDir();
    const file = writeFile(dir, 'c.csv', 'name,phone\nAda,+12127361000\n');
    const out = path.join(dir, 'run');
    const run = await runCli(['import', 'address-book', file, '--book', DASHED, '--out', out, '--quiet'], { env });
    expect(run.stdout).not.toMatch(/^0\.1\.0$/m);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(readSummary(out)).toMatchObject({ succeeded: 1, target: { addressBookId: bookId } });
    expect(emulator!.store.addressBookContacts(bookId)).toHaveLength(1);
  });

  it('reads `--book=-Vej…` as the book too', async () => {
    const { env, bookId } = await bookNamed(DASHED);
    const dir = tempDir();
    const file = writeFile(dir, 'c.csv', 'name,phone\nAda,+12127361000\n');
    const out = path.join(dir, 'run');
    const run = await runCli(['import', 'address-book', file, `--book=${DASHED}`, '--out', out, '--quiet'], { env });
    expect(run.code).toBe(0);
    expect(emulator!.store.addressBookContacts(bookId)).toHaveLength(1);
  });

  it('still prints the version for `ccbulk -V` and `ccbulk --version`', async () => {
    for (const flag of ['-V', '--version']) {
      const run = await runCli([flag]);
      expect(run.code).toBe(0);
      expect(run.stdout.trim()).toMatch(/^\d+\.\d+\.\d+$/);
    }
  });
});
