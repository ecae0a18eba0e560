import { readFile, type FileHandle } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import { CcbulkError } from '../errors.js';
import type { InputIdentity } from '../readers/input-identity.js';
import type { OutcomeCounts, OutcomeSizes } from './outcome-files.js';
import { createReplacing, openExisting, writeFully } from './private-file.js';
import { runFileError } from './write-error.js';

/** The journal's file name in a run's out folder. */
export const JOURNAL_FILE = 'journal.jsonl';

/** What a run was asked to do: enough to run it again (`ccbulk resume`). Never secrets. */
export interface JournalStart {
  readonly t: 'start';
  readonly version: 1;
  readonly job: string;
  readonly mode: string;
  readonly input: InputIdentity;
  /** The job's checked options, as JSON. */
  readonly options: Readonly<Record<string, unknown>>;
  /**
   * The book or list the run writes to, as resolved when it started: a resume writes to this id
   * and no other, whatever now goes by the name the command line gave. Absent in journals of
   * versions before it was kept, and in dry runs' (which have none).
   */
  readonly target?: { readonly kind: string; readonly id: string; readonly name: string } | undefined;
  readonly at: string;
}

/** A batch about to be sent: its number and the item sequence numbers in it. */
interface SentEntry {
  readonly t: 'sent';
  readonly b: number;
  readonly k: readonly number[];
  /** What each item asks, in the order of `k`, when the target says (a sync's `create` or `update`). */
  readonly a?: readonly string[];
}

/**
 * A batch recorded as sent that was refused whole before anything of it was applied (a 429 for a
 * spent daily quota): its items are as unsent, and a resume sends them without checking first.
 */
interface UnsentEntry {
  readonly t: 'unsent';
  readonly b: number;
}

/**
 * A checkpoint: every item finished since the last one (`k`), the batches acknowledged (`ack`),
 * and the sizes of results.csv and rejects.csv that hold exactly the finished items' rows.
 */
interface CheckpointEntry {
  readonly t: 'ck';
  readonly k: readonly number[];
  readonly ack: readonly number[];
  readonly sizes: OutcomeSizes;
  readonly counts: OutcomeCounts;
}

/** A decision about a batch whose outcome was unknown, for the record. */
interface DecisionEntry {
  readonly t: 'decision';
  readonly b: number;
  readonly found: number;
  readonly resent: number;
  readonly how: string;
}

/** The run stopped or ended. */
interface EndEntry {
  readonly t: 'end';
  readonly complete: boolean;
  readonly reason?: string;
  readonly at: string;
}

type Entry = JournalStart | SentEntry | UnsentEntry | CheckpointEntry | DecisionEntry | EndEntry;

const count = z.number().int().nonnegative();
const counts = z.record(z.string(), count);

/** Every entry as it must read back; a line that does not is damage, not a record. */
const entrySchema: z.ZodType<Entry> = z.discriminatedUnion('t', [
  z.object({
    t: z.literal('start'),
    version: z.literal(1),
    job: z.string(),
    mode: z.string(),
    input: z.object({ path: z.string(), size: count, mtimeMs: z.number(), head: z.string(), hash: z.string().optional() }),
    // Checked by whoever runs the job again (`ccbulk resume`), which knows the job's options.
    options: z.record(z.string(), z.unknown()),
    target: z.object({ kind: z.string(), id: z.string(), name: z.string() }).optional(),
    at: z.string(),
  }),
  z.object({ t: z.literal('sent'), b: count, k: z.array(count), a: z.array(z.string()).optional() }),
  z.object({ t: z.literal('unsent'), b: count }),
  z.object({
    t: z.literal('ck'),
    k: z.array(count),
    ack: z.array(count),
    sizes: z.object({ results: count, rejects: count }),
    counts: z.object({ succeeded: count, rejected: count, rejectedByStage: counts, rejectedByReason: counts }),
  }),
  z.object({ t: z.literal('decision'), b: count, found: count, resent: count, how: z.string() }),
  z.object({ t: z.literal('end'), complete: z.boolean(), reason: z.string().optional(), at: z.string() }),
]);

