import { randomBytes } from 'node:crypto';
import { constants as fsConstants, type WriteStream } from 'node:fs';
import { lstat, mkdir, open, rename, stat, unlink, type FileHandle } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { CcbulkError } from '../errors.js';

/** Files ccbulk writes hold personal data: readable and writable by their owner only. */
export const PRIVATE_MODE = 0o600;
/** Folders ccbulk creates for them: the owner's only. */
export const PRIVATE_DIRECTORY_MODE = 0o700;

// O_NOFOLLOW does not exist on Windows, where symlinks need privileges to make.
const NOFOLLOW = fsConstants.O_NOFOLLOW ?? 0;
const CREATE_NEW = fsConstants.O_CREAT | fsConstants.O_EXCL | fsConstants.O_WRONLY | NOFOLLOW;

/**
 * A hidden name beside `target` no one can guess (crypto random): a link planted in advance at a
 * predictable name (`.NAME.PID.tmp`) would have had us write, and chmod, whatever it points at.
 */
export function randomSiblingPath(target: string): string {
  return join(dirname(target), `.${basename(target)}.${randomBytes(6).toString('hex')}.tmp`);
}

/**
 * Creates `path`, which must not exist, with mode 0600: `O_CREAT | O_EXCL | O_NOFOLLOW`, so the
 * open fails rather than follow a symlink or reuse a file someone else made. The mode is set
 * again on the handle because `open`'s mode is filtered by the umask (never widened).
 */
export async function createExclusive(path: string): Promise<FileHandle> {
  const handle = await open(path, CREATE_NEW, PRIVATE_MODE);
  await handle.chmod(PRIVATE_MODE);
  return handle;
}

/**
 * A new private file at `path`, replacing whatever is there: created exclusively at a random name
 * beside it and renamed over it. A rename replaces a symlink itself, never its target, so a link
 * named `summary.json` or `results.csv` in an out folder is not followed. With `first`, the file
 * holds that text (on disk) before it appears at `path`: a crash never leaves it there empty.
 */
export async function createReplacing(path: string, first?: string): Promise<FileHandle> {
  const temporary = randomSiblingPath(path);
  const handle = await createExclusive(temporary);
  try {
    if (first !== undefined) {
      await writeFully(handle, Buffer.from(first, 'utf8'));
      await handle.sync();
    }
    await rename(temporary, path);
  } catch (error) {
    await handle.close();
    await unlink(temporary).catch(() => undefined);
    throw error;
  }
  return handle;
}

/**
 * Writes all of `data` at `position` (or at the file's end, for a handle opened to append).
 * `FileHandle.write` may write less than it was given and say so only in `bytesWritten`: on a
 * disk that fills, the kernel writes what fits and the next write fails with ENOSPC. Taken as
 * whole, such a short write made the next record land past the file's real end, over a hole
 * that reads as NUL bytes, and a checkpoint record bytes that never reached the disk.
 */
export async function writeFully(handle: FileHandle, data: Buffer, position?: number): Promise<void> {
  let offset = 0;
  while (offset < data.length) {
    const { bytesWritten } = await handle.write(data, offset, data.length - offset, position === undefined ? null : position + offset);
    // A write that takes nothing and reports no error would loop for ever: say what it means.
    if (bytesWritten === 0) throw Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC', syscall: 'write' });
    offset += bytesWritten;
  }
}

/**
 * Opens an existing file of ours to add to it (`r+`, or append), never through a symlink, and
 * only when it is a regular file; its mode is set back to 0600.
 */
export async function openExisting(path: string, how: 'r+' | 'append'): Promise<FileHandle> {
  const flags = (how === 'append' ? fsConstants.O_APPEND | fsConstants.O_WRONLY : fsConstants.O_RDWR) | NOFOLLOW;
  const handle = await open(path, flags);
  try {
    if (!(await handle.stat()).isFile()) throw Object.assign(new Error(`${path} is not a regular file`), { code: 'EINVAL' });
    await handle.chmod(PRIVATE_MODE);
  } catch (error) {
    await handle.close();
    throw error;
  }
  return handle;
}

/** A write stream to a new file created exclusively with mode 0600 (see {@link createExclusive}). */
export async function openPrivateStream(path: string, options: { append?: boolean } = {}): Promise<WriteStream> {
  const handle = options.append ? await openExisting(path, 'append') : await createExclusive(path);
  return handle.createWriteStream();
}

/**
 * Writes a whole small file (a summary, a manifest) with mode 0600, replacing whatever was at
 * `path` (see {@link createReplacing}).
 */
export async function writePrivateFile(path: string, content: string): Promise<void> {
  const temporary = randomSiblingPath(path);
  const handle = await createExclusive(temporary);
  try {
    await handle.writeFile(content, 'utf8');
  } finally {
    await handle.close();
  }
  // Written in full before it takes the name: a reader sees the old file or the new one.
  await rename(temporary, path).catch(async (error: unknown) => {
    await unlink(temporary).catch(() => undefined);
    throw error;
  });
}

/**
 * Makes `directory` (and its parents) with mode 0700 if missing, and refuses one that others
 * can write to (OUTPUT_INVALID): whoever can write there can plant links and files under the
 * names ccbulk is about to use, or swap them between two of our calls.
 */
export async function preparePrivateDirectory(directory: string): Promise<void> {
  await mkdir(directory, { recursive: true, mode: PRIVATE_DIRECTORY_MODE });
  const info = await stat(directory);
  if (!info.isDirectory()) throw new CcbulkError('OUTPUT_INVALID', `The output folder ${directory} is not a folder`);
  if ((info.mode & 0o002) !== 0) {
    throw new CcbulkError(
      'OUTPUT_INVALID',
      `The output folder ${directory} is writable by other users (mode ${(info.mode & 0o7777).toString(8)}): use a folder of your own (chmod o-w)`,
    );
  }
}

/**
 * Makes `folder` (with its parents when `withParents`) with mode 0700 if missing, and refuses
 * (OUTPUT_INVALID) one that is a symlink, not a folder, not the current user's, or writable by
 * its group or others: a folder someone else can write is never trusted, since whoever can write
 * there can plant, swap or remove the files ccbulk keeps in it. Stricter than
 * {@link preparePrivateDirectory}, which follows a symlink and lets a group write. `what` names
 * the folder in the message (`The ccbulk state folder`, `The UI's working folder`).
 */
export async function prepareTrustedDirectory(folder: string, what: string, withParents = true): Promise<void> {
  try {
    await mkdir(folder, { recursive: withParents, mode: PRIVATE_DIRECTORY_MODE });
  } catch (error) {
    // Something is there already (a folder, or a link, refused below).
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
  }
  const info = await lstat(folder);
  const refuse = (why: string) => new CcbulkError('OUTPUT_INVALID', `${what} ${folder} ${why}: a folder someone else can write is never trusted`);
  if (info.isSymbolicLink()) throw refuse('is a symlink (remove the link: ccbulk makes the folder itself)');
  if (!info.isDirectory()) throw refuse('is not a folder');
  // Windows has neither uids nor these mode bits.
  if (process.platform === 'win32') return;
  const uid = process.getuid?.();
  if (uid !== undefined && info.uid !== uid) throw refuse(`belongs to uid ${info.uid}, not to you (uid ${uid})`);
  if ((info.mode & 0o022) !== 0) {
    const who = [(info.mode & 0o020) !== 0 ? 'its group' : '', (info.mode & 0o002) !== 0 ? 'other users' : ''].filter(Boolean).join(' and ');
    throw refuse(`is writable by ${who} (mode ${(info.mode & 0o7777).toString(8)}; chmod 700 it)`);
  }
}
