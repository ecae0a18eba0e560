import { operationTable, type OperationId } from '../zoom/generated/operations.js';

/**
 * The modes of each import job, in the order `--help` lists them (the first is the default).
 * The CLI's `--mode` choices, the pipelines' mode types and the write-operation table below
 * all come from this one list.
 */
export const JOB_MODES = {
  'address-book': ['create', 'update', 'upsert', 'delete', 'sync'],
  'campaign-contacts': ['insert', 'update', 'sync'],
  dnc: ['add', 'remove', 'sync'],
} as const;

/** The import jobs. */
export type ImportJobName = keyof typeof JOB_MODES;

/** What a job can do to each row. */
export type JobMode<J extends ImportJobName> = (typeof JOB_MODES)[J][number];

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

/**
 * Which API operation writes for each job and mode: the one place that says it. The pipelines
 * size their batches by it, and the CLI estimates a run's time by it (import, resume, demo).
 */
const WRITE_OPERATIONS: { readonly [J in ImportJobName]: Readonly<Record<JobMode<J>, BatchOperationId>> } = {
  'address-book': {
    create: 'batchCreateContact',
    update: 'batchUpdateContact',
    // A batch may turn wholly into creates, so it is sized and paced for the create endpoint.
    upsert: 'batchCreateContact',
    delete: 'batchDeletecontact',
    // A sync sends creates, updates and deletes as the file needs; estimates take the slowest, create.
    sync: 'batchCreateContact',
  },
  'campaign-contacts': {
    insert: 'Insertabatchofcontactstoacampaigncontactlist',
    update: 'Updateabatchofcontactsonacampaigncontactlist',
    sync: 'Insertabatchofcontactstoacampaigncontactlist',
  },
  dnc: {
    add: 'batchCreateCampaignDncListPhones',
    remove: 'batchDeleteCampaignDncListPhone',
    sync: 'batchCreateCampaignDncListPhones',
  },
};

/** The operation that writes for `job` in `mode`, with its batch size and rate label from the spec. */
export function writeOperationOf<J extends ImportJobName>(job: J, mode: JobMode<J>): JobWriteOperation {
  const id = WRITE_OPERATIONS[job][mode];
  const operation = operationTable[id];
  return { id, batchSize: operation.maxBatch, rateLabel: operation.label };
}
