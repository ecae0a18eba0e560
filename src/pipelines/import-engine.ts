import PQueue from 'p-queue';
import { reason, type Reason } from '../reason.js';
import { chunksOf, type SourceItem, type SourceRow, type SourceTable } from '../readers/source-row.js';
import { DuplicateIndex, type DuplicateKeys } from '../transforms/duplicates.js';
import type { RowPlan } from '../transforms/row-plan.js';
import type { Journal, JournalState } from '../writers/journal.js';
import type { BeforeImages } from '../writers/before-images.js';
import type { BeforeImage } from '../transforms/before-image.js';
import type { OriginalRow, OutcomeCounts, OutcomeSizes, RejectStage, RowSuccess } from '../writers/outcome-files.js';
import { refusedUnapplied } from '../senders/recovery.js';
import type { RowVerdict } from '../senders/row-verdict.js';
import { CcbulkError } from '../errors.js';
import { allowedBy, thresholdText, topReasons, type Threshold } from '../transforms/threshold.js';

/** Rows read before a `--max-rejects` share is judged: the first rows of a file say little. */
const REJECT_SHARE_AFTER = 1000;

/** An item on its way to the API, with the row it came from. */
export interface Prepared<T> {
  readonly row: SourceRow;
  readonly item: T;
  /** The E.164 numbers the item sends, for results.csv. */
  readonly phones: readonly string[];
  /** The item's number in the run, as the journal records it (set on every item the engine hands a target). */
  readonly seq?: number;
}

/** How a batch of unknown outcome was settled. */
/** An item's outcome settled without a request: its status, id and (for a job with its own result columns) their cells. */
export interface Settled {
  readonly status: string;
  readonly id?: string;
  readonly extra?: readonly string[] | undefined;
}

export interface Recovery {
  readonly verdicts: RowVerdict[];
  /** Items found already applied. */
  readonly found: number;
  /** Items sent again. */
  readonly resent: number;
  /** How, in words, for the journal. */
  readonly how: string;
}

/** One import job's target: what a row becomes, how many items a batch holds, how it is sent. */
export interface ImportTarget<T> {
  /** Items per batch: the endpoint's limit. */
  readonly batchSize: number;
  /** What a row becomes: items to send, or refusals (never nothing). */
  prepare(row: SourceRow): RowPlan<T>;
  /**
   * Work for rows about to be prepared that can run off the main thread (phone numbers on
   * worker threads). The engine reads ahead in chunks and calls it for each, so that it runs
   * while earlier rows are prepared; `prepare` must give the same plans without it.
   */
  prefetch?(rows: readonly SourceItem[]): Promise<void>;
  /**
   * Batches in flight the target needs beyond the run's concurrency: a target that sends some
   * batches more slowly on a lane of their own (single creates) keeps the others' slots free.
   * Default 0.
   */
  readonly extraInFlight?: number;
  /**
   * Why an item must not be sent because the target already holds it (a contact with one of its
   * numbers or e-mails), if it must not: the row is refused at stage `duplicate`. Asked only of
   * items about to be sent for the first time — not of a resumed run's batches of unknown
   * outcome, whose contacts the interrupted run may have created itself (`recover` settles those).
   */
  already?(item: T, keys: DuplicateKeys): Reason | undefined;
  /**
   * The outcome of an item that needs no request at all (a sync's unchanged contact), if it
   * needs none: it is recorded at once and never takes a place in a batch, so the batches that
   * are sent hold only real writes (a sync's sparse updates share requests, 50 to one). Given
   * the item with its row, so that a sync's plan, which settles every item here, can say where
   * each came from.
   */
  noRequest?(prepared: Prepared<T>): Settled | undefined;
  /**
   * What the journal records of an item it sends (a sync's `create` or `update`), for
   * `doneBefore`.
   */
  asked?(item: T): string;
  /**
   * The outcome of an item an interrupted run sent without learning what happened, which now
   * needs no request (`noRequest` settled it: a sync finds its contact as the row wants it),
   * given what the interrupted run asked (`asked`): it did that. Default: `noRequest`'s outcome.
   */
  doneBefore?(asked: string, settled: Settled): Settled;
  /**
   * Sends a batch; one verdict per item, in order. Throws only what stops the run. A target
   * that reads before it writes (`readsFirst`) calls `writing` before its one write request,
   * with the places in the batch of the items it writes (all when not given), and their
   * before-images in the same order.
   */
  send(batch: readonly Prepared<T>[], writing: (items?: readonly number[], images?: readonly (BeforeImage | undefined)[]) => Promise<void>): Promise<RowVerdict[]>;
  /**
   * What the run must record to undo each item of a batch it is about to write (see
   * {@link BeforeImage}), in order: written and fsync'd before the write is sent. A target that
   * reads first (`readsFirst`) gives them to `writing` instead, from what it read.
   */
  imagesOf?(batch: readonly Prepared<T>[]): Promise<readonly (BeforeImage | undefined)[]>;
  /**
   * `send` looks things up before it writes, and calls its `writing` first: the journal records
   * the batch as sent only then, and only the items written, so an item that was only looked
   * up (not found, or the batch failed or was killed while reading) is as never sent, and a
   * resume sends it afresh instead of taking "not found now" for "done by the interrupted run".
   * Default false: the whole batch is recorded as sent before `send` is called.
   */
  readonly readsFirst?: boolean;
  /**
   * Sends again a batch that an interrupted run sent without learning what happened: checks
   * first, where repeating could do a thing twice. Without it the batch is simply sent again
   * (updates and deletes are safe to repeat).
   */
  recover?(batch: readonly Prepared<T>[]): Promise<Recovery>;
}

