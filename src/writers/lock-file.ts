import { createHash, randomBytes } from 'node:crypto';
import { closeSync, constants as fsConstants, fstatSync, openSync, readFileSync, unlinkSync } from 'node:fs';
import { link, open, stat, unlink } from 'node:fs/promises';
import { hostname } from 'node:os';
import { createExclusive } from './private-file.js';

/** Who holds a lock file: enough for a person to find the run, and for ccbulk to tell it is gone. */
export interface LockOwner {
  readonly pid: number;
  /** `os.hostname()` of the machine the holder runs on: its pid means something only there. */
  readonly host: string;
  /** When the holder took the lock (ISO 8601). */
  readonly startedAt: string;
  /** The command the holder runs, as a person would type it. */
  readonly command: string;
  readonly outDir?: string | undefined;
}

/** A lock that cannot be read is taken for a run's own, unless it is older than this, ms. */
const UNREADABLE_STALE_MS = 60_000;
/** A takeover mutex older than this was left by a process that died taking over, ms. */
const MUTEX_STALE_MS = 10_000;
/** How many times acquire looks again (a lock being written, a takeover under way) before refusing. */
const MAX_ATTEMPTS = 100;
/** A lock file is a line of JSON; anything much longer is not one of ours. */
const MAX_LOCK_BYTES = 64 * 1024;

// O_NOFOLLOW does not exist on Windows, where symlinks need privileges to make. O_NONBLOCK: a FIFO
// planted at a lock's path would otherwise hold the open until someone writes to it.
const READ_NOFOLLOW = fsConstants.O_RDONLY | (fsConstants.O_NOFOLLOW ?? 0) | (fsConstants.O_NONBLOCK ?? 0);

/** What is at a lock's path. */
type Found =
  | { readonly kind: 'none' }
  /** A regular file: its text, and how long ago it was last written, ms. */
  | { readonly kind: 'file'; readonly text: string; readonly ageMs: number }
  /** A symlink, a folder or anything else no ccbulk run made: never followed, never removed. */
  | { readonly kind: 'other' };

/**
 * An exclusive lock file in the style of git's `index.lock`: created with O_CREAT|O_EXCL (never
 * through a symlink) and holding its owner as JSON, so that a second run is refused at once and
 * told who holds it. A lock is stale, and taken over, only when its owner is provably gone: its
 * host is this one and its pid no longer exists, or it cannot be read and has not been written
 * for a minute (a run killed between creating and writing it).
 */
export class LockFile {
  /** Locks held by this process, removed on a normal exit even if nobody releases them. */
  private static readonly held = new Set<LockFile>();
  private static exitHooked = false;
  private releasing: Promise<void> | undefined;

  private constructor(
    /** The lock file's path. */
    readonly file: string,
    /** Who holds it: this process. */
    readonly owner: LockOwner,
    /** The lock's exact text: it is ours only while the file still holds this. */
    private readonly text: string,
  ) {}

