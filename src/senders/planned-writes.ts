import type { RowVerdict } from './row-verdict.js';

/**
 * What a dry run answers in place of a write: every item `would …`, and a count of the write
 * requests the real run would send. Look-ups still run; only writes are planned.
 */
export class PlannedWrites {
  /** Write requests a real run would have sent. */
  requests = 0;

  /** The verdicts of one planned request of `size` items (with their ids, where known). */
  answer(size: number, status: string, ids: readonly (string | undefined)[] = []): RowVerdict[] {
    this.requests++;
    return Array.from({ length: size }, (_, i) => ({ ok: true, status, id: ids[i] }));
  }
}
