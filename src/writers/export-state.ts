import { readFile, rename, rm } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { CcbulkError } from '../errors.js';
import { writePrivateFile } from './private-file.js';

/** The state file's name, beside the export it belongs to. */
export const STATE_FILE_NAME = '.ccbulk-state.json';

interface StateFile {
  readonly version: 1;
  readonly windows: Record<string, { readonly end: string; readonly updatedAt: string }>;
}

/**
 * Where each incremental export stopped: for every export (resource, target template, filters)
 * the end of the last window whose file was written completely. Kept beside the export in
 * `.ccbulk-state.json` (mode 0600), so a nightly job needs no other storage; written only after
 * the export's file is in place, so a failed night leaves it as it was and the next night
 * exports the failed night's window too.
 */
export class ExportState {
  private constructor(
    private readonly path: string,
    private readonly data: StateFile,
  ) {}

  /** The state file for an export whose target is `target` (a missing file is an empty state). */
  static async open(target: string): Promise<ExportState> {
    const path = join(dirname(target), STATE_FILE_NAME);
    let text: string;
    try {
      text = await readFile(path, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return new ExportState(path, { version: 1, windows: {} });
      throw new CcbulkError('OUTPUT_INVALID', `Cannot read the export state ${path}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`, { cause: error });
    }
    try {
      const parsed = JSON.parse(text) as Partial<StateFile>;
      if (parsed.version !== 1 || typeof parsed.windows !== 'object' || parsed.windows === null) throw new Error('unknown layout');
      return new ExportState(path, { version: 1, windows: { ...parsed.windows } });
    } catch (error) {
      throw new CcbulkError('OUTPUT_INVALID', `The export state ${path} is not a ccbulk state file; move it away to start over`, { cause: error });
    }
  }

  /** The state file's path. */
  get file(): string {
    return this.path;
  }

  /** Where the last complete window of `key` ended, if one was recorded. */
  lastEnd(key: string): Date | undefined {
    const end = this.data.windows[key]?.end;
    return end === undefined ? undefined : new Date(end);
  }

  /** Records that `key`'s windows up to `end` are exported, replacing the file atomically. */
  async advance(key: string, end: Date, now: Date): Promise<void> {
    this.data.windows[key] = { end: end.toISOString(), updatedAt: now.toISOString() };
    const temp = `${this.path}.${process.pid}.tmp`;
    try {
      await writePrivateFile(temp, `${JSON.stringify(this.data, null, 2)}\n`);
      await rename(temp, this.path);
    } catch (error) {
      await rm(temp, { force: true });
      throw new CcbulkError('OUTPUT_INVALID', `Cannot write the export state ${this.path}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`, { cause: error });
    }
  }
}
