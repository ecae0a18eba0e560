import { z } from 'zod';
import { CcbulkError } from '../errors.js';
import { openTable } from '../readers/open-table.js';
import type { SourceRow } from '../readers/source-row.js';
import { readRosterState, type RosterState } from '../senders/roster-state.js';
import { RosterSender, type AgentOutcome } from '../senders/roster-sender.js';
import type { RowVerdict } from '../senders/row-verdict.js';
import type { Reason } from '../reason.js';
import { refuseRow, type RowPlan } from '../transforms/row-plan.js';
import { agentFields, fieldsAfter } from '../transforms/agent-fields.js';
import type { BeforeImage } from '../transforms/before-image.js';
import { diffAgent, isNoChange, removalsOf, type AgentChange, type AgentNow, type Assignment, type RosterMode } from '../transforms/roster-diff.js';
import { skillText } from '../transforms/roster-cells.js';
import { planRosterColumns, rosterWishOf, type RosterPlan } from '../transforms/roster-row.js';
import { allowedBy, thresholdText, type Threshold } from '../transforms/threshold.js';
import type { ImageEntry } from '../writers/before-images.js';
import { writeNotInFile } from '../writers/not-in-file.js';
import { preparePrivateDirectory } from '../writers/private-file.js';
import { writeRosterPlan, type RosterPlanRecord } from '../writers/roster-plan-file.js';
import type { ImportSummary, RosterSummary } from '../writers/summary-file.js';
import { batchLimit, type ContactCenterClient } from '../zoom/client.js';
import type { Settled } from './import-engine.js';
import { runImportJob, type ImportJobOptions, type JobIdentity } from './import-job.js';
import { defineJob } from './job-definition.js';
import { thresholdOption } from './job-options.js';
import { choiceOption } from './option-values.js';
import { rosterUndo } from './roster-undo.js';
import { writeOperation } from './write-operation.js';

/** The operation that writes first in each mode (the progress line's rate label: all MEDIUM). */
const ROSTER_WRITES = {
  create: writeOperation('BatchCreateUsers'),
  update: writeOperation('BatchUpdateUsers'),
  sync: writeOperation('BatchCreateUsers'),
} as const;

/**
 * Agents sent together: their assignments are grouped across the wave, so a wave of 1,000 into
 * 10 queues is 10 × 34 queue requests. The journal records a wave as one batch: a wave cut short
 * is settled on resume by reading the roster again and sending what is still missing.
 */
const WAVE = 1000;

/** Options of a roster job, already checked (see {@link rosterJob}'s schema). */
export interface ImportRosterOptions extends ImportJobOptions {
  readonly mode: RosterMode;
  readonly maxUnassign: Threshold;
  readonly removeMissing: boolean;
  readonly maxRemove: Threshold;
}

/**
 * `ccbulk import roster`: Contact Center users and their queues, teams, skills and role from a
 * spreadsheet, one row per agent. `create` makes Zoom users Contact Center users (20 a request)
 * and gives them the row's assignments; `update` sets profile fields and adds assignments;
 * `sync` makes each listed agent's queues, teams, skills and role exactly the file's (within
 * `--max-unassign`), and with `--remove-missing` removes the Contact Center users the file does
 * not list (within `--max-remove`).
 */