/** A journal's text as entries, each checked; `tornAt` is where a last line cut short by a crash begins. */
function parseJournal(file: string, text: string): { entries: Entry[]; tornAt: number | undefined; unended: boolean } {
  const lines = text.split('\n');
  let last = lines.length - 1;
  while (last >= 0 && lines[last]!.trim() === '') last--;
  const entries: Entry[] = [];
  let offset = 0;
  for (let i = 0; i <= last; i++) {
    const line = lines[i]!;
    const start = offset;
    // In bytes: it is where `reopen` truncates.
    offset += Buffer.byteLength(line) + 1;
    if (line.trim() === '') continue;
    // The first entry says whether this is a journal at all: a file that does not begin with a
    // run's start is someone else's (or damaged there), which is what the person needs to hear.
    const first = entries.length === 0;
    let json: unknown;
    try {
      json = JSON.parse(line);
    } catch (error) {
      // A line cut short by a crash is the last one, and begins as every entry does; what it
      // said did not happen. Anywhere else, or text that never was an entry, it is damage: what
      // follows it cannot be trusted to say what is done.
      if (i === last && line.startsWith('{')) return { entries, tornAt: start, unended: false };
      if (first) throw notAJournal(file, i + 1, 'it is not JSON', undefined, error);
      throw new CcbulkError('RESUME_INVALID', `${file} line ${i + 1} is damaged: it is not JSON (${(error as Error).message})`, { line: i + 1, cause: error });
    }
    const parsed = entrySchema.safeParse(json);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      const where = issue && issue.path.length > 0 ? `\`${issue.path.join('.')}\`: ` : '';
      if (first) throw notAJournal(file, i + 1, `${where}${issue?.message ?? 'not a journal entry'}`, issue?.path.join('.'));
      throw new CcbulkError('RESUME_INVALID', `${file} line ${i + 1} is damaged: ${where}${issue?.message ?? 'not a journal entry'}`, {
        line: i + 1,
        field: issue?.path.join('.'),
      });
    }
    if (first && parsed.data.t !== 'start') throw notAJournal(file, i + 1, `its first entry is \`${parsed.data.t}\`, not a run's start`);
    entries.push(parsed.data);
  }
  // A whole last entry whose newline did not reach the disk: the next entry must not share its line.
  return { entries, tornAt: undefined, unended: text.length > 0 && !text.endsWith('\n') };
}

/** RESUME_INVALID for a journal.jsonl whose first entry is not a run's start. */
function notAJournal(file: string, line: number, problem: string, field?: string, cause?: unknown): CcbulkError {
  return new CcbulkError('RESUME_INVALID', `${file} is not a ccbulk run journal, or is damaged at line ${line}: ${problem}; give the out folder of an interrupted import`, {
    line,
    ...(field === undefined ? {} : { field }),
    ...(cause === undefined ? {} : { cause }),
  });
}

/** What a journal says about an interrupted run. */
export interface JournalState {
  readonly start: JournalStart;
  /** Items whose outcome is in results.csv or rejects.csv. */
  readonly done: ReadonlySet<number>;
  /** Items of batches that were sent and never acknowledged: their outcome is unknown. */
  readonly unsure: ReadonlySet<number>;
  /** What the unsure items asked, where the journal says (see {@link Journal.sent}). */
  readonly asked: ReadonlyMap<number, string>;
  /** Where results.csv and rejects.csv end at the last checkpoint (undefined: none yet). */
  readonly sizes: OutcomeSizes | undefined;
  readonly counts: OutcomeCounts | undefined;
  /** The next batch number to use. */
  readonly nextBatch: number;
  /** Whether the run already ended complete. */
  readonly complete: boolean;
}

/**
 * A run's append-only journal (JSON lines, mode 0600, fsync'd at batch boundaries): what the
 * run is, each batch as it is sent, and checkpoints of what is finished. `ccbulk resume` reads
 * it to skip finished rows and to settle batches whose outcome is unknown.
 */
export class Journal {
  private queued: Promise<unknown> = Promise.resolve();
  /** The first append that failed: every later one fails with it (see `append`). */
  private failure: unknown;

  private constructor(
    private readonly handle: FileHandle,
    private readonly file: string,
  ) {}

  /**
   * Starts a new journal in `outDir`. It appears with its first line already written: killed
   * before that, a run leaves no journal (and has sent nothing), never an empty one that
   * `ccbulk resume` could not read.
   */
  static async create(outDir: string, start: JournalStart): Promise<Journal> {
    const file = path.join(outDir, JOURNAL_FILE);
    const handle = await createReplacing(file, `${JSON.stringify(start)}\n`).catch((error: unknown) => Promise.reject(runFileError(file, error)));
    return new Journal(handle, file);
  }

