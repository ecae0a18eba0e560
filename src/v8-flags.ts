import { setFlagsFromString } from 'node:v8';

// Every flag set through setV8Flags, in order: setting them again in the same order gives the
// same end state.
const applied: string[] = [];

/** Sets V8 flags in the running process (see src/cli/heap-tuning.ts), remembering them. */
export function setV8Flags(flags: readonly string[]): void {
  for (const flag of flags) {
    setFlagsFromString(flag);
    applied.push(flag);
  }
}

/**
 * Whether starting a worker thread puts the process's V8 flags back as the command line gave
 * them. Measured: on Node 20 and 22 it does (the young generation, held at 2 MB by
 * `--semi-space-growth-factor=1`, grew to 32 MB as soon as a phone worker was online); on Node
 * 24 it no longer does (24.22.3: still 2 MB). A V8 internal, so the version decides, and the
 * heap-tuning test checks both sides of it on each version CI runs.
 */
export const WORKERS_RESET_V8_FLAGS = Number(process.versions.node.split('.')[0]) < 24;

/**
 * Sets the flags {@link setV8Flags} set again, where a worker thread's start has put them back
 * (see {@link WORKERS_RESET_V8_FLAGS}): a module that starts one calls this once the thread is
 * online.
 */
export function reassertV8Flags(): void {
  if (!WORKERS_RESET_V8_FLAGS) return;
  for (const flag of applied) setFlagsFromString(flag);
}
