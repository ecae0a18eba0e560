import { CcbulkError } from '../errors.js';

/**
 * An INPUT_INVALID error about one input file: "Input file 'contacts.xlsx' is password-protected …".
 * The message names the file as the user gave it, so it can be shown as it is; `cause` keeps the
 * library's own error for a debug log, never for the user.
 */
export function inputError(file: string, problem: string, cause?: unknown, line?: number): CcbulkError {
  return new CcbulkError('INPUT_INVALID', `Input file '${file}' ${problem}`, {
    ...(cause === undefined ? {} : { cause }),
    ...(line === undefined ? {} : { line }),
  });
}

/** Says in words what an `fs` error means for an input file, instead of `ENOENT: open …`. */
export function fileSystemError(file: string, error: unknown): CcbulkError {
  if (error instanceof CcbulkError) return error;
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  switch (code) {
    case 'ENOENT':
      return inputError(file, 'does not exist.', error);
    case 'EISDIR':
      return inputError(file, 'is a directory, not a file.', error);
    case 'EACCES':
    case 'EPERM':
      return inputError(file, 'cannot be read: permission denied.', error);
    default:
      return inputError(file, `cannot be read: ${error instanceof Error ? error.message : String(error)}.`, error);
  }
}
