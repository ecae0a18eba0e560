import type { RequestBody } from '../../zoom/operation-types.js';
import type { Handler } from '../context.js';
import { servePage } from '../paging.js';
import { ErrorReply } from '../reply.js';
import type { CcUserRecord } from '../roster-store.js';
import type { EmulatorStore } from '../store.js';
import { answerablePage, findQueue, findRole, findTeam, findUser, rosterListing, rosterWrite } from './roster-lookups.js';
import { skillView, userView } from '../roster-views.js';

/**
 * Handlers of what agents are assigned to. The assign endpoints answer with the users they
 * assigned: an unknown id, or a user already assigned, is left out of the answer without an
 * error (Zoom's words for the queue and team endpoints), so a request sent twice is harmless.
 * A user's skills are the exception: one already assigned fails the request with 1405.
 */

/** The Contact Center users a request's `user_ids` name, each once; unknown ones left out. */
function known(store: EmulatorStore, ids: readonly string[] | undefined): CcUserRecord[] {
  const found = new Map<string, CcUserRecord>();
  for (const id of ids ?? []) {
    const user = store.roster.findUser(id);
    if (user !== undefined) found.set(user.cc_user_id, user);
  }
  return [...found.values()];
}

/** The members of `key` in `map`, made empty on first use. */
function membersOf(map: Map<string, Set<string>>, key: string): Set<string> {
  let members = map.get(key);
  if (members === undefined) map.set(key, (members = new Set()));
  return members;
}

export const assignQueueAgents: Handler = rosterWrite(({ params, body, store }) => {
  const queue = findQueue(store, params['queueId'] ?? '');
  const agents = membersOf(store.roster.queueAgents, queue.queue_id);
  const added = known(store, (body as RequestBody<'assignQueueAgents'>).user_ids).filter((u) => !agents.has(u.cc_user_id));
  for (const user of added) agents.add(user.cc_user_id);
  const view = added.map((u) => {
    const { teams: _teams, ...rest } = userView(store, u);
    return { ...rest, opt_in_out_status: 0 as const };
  });
  return { status: 201, body: { agents: view.map(({ user_id, cc_user_id, display_name, user_email, role_id, role_name, status_id, status_name, user_access, opt_in_out_status }) => ({ user_id, cc_user_id, display_name, user_email, role_id, role_name, status_id, status_name, user_access, opt_in_out_status })) } };
});

export const getQueueAgents: Handler = rosterListing('getQueueAgents', (ctx) => {
  const store = ctx.store;
  const queue = findQueue(store, ctx.params['queueId'] ?? '', ctx.query['queue_identifier_type'] === 'name');
  const agents = [...(store.roster.queueAgents.get(queue.queue_id) ?? [])].map((id) => store.roster.usersById.get(id)!);
  const page = servePage(answerablePage(ctx), agents);
  const items = page.items.map((u) => {
    const view = userView(store, u);
    return {
      user_id: view.user_id,
      cc_user_id: view.cc_user_id,
      display_name: view.display_name,
      user_email: view.user_email,
      role_id: view.role_id,
      role_name: view.role_name,
      status_id: view.status_id,
      status_name: view.status_name,
      user_access: view.user_access,
      opt_in_out_status: 0 as const,
      ...(view.teams === undefined ? {} : { teams: view.teams }),
    };
  });
  return { status: 200, body: { next_page_token: page.next_page_token, page_size: page.page_size, total_records: page.total_records, agents: items } };
});

/** `DELETE /queues/{queueId}/agents/{userId}`: 1001 when the user is not an agent of the queue. */
export const deleteQueueAgent: Handler = rosterWrite(({ params, store }) => {
  const queue = findQueue(store, params['queueId'] ?? '');
  const user = findUser(store, params['userId'] ?? '');
  const agents = store.roster.queueAgents.get(queue.queue_id);
  if (agents?.has(user.cc_user_id) !== true) throw new ErrorReply(404, 1001, `User does not exist: ${params['userId']}.`);
  agents.delete(user.cc_user_id);
  return { status: 204 };
});

export const assignTeamAgents: Handler = rosterWrite(({ params, body, store }) => {
  const team = findTeam(store, params['teamId'] ?? '');
  const agents = membersOf(store.roster.teamAgents, team.team_id);
  const added = known(store, (body as RequestBody<'assignTeamAgents'>).user_ids).filter((u) => !agents.has(u.cc_user_id));
  for (const user of added) agents.add(user.cc_user_id);
  const assigned_time = `${new Date().toISOString().slice(0, 19)}Z`;
  return {
    status: 201,
    body: { agents: added.map((u) => ({ user_id: u.user_id, cc_user_id: u.cc_user_id, user_display_name: u.display_name, user_email: u.user_email, assigned_time })) },
  };
});

export const listTeamAgents: Handler = rosterListing('listTeamAgents', (ctx) => {
  const store = ctx.store;
  const team = findTeam(store, ctx.params['teamId'] ?? '');
  const agents = [...(store.roster.teamAgents.get(team.team_id) ?? [])].map((id) => store.roster.usersById.get(id)!);
  const page = servePage(answerablePage(ctx), agents);
  const items = page.items.map((u) => ({ user_id: u.user_id, user_display_name: u.display_name, user_email: u.user_email, cc_user_id: u.cc_user_id }));
  return { status: 200, body: { next_page_token: page.next_page_token, page_size: page.page_size, total_records: page.total_records, agents: items } };
});

