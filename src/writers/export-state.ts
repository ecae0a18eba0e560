import { readFile, rename, rm } from 'node:fs/promises';
import { basename, dirname, isAbsolute, join, resolve } from 'node:path';
import { CcbulkError } from '../errors.js';
import { writePrivateFile } from './private-file.js';

/** The state file's name, beside the export it belongs to. */
export const STATE_FILE_NAME = '.ccbulk-state.json';

interface StateFile {
  readonly version: 1;
  readonly windows: Record<string, { readonly end: string; readonly updatedAt: string }>;
}

/** What makes two incremental exports the same one: the resource, the target and the filters. */
export interface ExportIdentity {
  readonly resource: string;
  /** The `--out` template, as given: relative to the working folder, or absolute. */
  readonly out: string;
  /** Path parameters and id-valued query parameters, as given. */
  readonly ids: Readonly<Record<string, string>>;
  /** The other query parameters, without the window's own. */
  readonly query: Readonly<Record<string, unknown>>;
}

/**
 * The key of an export in the state file. The target is its absolute path, so `exports/x.csv`
 * from /srv and `/srv/exports/x.csv` from anywhere are one export, not two that each export the
 * same window.
 */
function keyOf(identity: ExportIdentity): string {
  return JSON.stringify([identity.resource, resolve(identity.out), identity.ids, identity.query]);
}

/**
 * Whether `stored` is `identity`'s key as earlier versions wrote it, with `--out`'s text as
 * given. A relative text kept in this state file was relative to whatever folder put the file
 * here, so its name alone tells it apart from the folder's other exports; an absolute one must
 * be this very path.
 */
function isLiteralKeyOf(stored: string, identity: ExportIdentity): boolean {
  let parsed: unknown;
  try {
    parsed = JSON.parse(stored);
  } catch {
    return false;
  }
  if (!Array.isArray(parsed) || parsed.length !== 4 || typeof parsed[1] !== 'string') return false;
  const [resource, out, ids, query] = parsed as [unknown, string, unknown, unknown];
  const target = resolve(identity.out);
  const sameTarget = isAbsolute(out) ? resolve(out) === target : basename(out) === basename(target);
  return sameTarget && resource === identity.resource && JSON.stringify(ids) === JSON.stringify(identity.ids) && JSON.stringify(query) === JSON.stringify(identity.query);
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

  /**
   * Where the last complete window of the export ended, if one was recorded: under its own key,
   * or under the literal `--out` an older version keyed it by (the latest end of them).
   */
  lastEnd(identity: ExportIdentity): Date | undefined {
    let latest: number | undefined;
    for (const key of this.keysOf(identity)) {
      const end = Date.parse(this.data.windows[key]!.end);
      if (!Number.isNaN(end) && (latest === undefined || end > latest)) latest = end;
    }
    return latest === undefined ? undefined : new Date(latest);
  }

  /**
   * Records that the export's windows up to `end` are exported, replacing the file atomically;
   * entries under an older key of the same export are folded into the one key.
   */
  async advance(identity: ExportIdentity, end: Date, now: Date): Promise<void> {
    for (const key of this.keysOf(identity)) delete this.data.windows[key];
    this.data.windows[keyOf(identity)] = { end: end.toISOString(), updatedAt: now.toISOString() };
    const temp = `${this.path}.${process.pid}.tmp`;
    try {
      await writePrivateFile(temp, `${JSON.stringify(this.data, null, 2)}\n`);
      await rename(temp, this.path);
    } catch (error) {
      await rm(temp, { force: true });
      throw new CcbulkError('OUTPUT_INVALID', `Cannot write the export state ${this.path}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`, { cause: error });
    }
  }

  /** The keys the export's state is kept under: its own, and any older literal one. */
  private keysOf(identity: ExportIdentity): string[] {
    const own = keyOf(identity);
    return Object.keys(this.data.windows).filter((key) => key === own || isLiteralKeyOf(key, identity));
  }
}
