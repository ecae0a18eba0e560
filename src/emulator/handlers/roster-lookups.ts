import { catalogueHandler } from '../catalogue/catalogue-handler.js';
import type { Handler, RequestContext } from '../context.js';
import { specOperation } from '../spec.js';
import { ErrorReply } from '../reply.js';
import type { CcUserRecord, QueueRecord, RoleRecord, SkillCategoryRecord, TeamRecord } from '../roster-store.js';
import type { EmulatorStore } from '../store.js';

/**
 * A roster listing: served from the emulated account once its roster was written, and from the
 * spec's schema before (the catalogue exports' items), so an account nobody gave agents to
 * exports as it always did.
 */
export function rosterListing(operationId: string, handler: Handler): Handler {
  const catalogue = catalogueHandler(operationId);
  return (ctx) => (ctx.store.roster.active || catalogue === undefined ? handler(ctx) : catalogue(ctx));
}

/** A roster write: marks the roster written (and seeds its roles and root team) before it runs. */
export function rosterWrite(handler: Handler): Handler {
  return (ctx) => {
    ctx.store.roster.activate();
    return handler(ctx);
  };
}

/** The queue `key` names (by id, or by name when `byName`), or Zoom's 404 1201. */
export function findQueue(store: EmulatorStore, key: string, byName = false): QueueRecord {
  const matches = [...store.roster.queuesById.values()].filter((q) => (byName ? q.queue_name === key : q.queue_id === key));
  if (matches.length > 1) throw new ErrorReply(400, 1244, 'More than one matching queue found.');
  if (matches[0] === undefined) throw new ErrorReply(404, 1201, `Queue does not exist: ${key}.`);
  return matches[0];
}

/** The team `teamId` names, or Zoom's 400 4102. */
export function findTeam(store: EmulatorStore, teamId: string): TeamRecord {
  store.roster.seed();
  const team = store.roster.teamsById.get(teamId);
  if (team === undefined) throw new ErrorReply(400, 4102, 'The team does not exist.');
  return team;
}

/** The role `key` names (by id, or by name when `byName`), or Zoom's 404 2201. */
export function findRole(store: EmulatorStore, key: string, byName = false): RoleRecord {
  store.roster.seed();
  const matches = [...store.roster.rolesById.values()].filter((r) => (byName ? r.role_name === key : r.role_id === key));
  if (matches.length > 1) throw new ErrorReply(400, 2210, 'More than one matching role found.');
  if (matches[0] === undefined) throw new ErrorReply(404, 2201, `Role does not exist: ${key}.`);
  return matches[0];
}

/** The skill category `id` names, or Zoom's 404 1501. */
export function findCategory(store: EmulatorStore, id: string): SkillCategoryRecord {
  const category = store.roster.categoriesById.get(id);
  if (category === undefined) throw new ErrorReply(404, 1501, `Skill category does not exist: ${id}.`);
  return category;
}

/** The Contact Center user `key` names (cc_user_id, Zoom user id or e-mail), or Zoom's 404 1001. */
export function findUser(store: EmulatorStore, key: string): CcUserRecord {
  const user = store.roster.findUser(key);
  if (user === undefined) throw new ErrorReply(404, 1001, `User does not exist: ${key}.`);
  return user;
}

/**
 * The request with its page_size cut to what the operation's answer may report: some listings
 * (teams, queue agents) take a page_size of 300 and answer at most 100.
 */
export function answerablePage(ctx: RequestContext): RequestContext {
  const schema = specOperation(ctx.operationId).responseSchemas.get(200);
  const max = ((schema?.['properties'] as Record<string, Record<string, unknown>> | undefined)?.['page_size']?.['maximum']) as number | undefined;
  const asked = ctx.query['page_size'];
  return typeof asked === 'number' && max !== undefined && asked > max ? { ...ctx, query: { ...ctx.query, page_size: max } } : ctx;
}