export const rosterJob = defineJob({
  name: 'roster',
  modes: ['create', 'update', 'sync'],
  targetOption: null,
  targetKind: 'roster',
  options: z.object({
    /** `--mode`. Default create. */
    mode: choiceOption('--mode', ['create', 'update', 'sync'], 'create'),
    /** `--max-unassign`: refuse, before any write, a sync that would unassign more than this. Default 10 % of the assignments read. */
    maxUnassign: thresholdOption('--max-unassign').optional().transform((t): Threshold => t ?? { percent: 10 }),
    /** `--remove-missing`: a sync also removes the Contact Center users the file does not list. Default false. */
    removeMissing: z.boolean().default(false),
    /** `--max-remove`: refuse, before any write, to remove more users than this. Default 10 % of the account's Contact Center users. */
    maxRemove: thresholdOption('--max-remove').optional().transform((t): Threshold => t ?? { percent: 10 }),
  }),
  modeOptions: { maxUnassign: ['sync'], removeMissing: ['sync'], maxRemove: ['sync'] },
  deletes: { modes: [], items: 'users' },
  writes: ROSTER_WRITES,
  calls: {
    reads: ['users', 'listQueues', 'getQueueAgents', 'listTeams', 'listTeamAgents', 'listRoles', 'listSkills', 'ListAUserSkills', 'ListRegions'],
    modes: {
      create: ['BatchCreateUsers', 'BatchUpdateUsers', 'assignRoleUsers', 'AssignUsersToARegion', 'assignQueueAgents', 'assignTeamAgents', 'assignSkills', 'deleteASkill'],
      update: ['BatchUpdateUsers', 'assignRoleUsers', 'AssignUsersToARegion', 'assignQueueAgents', 'assignTeamAgents', 'assignSkills', 'deleteASkill'],
      sync: ['BatchCreateUsers', 'BatchUpdateUsers', 'assignRoleUsers', 'AssignUsersToARegion', 'assignQueueAgents', 'assignTeamAgents', 'assignSkills', 'deleteQueueAgent', 'unassignTeamAgents', 'deleteASkill'],
    },
    options: { removeMissing: ['batchDeleteUsers'] },
  },
  run: importRoster,
  // Agents are matched by their e-mail address.
  syncKey: () => 'email',
  customFields: async () => [],
  // The roster is the account's: the one target to pick.
  targets: async () => [{ id: 'account', name: 'the account’s agents' }],
  undo: rosterUndo,
});

/** The frame's view of the job in `mode`. */
const identity = (mode: RosterMode): JobIdentity => ({ name: 'roster', mode, operation: ROSTER_WRITES[mode], targetKind: 'roster' });

/** What a row of the file became in the plan: the change to send, or why it cannot be sent. */
type PlannedRow = { readonly ok: true; readonly change: AgentChange } | { readonly ok: false; readonly stage: 'validate' | 'api'; readonly reasons: readonly Reason[] };

/** What an interrupted run asked for an agent (the journal's `a`): its user created, and the assignments' texts. */
interface Asked {
  readonly created: boolean;
  readonly assigned: readonly string[];
  readonly unassigned: readonly string[];
}

