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
 * Sets the flags {@link setV8Flags} set again. Starting a worker thread puts the process's V8
 * flags back as the command line gave them — measured on Node 20: the young generation, held at
 * 2 MB by `--semi-space-growth-factor=1`, grew to 32 MB as soon as a phone worker was online —
 * so a module that starts one calls this once the thread is online.
 */
export function reassertV8Flags(): void {
  for (const flag of applied) setFlagsFromString(flag);
}
