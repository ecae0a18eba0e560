import { dispositionOf } from '../errors.js';
import { settingsOf, type AgentSetting } from '../transforms/agent-fields.js';
import type { SyncFields } from '../transforms/contact-digest.js';
import type { RosterProfile } from '../transforms/roster-row.js';
import { ZoomApiError } from '../zoom/api-error.js';
import type { ContactCenterClient } from '../zoom/client.js';
import { done, refused, wholeBatch, type RowVerdict } from './row-verdict.js';

/** Zoom's answers to an unassignment of what is not there (not in the queue, no such skill): done. */
const NOT_THERE = { queue: 1001, skill: 1404 } as const;

/**
 * The roster undo's writes, agent by agent (an undo puts back a few agents' assignments, not an
 * intake): Contact Center users removed 20 a request; an agent's assignments and settings put
 * back as its undo says (`queue:<id>` '' leaves the queue, '1' joins it; a skill is taken away,
 * then given at its former level; a role or region is given back); a removed user made a Contact
 * Center user again with its role and profile, then given its queues, teams, skills and region.
 * Agents are named by e-mail, as the run named them. A refusal of one part fails the agent, naming
 * what was refused (the rest of it is done); anything else (a daily limit, lost credentials) is
 * thrown and stops the undo resumably.
 */
export class AgentRestorer {
  constructor(private readonly client: ContactCenterClient) {}

  /** Removes Contact Center users by their ids (their Zoom users stay, with nothing assigned). */
  async remove(ids: readonly string[]): Promise<RowVerdict[]> {
    const verdicts: RowVerdict[] = [];
    for (let i = 0; i < ids.length; i += 20) {
      const part = ids.slice(i, i + 20);
      try {
        await this.client.batchDeleteUsers(part);
        verdicts.push(...part.map(() => done('deleted')));
      } catch (error) {
        verdicts.push(...wholeBatch(error, part.length));
      }
    }
    return verdicts;
  }

  /** Puts each agent's `custom` settings (an update's restoring values) back. */
  async restore(items: readonly { readonly before: SyncFields; readonly custom: Readonly<Record<string, string>> }[]): Promise<RowVerdict[]> {
    const verdicts: RowVerdict[] = [];
    for (const { before, custom } of items) verdicts.push(verdictOf(await this.apply(before.emails[0] ?? '', settingsOf(custom)), done('restored')));
    return verdicts;
  }

  /** Makes each agent a Contact Center user again, as `fields` held it; the verdict's id is its new one. */
  async recreate(items: readonly SyncFields[]): Promise<RowVerdict[]> {
    const verdicts: RowVerdict[] = [];
    for (const fields of items) {
      const email = fields.emails[0] ?? '';
      const settings = settingsOf(fields.custom);
      const role = settings.find((s): s is Extract<AgentSetting, { kind: 'role' }> => s.kind === 'role');
      let id: string | undefined;
      try {
        const answer = await this.client.batchCreateUsers([{ user_email: email, ...(role === undefined ? {} : { role_id: role.id }), ...profileOf(settings) }]);
        id = answer.users?.[0]?.cc_user_id;
      } catch (error) {
        verdicts.push(...wholeBatch(error, 1));
        continue;
      }
      const rest = settings.filter((s) => s.kind !== 'role' && s.kind !== 'profile');
      verdicts.push(verdictOf(await this.apply(email, rest), done('re-created', id)));
    }
    return verdicts;
  }

  /** Sends `settings` for one agent; what Zoom refused, in words. */
  private async apply(email: string, settings: readonly AgentSetting[]): Promise<string[]> {
    const problems: string[] = [];
    const attempt = async (what: string, call: () => Promise<unknown>) => {
      try {
        await call();
      } catch (error) {
        if (dispositionOf(error) !== 'reject-batch') throw error;
        problems.push(`${what}: ${error instanceof ZoomApiError ? (error.zoomMessage ?? error.message) : (error as Error).message}`);
      }
    };
    const profile = profileOf(settings);
    const blank = settings.filter((s): s is Extract<AgentSetting, { kind: 'profile' }> => s.kind === 'profile' && s.value === '');
    for (const s of blank) problems.push(`profile:${s.field}: had no value before the run, and Zoom cannot clear it`);
    if (Object.keys(profile).length > 0) await attempt('profile', () => this.client.batchUpdateUsers([{ user_id: email, ...profile }]));
    for (const s of settings) {
      if (s.kind === 'queue') {
        await attempt(`queue ${s.id}`, () => (s.member ? this.client.assignQueueAgents(s.id, [email]) : notThere(() => this.client.unassignQueueAgent(s.id, email), NOT_THERE.queue)));
      } else if (s.kind === 'team') {
        await attempt(`team ${s.id}`, () => (s.member ? this.client.assignTeamAgents(s.id, [email]) : this.client.unassignTeamAgents(s.id, [email])));
      } else if (s.kind === 'skill') {
        await attempt(`skill ${s.id}`, async () => {
          // Zoom refuses a skill the user has at another level: it is taken away first.
          await notThere(() => this.client.unassignUserSkill(email, s.id), NOT_THERE.skill);
          if (s.level !== undefined) await this.client.assignUserSkills(email, [{ skill_id: s.id, max_proficiency_level: s.level }]);
        });
      } else if (s.kind === 'role' && s.id !== '') {
        await attempt(`role ${s.id}`, () => this.client.assignRoleUsers(s.id, [email]));
      } else if (s.kind === 'region' && s.id !== '') {
        await attempt(`region ${s.id}`, () => this.client.assignRegionUsers(s.id, [email]));
      }
    }
    return problems;
  }
}

/** The profile fields among `settings` that have a value, as `PATCH /users` and `POST /users/batch` take them. */
function profileOf(settings: readonly AgentSetting[]): RosterProfile {
  const profile: Record<string, string> = {};
  for (const s of settings) if (s.kind === 'profile' && s.value !== '') profile[s.field] = s.value;
  return profile as RosterProfile;
}

/** `ok`, or a refusal naming each part Zoom refused. */
function verdictOf(problems: readonly string[], ok: RowVerdict): RowVerdict {
  return problems.length === 0 ? ok : refused(`${problems.join('; ')} (the rest was put back)`);
}

/** Runs `call`, taking Zoom's `code` (what was to be removed is not there) as done. */
async function notThere(call: () => Promise<void>, code: number): Promise<void> {
  try {
    await call();
  } catch (error) {
    if (error instanceof ZoomApiError && error.zoomCode === code) return;
    throw error;
  }
}
