import { chmod, open } from 'node:fs/promises';
import { createWriteStream, type WriteStream } from 'node:fs';
import { once } from 'node:events';

/** Files ccbulk writes hold personal data: readable and writable by their owner only. */
export const PRIVATE_MODE = 0o600;

/**
 * A write stream to a new file (or one appended to) created with mode 0600. The mode is set again
 * after opening because `open`'s mode applies only when the file is created (and is filtered by
 * the umask), and a file left by an earlier run may have looser permissions.
 */
export async function openPrivateStream(path: string, options: { append?: boolean } = {}): Promise<WriteStream> {
  const stream = createWriteStream(path, { flags: options.append ? 'a' : 'w', mode: PRIVATE_MODE });
  await once(stream, 'open');
  await chmod(path, PRIVATE_MODE);
  return stream;
}

/** Writes a whole small file (a summary, a manifest) with mode 0600. */
export async function writePrivateFile(path: string, content: string): Promise<void> {
  const handle = await open(path, 'w', PRIVATE_MODE);
  try {
    await handle.chmod(PRIVATE_MODE);
    await handle.writeFile(content, 'utf8');
  } finally {
    await handle.close();
  }
}
