import { setV8Flags } from '../v8-flags.js';

/**
 * The environment variable that leaves V8's heap as Node sets it up (`CCBULK_HEAP=default`):
 * for a comparison in the bench, or to rule the tuning out when something looks slow.
 */
export const HEAP_TUNING_ENV = 'CCBULK_HEAP';

/**
 * How a command uses the machine: `paced` by the API's rate limits (imports, syncs, exports,
 * the UI: mostly waiting), or `flat-out` on the CPU (a dry run reads as fast as it can).
 */
export type HeapUse = 'paced' | 'flat-out';

/**
 * V8 flags for each use. A job's live heap is small (tens of MB: a page, a batch, the indexes)
 * but V8, with memory to spare, lets garbage grow the heap to several times that between full
 * collections: an export of 200,000 wide items peaked at 229 MB of RSS for 30 MB live.
 * - `paced`: `--optimize-for-size` collects sooner and keeps less (that export: 123 MB, in the
 *   same time, since it waits on the API). On CPU-bound work it costs about a third of the speed.
 * - `flat-out`: a heap that grows by 25 % of what survived a full collection, where V8 would
 *   otherwise let it double or more: a million-row dry run peaked at about 260 MB instead of
 *   400, at 0.8–1.0× the speed (the machine's noise is as large).
 * - Both: `--semi-space-growth-factor=1` keeps the young generation near its first size (2 to
 *   8 MB) where a busy run grows it to 32 MB. A million-row dry run: 204–212 MB instead of
 *   232–238, at 0.75–0.9× the speed; a 200,000-contact sync: 177 MB instead of 184–191, in the
 *   same time; an XLSX export of 50,000 items of 171 columns: the same time.
 * All are flags V8 reads as it goes (at each collection, at each growth of the young
 * generation), so setting them once the process runs takes effect — a test checks the young
 * generation's size. They must be set before the command line's modules load (loading them
 * grows the young generation first: see src/cli.ts), and again once a worker thread is online
 * (starting one resets them: see reassertV8Flags). The heap's size limits cannot be changed
 * this late, which is why this is not `--max-old-space-size` (a limit would also turn a large
 * but legitimate index into a crash).
 */
const FLAGS: Readonly<Record<HeapUse, readonly string[]>> = {
  paced: ['--optimize-for-size', '--heap-growing-percent=0', '--semi-space-growth-factor=1'],
  'flat-out': ['--no-optimize-for-size', '--heap-growing-percent=25', '--semi-space-growth-factor=1'],
};

/** Tunes V8's heap for `use`, unless CCBULK_HEAP=default; the flags set, or undefined. */
export function tuneHeap(use: HeapUse, env: NodeJS.ProcessEnv = process.env): readonly string[] | undefined {
  if (env[HEAP_TUNING_ENV] === 'default') return undefined;
  setV8Flags(FLAGS[use]);
  return FLAGS[use];
}
