import { CcbulkError } from '../errors.js';
import { describeFileSystemError } from './file-system-error.js';
import { printable } from './terminal-text.js';

/** Exit codes of the ccbulk command. */
export const EXIT = {
  /** Everything succeeded. */
  ok: 0,
  /** Usage error or a failure that stopped the whole run. */
  fatal: 1,
  /** The run finished, but some rows were rejected. */
  rejected: 2,
  /** The run stopped before the end (daily limit, SIGINT/SIGTERM) and can be resumed (EX_TEMPFAIL). */
  stopped: 75,
  /** Stopped at once by a second signal. */
  interrupted: 130,
} as const;

/**
 * The one line a user sees when a run stops: the error's own message for ccbulk's errors (they
 * are written to be read), and the bare message of anything else. Never a stack trace, unless
 * CCBULK_DEBUG is set by someone debugging ccbulk itself.
 */
export function describeFatal(error: unknown, env: NodeJS.ProcessEnv = process.env): string {
  return printable(fatalText(error, env));
}

function fatalText(error: unknown, env: NodeJS.ProcessEnv): string {
  if (env.CCBULK_DEBUG && error instanceof Error && error.stack) return error.stack;
  if (error instanceof CcbulkError) return error.message;
  const fileSystem = describeFileSystemError(error);
  if (fileSystem !== undefined) return fileSystem;
  if (error instanceof Error) return `unexpected error: ${error.message}`;
  return `unexpected error: ${String(error)}`;
}
