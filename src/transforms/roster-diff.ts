import type { RosterProfile, RosterWish } from './roster-row.js';

/** A Contact Center user as the account holds it now, with what it is assigned to. */
export interface AgentNow {
  readonly email: string;
  readonly displayName?: string | undefined;
  readonly ccUserId: string;
  readonly roleId: string;
  readonly regionId?: string | undefined;
  readonly queueIds: ReadonlySet<string>;
  readonly teamIds: ReadonlySet<string>;
  /** Skill id → proficiency; undefined when the run did not read them (the file has no Skills column). */
  readonly skills?: ReadonlyMap<string, number> | undefined;
  readonly profile: RosterProfile;
}

/** What a run does to each agent: `create` makes new users, `update` adds, `sync` makes them exactly the file's. */
export type RosterMode = 'create' | 'update' | 'sync';

/** One assignment to add or remove: a queue, team, role or skill, by id (with a skill's proficiency). */
export interface Assignment {
  readonly kind: 'queue' | 'team' | 'role' | 'region' | 'skill';
  readonly id: string;
  readonly level?: number | undefined;
}

/** What a run sends for one agent, computed from the file's row and the account as it is. */
export interface AgentChange {
  readonly email: string;
  /** Make the user a Contact Center user (with its role and profile fields, in the create request). */
  readonly create?: { readonly roleId?: string | undefined; readonly profile: RosterProfile } | undefined;
  /** Profile fields that differ (`PATCH /users`), for a user that exists. */
  readonly profile?: RosterProfile | undefined;
  readonly add: readonly Assignment[];
  readonly remove: readonly Assignment[];
}

/** A row's change, or why the mode refuses it. */
export type AgentDiff = { readonly ok: true; readonly change: AgentChange } | { readonly ok: false; readonly problem: string };

/** The profile fields of `wish` that differ from `now`'s. */
function changedProfile(wish: RosterProfile, now: RosterProfile): RosterProfile | undefined {
  const changed: Record<string, string> = {};
  for (const [key, value] of Object.entries(wish) as [keyof RosterProfile, string | undefined][]) {
    if (value !== undefined && value !== now[key]) changed[key] = value;
  }
  return Object.keys(changed).length === 0 ? undefined : (changed as RosterProfile);
}

/**
 * What to send for one agent so the account holds what the row asks: in `create` and `update`
 * what is missing is added (a skill at another level is replaced), in `sync` what the file does
 * not list is removed too. A column the file does not have is left alone. `update` refuses a user
 * that is not a Contact Center user yet; `create` and `sync` create it. A user that already
 * exists is never created again, so a file run twice sends nothing the second time.
 */
export function diffAgent(wish: RosterWish, now: AgentNow | undefined, mode: RosterMode): AgentDiff {
  if (now === undefined) {
    if (mode === 'update') return { ok: false, problem: `'${wish.email}' is not a Contact Center user: \`--mode create\` or \`--mode sync\` makes it one` };
    const add: Assignment[] = [
      // A new user starts in the account's main region: another is an assignment after the create.
      ...(wish.regionId === undefined ? [] : [{ kind: 'region' as const, id: wish.regionId }]),
      ...(wish.queueIds ?? []).map((id) => ({ kind: 'queue' as const, id })),
      ...(wish.teamIds ?? []).map((id) => ({ kind: 'team' as const, id })),
      ...[...(wish.skills ?? [])].map(([id, level]) => ({ kind: 'skill' as const, id, level })),
    ];
    return { ok: true, change: { email: wish.email, create: { roleId: wish.roleId, profile: wish.profile }, add, remove: [] } };
  }
  const exact = mode === 'sync';
  const add: Assignment[] = [];
  const remove: Assignment[] = [];
  const members = (kind: 'queue' | 'team', wanted: readonly string[] | undefined, held: ReadonlySet<string>) => {
    if (wanted === undefined) return;
    for (const id of wanted) if (!held.has(id)) add.push({ kind, id });
    if (exact) for (const id of held) if (!wanted.includes(id)) remove.push({ kind, id });
  };
  if (wish.roleId !== undefined && wish.roleId !== now.roleId) add.push({ kind: 'role', id: wish.roleId });
  if (wish.regionId !== undefined && wish.regionId !== now.regionId) add.push({ kind: 'region', id: wish.regionId });
  members('queue', wish.queueIds, now.queueIds);
  members('team', wish.teamIds, now.teamIds);
  if (wish.skills !== undefined) {
    const held = now.skills ?? new Map<string, number>();
    for (const [id, level] of wish.skills) {
      const current = held.get(id);
      if (current === level) continue;
      // Zoom answers 1405 to a skill the user has at any level: another level is a removal and an add.
      if (current !== undefined) remove.push({ kind: 'skill', id, level: current });
      add.push({ kind: 'skill', id, level });
    }
    if (exact) for (const [id, level] of held) if (!wish.skills.has(id)) remove.push({ kind: 'skill', id, level });
  }
  return { ok: true, change: { email: wish.email, profile: changedProfile(wish.profile, now.profile), add, remove } };
}

/** Whether a change sends nothing. */
export function isNoChange(change: AgentChange): boolean {
  return change.create === undefined && change.profile === undefined && change.add.length === 0 && change.remove.length === 0;
}

/** Unassignments of a change that take something away (a skill's new level replaces, and is not counted). */
export function removalsOf(change: AgentChange): readonly Assignment[] {
  return change.remove.filter((r) => !(r.kind === 'skill' && change.add.some((a) => a.kind === 'skill' && a.id === r.id)));
}
