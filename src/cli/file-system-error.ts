import { mkdir, stat } from 'node:fs/promises';
import path from 'node:path';
import { CcbulkError } from '../errors.js';
import { fileSystemReason } from '../writers/write-error.js';

export { fileSystemReason } from '../writers/write-error.js';

/** What the failed system call was doing, in words. */
const ACTIONS: Readonly<Record<string, string>> = {
  mkdir: 'create the folder',
  open: 'open',
  read: 'read',
  write: 'write',
  rename: 'rename',
  unlink: 'delete',
  rmdir: 'delete the folder',
  stat: 'look at',
  lstat: 'look at',
  scandir: 'list the folder',
  chmod: 'set the permissions of',
  copyfile: 'copy',
  fsync: 'write',
};

/**
 * An `fs` error as one sentence naming what was being done, where, and why it failed —
 * "Cannot create the folder /srv/out: permission denied (EACCES)" — instead of Node's
 * `EACCES: permission denied, mkdir '/srv/out'`; undefined for anything that is not one.
 */
export function describeFileSystemError(error: unknown, what?: string): string | undefined {
  const reason = fileSystemReason(error);
  if (reason === undefined) return undefined;
  const e = error as NodeJS.ErrnoException;
  const action = (e.syscall && ACTIONS[e.syscall]) ?? 'use';
  const where = what ?? e.path;
  return `Cannot ${action}${where === undefined ? '' : ` ${where}`}: ${reason}`;
}

/**
 * Creates a run's out folder (mode 0700) and the folders above it that are missing, one level at
 * a time. Node's `mkdir(…, {recursive: true})` spins for ever under /proc (`--out /proc/x`), and
 * its errors name the deepest folder rather than the one it could not make.
 */
export async function makeOutFolder(dir: string, flag = '--out', shown = dir): Promise<void> {
  const missing: string[] = [];
  let at = path.resolve(dir);
  for (;;) {
    try {
      const info = await stat(at);
      if (!info.isDirectory()) {
        throw new CcbulkError('OUTPUT_INVALID', `Cannot use \`${flag}\` ${shown}: ${at} is a file, not a folder`);
      }
      break;
    } catch (error) {
      if (error instanceof CcbulkError) throw error;
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw outputError(flag, shown, error);
      missing.unshift(at);
      const up = path.dirname(at);
      if (up === at) break;
      at = up;
    }
  }
  for (const folder of missing) {
    try {
      await mkdir(folder, { mode: 0o700 });
    } catch (error) {
      // Made by another run at the same moment: as good as made by this one.
      if ((error as NodeJS.ErrnoException).code === 'EEXIST') continue;
      throw outputError(flag, shown, error);
    }
  }
}

function outputError(flag: string, dir: string, error: unknown): CcbulkError {
  // ENOENT from mkdir under an existing folder: a file system that makes no folders there (/proc).
  if ((error as NodeJS.ErrnoException).code === 'ENOENT' && (error as NodeJS.ErrnoException).syscall === 'mkdir') {
    return new CcbulkError('OUTPUT_INVALID', `Cannot use \`${flag}\` ${dir}: no folder can be created at ${(error as NodeJS.ErrnoException).path ?? dir} (ENOENT)`, { cause: error });
  }
  const words = describeFileSystemError(error) ?? String(error);
  return new CcbulkError('OUTPUT_INVALID', `Cannot use \`${flag}\` ${dir}: ${words.replace(/^Cannot /, 'cannot ')}`, { cause: error });
}