/** The roster import (see {@link rosterJob}). */
export function importRoster(client: ContactCenterClient, options: ImportRosterOptions): Promise<ImportSummary> {
  return runImportJob<AgentChange>(client, identity(options.mode), options, async (table, _contactColumns, claim) => {
    const columns = planRosterColumns(table.header, options.file);
    await claim({ id: client.account.id, name: 'roster' });
    const emails = await emailsOf(options, columns);
    const state = await readRosterState(client, (email) => columns.Skills !== undefined && emails.has(email));
    const describe = describerOf(state);
    const planned = planRows(await rowsOf(options), columns, state, options.mode);

    const changes = [...planned.values()].flatMap((p) => (p.ok ? [p.change] : []));
    refuseLargeUnassigns(options, changes, state);
    const missing = options.mode === 'sync' && options.removeMissing ? [...state.agents.keys()].filter((email) => !emails.has(email)) : [];
    if (missing.length > 0) refuseLargeRemovals(options.maxRemove, missing, state.agents.size);
    await preparePrivateDirectory(options.outDir);
    await writeRosterPlan(options.outDir, planRecords(planned, describe, missing));

    const sender = new RosterSender(client, describe, options.dryRun);
    const tally = { created: 0, existing: 0, unchanged: 0, added: 0, removed: 0, failed: 0, removedUsers: 0 };
    const asked = new Map<number, Asked>();
    for (const [seq, text] of options.resume?.asked ?? []) asked.set(seq, JSON.parse(text) as Asked);

    const verdictOf = (change: AgentChange, outcome: AgentOutcome, before: Asked | undefined): RowVerdict => {
      // In the plan's order (the interrupted run's, which holds the whole of it), whatever order
      // the grouped requests were answered in.
      const planned = textsOf(change, describe);
      const assigned = inOrder([...(before?.assigned ?? []), ...outcome.assigned], [...(before?.assigned ?? []), ...planned.assigned]);
      const unassigned = inOrder([...(before?.unassigned ?? []), ...outcome.unassigned], [...(before?.unassigned ?? []), ...planned.unassigned]);
      tally.added += outcome.assigned.length;
      tally.removed += outcome.unassigned.length;
      tally.failed += outcome.failed.length;
      const created = outcome.created === 'created' || before?.created === true;
      if (outcome.created === 'created') tally.created++;
      else if (outcome.created === 'exists') tally.existing++;
      if (outcome.failed.length > 0) {
        const done = [...(created ? ['created the user'] : []), ...assigned.map((a) => `assigned ${a}`), ...unassigned.map((u) => `unassigned ${u}`)];
        const text = `${outcome.failed.join('; ')} — ${done.length === 0 ? 'nothing else was done' : `done: ${done.join('; ')}`}`;
        return { ok: false, reasons: [{ kind: 'assignment refused', text }], ...(created ? { partly: { id: outcome.ccUserId } } : {}) };
      }
      const status = options.dryRun ? (change.create ? 'would create' : 'would update') : created ? 'created' : 'updated';
      return { ok: true, status, id: outcome.ccUserId ?? state.agents.get(change.email)?.ccUserId, extra: [assigned.join('; '), unassigned.join('; ')] };
    };
    const send = async (batch: readonly { readonly item: AgentChange; readonly seq?: number }[], resumed: boolean) => {
      const outcomes = await sender.send(batch.map((p) => p.item));
      return batch.map((p, i) => verdictOf(p.item, outcomes[i]!, resumed && p.seq !== undefined ? asked.get(p.seq) : undefined));
    };

    return {
      target: {
        batchSize: WAVE,
        prepare: (row: SourceRow): RowPlan<AgentChange> => {
          const plan = planned.get(row.origin.line);
          if (plan === undefined) return refuseRow('validate', { kind: 'row not in the plan', text: 'the file changed while the run read it' });
          if (!plan.ok) return refuseRow(plan.stage, plan.reasons);
          return [{ ok: true, item: plan.change, keys: { phones: [], emails: [plan.change.email] }, phones: [] }];
        },
        noRequest: ({ item }): Settled | undefined => {
          if (!isNoChange(item)) return undefined;
          tally.unchanged++;
          return { status: 'unchanged', id: state.agents.get(item.email)?.ccUserId, extra: ['', ''] };
        },
        asked: (item) => JSON.stringify({ created: item.create !== undefined, ...textsOf(item, describe) } satisfies Asked),
        // An agent the interrupted run changed, found as the file wants it now: that run did it.
        doneBefore: (text, settled): Settled => {
          const before = JSON.parse(text) as Asked;
          return { status: before.created ? 'created' : 'updated', id: settled.id, extra: [before.assigned.join('; '), before.unassigned.join('; ')] };
        },
        // What each agent was before the wave and what the wave leaves, from the roster as read.
        imagesOf: async (batch) => batch.map(({ item }) => imageOf(item, state)),
        send: (batch) => send(batch, false),
        recover: async (batch) => ({ verdicts: await send(batch, true), found: 0, resent: batch.length, how: 'read the roster again, sent what was still missing' }),
      },
      describe: { accountId: client.account.id, name: 'Contact Center agents' },
      resultColumns: ['_assigned', '_unassigned'],
      rows: planned.size,
      extra: (): Partial<ImportSummary> => {
        const roster: RosterSummary = {
          agents: { created: tally.created, existing: tally.existing, unchanged: tally.unchanged },
          assignments: { added: tally.added, removed: tally.removed, failed: tally.failed },
          requests: Object.fromEntries(sender.requests),
          minimumRequests: minimumRequests(changes) + Math.ceil(missing.length / 20),
          ...(missing.length > 0 ? { removedUsers: tally.removedUsers } : {}),
        };
        // The contact column planner's word on a roster file means nothing: its unread columns are the roster's own.
        const unmappedColumns = table.header.filter((name, i) => !Object.values(columns).includes(i) && name.trim() !== '' && !name.trim().startsWith('_'));
        return { roster, unmappedColumns, ...(options.dryRun ? { plannedWrites: sender.requestCount + Math.ceil(missing.length / 20) } : {}) };
      },
      ...(missing.length === 0
        ? {}
        : {
            finish: async (_stop, images) => {
              const status = options.dryRun ? 'would remove' : 'removed';
              for (let i = 0; i < missing.length; i += 20) {
                const part = missing.slice(i, i + 20);
                if (!options.dryRun) {
                  await images?.record(await removalImages(client, part.map((email) => state.agents.get(email)!)));
                  await client.batchDeleteUsers(part);
                }
                tally.removedUsers += part.length;
              }
              await writeNotInFile(
                options.outDir,
                missing.map((email) => ({ id: state.agents.get(email)?.ccUserId ?? '', displayName: '', phones: '', emails: email, status })),
              );
            },
          }),
    };
  });
}

