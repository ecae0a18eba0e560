import { access } from 'node:fs/promises';
import path from 'node:path';
import { CcbulkError } from '../errors.js';
import { formatReasons } from '../reason.js';
import { differingFields, fieldText, restoringUpdate, type BeforeImage } from '../transforms/before-image.js';
import { digestOf, type SyncFields } from '../transforms/contact-digest.js';
import type { RowVerdict } from '../senders/row-verdict.js';
import { BeforeImages, type RecordedImages } from '../writers/before-images.js';
import { Journal } from '../writers/journal.js';
import { PlanFile } from '../writers/plan-file.js';
import { preparePrivateDirectory, writePrivateFile } from '../writers/private-file.js';
import { lockRunFolder } from '../writers/run-folder-lock.js';
import { UNDO_FOLDER, UNDO_JOURNAL_FILE, UndoJournal, UndoOutcomeFiles, type UndoReject } from '../writers/undo-files.js';
import type { ContactCenterClient } from '../zoom/client.js';
import { TARGET_WORDS } from './import-job.js';
import type { JobUndo, ListedItem } from './job-definition.js';
import { isJobName, JOBS } from './jobs.js';
import { lockTarget, type TargetLock } from './target-lock.js';

/** What `ccbulk undo` is asked. */
export interface UndoOptions {
  /** Plan only: list the target, write plan.csv and the summary, send nothing. Default false. */
  readonly dryRun?: boolean | undefined;
  /** Undo also what was changed since the run (by someone else, or a later run). Default false: such an item is left alone, in rejects.csv. */
  readonly force?: boolean | undefined;
  /** When aborted: finish the request in flight, then stop; `ccbulk undo` again goes on. */
  readonly stop?: AbortSignal | undefined;
  /** Who undoes, as the locks name it. Default `ccbulk undo`. */
  readonly command?: string | undefined;
}

/** How many items the undo plans to take back, and how: what a person confirms before it runs. */
export interface UndoPlanCounts {
  /** Items the run created, to delete. */
  readonly delete: number;
  /** Contacts the run updated, to restore. */
  readonly restore: number;
  /** Items the run deleted, to create again. */
  readonly recreate: number;
  /** Items found as they were before the run already (a resumed undo, or undone by hand). */
  readonly done: number;
  /** Items left alone: changed since the run (see rejects.csv). */
  readonly rejected: number;
}

/** undo/summary.json. */
export interface UndoSummary {
  readonly undoOf: string;
  readonly job: string;
  readonly mode: string;
  readonly target: { readonly kind: string; readonly id: string; readonly name: string };
  readonly dryRun: boolean;
  readonly force: boolean;
  readonly planned: UndoPlanCounts;
  /** Items undone by this run of the undo, by what was done. */
  readonly undone: Readonly<Record<string, number>>;
  /** Items whose write Zoom refused (in rejects.csv beside those left alone). */
  readonly failed: number;
  readonly requests: number;
  readonly files: { readonly plan: string; readonly results?: string; readonly rejects?: string; readonly summary: string };
  readonly stoppedBy?: string;
}

/** One thing the undo plans. */
type Step =
  | { readonly kind: 'delete'; readonly id: string; readonly fields: SyncFields }
  | { readonly kind: 'restore'; readonly id: string; readonly fields: readonly string[]; readonly before: SyncFields; readonly now: SyncFields }
  | { readonly kind: 'recreate'; readonly id: string; readonly before: SyncFields }
  | { readonly kind: 'done'; readonly action: string; readonly id: string; readonly status: string; readonly newId?: string | undefined }
  | { readonly kind: 'reject'; readonly reject: UndoReject };

/** Refuses an undo's own folder: an undo is not undone (what it put back, the import writes again). */
export async function refuseUndoOfUndo(outDir: string): Promise<void> {
  if (await exists(path.join(outDir, UNDO_JOURNAL_FILE))) {
    throw new CcbulkError('OPTION_INVALID', `${outDir} is an undo's folder: an undo cannot be undone. To put the changes back, run the import again`, { field: 'out-dir' });
  }
}

/** The undo's folder of the run in `outDir`. */
export function undoFolderOf(outDir: string): string {
  return path.join(outDir, UNDO_FOLDER);
}

/** Whether the run in `outDir` was undone (an undo began there, dry runs aside): it is not to be resumed. */
export async function wasUndone(outDir: string): Promise<boolean> {
  return (await UndoJournal.read(undoFolderOf(outDir))) !== undefined;
}

