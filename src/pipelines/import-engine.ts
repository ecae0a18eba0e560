import PQueue from 'p-queue';
import type { SourceRow, SourceTable } from '../readers/source-row.js';
import { DuplicateIndex } from '../transforms/duplicates.js';
import type { RowPlan } from '../transforms/row-plan.js';
import type { OutcomeFiles } from '../writers/outcome-files.js';
import type { RowVerdict } from '../writers/row-verdict.js';

/** An item on its way to the API, with the row it came from. */
export interface Prepared<T> {
  readonly row: SourceRow;
  readonly item: T;
  /** The E.164 numbers the item sends, for results.csv. */
  readonly phones: readonly string[];
}

/** One import job's target: what a row becomes, how many items a batch holds, how it is sent. */
export interface ImportTarget<T> {
  /** Items per batch: the endpoint's limit. */
  readonly batchSize: number;
  /** What a row becomes: items to send, or refusals (never nothing). */
  prepare(row: SourceRow): RowPlan<T>;
  /** Sends a batch; one verdict per item, in order. Throws only what stops the run. */
  send(batch: readonly Prepared<T>[]): Promise<RowVerdict[]>;
}

/** Rows read and where their items went, as the run goes. */
export interface ImportProgress {
  readonly read: number;
  readonly sent: number;
  readonly succeeded: number;
  readonly rejected: number;
}

/** Settings of one run of the engine. */
export interface ImportEngineOptions<T> {
  readonly table: SourceTable;
  readonly target: ImportTarget<T>;
  readonly outcomes: OutcomeFiles;
  /** Batches in flight at once (the limiter paces them). */
  readonly concurrency: number;
  readonly onProgress?: (progress: ImportProgress) => void;
}

/** What the engine did: rows read, items they became, and what stopped it early, if anything. */
export interface ImportEngineResult {
  readonly rows: number;
  /** Items (contacts, or DNC numbers) accounted for: succeeded + rejected. */
  readonly items: number;
  readonly stoppedBy: unknown;
}

/**
 * The import's flow, the same for every target: read → prepare (the target's row plan: map,
 * normalise, validate, screen) → dedupe → batch → send (p-queue bounds the batches in flight,
 * and the reader waits while it is full, so memory stays flat whatever the file's size) →
 * record. Every item ends in exactly one of results and rejects, also when the run stops early:
 * items already read but not sent are rejected with the reason the run stopped.
 */
export async function runImportEngine<T>(options: ImportEngineOptions<T>): Promise<ImportEngineResult> {
  const { table, target, outcomes } = options;
  const queue = new PQueue({ concurrency: options.concurrency });
  const duplicates = new DuplicateIndex();
  let rows = 0;
  let items = 0;
  let sent = 0;
  let stoppedBy: unknown;
  const progress = () => options.onProgress?.({ read: rows, sent, succeeded: outcomes.counts.succeeded, rejected: outcomes.counts.rejected });

  const record = async (batch: readonly Prepared<T>[], verdicts: readonly RowVerdict[]) => {
    for (const [i, prepared] of batch.entries()) {
      const verdict = verdicts[i];
      if (verdict?.ok) await outcomes.succeeded(prepared.row, { status: verdict.status, id: verdict.id, phones: prepared.phones });
      else await outcomes.rejected(prepared.row, 'api', verdict?.reason ?? 'no answer for this row');
    }
    sent += batch.length;
    progress();
  };

  const notSent = (batch: readonly Prepared<T>[]) => record(batch, batch.map(() => ({ ok: false, reason: `not sent: ${messageOf(stoppedBy)}` })));

  const dispatch = async (batch: Prepared<T>[]) => {
    // Back-pressure: the reader waits while enough batches are queued to keep every slot busy.
    if (queue.size >= options.concurrency) await queue.onSizeLessThan(options.concurrency);
    void queue.add(async () => {
      if (stoppedBy !== undefined) return notSent(batch);
      let verdicts: RowVerdict[];
      try {
        verdicts = await target.send(batch);
      } catch (error) {
        stoppedBy ??= error;
        return notSent(batch);
      }
      await record(batch, verdicts);
    });
  };

  let batch: Prepared<T>[] = [];
  for await (const row of table.items) {
    rows++;
    if (row.kind === 'parse-reject') {
      items++;
      await outcomes.rejected(row, 'parse', row.reason);
      continue;
    }
    for (const planned of target.prepare(row)) {
      items++;
      if (!planned.ok) {
        await outcomes.rejected(row, planned.stage, planned.reason);
        continue;
      }
      const duplicate = duplicates.claim(row.origin, planned.keys);
      if (duplicate) {
        await outcomes.rejected(row, 'duplicate', duplicate.reason);
        continue;
      }
      batch.push({ row, item: planned.item, phones: planned.phones });
      if (batch.length >= target.batchSize) {
        await dispatch(batch);
        batch = [];
      }
    }
    if (rows % 1000 === 0) progress();
    // Stop reading once the run cannot go on; what was read is still accounted for.
    if (stoppedBy !== undefined) break;
  }
  if (batch.length > 0) await dispatch(batch);
  await queue.onIdle();
  progress();
  return { rows, items, stoppedBy };
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