  /**
   * Creates `file` exclusively (0600, never through a symlink) holding the owner as JSON. When it
   * exists, a stale lock (see the class) is taken over; any other is refused with the error
   * `refuse` makes from its owner (undefined when it cannot be read, or is not a regular file).
   */
  static async acquire(file: string, who: { readonly command: string; readonly outDir?: string | undefined }, refuse: (owner: LockOwner | undefined) => Error): Promise<LockFile> {
    const owner: LockOwner = {
      pid: process.pid,
      host: hostname(),
      startedAt: new Date().toISOString(),
      command: who.command,
      ...(who.outDir === undefined ? {} : { outDir: who.outDir }),
    };
    // The nonce makes every lock's text unique, so "the same text" always means "the same lock".
    const text = `${JSON.stringify({ ...owner, nonce: randomBytes(8).toString('hex') })}\n`;
    let found: Found = { kind: 'none' };
    for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
      if (await LockFile.create(file, text)) {
        const lock = new LockFile(file, owner, text);
        LockFile.hold(lock);
        return lock;
      }
      found = await readLock(file);
      if (found.kind === 'none') continue; // released (or taken over) between the two calls
      if (found.kind === 'other') throw refuse(undefined);
      const holder = parseLockOwner(found.text);
      if (holder === undefined && found.text === '' && found.ageMs < UNREADABLE_STALE_MS) {
        // Created an instant ago and not written yet: its owner is about to say who it is.
        await pause();
        continue;
      }
      if (!isStale(holder, found.ageMs)) throw refuse(holder);
      if (!(await takeOver(file, found.text))) await pause();
    }
    throw refuse(found.kind === 'file' ? parseLockOwner(found.text) : undefined);
  }

  /** Who holds `file` now, or undefined (no lock, or one that cannot be read). */
  static async holder(file: string): Promise<LockOwner | undefined> {
    const found = await readLock(file);
    return found.kind === 'file' ? parseLockOwner(found.text) : undefined;
  }

  /** Removes the lock if it is still ours (it holds the text we wrote); idempotent. */
  release(): Promise<void> {
    this.releasing ??= (async () => {
      LockFile.held.delete(this);
      const found = await readLock(this.file);
      // Nobody takes over the lock of a live process, so it cannot change between read and unlink.
      if (found.kind === 'file' && found.text === this.text) await unlink(this.file).catch(ignoreMissing);
    })();
    return this.releasing;
  }

  /**
   * Puts a new `file` holding `text` in place; false when something is there already. The text is
   * written to a file of its own first and hard-linked into place (link fails when the path
   * exists, as O_EXCL does, and never follows a symlink there): the lock appears whole, so a run
   * killed while taking it leaves either no lock or one naming its dead pid — never an empty one
   * that the next run must wait a minute for. Where hard links are not allowed, the lock is
   * created exclusively and then written, as before.
   */
  private static async create(file: string, text: string): Promise<boolean> {
    const draft = `${file}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`;
    const handle = await createExclusive(draft);
    try {
      await handle.writeFile(text, 'utf8');
      await handle.close();
    } catch (error) {
      await handle.close().catch(() => undefined);
      await unlink(draft).catch(() => undefined);
      throw error;
    }
    try {
      await link(draft, file);
      return true;
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code === 'EEXIST') return false;
      if (code === 'EPERM' || code === 'ENOTSUP' || code === 'EOPNOTSUPP' || code === 'ENOSYS') return LockFile.createInPlace(file, text);
      throw error;
    } finally {
      await unlink(draft).catch(() => undefined);
    }
  }

  /** Creates `file` exclusively, then writes `text` to it; false when something is there already. */
  private static async createInPlace(file: string, text: string): Promise<boolean> {
    let handle;
    try {
      handle = await createExclusive(file);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
      throw error;
    }
    try {
      await handle.writeFile(text, 'utf8');
    } catch (error) {
      await handle.close().catch(() => undefined);
      await unlink(file).catch(() => undefined);
      throw error;
    }
    await handle.close();
    return true;
  }

  private static hold(lock: LockFile): void {
    LockFile.held.add(lock);
    if (LockFile.exitHooked) return;
    LockFile.exitHooked = true;
    process.on('exit', () => {
      for (const held of LockFile.held) held.releaseNow();
    });
  }

  /**
   * The 'exit' handler's release: synchronous, as nothing asynchronous runs after 'exit'.
   * Intentionally best-effort: a lock left behind is stale once this process is gone.
   */
  private releaseNow(): void {
    try {
      if (readLockNow(this.file) === this.text) unlinkSync(this.file);
    } catch {
      // Left for the next run to find stale.
    }
  }
}

/**
 * Removes the stale lock whose text is `stale`, under a takeover mutex, and says whether this
 * process did. Two processes that find the same stale lock must not both remove it: the second
 * would remove the fresh lock the first (or a third) has made in its place by then. So only the
 * process that creates the mutex exclusively reads the lock again and removes it, and only if it
 * still holds `stale` and is still stale.
 *
 * The mutex is named after the stale text. Once that lock is gone from the path it never comes
 * back (every lock's text is unique, and an unreadable one must be a minute old again), so a late
 * process that enters after the removal finds another lock and does nothing. A mutex left by a
 * process that died holding it is never deleted while the stale lock is there — deleting it would
 * race with whoever deletes or makes it at the same moment: after {@link MUTEX_STALE_MS} the next
 * generation's name is used instead, again created exclusively.
 */