/** Rows read and where their items went, as the run goes. */
export interface ImportProgress {
  readonly read: number;
  readonly sent: number;
  readonly succeeded: number;
  readonly rejected: number;
  /** Rows the file holds, when they are known (a sync's plan has counted them): `read` goes up to it. */
  readonly total?: number | undefined;
}

/**
 * Where the engine records each item's outcome: results.csv and rejects.csv (`OutcomeFiles`), or
 * only counts (a sync's plan, which sends nothing).
 */
export interface OutcomeSink {
  /** Counts of the outcomes recorded so far. */
  readonly counts: OutcomeCounts;
  succeeded(row: OriginalRow, outcome: RowSuccess): void;
  rejected(row: OriginalRow, stage: RejectStage, reasons: readonly Reason[]): void;
  /** Whether records are handed over faster than they are written: wait for `drain`. */
  readonly backlogged: boolean;
  drain(): Promise<void>;
  /** Puts every record so far on disk (at a journal checkpoint); the sizes cover exactly them. */
  flush(): Promise<OutcomeSizes>;
}

/** Settings of one run of the engine. */
export interface ImportEngineOptions<T> {
  readonly table: SourceTable;
  /** About how many rows the file holds, when known: what the duplicate tables are made for. */
  readonly expectedRows?: number | undefined;
  readonly target: ImportTarget<T>;
  readonly outcomes: OutcomeSink;
  /** The run's journal; none for a dry run, which has nothing to resume. */
  readonly journal?: Journal | undefined;
  /** Batches in flight at once (the limiter paces them). */
  readonly concurrency: number;
  /** When aborted: stop reading, let batches in flight finish, leave the rest for a resume. */
  readonly stop?: AbortSignal | undefined;
  /** The journal of the run this one resumes. */
  readonly resume?: JournalState | undefined;
  /** Where the run records what it needs to undo itself, before each write; none for a dry run or a sync's plan. */
  readonly images?: BeforeImages | undefined;
  readonly onProgress?: (progress: ImportProgress) => void;
  /** `--max-rejects`: stop, resumably, once more rows than this are rejected (a share: once 1,000 rows are read). */
  readonly maxRejects?: Threshold | undefined;
}

/** What the engine did. */
export interface ImportEngineResult {
  readonly rows: number;
  /** Items (contacts, or DNC numbers) the rows became. */
  readonly items: number;
  /**
   * The outcomes recorded for good: in a run with a journal, those its last checkpoint covers
   * (rows whose outcome could not be written, on a full disk, are not among them).
   */
  readonly counts: OutcomeCounts;
  /** Items with no outcome yet: the run stopped before them, or their outcome never reached the disk (resume finishes them). */
  readonly pending: number;
  /** The error that stopped the run, if one did. */
  readonly stoppedBy: unknown;
  /** Whether the run was asked to stop (SIGINT/SIGTERM). */
  readonly interrupted: boolean;
}

/** Items finished without a batch (local rejects) before a checkpoint is forced. */
const CHECKPOINT_EVERY = 1000;