/** `DELETE /teams/{teamId}/agents?user_ids=…`: all or nothing; a user not on the team is no error. */
export const unassignTeamAgents: Handler = rosterWrite(({ params, query, store }) => {
  const team = findTeam(store, params['teamId'] ?? '');
  const raw = query['user_ids'];
  const ids = (Array.isArray(raw) ? raw.map(String) : String(raw ?? '').split(',')).filter((id) => id !== '');
  const agents = store.roster.teamAgents.get(team.team_id);
  for (const user of known(store, ids)) agents?.delete(user.cc_user_id);
  return { status: 204 };
});

/** `POST /roles/{roleId}/users`: a user has one role, so assigning one replaces the user's last. */
export const assignRoleUsers: Handler = rosterWrite(({ params, body, store }) => {
  const role = findRole(store, params['roleId'] ?? '');
  const moved = known(store, (body as RequestBody<'assignRoleUsers'>).user_ids).filter((u) => u.role_id !== role.role_id);
  for (const user of moved) user.role_id = role.role_id;
  return { status: 201, body: { users: moved.map((u) => ({ user_id: u.user_id, cc_user_id: u.cc_user_id, display_name: u.display_name, user_email: u.user_email })) } };
});

export const getRoleUsers: Handler = rosterListing('getRoleUsers', (ctx) => {
  const store = ctx.store;
  const role = findRole(store, ctx.params['roleId'] ?? '', ctx.query['role_identifier_type'] === 'name');
  const holders = [...store.roster.usersById.values()].filter((u) => u.role_id === role.role_id);
  const page = servePage(answerablePage(ctx), holders);
  const items = page.items.map((u) => ({ user_id: u.user_id, cc_user_id: u.cc_user_id, display_name: u.display_name, user_email: u.user_email }));
  return { status: 200, body: { next_page_token: page.next_page_token, page_size: page.page_size, total_records: page.total_records, users: items } };
});

/**
 * `POST /users/{userId}/skills`: all or nothing. 1401 names skills that do not exist, 1405 the
 * first one the user already has (whatever its level), 1407 a level above its category's.
 */
export const assignSkills: Handler = rosterWrite(({ params, body, store }) => {
  const user = findUser(store, params['userId'] ?? '');
  const roster = store.roster;
  const skills = (body as RequestBody<'assignSkills'>).skills ?? [];
  const missing = skills.filter((s) => !roster.skillsById.has(s.skill_id ?? '')).map((s) => s.skill_id);
  if (missing.length > 0) throw new ErrorReply(404, 1401, `Skills do not exist: ${missing.join(',')}.`);
  const held = roster.userSkills.get(user.cc_user_id) ?? new Map<string, number>();
  const levels = new Map<string, number>();
  for (const s of skills) {
    const id = s.skill_id!;
    if (held.has(id) || levels.has(id)) throw new ErrorReply(400, 1405, `Skill assignment already exists: ${id}.`);
    const category = roster.categoriesById.get(roster.skillsById.get(id)!.skill_category_id)!;
    const level = category.skill_type === 'text' ? 1 : (s.max_proficiency_level ?? 1);
    if (level < 1 || level > category.max_proficiency_level) throw new ErrorReply(400, 1407, `Invalid proficiency level for skill assignment: ${id}.`);
    levels.set(id, level);
  }
  for (const [id, level] of levels) held.set(id, level);
  roster.userSkills.set(user.cc_user_id, held);
  return { status: 201 };
});

export const ListAUserSkills: Handler = rosterListing('ListAUserSkills', (ctx) => {
  const store = ctx.store;
  const user = findUser(store, ctx.params['userId'] ?? '');
  const roster = store.roster;
  const held = [...(roster.userSkills.get(user.cc_user_id) ?? [])].map(([id, level]) => {
    const skill = roster.skillsById.get(id)!;
    return { ...skillView(roster.categoriesById.get(skill.skill_category_id)!, skill), user_proficiency_level: level };
  });
  const page = servePage(answerablePage(ctx), held);
  return { status: 200, body: { next_page_token: page.next_page_token, page_size: page.page_size, total_records: page.total_records, skills: page.items } };
});

/** `DELETE /users/{userId}/skills/{skillId}`: 1404 when the user does not have the skill. */
export const deleteASkill: Handler = rosterWrite(({ params, store }) => {
  const user = findUser(store, params['userId'] ?? '');
  const skillId = params['skillId'] ?? '';
  const held = store.roster.userSkills.get(user.cc_user_id);
  if (held?.has(skillId) !== true) throw new ErrorReply(404, 1404, `Skill assignment not found: ${skillId}.`);
  held.delete(skillId);
  return { status: 204 };
});

/** `POST /regions/{regionId}/users`: up to 20 users move to the region (a user is in one); 1017 for a region that does not exist. */
export const AssignUsersToARegion: Handler = rosterWrite(({ params, body, store }) => {
  store.roster.seed();
  const region = store.roster.regionsById.get(params['regionId'] ?? '');
  if (region === undefined) throw new ErrorReply(404, 1017, `Region does not exist: ${params['regionId']}.`);
  for (const user of known(store, (body as RequestBody<'AssignUsersToARegion'>).user_ids)) user.region_id = region.region_id;
  return { status: 201 };
});
