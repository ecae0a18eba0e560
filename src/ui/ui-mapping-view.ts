import { customFieldsOf, syncKeyOf } from '../pipelines/jobs.js';
import { openTable } from '../readers/open-table.js';
import { CANONICAL_FIELDS, CUSTOM_PREFIX } from '../transforms/canonical-fields.js';
import { columnContent, type ColumnContent } from '../transforms/column-hints.js';
import { mappingProblems, planColumns, VALID_FIELDS_TEXT, type ColumnPlan, type MappingProblem } from '../transforms/column-mapping.js';
import { SYNC_KEY_FIELDS, SYNC_KEY_TEXT, SYNC_KEYS, type SyncKey } from '../transforms/sync-match.js';
import type { ContactCenterClient } from '../zoom/client.js';
import type { UiSessionState } from './ui-state.js';

/** Whole rows the mapping step shows of the file. */
const PREVIEW_ROWS = 5;
/** Values shown beside each column (the first non-empty ones of the first rows). */
const SAMPLES = 3;
/** Rows read for the samples and the preview. */
const SAMPLE_ROWS = 50;

/** A column of the file nothing will read, and what it seems to hold (a phone column left out is worth a word). */
export interface NotUsedColumn {
  readonly header: string;
  readonly holds?: ColumnContent | undefined;
  /** Set when the column's field was taken by another column: which field, and by which column. */
  readonly taken?: { readonly field: string; readonly by: string } | undefined;
}

/** Which field identifies a contact when the job syncs: the key, in words, and the file's columns it reads. */
export interface SyncKeyView {
  readonly key: SyncKey;
  readonly text: string;
  readonly columns: readonly string[];
}

/** What the page says of a mapping for the uploaded file: what is wrong, what is left out, what a sync matches by. */
export interface MappingCheck {
  readonly problems: readonly MappingProblem[];
  /** The fields a mapping may name, in words (for a message about a wrong one). */
  readonly validFields: string;
  readonly notUsed: readonly NotUsedColumn[];
  /** Only when the job's mode is sync. */
  readonly syncKey?: SyncKeyView | undefined;
}

/** The uploaded file's header, a few values of each column and its first whole rows. */
export interface FileSample {
  readonly header: readonly string[];
  readonly samples: readonly (readonly string[])[];
  readonly preview: readonly (readonly string[])[];
}

/** The sheet of a session's upload, as openTable takes it. */
export function sheetOf(state: UiSessionState): string | number | undefined {
  const sheet = state.upload?.sheet;
  return sheet === undefined ? undefined : /^\d+$/.test(sheet) ? Number(sheet) : sheet;
}

/** Reads the header, samples and preview rows of `file`. */
export async function sampleFile(file: string, sheet: string | number | undefined): Promise<FileSample> {
  const table = await openTable(file, { sheet });
  const samples: string[][] = table.header.map(() => []);
  const preview: string[][] = [];
  let seen = 0;
  for await (const item of table.items) {
    if (item.kind !== 'row') continue;
    if (preview.length < PREVIEW_ROWS) preview.push([...item.cells]);
    item.cells.forEach((cell, i) => cell.trim() !== '' && (samples[i]?.length ?? SAMPLES) < SAMPLES && samples[i]!.push(cell));
    if (++seen >= SAMPLE_ROWS) break;
  }
  return { header: table.header, samples, preview };
}

/**
 * The records of `file` an import reads as rows, counted in one pass: rows the reader could not
 * parse count too, since the import rejects each of them (its summary's `rows`).
 */
export async function countRows(file: string, sheet: string | number | undefined): Promise<number> {
  const table = await openTable(file, { sheet });
  let rows = 0;
  for await (const item of table.items) if (item.kind === 'row' || item.kind === 'parse-reject') rows++;
  return rows;
}

/**
 * Checks a mapping for the file as the import will, without refusing it: each problem named
 * beside its column; the columns left out (a blank `(not used)` included, since it is a choice
 * the person may not have meant), and, for a sync, the key the job will match by. The rest of a
 * mapping with problems is planned as if those entries were not there.
 */