async function takeOver(file: string, stale: string): Promise<boolean> {
  const base = `${file}.takeover.${createHash('sha256').update(stale).digest('hex').slice(0, 16)}`;
  const generations: string[] = [];
  for (let generation = 0; ; generation++) {
    const mutex = `${base}.${generation}`;
    try {
      await (await createExclusive(mutex)).close();
      generations.push(mutex);
      break;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
    const info = await stat(mutex).catch(() => undefined);
    // Gone: whoever held it is done, and the stale lock with it. Young: a takeover is under way.
    if (info === undefined || Date.now() - info.mtimeMs < MUTEX_STALE_MS) return false;
    generations.push(mutex);
  }
  const found = await readLock(file);
  const removed = found.kind === 'file' && found.text === stale && isStale(parseLockOwner(found.text), found.ageMs);
  if (removed) await unlink(file).catch(ignoreMissing);
  // Removed by us or by another before us (or its pid is back, and it is no longer stale): either
  // way no process needs these mutexes any more.
  for (const mutex of generations) await unlink(mutex).catch(() => undefined);
  return removed;
}

/** Whether a lock is stale: its owner provably gone, or unreadable and not written for a minute. */
function isStale(owner: LockOwner | undefined, ageMs: number): boolean {
  if (owner === undefined) return ageMs > UNREADABLE_STALE_MS;
  // A pid means nothing on another host: that lock is never stale from here.
  return owner.host === hostname() && !processExists(owner.pid);
}

/** Whether a process with `pid` exists (signal 0: nothing is sent, only checked). */
function processExists(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: it exists, as another user's.
    return (error as NodeJS.ErrnoException).code !== 'ESRCH';
  }
}

/** What is at `file`, read without following a symlink. */
async function readLock(file: string): Promise<Found> {
  let handle;
  try {
    handle = await open(file, READ_NOFOLLOW);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return { kind: 'none' };
    // ELOOP: a symlink (O_NOFOLLOW); EISDIR and the like: not a lock ccbulk made.
    if (code === 'ELOOP' || code === 'EISDIR' || code === 'EMLINK') return { kind: 'other' };
    throw error;
  }
  try {
    const info = await handle.stat();
    if (!info.isFile() || info.size > MAX_LOCK_BYTES) return { kind: 'other' };
    const text = await handle.readFile('utf8');
    return { kind: 'file', text, ageMs: Date.now() - info.mtimeMs };
  } finally {
    await handle.close();
  }
}

/** The text of the lock file at `file`, synchronously, not through a symlink; undefined if none. */
function readLockNow(file: string): string | undefined {
  const fd = openSync(file, READ_NOFOLLOW);
  try {
    return fstatSync(fd).isFile() ? readFileSync(fd, 'utf8') : undefined;
  } finally {
    closeSync(fd);
  }
}

/**
 * The owner a lock's text (JSON of a {@link LockOwner}, with anything else ignored) names, or
 * undefined if it is not a lock ccbulk wrote.
 */
export function parseLockOwner(text: string): LockOwner | undefined {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (typeof value !== 'object' || value === null) return undefined;
  const { pid, host, startedAt, command, outDir } = value as Record<string, unknown>;
  // A pid of 0 or below would signal a process group: only a real pid is ever checked.
  if (typeof pid !== 'number' || !Number.isSafeInteger(pid) || pid <= 0) return undefined;
  if (typeof host !== 'string' || typeof startedAt !== 'string' || typeof command !== 'string') return undefined;
  if (outDir !== undefined && typeof outDir !== 'string') return undefined;
  return { pid, host, startedAt, command, ...(outDir === undefined ? {} : { outDir }) };
}

function ignoreMissing(error: unknown): void {
  if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
}

/** A short, jittered wait: racers that collided do not collide again in step. */
function pause(): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, 5 + Math.random() * 20));
}