/**
 * Rows handled at a time (read, prefetched, prepared), and chunks read ahead for a target's
 * `prefetch`: rows in flight are what a small young generation promotes, so fewer is less
 * memory (512 against 1,024, with 128 KiB CSV reads: 7 MB less at the peak of a dry run of
 * 300,000 rows, in the same time).
 */
const CHUNK_ROWS = 512;
const PREFETCH_AHEAD = 3;

/**
 * The table's chunks, each through `prefetch` while the chunks before it are used: the reader
 * stays at most {@link PREFETCH_AHEAD} chunks ahead. Reading stays in file order and one read
 * at a time; an error reading or prefetching surfaces where its chunk is reached.
 */
async function* readAhead(
  chunks: AsyncIterable<readonly SourceItem[]>,
  prefetch: (rows: readonly SourceItem[]) => Promise<void>,
): AsyncGenerator<readonly SourceItem[]> {
  const source = chunks[Symbol.asyncIterator]();
  let exhausted = false;
  let reading: Promise<unknown> = Promise.resolve();
  const ahead: Promise<readonly SourceItem[] | undefined>[] = [];
  const readChunk = (): void => {
    const read = reading.then(async () => {
      if (exhausted) return undefined;
      const next = await source.next();
      if (next.done === true) {
        exhausted = true;
        return undefined;
      }
      return next.value;
    });
    reading = read.catch(() => undefined);
    const ready = read.then(async (rows) => {
      if (rows !== undefined) await prefetch(rows);
      return rows;
    });
    // Awaited in turn below; marked handled now so a failure ahead is not reported as unhandled.
    ready.catch(() => undefined);
    ahead.push(ready);
  };
  try {
    for (let i = 0; i < PREFETCH_AHEAD; i++) readChunk();
    for (;;) {
      const rows = await ahead.shift()!;
      if (rows === undefined) return;
      readChunk();
      yield rows;
    }
  } finally {
    // Stopped early: let the read in progress end, then close the source (the file).
    await reading;
    await source.return?.();
  }
}

interface Queued<T> extends Prepared<T> {
  readonly seq: number;
}

/**
 * The import's flow, the same for every target: read → prepare (the target's row plan: map,
 * normalise, validate, screen) → dedupe → batch → send (p-queue bounds the batches in flight,
 * and the reader waits while it is full, so memory stays flat whatever the file's size) →
 * record. Items are numbered in file order; the journal records each batch before it is sent
 * and a checkpoint after its outcomes are on disk, so an interrupted run resumes exactly: a
 * finished item is skipped, an item of a batch sent but never acknowledged is settled by the
 * target's `recover`, the rest is sent.
 */
