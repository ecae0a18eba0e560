import path from 'node:path';
import { CcbulkError } from '../errors.js';
import { LockFile } from './lock-file.js';

/** The lock file in an out folder that a writing run holds. */
export const RUN_FOLDER_LOCK = '.ccbulk.lock';

/**
 * Locks the out folder `outDir` (which exists, mode 0700) for one run: a {@link LockFile} at
 * `<outDir>/.ccbulk.lock`. Two runs started together into one folder would each write its journal
 * and results over the other's; the second is refused (CcbulkError('LOCKED'), field `--out`)
 * naming the first.
 */
export async function lockRunFolder(outDir: string, command: string): Promise<LockFile> {
  const file = path.join(outDir, RUN_FOLDER_LOCK);
  return LockFile.acquire(file, { command, outDir }, (owner) => {
    const who =
      owner === undefined
        ? `which one cannot be told: its lock ${file} cannot be read; delete it if no ccbulk run is writing there`
        : `pid ${owner.pid} on host ${owner.host}, started ${owner.startedAt}: ${owner.command}`;
    return new CcbulkError('LOCKED', `Another ccbulk run is writing to the out folder ${outDir} (${who}): wait for it to end, or give another --out. Nothing was sent.`, {
      field: '--out',
    });
  });
}
