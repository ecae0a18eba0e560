import type { CcUserRecord, SkillCategoryRecord, SkillRecord } from './roster-store.js';
import type { EmulatorStore } from './store.js';

/** How the roster's listings show a user and a skill. */

/** A user as the user listings show it, with its role's name and its teams. */
export function userView(store: EmulatorStore, user: CcUserRecord) {
  const roster = store.roster;
  const teams = [...roster.teamAgents.entries()]
    .filter(([, agents]) => agents.has(user.cc_user_id))
    .slice(0, 20)
    .map(([teamId]) => ({ team_id: teamId, team_name: roster.teamsById.get(teamId)?.team_name ?? '' }));
  return {
    ...user,
    role_name: roster.rolesById.get(user.role_id)?.role_name ?? '',
    ...(user.region_id === undefined ? {} : { region_name: roster.regionsById.get(user.region_id)?.region_name ?? '' }),
    status_id: '1',
    status_name: 'Offline' as const,
    ...(teams.length > 0 ? { teams } : {}),
  };
}

/** A skill as the skill listings show it: with its category's type, levels and name. */
export function skillView(category: SkillCategoryRecord, skill: SkillRecord) {
  return {
    skill_id: skill.skill_id,
    skill_name: skill.skill_name,
    skill_type: category.skill_type,
    max_proficiency_level: category.max_proficiency_level as 1 | 2 | 3 | 4 | 5,
    skill_category_id: category.skill_category_id,
    skill_category_name: category.skill_category_name,
  };
}

