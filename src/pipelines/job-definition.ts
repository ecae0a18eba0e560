import type { z } from 'zod';
import type { ColumnPlan } from '../transforms/column-mapping.js';
import type { SyncKey } from '../transforms/sync-match.js';
import type { ImportSummary } from '../writers/summary-file.js';
import type { ContactCenterClient } from '../zoom/client.js';
import type { OperationId } from '../zoom/generated/operations.js';
import type { ImportJobOptions, TargetKind } from './import-job.js';
import type { JobWriteOperation } from './write-operation.js';
import type { SyncFields } from '../transforms/contact-digest.js';
import type { FieldUpdate } from '../transforms/sync-diff.js';
import type { RowVerdict } from '../senders/row-verdict.js';

/** A book or list a job can write to, as the pickers show it. */
export interface JobTarget {
  readonly id: string;
  readonly name: string;
  readonly size?: number | undefined;
}

/**
 * One import job, defined once in its target's module: its modes, its own options, what writes
 * in each mode, how it runs and where its targets come from. The registry (`jobs.ts`) holds one
 * per job, and every door — the command line, the page, the library, resume — goes through it.
 */
export interface JobDefinition<Name extends string, Mode extends string, Shape extends z.ZodRawShape> {
  readonly name: Name;
  /** What the job can do to each row, the default first (the order `--help` lists them). */
  readonly modes: readonly [Mode, ...Mode[]];
  /** The job's own options beyond the shared ones (`commonJobOptions`), each with its default. */
  readonly options: z.ZodObject<Shape>;
  /** The option that names the target, by id or name; null for a job whose target is the account itself (the roster). */
  readonly targetOption: 'book' | 'list' | null;
  /** What the target is, for its lock and messages. */
  readonly targetKind: TargetKind;
  /**
   * Options that mean something in some modes only, and those modes: given in another mode they
   * would be ignored without a word, so they are refused (see `refuseOptionsOfOtherModes`).
   */
  readonly modeOptions: Readonly<Record<string, readonly Mode[]>>;
  /**
   * What the job deletes, and in which modes: the page asks a person to confirm the count its
   * check gave before such a run (a sync with `deleteMissing` deletes too, in every job).
   */
  readonly deletes: { readonly modes: readonly Mode[]; readonly items: 'contacts' | 'numbers' | 'users' };
  /** The operation that writes in each mode: batch sizes and, for the progress line, its rate label. */
  readonly writes: Readonly<Record<Mode, JobWriteOperation>>;
  /**
   * Every operation the job may call, for the scope check before a run's first request: `reads`
   * in every mode (resolving the target, looking contacts up, custom fields, recovery), `modes`
   * each mode's writes, and `options` the calls an option adds when it is given (a non-empty list
   * or `true`). Covering every path of a mode, a run is never refused half-way for a scope.
   */
  readonly calls: {
    readonly reads: readonly OperationId[];
    readonly modes: Readonly<Record<Mode, readonly OperationId[]>>;
    readonly options?: Readonly<Record<string, readonly OperationId[]>>;
  };
  /** Runs the job in its mode: an import, or a sync. */
  run(client: ContactCenterClient, options: ImportJobOptions & { readonly country: string } & z.infer<z.ZodObject<Shape>>): Promise<ImportSummary>;
  /**
   * What `--mode sync` matches a file's rows to the target's contacts by, for a file with `plan`
   * and the `--key` given (if any): the one answer the sync itself uses, so a door can say it
   * before the run.
   */
  syncKey(plan: ColumnPlan, key: SyncKey | undefined): SyncKey;
  /** The names of the account's custom fields a file's `custom:<name>` columns can feed (none for a job without them). */
  customFields(client: ContactCenterClient): Promise<string[]>;
  /** The account's books or lists the job can write to. */
  targets(client: ContactCenterClient): Promise<JobTarget[]>;
  /**
   * How `ccbulk undo` reads and writes the job's target (see {@link JobUndo}); the job's import
   * targets record what it needs before each write (`ImportTarget.imagesOf`, or the images a
   * target that reads first hands to `writing`). A job without it cannot be undone: `ccbulk undo`
   * refuses its runs, naming the job.
   */
  readonly undo?: JobUndo | undefined;
}

/** One item of a target as the undo reads it: its id and its fields as listed. */
export interface ListedItem {
  readonly id: string;
  readonly fields: SyncFields;
}

/**
 * What `ccbulk undo` needs of a job's target, beside the run's before-images: one listing, and
 * the three writes that take a run back. The undo itself (`undo-run.ts`) is the same for every
 * job; a new target plugs in here.
 */
export interface JobUndo {
  /** Every item of the target (a contact, a DNC number by its phone id): the undo's one read before it plans. */
  list(client: ContactCenterClient, targetId: string): AsyncIterable<ListedItem>;
  /** Fields as the listing shows them: what a check can compare (a book's listing shows no custom values, a list's no time zone). */
  shown(fields: SyncFields): SyncFields;
  /**
   * Where an item now and what the run left (or found before it) differ, by field, limited to
   * `only` when given: what the checks compare. Default `differingFields` (every field); the
   * roster's leaves out a setting the run did not know (the role Zoom gave a user created without one).
   */
  differ?(now: SyncFields, run: SyncFields, only?: ReadonlySet<string>): string[];
  /**
   * An item is written in several requests (a roster agent: its user, then each assignment), so a
   * run or an undo stopped half-way may have done part of one: each field is then looked at alone
   * — one as before the run needs nothing, one as the run left it is put back, and only one at
   * neither was changed since. Default false: an item is written whole, and looked at whole.
   */
  readonly partial?: boolean | undefined;
  /** Deletes items by id, up to `batch.remove` at once; a verdict each, in order. */
  remove(client: ContactCenterClient, targetId: string, ids: readonly string[]): Promise<RowVerdict[]>;
  /** Puts fields back: each contact's `update` (the fields to restore), `before` its fields before the run. */
  restore(client: ContactCenterClient, targetId: string, items: readonly { readonly id: string; readonly update: FieldUpdate; readonly before: SyncFields }[]): Promise<RowVerdict[]>;
  /** Creates items again from their fields; a verdict's id is the new id when the answer gives it. */
  recreate(client: ContactCenterClient, targetId: string, items: readonly SyncFields[]): Promise<RowVerdict[]>;
  /** The most items a request of each write takes. */
  readonly batch: { readonly remove: number; readonly restore: number; readonly recreate: number };
  /** Every operation the undo may call, for the scope check before its first request. */
  readonly calls: readonly OperationId[];
}

/** A job's definition, its types checked where it is written. */
export function defineJob<Name extends string, Mode extends string, Shape extends z.ZodRawShape>(
  definition: JobDefinition<Name, Mode, Shape>,
): JobDefinition<Name, Mode, Shape> {
  return definition;
}
