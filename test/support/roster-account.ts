import type { ContactCenterClient } from '../../src/zoom/client.js';

/** What a test account's roster holds, by name → id. */
export interface RosterAccount {
  readonly queues: Record<string, string>;
  readonly teams: Record<string, string>;
  readonly roles: Record<string, string>;
  readonly skills: Record<string, string>;
  readonly regions: Record<string, string>;
}

/**
 * Creates queues, teams (under the account's root team), roles, regions and skills (in one proficiency
 * category, levels 1–5) through the API, as an admin would in the portal.
 */
export async function createRosterAccount(
  client: ContactCenterClient,
  names: { queues?: readonly string[]; teams?: readonly string[]; roles?: readonly string[]; skills?: readonly string[]; regions?: readonly string[] },
): Promise<RosterAccount> {
  const category = await client.createSkillCategory({ skill_category_name: 'Languages', skill_type: 'proficiency', max_proficiency_level: 5 });
  const queues: Record<string, string> = {};
  for (const queue_name of names.queues ?? []) queues[queue_name] = (await client.createQueue({ queue_name, channel: 'voice' })).queue_id!;
  const root = await rootTeamId(client);
  const teams: Record<string, string> = {};
  for (const team_name of names.teams ?? []) teams[team_name] = (await client.createTeam({ team_name, parent_team_id: root })).team_id!;
  const roles: Record<string, string> = {};
  for await (const role of client.listRoles()) roles[role.role_name!] = role.role_id!;
  for (const role_name of names.roles ?? []) roles[role_name] = (await client.createRole({ role_name })).role_id!;
  const skills: Record<string, string> = {};
  for (const skill_name of names.skills ?? []) skills[skill_name] = (await client.createSkill({ skill_name, skill_category_id: category.skill_category_id! })).skill_id!;
  const regions: Record<string, string> = {};
  for (const region_name of names.regions ?? []) regions[region_name] = (await client.createRegion({ region_name })).region_id!;
  return { queues, teams, roles, skills, regions };
}

/** The account's root team: the one team without a parent. */
export async function rootTeamId(client: ContactCenterClient): Promise<string> {
  for await (const team of client.listTeams()) if (team.parent_team_id === undefined) return team.team_id!;
  throw new Error('the account has no root team');
}
