import { NameIndex, type NamedItem } from '../transforms/roster-names.js';
import type { RosterCatalogue, RosterProfile } from '../transforms/roster-row.js';
import type { AgentNow } from '../transforms/roster-diff.js';
import type { ContactCenterClient } from '../zoom/client.js';

/** The account's roster as a run reads it before it sends anything. */
export interface RosterState {
  readonly catalogue: RosterCatalogue;
  /** Every Contact Center user, by lower-case e-mail. */
  readonly agents: ReadonlyMap<string, AgentNow>;
  /** Assignments read (queue and team memberships, and the skills of the users whose skills were read): the base of `--max-unassign`'s share. */
  readonly assignmentsRead: number;
}

/** Collects an async listing. */
async function all<T>(items: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const item of items) out.push(item);
  return out;
}

/** Runs `work` over `items`, `width` at a time (the client paces each request by its label). */
async function eachOf<T>(items: readonly T[], width: number, work: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const lanes = Array.from({ length: Math.min(width, items.length) }, async () => {
    while (next < items.length) await work(items[next++]!);
  });
  await Promise.all(lanes);
}

/**
 * Reads the account's roster: its queues, teams, roles and skills (names to resolve the file's
 * once), every Contact Center user with its role and profile, every queue's and team's agents,
 * and the skills of the users `skillsOf` says (one request each: Zoom lists a user's skills with
 * their proficiency, not a skill's users with theirs).
 */
export async function readRosterState(client: ContactCenterClient, skillsOf: (email: string) => boolean, width = 8): Promise<RosterState> {
  const [users, queues, teams, roles, skills, regions] = await Promise.all([
    all(client.listCcUsers()),
    all(client.listQueues()),
    all(client.listTeams()),
    all(client.listRoles()),
    all(client.listSkills()),
    all(client.listRegions()),
  ]);
  const named = <T>(items: readonly T[], id: (t: T) => string | undefined, name: (t: T) => string | undefined): NamedItem[] =>
    items.flatMap((t) => (id(t) === undefined ? [] : [{ id: id(t)!, name: name(t) ?? '' }]));
  const catalogue: RosterCatalogue = {
    queues: new NameIndex('queue', named(queues, (q) => q.queue_id, (q) => q.queue_name)),
    // The root team holds the account's teams; agents are assigned to the teams under it.
    teams: new NameIndex('team', named(teams.filter((t) => t.parent_team_id !== undefined && t.parent_team_id !== ''), (t) => t.team_id, (t) => t.team_name)),
    roles: new NameIndex('role', named(roles, (r) => r.role_id, (r) => r.role_name)),
    skills: new NameIndex('skill', named(skills, (s) => s.skill_id, (s) => s.skill_name)),
    regions: new NameIndex('region', named(regions, (r) => r.region_id, (r) => r.region_name)),
    skillLevels: new Map(skills.map((s) => [s.skill_id ?? '', { max: s.skill_type === 'text' ? 1 : (s.max_proficiency_level ?? 5), levels: s.skill_type !== 'text' }])),
  };
  const byCcId = new Map<string, string>();
  const queueIds = new Map<string, Set<string>>();
  const teamIds = new Map<string, Set<string>>();
  const skillsHeld = new Map<string, Map<string, number>>();
  for (const user of users) {
    const email = (user.user_email ?? '').toLowerCase();
    byCcId.set(user.cc_user_id ?? '', email);
    queueIds.set(email, new Set());
    teamIds.set(email, new Set());
  }
  let assignmentsRead = 0;
  const memberOf = (held: Map<string, Set<string>>, email: string | undefined, id: string) => {
    const set = email === undefined ? undefined : held.get(email.toLowerCase());
    if (set === undefined) return;
    set.add(id);
    assignmentsRead++;
  };
  await eachOf(queues, width, async (queue) => {
    for await (const agent of client.listQueueAgents(queue.queue_id!)) memberOf(queueIds, agent.user_email ?? byCcId.get(agent.cc_user_id ?? ''), queue.queue_id!);
  });
  await eachOf(
    teams.filter((t) => t.parent_team_id !== undefined && t.parent_team_id !== ''),
    width,
    async (team) => {
      for await (const agent of client.listTeamAgents(team.team_id!)) memberOf(teamIds, agent.user_email ?? byCcId.get(agent.cc_user_id ?? ''), team.team_id!);
    },
  );
  const readSkills = users.filter((u) => skillsOf((u.user_email ?? '').toLowerCase()));
  await eachOf(readSkills, width, async (user) => {
    const held = new Map<string, number>();
    for await (const skill of client.listUserSkills(user.cc_user_id ?? user.user_email ?? '')) held.set(skill.skill_id ?? '', skill.user_proficiency_level ?? 1);
    skillsHeld.set((user.user_email ?? '').toLowerCase(), held);
    assignmentsRead += held.size;
  });
  const agents = new Map<string, AgentNow>();
  for (const user of users) {
    const email = (user.user_email ?? '').toLowerCase();
    const profile: RosterProfile = {
      country_iso_code: user.country_iso_code,
      user_access: user.user_access,
      package_name: user.package_name,
      client_integration: user.client_integration,
    };
    agents.set(email, {
      email,
      displayName: user.display_name,
      ccUserId: user.cc_user_id ?? '',
      roleId: user.role_id ?? '',
      regionId: user.region_id,
      queueIds: queueIds.get(email)!,
      teamIds: teamIds.get(email)!,
      skills: skillsHeld.get(email),
      profile,
    });
  }
  return { catalogue, agents, assignmentsRead };
}
