import { constants as fsConstants } from 'node:fs';
import { open, readdir } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import { CcbulkError } from '../errors.js';
import { mappingProblems, planColumns, type ColumnOverrides } from '../transforms/column-mapping.js';
import { prepareTrustedDirectory, writePrivateFile } from '../writers/private-file.js';

/** A column mapping saved under a name: the JSON a `--map` file holds, and when it was saved. */
export interface SavedMapping {
  readonly name: string;
  readonly map: ColumnOverrides;
  readonly savedAt: number;
}

/**
 * Letters, digits, spaces, `-`, `_` and `.`, starting with a letter or digit: a name that is one
 * safe file name, and that a download's Content-Disposition carries as it is (ASCII).
 */
const NAME = /^[A-Za-z0-9][A-Za-z0-9 _.-]{0,79}$/;
/** A saved mapping is a few hundred bytes; anything much larger was not written by this page. */
const MAX_BYTES = 256 * 1024;
const mapSchema = z.record(z.string(), z.union([z.string(), z.null()]));
// O_NOFOLLOW does not exist on Windows, where symlinks need privileges to make.
const READ_NOFOLLOW = fsConstants.O_RDONLY | (fsConstants.O_NOFOLLOW ?? 0);

/**
 * The page's named column mappings, one `<name>.json` each in a folder of the UI's working
 * folder (0600 files in a 0700 folder the user owns, never read or written through a symlink).
 * Each file is exactly what `--map` reads, so a saved mapping downloads as a `--map` file and a
 * `--map` file saves as a mapping.
 */
export class SavedMappings {
  private constructor(private readonly dir: string) {}

  /** The store in `dir`, made (0700) if missing and refused if anyone else could write to it. */
  static async open(dir: string): Promise<SavedMappings> {
    await prepareTrustedDirectory(dir, "The UI's saved mappings folder", false);
    return new SavedMappings(dir);
  }

  /**
   * Saves `map` as `name` (replacing a mapping of that name), after checking it as the import
   * will for a file with `header`: a mapping the import would refuse is not saved.
   *
   * @throws CcbulkError `OPTION_INVALID` for a name that is not one; `MAPPING_INVALID` for a mapping the import would refuse.
   */
  async save(name: string, map: unknown, header: readonly string[]): Promise<SavedMapping> {
    const checkedName = checkName(name);
    planColumns(header, map);
    const parsed = mapSchema.parse(map);
    await writePrivateFile(this.file(checkedName), `${JSON.stringify(parsed, null, 2)}\n`);
    return { name: checkedName, map: parsed, savedAt: Date.now() };
  }

  /** The mapping saved as `name`; undefined when there is none (or what is there is not one this page wrote). */
  async read(name: string): Promise<SavedMapping | undefined> {
    if (!NAME.test(name)) return undefined;
    let handle;
    try {
      handle = await open(this.file(name), READ_NOFOLLOW);
    } catch {
      return undefined;
    }
    try {
      const info = await handle.stat();
      if (!info.isFile() || info.size > MAX_BYTES) return undefined;
      const parsed = mapSchema.safeParse(JSON.parse(await handle.readFile('utf8')));
      return parsed.success ? { name, map: parsed.data, savedAt: info.mtimeMs } : undefined;
    } catch {
      return undefined;
    } finally {
      await handle.close();
    }
  }

  /** Every saved mapping, newest first. */
  async list(): Promise<SavedMapping[]> {
    const names = (await readdir(this.dir).catch(() => [] as string[])).filter((f) => f.endsWith('.json')).map((f) => f.slice(0, -'.json'.length));
    const found = await Promise.all(names.map((name) => this.read(name)));
    return found.filter((m): m is SavedMapping => m !== undefined).sort((a, b) => b.savedAt - a.savedAt || a.name.localeCompare(b.name));
  }

  /**
   * The newest mapping saved for a file with exactly these headers (in any order) that the import
   * takes as it is, if there is one: one edited by hand into a field that is not one is offered in
   * the list, where applying it names the problem, but never applied without a word.
   */
  async matching(header: readonly string[]): Promise<SavedMapping | undefined> {
    return (await this.list()).find((saved) => sameHeaders(Object.keys(saved.map), header) && mappingProblems(header, saved.map).length === 0);
  }

  /** The path of the mapping named `name`. */
  file(name: string): string {
    return path.join(this.dir, `${name}.json`);
  }
}

/** Whether a mapping's keys are the file's headers (blank ones aside): none missing, none extra. */
export function sameHeaders(keys: readonly string[], header: readonly string[]): boolean {
  const named = (list: readonly string[]) => new Set(list.filter((h) => h.trim() !== ''));
  const mine = named(keys);
  const theirs = named(header);
  return mine.size > 0 && mine.size === theirs.size && [...theirs].every((h) => mine.has(h));
}

/** The name, trimmed, when it can be a mapping's name. */
function checkName(name: string): string {
  const trimmed = name.trim();
  if (NAME.test(trimmed)) return trimmed;
  throw new CcbulkError('OPTION_INVALID', `Expected the mapping's name to be up to 80 (ASCII) letters, digits, spaces, \`-\`, \`_\` or \`.\`, starting with a letter or digit, got \`${name}\``, { field: 'name' });
}
