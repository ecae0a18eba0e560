import { chmodSync, chownSync, mkdirSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CcbulkError } from '../../src/errors.js';
import { stateFolder, stateFolderPath } from '../../src/writers/state-folder.js';
import { tempDir } from '../support/import-env.js';

const saved = process.env.CCBULK_STATE_DIR;
let base: string;
beforeEach(() => {
  base = tempDir();
});
afterEach(() => {
  if (saved === undefined) delete process.env.CCBULK_STATE_DIR;
  else process.env.CCBULK_STATE_DIR = saved;
});

/** What `stateFolder(sub)` refused with, with CCBULK_STATE_DIR at `folder`. */
async function refusal(folder: string, sub?: string): Promise<CcbulkError> {
  process.env.CCBULK_STATE_DIR = folder;
  const error: unknown = await stateFolder(sub).catch((thrown: unknown) => thrown);
  expect(error).toBeInstanceOf(CcbulkError);
  expect(error).toMatchObject({ code: 'OUTPUT_INVALID' });
  return error as CcbulkError;
}

describe('the state folder', () => {
  it('is CCBULK_STATE_DIR, else $XDG_STATE_HOME/ccbulk (when absolute), else ~/.local/state/ccbulk', () => {
    expect(stateFolderPath({ CCBULK_STATE_DIR: '/srv/state', XDG_STATE_HOME: '/xdg' })).toBe('/srv/state');
    expect(stateFolderPath({ XDG_STATE_HOME: '/xdg' })).toBe('/xdg/ccbulk');
    expect(stateFolderPath({ XDG_STATE_HOME: 'relative/xdg' })).toBe(path.join(homedir(), '.local', 'state', 'ccbulk'));
    expect(stateFolderPath({})).toBe(path.join(homedir(), '.local', 'state', 'ccbulk'));
  });

  it('is made, with its sub-folder and the folders above it, for the current user alone (0700)', async () => {
    process.env.CCBULK_STATE_DIR = path.join(base, 'deep', 'state');
    const locks = await stateFolder('locks');
    expect(locks).toBe(path.join(base, 'deep', 'state', 'locks'));
    expect(statSync(locks).mode & 0o777).toBe(0o700);
    expect(statSync(path.join(base, 'deep', 'state')).mode & 0o777).toBe(0o700);
    // Made already: used as it is.
    expect(await stateFolder('locks')).toBe(locks);
    expect(await stateFolder()).toBe(path.join(base, 'deep', 'state'));
  });

  it('is refused when other users can write to it (0777)', async () => {
    const folder = path.join(base, 'state');
    mkdirSync(folder);
    chmodSync(folder, 0o777);
    const error = await refusal(folder, 'locks');
    expect(error.message).toBe(
      `The ccbulk state folder ${folder} is writable by its group and other users (mode 777; chmod 700 it): a folder someone else can write is never trusted`,
    );
  });

  it('is refused when its group can write to it (0770), and so is a sub-folder others can write to', async () => {
    const folder = path.join(base, 'state');
    mkdirSync(folder);
    chmodSync(folder, 0o770);
    expect((await refusal(folder)).message).toContain(`${folder} is writable by its group (mode 770`);

    chmodSync(folder, 0o700);
    mkdirSync(path.join(folder, 'locks'));
    chmodSync(path.join(folder, 'locks'), 0o703);
    expect((await refusal(folder, 'locks')).message).toContain(`${path.join(folder, 'locks')} is writable by other users (mode 703`);
  });

  it('is refused when it is a symlink, even to a private folder of the user', async () => {
    const real = path.join(base, 'real');
    mkdirSync(real, { mode: 0o700 });
    const link = path.join(base, 'state');
    symlinkSync(real, link);
    expect((await refusal(link, 'locks')).message).toBe(
      `The ccbulk state folder ${link} is a symlink (remove the link: ccbulk makes the folder itself): a folder someone else can write is never trusted`,
    );
    // Nothing was made through the link.
    expect(() => statSync(path.join(real, 'locks'))).toThrow(/ENOENT/);

    const folder = path.join(base, 'other');
    mkdirSync(folder, { mode: 0o700 });
    symlinkSync(real, path.join(folder, 'locks'));
    expect((await refusal(folder, 'locks')).message).toContain(`${path.join(folder, 'locks')} is a symlink`);
  });

  it('is refused when a file stands in its place', async () => {
    const file = path.join(base, 'state');
    writeFileSync(file, '');
    expect((await refusal(file)).message).toContain(`${file} is not a folder`);
  });

  it.skipIf(process.getuid?.() !== 0)('is refused when it belongs to another user (run as root: chown to nobody)', async () => {
    const folder = path.join(base, 'state');
    mkdirSync(folder, { mode: 0o700 });
    chownSync(folder, 65534, 65534);
    expect((await refusal(folder)).message).toContain(`${folder} belongs to uid 65534, not to you (uid 0)`);
  });
});