/**
 * `ccbulk undo <out-dir>`: puts the run's target back as it was before the run, from the
 * before-images the run wrote ahead of each write. One listing of the target, then a plan
 * (plan.csv): what the run created is deleted, what it changed restored, what it deleted created
 * again — each only where the target still holds what the run left (else rejects.csv names the
 * field that differs; `force` undoes it anyway). A run that stopped half-way is undone as far as
 * it went. The undo holds the run's folder (no resume meanwhile) and its target; it writes to
 * `<out-dir>/undo/`; stopped, it is run again and goes on (what is undone already is found so).
 * The same for every job: the job's definition says how its target is listed and written.
 */
export async function undoRun(client: ContactCenterClient, outDir: string, options: UndoOptions = {}): Promise<UndoSummary> {
  const dryRun = options.dryRun === true;
  const force = options.force === true;
  const command = options.command ?? 'ccbulk undo';
  await refuseUndoOfUndo(outDir);
  await preparePrivateDirectory(outDir);
  const folderLock = await lockRunFolder(outDir, command);
  let targetLock: TargetLock | undefined;
  try {
    const state = await Journal.read(outDir).catch((error: unknown) => {
      throw new CcbulkError('OPTION_INVALID', `Cannot undo ${outDir}: ${(error as Error).message.replace(/give the out folder of an interrupted import/, 'give the out folder of an import or sync')}`, { cause: error, field: 'out-dir' });
    });
    const job = state.start.job;
    const target = state.start.target;
    if (!isJobName(job) || target === undefined) {
      throw new CcbulkError('OPTION_INVALID', `Cannot undo ${outDir}: its journal names no job ccbulk can undo, or no target`, { field: 'out-dir' });
    }
    const recorded = await BeforeImages.read(outDir);
    if (recorded === undefined) {
      throw new CcbulkError('OPTION_INVALID', `Cannot undo ${outDir}: the run kept no before-images (it ran with a version of ccbulk before undo)`, { field: 'out-dir' });
    }
    const undo: JobUndo | undefined = (JOBS[job] as { readonly undo?: JobUndo }).undo;
    if (undo === undefined) throw new CcbulkError('OPTION_INVALID', `Cannot undo ${outDir}: runs of \`ccbulk import ${job}\` cannot be undone yet`, { field: 'out-dir' });
    const undoDir = undoFolderOf(outDir);
    await preparePrivateDirectory(undoDir);
    const what = `\`ccbulk undo\` of ${TARGET_WORDS[JOBS[job].targetKind]} '${target.name}'`;
    await client.requireScopes(dryRun ? undo.calls.slice(0, 1) : undo.calls, what);
    if (!dryRun) {
      targetLock = await lockTarget({ accountId: client.account.id, apiUrl: client.account.apiUrl, kind: target.kind, id: target.id, name: target.name }, { command, outDir: path.resolve(outDir) }, client.redisUrl);
    }
    const before = client.stats.requests;
    const journalState = await UndoJournal.read(undoDir);
    const listed: ListedItem[] = [];
    for await (const item of undo.list(client, target.id)) listed.push(item);
    const steps = planUndo(recorded, listed, undo, journalState?.recreated ?? new Set(), force);
    const plan = await PlanFile.create(undoDir);
    for (const step of steps) writePlanLine(plan, step);
    await plan.close();
    const planned = countPlan(steps);
    const summaryFile = path.join(undoDir, 'summary.json');
    const base = { undoOf: path.resolve(outDir), job, mode: state.start.mode, target, dryRun, force, planned };
    if (dryRun) {
      const summary: UndoSummary = { ...base, undone: {}, failed: 0, requests: client.stats.requests - before, files: { plan: plan.path, summary: summaryFile } };
      await writePrivateFile(summaryFile, `${JSON.stringify(summary, null, 2)}\n`);
      return summary;
    }
    const journal = await UndoJournal.open(undoDir, path.resolve(outDir), force);
    const files = await UndoOutcomeFiles.create(undoDir);
    const undone: Record<string, number> = {};
    let failed = 0;
    let stoppedBy: unknown;
    const stopped = () => stoppedBy !== undefined || options.stop?.aborted === true || targetLock?.lost.aborted === true;
    const count = (status: string) => (undone[status] = (undone[status] ?? 0) + 1);
    const answer = (action: string, id: string, verdict: RowVerdict | undefined, fields?: string) => {
      if (verdict?.ok) {
        count(verdict.status);
        files.result({ action, id, status: verdict.status, ...(action === 're-create' ? { newId: verdict.id } : {}), fields });
      } else {
        failed++;
        files.reject({ action, id, field: '', now: '', runLeft: '', reason: verdict === undefined ? 'no answer' : formatReasons(verdict.reasons) });
      }
    };
    try {
      for (const step of steps) {
        if (step.kind === 'done') files.result({ action: step.action, id: step.id, newId: step.newId, status: step.status });
        else if (step.kind === 'reject') files.reject(step.reject);
      }
      const deletes = steps.filter((s): s is Extract<Step, { kind: 'delete' }> => s.kind === 'delete');
      const restores = steps.filter((s): s is Extract<Step, { kind: 'restore' }> => s.kind === 'restore');
      const recreates = steps.filter((s): s is Extract<Step, { kind: 'recreate' }> => s.kind === 'recreate');
      try {
        for (const chunk of chunks(deletes, undo.batch.remove)) {
          if (stopped()) break;
          const verdicts = await undo.remove(client, target.id, chunk.map((s) => s.id));
          chunk.forEach((s, i) => answer('delete', s.id, verdicts[i]));
        }
        for (const chunk of chunks(restores, undo.batch.restore)) {
          if (stopped()) break;
          const verdicts = await undo.restore(client, target.id, chunk.map((s) => ({ id: s.id, update: restoringUpdate(s.before, s.fields), before: s.before })));
          chunk.forEach((s, i) => answer('restore', s.id, verdicts[i]?.ok ? { ok: true, status: 'restored' } : verdicts[i], s.fields.join(' ')));
        }
        for (const chunk of chunks(recreates, undo.batch.recreate)) {
          if (stopped()) break;
          await journal.recreating(chunk.map((s) => s.id));
          const verdicts = await undo.recreate(client, target.id, chunk.map((s) => s.before));
          const ids = await newIds(undo, client, target.id, chunk.map((s) => s.before), verdicts);
          chunk.forEach((s, i) => answer('re-create', s.id, verdicts[i]?.ok ? { ok: true, status: 're-created', id: ids[i] } : verdicts[i]));
        }
      } catch (error) {
        stoppedBy = error;
      }
      if (stoppedBy === undefined && stopped()) {
        stoppedBy = targetLock?.lost.aborted ? targetLock.lost.reason : new CcbulkError('STOPPED', 'stopped on request');
      }
    } finally {
      await files.close();
    }
    const reason = stoppedBy instanceof Error ? stoppedBy.message : undefined;
    const summary: UndoSummary = {
      ...base,
      undone,
      failed,
      requests: client.stats.requests - before,
      files: { plan: plan.path, results: path.join(undoDir, 'results.csv'), rejects: path.join(undoDir, 'rejects.csv'), summary: summaryFile },
      ...(reason === undefined ? {} : { stoppedBy: reason }),
    };
    await writePrivateFile(summaryFile, `${JSON.stringify(summary, null, 2)}\n`);
    await journal.end(stoppedBy === undefined);
    if (stoppedBy !== undefined) {
      throw new CcbulkError('STOPPED', `${reason ?? 'stopped'}; run \`ccbulk undo ${outDir}\` again to go on: what is undone already is found so`, { cause: stoppedBy });
    }
    return summary;
  } finally {
    await targetLock?.release();
    await folderLock.release();
  }
}

