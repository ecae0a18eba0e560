import type { RequestBody } from '../../zoom/operation-types.js';
import type { Handler } from '../context.js';
import { servePage } from '../paging.js';
import { ErrorReply } from '../reply.js';
import type { QueueRecord, RegionRecord, RoleRecord, SkillCategoryRecord, SkillRecord, TeamRecord } from '../roster-store.js';
import { skillView } from '../roster-views.js';
import { answerablePage, findCategory, findTeam, rosterListing, rosterWrite } from './roster-lookups.js';

/**
 * Handlers of what agents are assigned to: queues, teams, roles, skill categories and skills.
 * Tests and the demo create them through the API, as an admin would in the portal.
 */

const now = () => `${new Date().toISOString().slice(0, 19)}Z`;

/** Names are unique per kind, compared as Zoom's portal does: case-insensitively. */
function refuseTakenName(names: Iterable<string>, name: string, error: ErrorReply): void {
  for (const taken of names) if (taken.toLowerCase() === name.toLowerCase()) throw error;
}

export const queueCreate: Handler = rosterWrite(({ body, store }) => {
  const input = body as RequestBody<'queueCreate'>;
  const channel = input.channel === 'work_item' || input.channel === undefined ? 'voice' : input.channel;
  const queue: QueueRecord = { queue_id: store.newId(), queue_name: input.queue_name ?? '', queue_description: input.queue_description, channel };
  store.roster.queuesById.set(queue.queue_id, queue);
  return { status: 201, body: { ...queue, cc_queue_id: queue.queue_id, channel_types: [channel] } };
});

export const listQueues: Handler = rosterListing('listQueues', (ctx) => {
  const roster = ctx.store.roster;
  const page = servePage(answerablePage(ctx), [...roster.queuesById.values()]);
  const queues = page.items.map((q) => ({
    queue_id: q.queue_id,
    cc_queue_id: q.queue_id,
    queue_name: q.queue_name,
    agents_count: roster.queueAgents.get(q.queue_id)?.size ?? 0,
    supervisors_count: 0,
    channel: q.channel,
    last_modified_time: now(),
  }));
  return { status: 200, body: { next_page_token: page.next_page_token, page_size: page.page_size, total_records: page.total_records, queues } };
});

export const CreateTeam: Handler = rosterWrite(({ body, store }) => {
  const input = body as RequestBody<'CreateTeam'>;
  const parent = findTeam(store, input.parent_team_id);
  refuseTakenName(
    [...store.roster.teamsById.values()].map((t) => t.team_name),
    input.team_name,
    new ErrorReply(400, 4105, 'The team name can not be duplicated.'),
  );
  const team: TeamRecord = { team_id: store.newId(), team_name: input.team_name, team_description: input.team_description, parent_team_id: parent.team_id };
  store.roster.teamsById.set(team.team_id, team);
  return { status: 201, body: { ...team, parent_team_name: parent.team_name, created_time: now() } };
});

export const listTeams: Handler = rosterListing('listTeams', (ctx) => {
  const roster = ctx.store.roster;
  const parent = ctx.query['parent_team_id'];
  const name = ctx.query['team_name'];
  const teams = [...roster.teamsById.values()].filter(
    (t) => (typeof parent !== 'string' || t.parent_team_id === parent) && (typeof name !== 'string' || t.team_name === name),
  );
  const page = servePage(answerablePage(ctx), teams);
  const items = page.items.map((t) => {
    const parentTeam = t.parent_team_id === undefined ? undefined : roster.teamsById.get(t.parent_team_id);
    return {
      team_id: t.team_id,
      team_name: t.team_name,
      ...(t.team_description === undefined ? {} : { team_description: t.team_description }),
      ...(parentTeam === undefined ? {} : { parent_team_id: parentTeam.team_id, parent_team_name: parentTeam.team_name }),
    };
  });
  return { status: 200, body: { next_page_token: page.next_page_token, page_size: page.page_size, total_records: page.total_records, teams: items } };
});

export const createRole: Handler = rosterWrite(({ body, store }) => {
  const input = body as RequestBody<'createRole'>;
  const name = input.role_name ?? '';
  refuseTakenName(
    [...store.roster.rolesById.values()].map((r) => r.role_name),
    name,
    new ErrorReply(400, 2203, 'The role name already exists. Please change to a new one.'),
  );
  const role: RoleRecord = { role_id: store.newId(), role_name: name, role_description: input.role_description };
  store.roster.rolesById.set(role.role_id, role);
  return { status: 201, body: { ...role, privileges: { analytics_settings: [], administration_settings: [], general_settings: [] } } };
});

