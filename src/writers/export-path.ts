import { constants as fsConstants } from 'node:fs';
import { open, readdir, rename, stat, unlink } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import { randomSiblingPath } from './private-file.js';

/**
 * Where an export's file lives: the name filled from `--out`'s template, the temporary file it is
 * written to, the rename that publishes it, and the pruning of older exports from the same
 * template.
 */

const PLACEHOLDER = /\{(date|time)\}/;
const PLACEHOLDERS = new RegExp(PLACEHOLDER.source, 'g');

/**
 * The report of the export at `file`: `<file>.report.html` beside it, so that each export of a
 * `{date}` template keeps its own report, the template's pattern (anchored at its extension)
 * never takes a report for an export, and `--keep` deletes a report with its export.
 */
export function exportReportPath(file: string): string {
  return `${file}.report.html`;
}

function pad(value: number, width = 2): string {
  return String(value).padStart(width, '0');
}

/** Fills `{date}` (YYYY-MM-DD) and `{time}` (HHMMSS) in `template` from `now`, in local time. */
export function fillTemplate(template: string, now: Date): string {
  const date = `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}`;
  const time = `${pad(now.getHours())}${pad(now.getMinutes())}${pad(now.getSeconds())}`;
  return template.replace(PLACEHOLDERS, (_, name: string) => (name === 'date' ? date : time));
}

/**
 * The temporary file `target` is written to: beside it, so that the final rename stays within one
 * file system and is atomic, hidden, and named at random, so two runs never share one and no one
 * can plant a link at it in advance (it is created exclusively, see `createExclusive`).
 */
export function tempPathFor(target: string): string {
  return randomSiblingPath(target);
}

/**
 * What {@link tempPathFor} names (and, for files left by older versions, `.NAME.PID.tmp`), so
 * that pruning never mistakes one for an export.
 */
const TEMP_NAME = /^\..*\.(\d+|[0-9a-f]{12})\.tmp$/;

/**
 * Publishes a complete temporary file as `target`: fsync the file, rename it over the target,
 * then fsync the directory so that the rename itself survives a power cut. A reader (or a crash)
 * sees either the old target or the complete new one, never a part.
 */
export async function replaceAtomically(tempPath: string, target: string): Promise<void> {
  const file = await open(tempPath, fsConstants.O_RDWR | (fsConstants.O_NOFOLLOW ?? 0));
  try {
    await file.sync();
  } finally {
    await file.close();
  }
  await rename(tempPath, target);
  await syncDirectory(dirname(target));
}

async function syncDirectory(directory: string): Promise<void> {
  let handle: Awaited<ReturnType<typeof open>> | undefined;
  try {
    handle = await open(directory, 'r');
    await handle.sync();
  } catch {
    // Intentionally best-effort: some platforms (Windows) and file systems refuse to open or sync
    // a directory; the rename has happened and is as durable as they allow.
  } finally {
    await handle?.close();
  }
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** Whether `YYYY-MM-DD` is a day of the calendar, as `{date}` writes one (not `2026-02-30`). */
function isCalendarDate(text: string): boolean {
  const [year, month, day] = text.split('-').map(Number) as [number, number, number];
  // A round trip through Date catches day 30 of February as well as month 13.
  const date = new Date(Date.UTC(year, month - 1, day));
  return date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
}

/** Whether `HHMMSS` is a time of day, as `{time}` writes one (not `246000`). */
function isClockTime(text: string): boolean {
  const hours = Number(text.slice(0, 2));
  const minutes = Number(text.slice(2, 4));
  const seconds = Number(text.slice(4, 6));
  return hours <= 23 && minutes <= 59 && seconds <= 59;
}

/** A file name made from the template, and the date/time its name carries. */
interface Made {
  readonly path: string;
  readonly stamp: string;
  readonly mtimeMs: number;
}

/**
 * Deletes older exports made from `template`, keeping the newest `keep` (counting `justWritten`,
 * which is never deleted), and returns the paths it deleted.
 *
 * Only files in the template's directory whose whole name matches the template, with `{date}` as
 * a real calendar date `YYYY-MM-DD` and `{time}` as a real time of day `HHMMSS`, are considered:
 * other names (`contacts-2026-13-99.csv`) and temporary files are never touched (nor reports,
 * `<export>.report.html`, except that a deleted export's report is deleted with it). "Newest" is by the date and time in the name; files whose names tie (a template
 * with `{date}` only, run twice a day) are ordered by modification time. A template with no
 * placeholder in its file name makes one file only, so there is nothing to prune (and a
 * placeholder in the directory part is not followed: deleting across directories is not worth the
 * risk).
 */
export async function pruneExports(template: string, keep: number, justWritten: string): Promise<string[]> {
  const directory = dirname(template);
  const name = basename(template);
  if (PLACEHOLDER.test(directory) || !PLACEHOLDER.test(name)) return [];

  const kinds: ('date' | 'time')[] = [];
  const pattern = name
    .split(PLACEHOLDER)
    .map((piece, i) => {
      // split() with a capturing group puts the captured names at the odd positions.
      if (i % 2 === 0) return escapeRegExp(piece);
      kinds.push(piece as 'date' | 'time');
      return piece === 'date' ? '(\\d{4}-\\d{2}-\\d{2})' : '(\\d{6})';
    })
    .join('');
  const matcher = new RegExp(`^${pattern}$`);
  const kept = resolve(justWritten);

  const made: Made[] = [];
  for (const entry of await readdir(directory, { withFileTypes: true })) {
    if (!entry.isFile() || TEMP_NAME.test(entry.name)) continue;
    const match = matcher.exec(entry.name);
    if (match === null) continue;
    const path = join(directory, entry.name);
    if (resolve(path) === kept) continue;
    // A name that only looks made (`2026-13-99`) is someone else's file: never counted, never deleted.
    if (!kinds.every((kind, i) => (kind === 'date' ? isCalendarDate(match[i + 1]!) : isClockTime(match[i + 1]!)))) continue;
    const date = kinds.includes('date') ? match[kinds.indexOf('date') + 1] : '';
    const time = kinds.includes('time') ? match[kinds.indexOf('time') + 1] : '';
    let mtimeMs: number;
    try {
      mtimeMs = (await stat(path)).mtimeMs;
    } catch {
      continue; // gone since the listing: nothing to prune
    }
    made.push({ path, stamp: `${date ?? ''}${time ?? ''}`, mtimeMs });
  }

  made.sort((a, b) => (a.stamp === b.stamp ? b.mtimeMs - a.mtimeMs : a.stamp < b.stamp ? 1 : -1));
  // justWritten is the newest and takes one of the places kept.
  const doomed = made.slice(Math.max(0, keep - 1));
  const deleted: string[] = [];
  for (const file of doomed) {
    try {
      await unlink(file.path);
      deleted.push(file.path);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    }
    // Its report goes with it (older exports, or ones made by hand, have none).
    await unlink(exportReportPath(file.path)).catch((error: NodeJS.ErrnoException) => {
      if (error.code !== 'ENOENT') throw error;
    });
  }
  return deleted;
}