/** An agent's before-image: the user a create makes, or the agent before and after its change. */
function imageOf(change: AgentChange, state: RosterState): BeforeImage {
  const now = state.agents.get(change.email);
  if (now === undefined) return { t: 'create', fields: fieldsAfter(undefined, change) };
  const before = agentFields(now);
  return { t: 'update', id: now.ccUserId, before, after: fieldsAfter(before, change) };
}

/**
 * The before-images of users a `--remove-missing` sync removes, whole: their skills are read
 * first (one request each; the run read only the file's agents'), so the undo gives them back.
 */
async function removalImages(client: ContactCenterClient, agents: readonly AgentNow[]): Promise<ImageEntry[]> {
  const entries: ImageEntry[] = [];
  for (const agent of agents) {
    const skills = new Map<string, number>();
    for await (const skill of client.listUserSkills(agent.ccUserId || agent.email)) skills.set(skill.skill_id ?? '', skill.user_proficiency_level ?? 1);
    entries.push({ image: { t: 'delete', id: agent.ccUserId, before: agentFields({ ...agent, skills }) } });
  }
  return entries;
}

/** The file's rows, read once before anything is sent (a roster file is one row per agent: thousands, not millions). */
async function rowsOf(options: ImportRosterOptions): Promise<SourceRow[]> {
  const table = await openTable(options.file, { encoding: options.encoding, delimiter: options.delimiter, sheet: options.sheet });
  const rows: SourceRow[] = [];
  for await (const item of table.items) if (item.kind === 'row') rows.push(item);
  return rows;
}

/** The file's addresses, lower case: whose skills to read, and who `--remove-missing` keeps. */
async function emailsOf(options: ImportRosterOptions, columns: RosterPlan): Promise<Set<string>> {
  const emails = new Set<string>();
  for (const row of await rowsOf(options)) {
    const email = (row.cells[columns.Email!] ?? '').trim().toLowerCase();
    if (email !== '') emails.add(email);
  }
  return emails;
}

/** Each row's change (or refusal), by line; a second row for an agent is left to the engine, which rejects it as a duplicate. */
function planRows(rows: readonly SourceRow[], columns: RosterPlan, state: RosterState, mode: RosterMode): Map<number, PlannedRow> {
  const planned = new Map<number, PlannedRow>();
  const seen = new Set<string>();
  for (const row of rows) {
    const wish = rosterWishOf(row, columns, state.catalogue);
    if (!wish.ok) {
      planned.set(row.origin.line, { ok: false, stage: 'validate', reasons: wish.reasons });
      continue;
    }
    if (seen.has(wish.wish.email)) {
      // The engine rejects it as a duplicate of the first; its plan must not count twice.
      planned.set(row.origin.line, { ok: true, change: { email: wish.wish.email, add: [], remove: [] } });
      continue;
    }
    seen.add(wish.wish.email);
    const diff = diffAgent(wish.wish, state.agents.get(wish.wish.email), mode);
    planned.set(row.origin.line, diff.ok ? { ok: true, change: diff.change } : { ok: false, stage: 'api', reasons: [{ kind: 'not a Contact Center user', text: diff.problem }] });
  }
  return planned;
}

/** How results.csv and plan.csv name assignments: `queue:Sales - EU`, `skill:Spanish:4`, `role:Agent`. */
function describerOf(state: RosterState): (a: Assignment) => string {
  const { catalogue } = state;
  return (a) => {
    const index = { queue: catalogue.queues, team: catalogue.teams, role: catalogue.roles, region: catalogue.regions, skill: catalogue.skills }[a.kind];
    const name = index.byIdOf(a.id)?.name ?? a.id;
    const levels = a.kind === 'skill' ? catalogue.skillLevels.get(a.id)?.levels !== false : false;
    return `${a.kind}:${a.kind === 'skill' && levels ? skillText(name, a.level) : name}`;
  };
}

/** The texts of what a change assigns and unassigns. */
function textsOf(change: AgentChange, describe: (a: Assignment) => string): { assigned: string[]; unassigned: string[] } {
  const profile = Object.entries(change.profile ?? {}).map(([field, value]) => `profile:${field}=${String(value)}`);
  return { assigned: [...profile, ...change.add.map(describe)], unassigned: change.remove.map(describe) };
}

/** `texts` once each, in the order of `order` (any not in it last). */
function inOrder(texts: readonly string[], order: readonly string[]): string[] {
  const rank = (t: string) => (order.includes(t) ? order.indexOf(t) : order.length);
  return [...new Set(texts)].sort((a, b) => rank(a) - rank(b));
}

