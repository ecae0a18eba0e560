import { createHash } from 'node:crypto';
import { open, stat } from 'node:fs/promises';
import path from 'node:path';

/** What identifies an input file, so that a resumed run can tell whether it changed. */
export interface InputIdentity {
  readonly path: string;
  readonly size: number;
  readonly mtimeMs: number;
  /** SHA-256 of the first MiB, hex. */
  readonly head: string;
}

const HEAD_BYTES = 1024 * 1024;

/** Reads a file's identity: absolute path, size, mtime and a hash of its first MiB. */
export async function inputIdentity(file: string): Promise<InputIdentity> {
  const info = await stat(file);
  const handle = await open(file, 'r');
  try {
    const buffer = Buffer.alloc(Math.min(HEAD_BYTES, info.size));
    await handle.read(buffer, 0, buffer.length, 0);
    return { path: path.resolve(file), size: info.size, mtimeMs: info.mtimeMs, head: createHash('sha256').update(buffer).digest('hex') };
  } finally {
    await handle.close();
  }
}

/** How an input differs from the identity a journal recorded, in words; undefined if it does not. */
export function identityChange(recorded: InputIdentity, now: InputIdentity): string | undefined {
  if (recorded.size !== now.size) return `its size changed from ${recorded.size} to ${now.size} bytes`;
  if (recorded.head !== now.head) return 'its content changed';
  if (recorded.mtimeMs !== now.mtimeMs) return `it was modified at ${new Date(now.mtimeMs).toISOString()}`;
  return undefined;
}