export const listRoles: Handler = rosterListing('listRoles', (ctx) => {
  const roster = ctx.store.roster;
  const page = servePage(answerablePage(ctx), [...roster.rolesById.values()]);
  const users = [...roster.usersById.values()];
  const roles = page.items.map((r) => ({ ...r, total_users: users.filter((u) => u.role_id === r.role_id).length, last_modified_time: now() }));
  return { status: 200, body: { next_page_token: page.next_page_token, page_size: page.page_size, total_records: page.total_records, roles } };
});

export const SkillCategoryCreate: Handler = rosterWrite(({ body, store }) => {
  const input = body as RequestBody<'SkillCategoryCreate'>;
  const type = input.skill_type ?? 'proficiency';
  const max = type === 'text' ? 1 : (input.max_proficiency_level ?? 5);
  if (max < 1 || max > 5) throw new ErrorReply(400, 1502, 'The skill category highest proficiency level is `5`, and the lowest level is `1`.');
  const category: SkillCategoryRecord = {
    skill_category_id: store.newId(),
    skill_category_name: input.skill_category_name ?? '',
    skill_category_description: input.skill_category_description,
    skill_type: type,
    max_proficiency_level: max,
  };
  store.roster.categoriesById.set(category.skill_category_id, category);
  return { status: 201, body: { ...category, last_modified_time: now() } };
});

export const listSkillCategory: Handler = rosterListing('listSkillCategory', (ctx) => {
  const page = servePage(answerablePage(ctx), [...ctx.store.roster.categoriesById.values()]);
  return { status: 200, body: { next_page_token: page.next_page_token, page_size: page.page_size, skill_categories: page.items.map((c) => ({ ...c, total_agent_routing_profiles: 0 })) } };
});

export const skillCreate: Handler = rosterWrite(({ body, store }) => {
  const input = body as RequestBody<'skillCreate'>;
  const category = findCategory(store, input.skill_category_id ?? '');
  const name = input.skill_name ?? '';
  refuseTakenName(
    [...store.roster.skillsById.values()].filter((s) => s.skill_category_id === category.skill_category_id).map((s) => s.skill_name),
    name,
    new ErrorReply(400, 1502, 'Skill name already exists. You must select a different name.'),
  );
  const skill: SkillRecord = { skill_id: store.newId(), skill_name: name, skill_category_id: category.skill_category_id };
  store.roster.skillsById.set(skill.skill_id, skill);
  return { status: 201, body: { ...skillView(category, skill), total_users: 0, last_modified_time: now() } };
});

export const listSkills: Handler = rosterListing('listSkills', (ctx) => {
  const roster = ctx.store.roster;
  const category = ctx.query['skill_category_id'];
  const skills = [...roster.skillsById.values()].filter((s) => typeof category !== 'string' || s.skill_category_id === category);
  const page = servePage(answerablePage(ctx), skills);
  const holders = (skillId: string) => [...roster.userSkills.values()].filter((m) => m.has(skillId)).length;
  const items = page.items.map((s) => ({ ...skillView(roster.categoriesById.get(s.skill_category_id)!, s), total_users: holders(s.skill_id), last_modified_time: now() }));
  return { status: 200, body: { next_page_token: page.next_page_token, page_size: page.page_size, total_records: page.total_records, skills: items } };
});

export const CreateARegion: Handler = rosterWrite(({ body, store }) => {
  const input = body as RequestBody<'CreateARegion'>;
  store.roster.seed();
  const region: RegionRecord = { region_id: store.newId(), region_name: input.region_name ?? '', is_main_region: false };
  store.roster.regionsById.set(region.region_id, region);
  return { status: 200, body: { region_id: region.region_id, region_name: region.region_name, ...(input.sip_zone_id === undefined ? {} : { sip_zone_id: input.sip_zone_id }) } };
});

export const ListRegions: Handler = rosterListing('ListRegions', (ctx) => {
  const roster = ctx.store.roster;
  roster.seed();
  const page = servePage(answerablePage(ctx), [...roster.regionsById.values()]);
  const users = [...roster.usersById.values()];
  const regions = page.items.map((r) => ({ ...r, users_count: users.filter((u) => u.region_id === r.region_id).length, last_modified_time: now() }));
  return { status: 200, body: { next_page_token: page.next_page_token, page_size: page.page_size, total_records: page.total_records, regions } };
});
