import { differingFields } from './before-image.js';
import type { SyncFields } from './contact-digest.js';
import type { AgentChange, AgentNow, Assignment } from './roster-diff.js';
import type { RosterProfile } from './roster-row.js';

/**
 * An agent as the undo's target-neutral {@link SyncFields}: its address the one e-mail, and what
 * it is assigned to as named values — `role` and `region` (ids), `profile:<field>`, and one
 * `queue:<id>`, `team:<id>` ('1') or `skill:<id>` (its proficiency) per assignment, absent when
 * not assigned. So a roster run's before-images, the undo's checks ("changed since the run") and
 * its restores are those of every other target, key by key.
 */
export function agentFields(agent: AgentNow): SyncFields {
  const custom: Record<string, string> = {};
  if (agent.roleId !== '') custom.role = agent.roleId;
  if (agent.regionId !== undefined && agent.regionId !== '') custom.region = agent.regionId;
  setProfile(custom, agent.profile);
  for (const id of agent.queueIds) custom[`queue:${id}`] = '1';
  for (const id of agent.teamIds) custom[`team:${id}`] = '1';
  for (const [id, level] of agent.skills ?? []) custom[`skill:${id}`] = String(level);
  return { scalars: {}, phones: [], emails: [agent.email], custom };
}

/**
 * An agent's fields once `change` is applied to `before` (an agent's {@link agentFields}, or
 * nothing for a user the change creates): what the run leaves, as far as the run knows it — a
 * user created without a role, region or profile field holds whatever Zoom gives it, unknown here.
 */
export function fieldsAfter(before: SyncFields | undefined, change: AgentChange): SyncFields {
  const custom: Record<string, string> = { ...before?.custom };
  if (change.create !== undefined) {
    if (change.create.roleId !== undefined) custom.role = change.create.roleId;
    setProfile(custom, change.create.profile);
  }
  setProfile(custom, change.profile ?? {});
  for (const a of change.remove) delete custom[keyOf(a)];
  for (const a of change.add) {
    if (a.kind === 'role' || a.kind === 'region') custom[a.kind] = a.id;
    else custom[keyOf(a)] = a.kind === 'skill' ? String(a.level ?? 1) : '1';
  }
  return { scalars: {}, phones: [], emails: [change.email], custom };
}

/**
 * Where an agent now and what a roster run left (or found) differ, as `differingFields` says:
 * a role, region or profile field the run's side does not hold is one it did not know, and is
 * not compared (an assignment it does not hold is one the agent did not have, and is).
 */
export function agentDiffering(now: SyncFields, run: SyncFields, only?: ReadonlySet<string>): string[] {
  const custom = Object.fromEntries(Object.entries(now.custom).filter(([key]) => !isSetting(key) || key in run.custom));
  return differingFields({ ...now, custom }, run, only);
}

/** The assignments and settings `custom` (an update's restoring values) holds, by field: what the undo sends. */
export type AgentSetting =
  | { readonly kind: 'queue' | 'team'; readonly id: string; readonly member: boolean }
  | { readonly kind: 'skill'; readonly id: string; readonly level: number | undefined }
  | { readonly kind: 'role'; readonly id: string }
  | { readonly kind: 'region'; readonly id: string }
  | { readonly kind: 'profile'; readonly field: keyof RosterProfile; readonly value: string };

/** The settings of `custom` (`{ 'queue:q1': '', role: 'r2' }` → leave queue q1, take role r2). */
export function settingsOf(custom: Readonly<Record<string, string>>): AgentSetting[] {
  return Object.entries(custom).map(([key, value]): AgentSetting => {
    const colon = key.indexOf(':');
    const kind = colon < 0 ? key : key.slice(0, colon);
    const id = key.slice(colon + 1);
    if (kind === 'queue' || kind === 'team') return { kind, id, member: value !== '' };
    if (kind === 'skill') return { kind, id, level: value === '' ? undefined : Number(value) };
    if (kind === 'profile') return { kind, field: id as keyof RosterProfile, value };
    return { kind: kind === 'role' ? 'role' : 'region', id: value };
  });
}

const isSetting = (key: string) => key === 'role' || key === 'region' || key.startsWith('profile:');

const keyOf = (a: Assignment) => `${a.kind}:${a.id}`;

function setProfile(custom: Record<string, string>, profile: RosterProfile): void {
  for (const [field, value] of Object.entries(profile)) if (value !== undefined) custom[`profile:${field}`] = String(value);
}