export async function runImportEngine<T>(options: ImportEngineOptions<T>): Promise<ImportEngineResult> {
  const { table, target, outcomes, journal, resume } = options;
  const concurrency = options.concurrency + (target.extraInFlight ?? 0);
  const queue = new PQueue({ concurrency });
  const duplicates = new DuplicateIndex(options.expectedRows);
  const done = resume?.done ?? new Set<number>();
  const unsure = resume?.unsure ?? new Set<number>();
  let rows = 0;
  let items = 0;
  let sent = 0;
  let batchNo = resume?.nextBatch ?? 0;
  let stoppedBy: unknown;
  // The first error to stop the run is the one it reports; a later one (the batches in flight,
  // failing as the run stops) says nothing new.
  const stopBy = (error: unknown) => {
    stoppedBy ??= error;
  };
  const stopping = () => stoppedBy !== undefined || options.stop?.aborted === true;
  const progress = () => options.onProgress?.({ read: rows, sent, succeeded: outcomes.counts.succeeded, rejected: outcomes.counts.rejected });

  // Items finished, and batches acknowledged, since the last checkpoint.
  const finished: number[] = [];
  const acked: number[] = [];
  // The counts the journal's last checkpoint holds: what results.csv and rejects.csv hold on disk.
  let durable: OutcomeCounts = structuredClone(outcomes.counts);
  // Set once the run's own files could not be written: no checkpoint is taken after it.
  let writeFailed = false;
  let checkpoints: Promise<void> = Promise.resolve();
  const checkpoint = (): Promise<void> => {
    // Taken together, synchronously: the sizes cover exactly these items' rows.
    const items = finished.splice(0);
    const batches = acked.splice(0);
    // Without a journal nothing needs to be on disk at a batch boundary: the files write as they
    // fill. (An fsync per batch held a dry run, which has no rate limit, to ~6,000 rows/s.)
    if (journal === undefined || writeFailed) return checkpoints;
    const counts = structuredClone(outcomes.counts);
    const sizes = outcomes.flush();
    // Awaited in turn below; marked handled now, as a failure is read there.
    sizes.catch(() => undefined);
    checkpoints = checkpoints.then(async () => {
      if (writeFailed) return;
      try {
        await journal.checkpoint(items, batches, await sizes, counts);
        durable = counts;
      } catch (error) {
        // The files or the journal could not be written (a full disk): the run stops, and what the
        // last checkpoint covers is all that counts as done. The items since are pending, and the
        // batches since, not acknowledged, are settled by the resume as of unknown outcome.
        writeFailed = true;
        stopBy(error);
      }
    });
    return checkpoints;
  };

  const limit = options.maxRejects;
  // Passing `--max-rejects` stops the run at once; its message is written when the run has
  // stopped, from the counts the summary reports (the rest of a row's numbers, and the batches
  // in flight, are still recorded after the one that passed it).
  const overLimit = Symbol('over --max-rejects');
  const checkRejects = () => {
    if (limit === undefined || stoppedBy !== undefined || ('percent' in limit && rows < REJECT_SHARE_AFTER)) return;
    if (outcomes.counts.rejected <= allowedBy(limit, rows)) return;
    stoppedBy = overLimit;
  };

  const reject = async (row: OriginalRow, seq: number, stage: RejectStage, reasons: readonly Reason[]) => {
    outcomes.rejected(row, stage, reasons);
    finished.push(seq);
    checkRejects();
    if (finished.length >= CHECKPOINT_EVERY) await checkpoint();
    if (outcomes.backlogged) await outcomes.drain();
  };

  // A batch's entry in the journal: its items, and what each asks when the target says.
  const journalled = (sent: readonly Queued<T>[]): [number[], string[] | undefined] => [sent.map((q) => q.seq), target.asked ? sent.map((q) => target.asked!(q.item)) : undefined];

  const dispatch = async (batch: Queued<T>[], recovering: boolean) => {
    const b = batchNo++;
    // Back-pressure: the reader waits while enough batches are queued to keep every slot busy.
    if (queue.size >= concurrency) await queue.onSizeLessThan(concurrency);
    void queue.add(async () => {
      // A batch not yet begun when the run stops stays unsent: the resume sends it.
      if (stopping()) return;
      // On disk before the first write request leaves; once only.
      let recorded: Promise<void> | undefined;
      const writing = (items?: readonly number[], images?: readonly (BeforeImage | undefined)[]) =>
        (recorded ??= (async () => {
          const written = items === undefined ? batch : items.map((i) => batch[i]!);
          // The before-images reach the disk before the journal says the batch was sent: a batch
          // the journal calls sent is one the undo knows how to take back. A recovered batch's
          // were written by the run that first sent it, when its items were as they had been.
          if (options.images !== undefined && !recovering) {
            const taken = images ?? (target.imagesOf ? await target.imagesOf(written) : []);
            await options.images.record(written.flatMap((q, i) => (taken[i] === undefined ? [] : [{ k: q.seq, image: taken[i]! }])));
          }
          if (journal !== undefined) await journal.sent(b, ...journalled(written));
        })());
      if (recovering || target.readsFirst !== true) {
        try {
          await writing();
        } catch (error) {
          // Not on disk, so not sent: the resume sends it as it sends any batch never begun.
          stopBy(error);
          return;
        }
      }
      let verdicts: RowVerdict[];
      try {
        if (recovering && target.recover) {
          const recovery = await target.recover(batch);
          await journal?.decision(b, recovery.found, recovery.resent, recovery.how);
          verdicts = recovery.verdicts;
        } else {
          verdicts = await target.send(batch, writing);
        }
      } catch (error) {
        stopBy(error);
        // Refused whole before anything was applied (a 429 for a spent daily quota, a connection
        // refused): the resume sends it like any unsent batch, not checking it first. A batch
        // that failed before it wrote was never recorded as sent.
        if (!recovering && recorded !== undefined && refusedUnapplied(error)) await journal?.unsent(b).catch(stopBy);
        // Otherwise sent and not acknowledged: the resume settles it as a batch of unknown outcome.
        return;
      }
      for (let i = 0; i < batch.length; i++) {
        const q = batch[i]!;
        const verdict = verdicts[i];
        options.images?.answered(q.seq, verdict?.ok === true || verdict?.partly !== undefined, verdict?.ok === true ? verdict.id : verdict?.partly?.id);
        if (verdict?.ok) outcomes.succeeded(q.row, { status: verdict.status, id: verdict.id, phones: q.phones, extra: verdict.extra });
        else outcomes.rejected(q.row, verdict?.stage ?? 'api', verdict?.reasons ?? [reason('no answer for this row')]);
        finished.push(q.seq);
      }
      acked.push(b);
      sent += batch.length;
      checkRejects();
      await checkpoint();
      if (outcomes.backlogged) await outcomes.drain();
      progress();
    }).catch(stopBy);
  };

  let batch: Queued<T>[] = [];
  let recovery: Queued<T>[] = [];
  const chunks = chunksOf(table, CHUNK_ROWS);
  const chunksIn = target.prefetch ? readAhead(chunks, (rows) => target.prefetch!(rows)) : chunks;
  // A chunk at a time: one await a chunk rather than a few a row.
  reading: for await (const chunk of chunksIn) {
    for (const row of chunk) {
      if (stopping()) break reading;
      rows++;
      if (row.kind === 'parse-reject') {
        const seq = items++;
        if (!done.has(seq)) await reject(row, seq, 'parse', [row.reason]);
        continue;
      }
      for (const planned of target.prepare(row)) {
        const seq = items++;
        if (!planned.ok) {
          // Claimed on every run, as an item's keys are below.
          if (planned.claims) duplicates.claim(row.origin, planned.claims);
          if (done.has(seq)) continue;
          if (unsure.has(seq) && planned.ifSentBefore !== undefined) {
            outcomes.succeeded(row, { status: planned.ifSentBefore.status, phones: planned.phones ?? [] });
            finished.push(seq);
            continue;
          }
          await reject(row, seq, planned.stage, planned.reasons);
          continue;
        }
        // Claimed on every run, finished or not, so a resume finds the same duplicates.
        const duplicate = duplicates.claim(row.origin, planned.keys);
        if (done.has(seq)) continue;
        if (duplicate) {
          await reject(row, seq, 'duplicate', [{ kind: 'duplicate of an earlier row', text: duplicate.reason }]);
          continue;
        }
        const held = unsure.has(seq) ? undefined : target.already?.(planned.item, planned.keys);
        if (held !== undefined) {
          await reject(row, seq, 'duplicate', [held]);
          continue;
        }
        const queued = { row, item: planned.item, phones: planned.phones, seq };
        let settled = target.noRequest?.(queued);
        if (settled !== undefined) {
          const asked = resume?.asked.get(seq);
          if (asked !== undefined && target.doneBefore) settled = target.doneBefore(asked, settled);
          outcomes.succeeded(row, { ...settled, phones: planned.phones });
          finished.push(seq);
          if (finished.length >= CHECKPOINT_EVERY) await checkpoint();
          if (outcomes.backlogged) await outcomes.drain();
          continue;
        }
        if (unsure.has(seq)) {
          recovery.push(queued);
          if (recovery.length >= target.batchSize) {
            await dispatch(recovery, true);
            recovery = [];
          }
        } else {
          batch.push(queued);
          if (batch.length >= target.batchSize) {
            await dispatch(batch, false);
            batch = [];
          }
        }
      }
      if (rows % 1000 === 0) progress();
    }
  }
  if (!stopping()) {
    if (recovery.length > 0) await dispatch(recovery, true);
    if (batch.length > 0) await dispatch(batch, false);
  }
  await queue.onIdle();
  await checkpoint();
  progress();
  // A run with a journal counts as done only what its last checkpoint put on disk; one without
  // (a dry run) what it handed to its files.
  const counts = journal === undefined ? outcomes.counts : durable;
  const accounted = counts.succeeded + counts.rejected;
  if (stoppedBy === overLimit && limit !== undefined) {
    // Items other than rows are a DNC import's numbers, each reported on its own.
    const read = items === rows ? `${rows} rows read` : `${items} numbers read (in ${rows} rows)`;
    stoppedBy = new CcbulkError(
      'STOPPED',
      `${counts.rejected} of ${read} were rejected, more than \`--max-rejects ${thresholdText(limit)}\` allows (${allowedBy(limit, rows)}): ${topReasons(counts.rejectedByReason)}`,
      { field: '--max-rejects' },
    );
  }
  return { rows, items, counts, pending: Math.max(0, items - accounted), stoppedBy, interrupted: options.stop?.aborted === true };
}