export function checkMapping(file: FileSample, map: unknown, sync: { readonly job: UiSessionState['job']; readonly key: unknown }): MappingCheck {
  const problems = map === undefined ? [] : mappingProblems(file.header, map);
  const wrong = new Set(problems.map((p) => p.header));
  const usable = map === undefined ? undefined : Object.fromEntries(Object.entries(map as Record<string, string | null>).filter(([header]) => !wrong.has(header)));
  const plan = planColumns(file.header, usable);
  return { problems, validFields: VALID_FIELDS_TEXT, notUsed: notUsedColumns(plan, file.samples), syncKey: syncKeyView(plan, sync) };
}

/** The columns of a plan nothing reads, but our own `_` ones. */
function notUsedColumns(plan: ColumnPlan, samples: FileSample['samples']): NotUsedColumn[] {
  return plan.header.flatMap((header, i) => {
    const role = plan.columns[i];
    if (header.trimStart().startsWith('_') || (role?.kind !== 'unmapped' && role?.kind !== 'ignored')) return [];
    const conflict = role.kind === 'unmapped' && role.conflictsWith !== undefined ? { field: plan.conflicts.find((c) => c.droppedHeader === header)?.field ?? '', by: plan.header[role.conflictsWith] ?? '' } : undefined;
    return [{ header: header.trim() === '' ? `(column ${i + 1}, no header)` : header, holds: columnContent(header, samples[i] ?? []), taken: conflict }];
  });
}

/** The key a sync of the session's job would match by, and the columns it reads; none unless the mode is sync. */
function syncKeyView(plan: ColumnPlan, sync: { readonly job: UiSessionState['job']; readonly key: unknown }): SyncKeyView | undefined {
  if (sync.job === undefined || sync.job.mode !== 'sync') return undefined;
  const given = (SYNC_KEYS as readonly unknown[]).includes(sync.key) ? (sync.key as SyncKey) : undefined;
  const key = syncKeyOf(sync.job.job, plan, given);
  const columns = SYNC_KEY_FIELDS[key].flatMap((field) => {
    const index = plan.fields[field];
    return index === undefined ? [] : [plan.header[index] ?? ''];
  });
  return { key, text: SYNC_KEY_TEXT[key], columns };
}

/**
 * Each column of the uploaded file with a few sample values and the field it maps to (the
 * session's mapping over the automatic one), every field it could map to (custom fields of the
 * account included), the file's first whole rows and its row count, and the mapping's check.
 */
export async function mappingView(client: ContactCenterClient, state: UiSessionState, file: FileSample, rows: number) {
  const plan = lenientPlan(file.header, state.map);
  const job = state.job?.job ?? 'address-book';
  const custom = await customFieldsOf(client, job);
  return {
    columns: file.header.map((header, i) => {
      const role = plan.columns[i];
      const field = role?.kind === 'field' ? role.field : role?.kind === 'custom' ? `${CUSTOM_PREFIX}${role.name}` : role?.kind === 'ignored' ? null : '';
      return { header, samples: file.samples[i] ?? [], field };
    }),
    fields: [...CANONICAL_FIELDS, ...custom.map((n) => `${CUSTOM_PREFIX}${n}`)],
    country: state.country ?? 'US',
    unmapped: plan.unmapped,
    rows,
    preview: file.preview,
    savedMapping: state.mappingName,
    check: checkMapping(file, state.map, { job: state.job, key: state.options?.['key'] }),
  };
}

/**
 * The plan of `header` with what of `map` applies to it: a session's mapping was checked when it
 * was saved, but a view of it (or of a rejects file, which lacks the input's `_` columns) must
 * not fail on an entry that does not fit.
 */
export function lenientPlan(header: readonly string[], map: unknown): ColumnPlan {
  if (map === undefined) return planColumns(header);
  const wrong = new Set(mappingProblems(header, map).map((p) => p.header));
  return planColumns(header, Object.fromEntries(Object.entries(map as Record<string, string | null>).filter(([key]) => !wrong.has(key))));
}