/** plan.csv's lines: each user to create or remove, each profile field, each assignment to add or remove. */
function* planRecords(planned: ReadonlyMap<number, PlannedRow>, describe: (a: Assignment) => string, missing: readonly string[]): Generator<RosterPlanRecord> {
  for (const [line, plan] of planned) {
    if (!plan.ok) continue;
    const { change } = plan;
    const at = String(line);
    if (change.create) yield { line: at, email: change.email, action: 'create user', kind: '', name: '', id: '' };
    for (const [field, value] of Object.entries(change.profile ?? {})) yield { line: at, email: change.email, action: 'set', kind: field, name: String(value), id: '' };
    for (const a of change.add) yield { line: at, email: change.email, action: 'assign', kind: a.kind, name: describe(a).slice(a.kind.length + 1), id: a.id };
    for (const a of change.remove) yield { line: at, email: change.email, action: 'unassign', kind: a.kind, name: describe(a).slice(a.kind.length + 1), id: a.id };
  }
  for (const email of missing) yield { line: '', email, action: 'remove user', kind: '', name: '', id: '' };
}

/** Stops a sync that would unassign more than `--max-unassign` allows, before any write. */
function refuseLargeUnassigns(options: ImportRosterOptions, changes: readonly AgentChange[], state: RosterState): void {
  if (options.mode !== 'sync') return;
  const removals = changes.reduce((n, c) => n + removalsOf(c).length, 0);
  const allowed = allowedBy(options.maxUnassign, state.assignmentsRead);
  if (removals <= allowed) return;
  throw new CcbulkError(
    'OPTION_INVALID',
    `Refusing to unassign ${removals} of the ${state.assignmentsRead} assignments read, more than \`--max-unassign ${thresholdText(options.maxUnassign)}\` allows (${allowed}). ` +
      'Nothing was sent. Check the file (a column left blank unassigns everything in it; plan.csv from a --dry-run lists each), or raise --max-unassign',
    { field: '--max-unassign' },
  );
}

/** Stops a `--remove-missing` sync that would remove more users than `--max-remove` allows, before any write. */
function refuseLargeRemovals(max: Threshold, missing: readonly string[], users: number): void {
  const allowed = allowedBy(max, users);
  if (missing.length <= allowed) return;
  const named = missing.slice(0, 5).join(', ') + (missing.length > 5 ? `, and ${missing.length - 5} more` : '');
  throw new CcbulkError(
    'OPTION_INVALID',
    `Refusing to remove ${missing.length} of the ${users} Contact Center users not in the file, more than \`--max-remove ${thresholdText(max)}\` allows (${allowed}): ${named}. Nothing was sent. Check the file, or raise --max-remove`,
    { field: '--max-remove' },
  );
}

/**
 * The fewest write requests the endpoints' batch sizes allow for `changes`: users to create 20 a
 * request, profiles 20, each role's agents 30, each region's 20, each queue's 30, each team's 100, each user's
 * skills 20; a queue agent or user skill removed one a request, a team's agents 100.
 */
export function minimumRequests(changes: readonly AgentChange[]): number {
  const per = (kind: Assignment['kind'], list: 'add' | 'remove') => {
    const groups = new Map<string, number>();
    for (const c of changes) for (const a of c[list]) if (a.kind === kind) groups.set(a.id, (groups.get(a.id) ?? 0) + 1);
    return groups;
  };
  const sum = (groups: Map<string, number>, size: number) => [...groups.values()].reduce((n, k) => n + Math.ceil(k / size), 0);
  const creates = changes.filter((c) => c.create !== undefined).length;
  const profiles = changes.filter((c) => c.profile !== undefined).length;
  let n = Math.ceil(creates / batchLimit('BatchCreateUsers')) + Math.ceil(profiles / batchLimit('BatchUpdateUsers'));
  n += sum(per('region', 'add'), batchLimit('AssignUsersToARegion'));
  n += sum(per('role', 'add'), batchLimit('assignRoleUsers')) + sum(per('queue', 'add'), batchLimit('assignQueueAgents')) + sum(per('team', 'add'), batchLimit('assignTeamAgents'));
  for (const c of changes) {
    const skills = c.add.filter((a) => a.kind === 'skill').length;
    n += Math.ceil(skills / batchLimit('assignSkills'));
    n += c.remove.filter((a) => a.kind === 'skill' || a.kind === 'queue').length;
  }
  n += sum(per('team', 'remove'), batchLimit('assignTeamAgents'));
  return n;
}