/**
 * The undo's plan, from the run's before-images and the target as listed now. Each item is
 * looked at once, by its first image (what it was before the run) and its last (what the run
 * left): a created item is found by the id the answer gave, or by its fields; an updated contact
 * by its id; a deleted one must be gone.
 */
export function planUndo(recorded: RecordedImages, listed: readonly ListedItem[], undo: Pick<JobUndo, 'shown' | 'differ' | 'partial'>, recreatedBefore: ReadonlySet<string>, force: boolean): Step[] {
  const compare = undo.differ ?? differingFields;
  const byId = new Map(listed.map((item) => [item.id, undo.shown(item.fields)]));
  const claimed = new Set<string>();
  const byDigest = new Map<string, string[]>();
  const byKey = new Map<string, string[]>();
  const add = (map: Map<string, string[]>, key: string, id: string) => map.set(key, [...(map.get(key) ?? []), id]);
  for (const item of listed) {
    const shown = undo.shown(item.fields);
    add(byDigest, digestOf(shown), item.id);
    for (const p of shown.phones) add(byKey, `p ${p.number}`, item.id);
    for (const e of shown.emails) add(byKey, `e ${e.toLowerCase()}`, item.id);
  }
  const unclaimed = (ids: readonly string[] | undefined) => ids?.find((id) => !claimed.has(id));
  // An item found by its fields: exactly as written, else one sharing a number or an e-mail (changed since).
  const findByFields = (fields: SyncFields): string | undefined => {
    const exact = unclaimed(byDigest.get(digestOf(fields)));
    if (exact !== undefined) return exact;
    for (const p of fields.phones) {
      const id = unclaimed(byKey.get(`p ${p.number}`));
      if (id !== undefined) return id;
    }
    for (const e of fields.emails) {
      const id = unclaimed(byKey.get(`e ${e.toLowerCase()}`));
      if (id !== undefined) return id;
    }
    return undefined;
  };

  const creates = new Map<number, Extract<BeforeImage, { t: 'create' }>>();
  const updates = new Map<string, { before: SyncFields; after: SyncFields }>();
  const deletes = new Map<string, SyncFields>();
  for (const { k, image } of recorded.images) {
    if (image.t === 'create' && k !== undefined) {
      if (!creates.has(k)) creates.set(k, image);
    } else if (image.t === 'update') {
      const seen = updates.get(image.id);
      updates.set(image.id, { before: seen?.before ?? image.before, after: image.after });
    } else if (image.t === 'delete' && !deletes.has(image.id)) {
      // A contact the run updated and then deleted is re-created as it was before the update.
      deletes.set(image.id, updates.get(image.id)?.before ?? image.before);
      updates.delete(image.id);
    }
  }
  // Ids the run's answers gave are claimed first: a search by fields must not take them.
  const idOf = new Map<number, string>();
  for (const k of creates.keys()) {
    const id = recorded.ids.get(k);
    if (id !== undefined && byId.has(id)) {
      idOf.set(k, id);
      claimed.add(id);
    }
  }
  for (const id of updates.keys()) if (byId.has(id)) claimed.add(id);
  const steps: Step[] = [];
  const rejectChanged = (action: string, id: string, differ: readonly string[], now: SyncFields, left: SyncFields, why: string): Step => {
    const field = differ[0] ?? '';
    return { kind: 'reject', reject: { action, id, field: differ.join(' '), now: fieldText(now, field), runLeft: fieldText(left, field), reason: why } };
  };

  for (const [k, image] of creates) {
    // Refused, it created nothing: a contact found by its fields now is another's.
    if (recorded.refused.has(k)) continue;
    const fields = undo.shown(image.fields);
    let id = idOf.get(k);
    if (id === undefined && !recorded.ids.has(k)) {
      id = findByFields(fields);
      if (id !== undefined) claimed.add(id);
    }
    const label = id ?? recorded.ids.get(k) ?? (fields.phones[0]?.number ?? fields.emails[0] ?? '');
    if (id === undefined) {
      steps.push({ kind: 'done', action: 'delete', id: label, status: 'gone already' });
      continue;
    }
    const now = byId.get(id)!;
    // A field the item does not hold is one a run stopped half-way did not get to.
    const differ = compare(now, fields).filter((field) => undo.partial !== true || fieldText(now, field) !== '');
    if (differ.length > 0 && !force) {
      steps.push(rejectChanged('delete', id, differ, now, fields, `changed since the run created it (${differ.join(', ')}): left alone; --force deletes it`));
    } else if (image.maybeThere === true && !force) {
      steps.push({ kind: 'reject', reject: { action: 'delete', id, field: '', now: '', runLeft: '', reason: 'the run did not read the list before adding this number, so it may have been on it before (Zoom\'s answer does not say): left alone; --force removes it' } });
    } else steps.push({ kind: 'delete', id, fields });
  }
  for (const [id, { before: rawBefore, after: rawAfter }] of updates) {
    const before = undo.shown(rawBefore);
    const after = undo.shown(rawAfter);
    const changed = compare(before, after);
    if (changed.length === 0) continue;
    const now = byId.get(id);
    if (now === undefined) {
      steps.push({ kind: 'reject', reject: { action: 'restore', id, field: '', now: '', runLeft: '', reason: 'not in the target any more: deleted since the run updated it' } });
      continue;
    }
    // The fields to put back: all of them unless it is as before, or (an item written in parts)
    // those not as before.
    const pending =
      undo.partial === true
        ? changed.filter((field) => compare(now, before, new Set([field])).length > 0)
        : compare(now, before, new Set(changed)).length === 0
          ? []
          : changed;
    if (pending.length === 0) {
      steps.push({ kind: 'done', action: 'restore', id, status: 'as before already' });
      continue;
    }
    const differ = compare(now, after, new Set(pending));
    if (differ.length > 0 && !force) {
      steps.push(rejectChanged('restore', id, differ, now, after, `changed since the run updated it (${differ.join(', ')}): left alone; --force restores it`));
    } else steps.push({ kind: 'restore', id, fields: pending, before, now });
  }
  for (const [id, raw] of deletes) {
    const before = undo.shown(raw);
    if (byId.has(id)) {
      steps.push({ kind: 'done', action: 're-create', id, status: 'not deleted' });
      continue;
    }
    if (recreatedBefore.has(id)) {
      // An undo stopped after sending its re-create: found by its fields, it is not sent twice;
      // an item written in parts, found by its keys, gets what it still lacks.
      const again = undo.partial === true ? findByFields(before) : unclaimed(byDigest.get(digestOf(before)));
      const lacks = again === undefined || undo.partial !== true ? [] : compare(byId.get(again)!, before);
      if (again !== undefined && lacks.length > 0) {
        claimed.add(again);
        steps.push({ kind: 'restore', id: again, fields: lacks, before, now: byId.get(again)! });
        continue;
      }
      if (again !== undefined) {
        claimed.add(again);
        steps.push({ kind: 'done', action: 're-create', id, status: 're-created already', newId: again });
        continue;
      }
    }
    steps.push({ kind: 'recreate', id, before: raw });
  }
  return steps;
}

