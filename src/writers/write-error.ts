import { CcbulkError } from '../errors.js';

/** What each `fs` error code means, in words a person acts on. */
const MEANINGS: Readonly<Record<string, string>> = {
  ENOENT: 'it does not exist',
  EACCES: 'permission denied',
  EPERM: 'permission denied',
  EEXIST: 'something of that name exists already',
  ENOTDIR: 'a part of the path is a file, not a folder',
  EISDIR: 'it is a folder, not a file',
  ENOSPC: 'no space is left on the device',
  EDQUOT: 'the disk quota is used up',
  EFBIG: 'the file is larger than the file system allows',
  EIO: 'the device reported an input/output error',
  EROFS: 'the file system is read-only',
  EMFILE: 'too many files are open',
  ENAMETOOLONG: 'the name is too long',
  EBUSY: 'it is busy',
};

/** Why an `fs` error failed, in words with its code: "permission denied (EACCES)"; undefined for other errors. */
export function fileSystemReason(error: unknown): string | undefined {
  const e = error as NodeJS.ErrnoException | undefined;
  if (!(error instanceof Error) || typeof e?.code !== 'string' || !/^E[A-Z]+$/.test(e.code)) return undefined;
  return `${MEANINGS[e.code] ?? e.message.replace(/^E[A-Z]+: /, '').replace(/, \w+ '.*'$/, '')} (${e.code})`;
}

/**
 * An error met while writing the export `target`, as the one line a person reads: an `fs` error
 * becomes OUTPUT_INVALID naming the file and the cause in words — "Cannot write `--out`
 * exports/contacts-2026-12-06.csv: no space is left on the device (ENOSPC)" — where Node's own
 * says `ENOSPC: no space left on device, write` and names no file at all (a stream's write
 * error has no path). Anything else is returned as it is.
 */
export function exportWriteError(target: string, error: unknown): unknown {
  if (error instanceof CcbulkError) return error;
  const reason = fileSystemReason(error);
  if (reason === undefined) return error;
  return new CcbulkError('OUTPUT_INVALID', `Cannot write \`--out\` ${target}: ${reason}`, { cause: error });
}

/**
 * A run's own file (results.csv, rejects.csv, journal.jsonl, summary.json, report.html) that could
 * not be written once the run began, as the one line a person reads — "Cannot write
 * runs/monday/results.csv: no space is left on the device (ENOSPC)" — with disposition `stop`:
 * what reached the disk is kept to the journal's last checkpoint, and once the cause is fixed
 * (space freed) `ccbulk resume` goes on from there. Anything that is not an `fs` error, or is
 * ccbulk's own already, is returned as it is.
 */
export function runFileError(file: string, error: unknown): unknown {
  if (error instanceof CcbulkError) return error;
  const reason = fileSystemReason(error);
  if (reason === undefined) return error;
  return new CcbulkError('OUTPUT_INVALID', `Cannot write ${file}: ${reason}`, { cause: error, disposition: 'stop' });
}
