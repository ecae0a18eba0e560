import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { open, stat } from 'node:fs/promises';
import path from 'node:path';

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
