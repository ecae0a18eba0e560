import PQueue from 'p-queue';
import type { SourceRow, SourceTable } from '../readers/source-row.js';
import type { ColumnPlan } from '../transforms/column-mapping.js';
import { toContactDraft, type ContactDraft } from '../transforms/contact-draft.js';
import { DuplicateIndex } from '../transforms/duplicates.js';
import type { PhoneNormaliser } from '../transforms/phone.js';
import type { OutcomeFiles } from '../writers/outcome-files.js';
import type { RowVerdict } from '../writers/row-verdict.js';

/** A row shaped for the API, with what results.csv reports of it. */
export interface Prepared<T> {
  readonly row: SourceRow;
  readonly item: T;
  /** The E.164 numbers the row sends. */
  readonly phones: readonly string[];
}

/** What a row's draft becomes for one target: the API's item, or every reason it cannot be. */
export type Preparation<T> = { readonly ok: true; readonly item: T } | { readonly ok: false; readonly reasons: readonly string[] };

/** One import job's target: how a row is shaped, how many go in a batch, how a batch is sent. */
export interface ImportTarget<T> {
  /** Rows per batch: the endpoint's limit. */
  readonly batchSize: number;
  /** Shapes a draft for the API, checking the target's own rules. */
  prepare(draft: ContactDraft): Preparation<T>;
  /** Sends a batch; one verdict per row, in order. Throws only what stops the run. */
  send(batch: readonly Prepared<T>[]): Promise<RowVerdict[]>;
}

/** Rows read and where they went, as the run goes. */
export interface ImportProgress {
  readonly read: number;
  readonly sent: number;
  readonly succeeded: number;
  readonly rejected: number;
}

/** Settings of one run of the engine. */
export interface ImportEngineOptions<T> {
  readonly table: SourceTable;
  readonly plan: ColumnPlan;
  readonly phones: PhoneNormaliser;
  readonly target: ImportTarget<T>;
  readonly outcomes: OutcomeFiles;
  /** Batches in flight at once (the limiter paces them). */
  readonly concurrency: number;
  readonly onProgress?: (progress: ImportProgress) => void;
}

/** What the engine did: rows read, and the error that stopped it early, if one did. */
export interface ImportEngineResult {
  readonly rows: number;
  readonly stoppedBy: unknown;
}

/**
 * The import's flow, the same for every target: read → draft (map, normalise) → prepare
 * (target rules) → dedupe → batch → send (p-queue bounds the batches in flight, and the reader
 * waits while it is full, so memory stays flat whatever the file's size) → record. Every row read
 * ends in exactly one of results and rejects, also when the run stops early: rows already read
 * but not sent are rejected with the reason the run stopped.
 */
export async function runImportEngine<T>(options: ImportEngineOptions<T>): Promise<ImportEngineResult> {
  const { table, plan, phones, target, outcomes } = options;
  const queue = new PQueue({ concurrency: options.concurrency });
  const duplicates = new DuplicateIndex();
  let rows = 0;
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
  for await (const item of table.items) {
    rows++;
    if (item.kind === 'parse-reject') {
      await outcomes.rejected(item, 'parse', item.reason);
      continue;
    }
    const drafted = toContactDraft(item, plan, phones);
    if (!drafted.ok) {
      await outcomes.rejected(item, 'validate', drafted.reasons.join('; '));
      continue;
    }
    const prepared = target.prepare(drafted.draft);
    if (!prepared.ok) {
      await outcomes.rejected(item, 'validate', prepared.reasons.join('; '));
      continue;
    }
    const duplicate = duplicates.claim(item.origin, drafted.draft);
    if (duplicate) {
      await outcomes.rejected(item, 'duplicate', duplicate.reason);
      continue;
    }
    batch.push({ row: item, item: prepared.item, phones: drafted.draft.phones.map((p) => p.number) });
    if (batch.length >= target.batchSize) {
      await dispatch(batch);
      batch = [];
    }
    if (rows % 1000 === 0) progress();
    // Stop reading once the run cannot go on; what was read is still accounted for.
    if (stoppedBy !== undefined) break;
  }
  if (batch.length > 0) await dispatch(batch);
  await queue.onIdle();
  progress();
  return { rows, stoppedBy };
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
