import { operationTable, type OperationId } from '../zoom/generated/operations.js';

/** An operation of the spec that takes a batch (the spec states its `maxBatch`). */
export type BatchOperationId = {
  [K in OperationId]: (typeof operationTable)[K] extends { readonly maxBatch: number } ? K : never;
}[OperationId];

/** The operation that does a job's writing, and what the spec says about it. */
export interface JobWriteOperation {
  readonly id: BatchOperationId;
  /** The most items one request takes: the size of the job's batches. */
  readonly batchSize: number;
  /** The rate-limit label the plan paces it by, for the progress line's ETA. */
  readonly rateLabel: (typeof operationTable)[BatchOperationId]['label'];
}

/** A batch operation with its batch size and rate label, from the spec's operation table. */
export function writeOperation(id: BatchOperationId): JobWriteOperation {
  const operation = operationTable[id];
  return { id, batchSize: operation.maxBatch, rateLabel: operation.label };
}