/** plan.csv's line(s) for a step: the item, each field restored with its value now and after. */
function writePlanLine(plan: PlanFile, step: Step): void {
  if (step.kind === 'delete') plan.add({ line: '', action: 'delete', contactId: step.id, field: '', before: describe(step.fields), after: '' });
  else if (step.kind === 'restore') {
    for (const field of step.fields) plan.add({ line: '', action: 'update', contactId: step.id, field, before: fieldText(step.now, field), after: fieldText(step.before, field) });
  } else if (step.kind === 'recreate') {
    plan.add({ line: '', action: 'create', contactId: step.id, field: '', before: '', after: describe(step.before) });
  }
}

/** An item in a few words for plan.csv: its name, numbers and e-mails. */
function describe(fields: SyncFields): string {
  return [fields.scalars.display_name ?? '', ...fields.phones.map((p) => p.number), ...fields.emails].filter((t) => t !== '').join(' ');
}

function countPlan(steps: readonly Step[]): UndoPlanCounts {
  const n = (kind: Step['kind']) => steps.filter((s) => s.kind === kind).length;
  return { delete: n('delete'), restore: n('restore'), recreate: n('recreate'), done: n('done'), rejected: n('reject') };
}

function* chunks<T>(items: readonly T[], size: number): Generator<T[]> {
  for (let i = 0; i < items.length; i += size) yield items.slice(i, i + size);
}

/**
 * The new ids of re-created items: the answer's, or (where it gives none: a DNC add) the target's
 * listing, read once more, by the items' fields.
 */
async function newIds(undo: JobUndo, client: ContactCenterClient, targetId: string, items: readonly SyncFields[], verdicts: readonly RowVerdict[]): Promise<(string | undefined)[]> {
  const ids = verdicts.map((v) => (v?.ok ? v.id : undefined));
  if (ids.every((id, i) => id !== undefined || !verdicts[i]?.ok)) return ids;
  const wanted = new Map<string, number[]>();
  items.forEach((fields, i) => {
    if (ids[i] !== undefined || !verdicts[i]?.ok) return;
    const key = digestOf(undo.shown(fields));
    wanted.set(key, [...(wanted.get(key) ?? []), i]);
  });
  for await (const item of undo.list(client, targetId)) {
    const i = wanted.get(digestOf(undo.shown(item.fields)))?.shift();
    if (i !== undefined) ids[i] = item.id;
  }
  return ids;
}

async function exists(file: string): Promise<boolean> {
  return access(file).then(
    () => true,
    () => false,
  );
}
