import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { open, stat } from 'node:fs/promises';
import path from 'node:path';
import { fileSystemError } from './input-error.js';

/** What identifies an input file, so that a resumed run can tell whether it changed. */
export interface InputIdentity {
  readonly path: string;
  readonly size: number;
  readonly mtimeMs: number;
  /** SHA-256 of the first MiB, hex. */
  readonly head: string;
  /**
   * SHA-256 of the whole file, hex: a file touched (copied again, saved unchanged) keeps it, so
   * a resume can tell a new mtime on the same bytes from an edit. Absent in older journals.
   */
  readonly hash?: string | undefined;
}

const HEAD_BYTES = 1024 * 1024;

/**
 * An input's identity taken from its bytes as another reader reads them (see `CsvReadOptions.onBytes`),
 * so that a pass over the file that has to happen anyway also identifies it.
 */
export interface IdentityTap {
  /** Takes the file's next bytes, in order. */
  readonly onBytes: (chunk: Buffer) => void;
  /**
   * The identity, the same as {@link inputIdentity} gives, once every byte has gone through
   * `onBytes`; undefined when not (the reader stopped early, or the file changed size while read).
   */
  identity(): InputIdentity | undefined;
}

/**
 * Starts an {@link IdentityTap} on `file`: its path, size and mtime from one `stat` now, its
 * hashes from the bytes it is then shown. Throws CcbulkError `INPUT_INVALID` when the file
 * cannot be read.
 */
export async function identityTap(file: string): Promise<IdentityTap> {
  const info = await stat(file).catch((error: unknown) => {
    throw fileSystemError(file, error);
  });
  const head = createHash('sha256');
  const whole = createHash('sha256');
  let seen = 0;
  return {
    onBytes: (chunk) => {
      if (seen < HEAD_BYTES) head.update(chunk.subarray(0, HEAD_BYTES - seen));
      whole.update(chunk);
      seen += chunk.length;
    },
    identity: () => {
      if (seen !== info.size) return undefined;
      return { path: path.resolve(file), size: info.size, mtimeMs: info.mtimeMs, head: head.copy().digest('hex'), hash: whole.copy().digest('hex') };
    },
  };
}

/** Reads a file's identity: absolute path, size, mtime, and hashes of its first MiB and of all of it. */
export async function inputIdentity(file: string): Promise<InputIdentity> {
  const info = await stat(file);
  const handle = await open(file, 'r');
  let head: string;
  try {
    const buffer = Buffer.alloc(Math.min(HEAD_BYTES, info.size));
    await handle.read(buffer, 0, buffer.length, 0);
    head = createHash('sha256').update(buffer).digest('hex');
  } finally {
    await handle.close();
  }
  return { path: path.resolve(file), size: info.size, mtimeMs: info.mtimeMs, head, hash: await fileHash(file) };
}

/** SHA-256 of a whole file, streamed (one pass, flat memory). */
async function fileHash(file: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(file)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

/** How an input differs from the identity a journal recorded, in words; undefined if it does not. */
export function identityChange(recorded: InputIdentity, now: InputIdentity): string | undefined {
  if (recorded.size !== now.size) return `its size changed from ${recorded.size} to ${now.size} bytes`;
  if (recorded.head !== now.head) return 'its content changed';
  if (recorded.hash !== undefined && now.hash !== undefined) return recorded.hash === now.hash ? undefined : 'its content changed';
  if (recorded.mtimeMs !== now.mtimeMs) return `it was modified at ${new Date(now.mtimeMs).toISOString()}`;
  return undefined;
}
