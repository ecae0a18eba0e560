import { setFlagsFromString } from 'node:v8';

/**
 * The environment variable that leaves V8's heap as Node sets it up (`CCBULK_HEAP=default`):
 * for a comparison in the bench, or to rule the tuning out when something looks slow.
 */
export const HEAP_TUNING_ENV = 'CCBULK_HEAP';

/**
 * Tunes V8 for a long streaming job on a shared machine, before the command runs. A job's live
 * heap is small (tens of MB: a page, a batch, the indexes) but V8, with memory to spare, lets
 * garbage grow the heap to several times that between full collections: an export of 200,000
 * wide items peaked at 233 MB of RSS for 30 MB live. `--optimize-for-size` makes it collect
 * sooner and keep less, and it is one of the flags V8 reads as it goes (at each collection), so
 * setting it here, once the process runs, takes effect; the heap's size limits cannot be changed
 * this late, which is why this is not `--max-old-space-size` (a limit would also turn a large
 * but legitimate index into a crash).
 */
export function tuneHeap(env: NodeJS.ProcessEnv = process.env): boolean {
  if (env[HEAP_TUNING_ENV] === 'default') return false;
  setFlagsFromString('--optimize-for-size');
  return true;
}