  /**
   * Opens the journal of an interrupted run to go on appending to it. A last line cut short by
   * a crash is cut off first: appended after it, the next entry would share its line and make
   * it damage in the middle of the journal.
   */
  static async reopen(outDir: string): Promise<Journal> {
    const file = path.join(outDir, JOURNAL_FILE);
    const { tornAt, unended } = parseJournal(file, await readFile(file, 'utf8'));
    const handle = await openExisting(file, 'append');
    try {
      if (tornAt !== undefined) await handle.truncate(tornAt);
      if (unended) await writeFully(handle, Buffer.from('\n'));
    } catch (error) {
      await handle.close();
      throw runFileError(file, error);
    }
    return new Journal(handle, file);
  }

  /** Reads what a journal says. */
  static async read(outDir: string): Promise<JournalState> {
    const file = path.join(outDir, JOURNAL_FILE);
    let text: string;
    try {
      text = await readFile(file, 'utf8');
    } catch (error) {
      throw new CcbulkError('RESUME_INVALID', `${outDir} holds no ccbulk run journal (${JOURNAL_FILE}): give the out folder of an interrupted import`, { cause: error });
    }
    const { entries } = parseJournal(file, text);
    const start = entries[0];
    // Journals of older versions appeared empty and got their first line next; killed between
    // the two, the run had sent nothing.
    if (start === undefined) {
      throw new CcbulkError('RESUME_INVALID', `${file} holds no entry: the run stopped before it sent anything; run the import again`);
    }
    if (start.t !== 'start' || start.version !== 1) throw new CcbulkError('RESUME_INVALID', `${file} is not a ccbulk run journal`);
    const done = new Set<number>();
    const sent = new Map<number, Pick<SentEntry, 'k' | 'a'>>();
    let sizes: OutcomeSizes | undefined;
    let counts: OutcomeCounts | undefined;
    let complete = false;
    let nextBatch = 0;
    for (const entry of entries) {
      if (entry.t === 'sent') {
        sent.set(entry.b, entry);
        nextBatch = Math.max(nextBatch, entry.b + 1);
      } else if (entry.t === 'unsent') {
        sent.delete(entry.b);
      } else if (entry.t === 'ck') {
        for (const k of entry.k) done.add(k);
        for (const b of entry.ack) sent.delete(b);
        sizes = entry.sizes;
        counts = entry.counts;
      } else if (entry.t === 'end') complete = entry.complete;
    }
    const unsure = new Set<number>();
    const asked = new Map<number, string>();
    for (const { k: items, a } of sent.values()) {
      items.forEach((k, i) => {
        if (done.has(k)) return;
        unsure.add(k);
        const what = a?.[i];
        if (what !== undefined) asked.set(k, what);
      });
    }
    return { start, done, unsure, asked, sizes, counts, nextBatch, complete };
  }

  /**
   * Records a batch about to be sent (on disk before the request leaves), and, when given, what
   * each item asks (`asked`, in the order of `items`), so that a resume that finds an item done
   * already can say what was done.
   */
  sent(batch: number, items: readonly number[], asked?: readonly string[]): Promise<void> {
    return this.append(asked === undefined ? { t: 'sent', b: batch, k: items } : { t: 'sent', b: batch, k: items, a: asked });
  }

  /** Records that a batch recorded as sent was refused before any of it was applied. */
  unsent(batch: number): Promise<void> {
    return this.append({ t: 'unsent', b: batch });
  }

  /** Records a checkpoint. */
  checkpoint(items: readonly number[], acked: readonly number[], sizes: OutcomeSizes, counts: OutcomeCounts): Promise<void> {
    return this.append({ t: 'ck', k: items, ack: acked, sizes, counts });
  }

  /** Records how a batch of unknown outcome was settled. */
  decision(batch: number, found: number, resent: number, how: string): Promise<void> {
    return this.append({ t: 'decision', b: batch, found, resent, how });
  }

  /** Records the end of the run and closes the journal (closed also when the entry cannot be written). */
  async end(complete: boolean, reason?: string): Promise<void> {
    try {
      await this.append({ t: 'end', complete, ...(reason === undefined ? {} : { reason }), at: new Date().toISOString() });
    } finally {
      await this.queued;
      await this.handle.close();
    }
  }

  /**
   * Appends an entry, on disk when it resolves. After one append failed (a full disk) none is
   * written: the failed one may have left part of its line, which a resume cuts off as a torn
   * last line — but only while it is the last.
   */
  private append(entry: Entry): Promise<void> {
    const line = Buffer.from(`${JSON.stringify(entry)}\n`, 'utf8');
    const done = this.queued.then(async () => {
      if (this.failure !== undefined) throw this.failure;
      try {
        await writeFully(this.handle, line);
        await this.handle.sync();
      } catch (error) {
        throw (this.failure ??= runFileError(this.file, error));
      }
    });
    this.queued = done.catch(() => undefined);
    return done;
  }
}
