import type { RequestBody } from '../../zoom/operation-types.js';
import type { Handler } from '../context.js';
import { servePage } from '../paging.js';
import { ErrorReply } from '../reply.js';
import { zoomUserOf, type CcUserRecord } from '../roster-store.js';
import type { EmulatorStore } from '../store.js';
import { userView } from '../roster-views.js';
import { answerablePage, findRole, findUser, rosterListing, rosterWrite } from './roster-lookups.js';

/** Handlers of Contact Center users: listing, creating (one, or 20 a batch) and updating (20 a batch). */

type UserInput = NonNullable<RequestBody<'BatchCreateUsers'>['users']>[number];

/**
 * A new Contact Center user from one item of a create request, checked as Zoom checks it (the
 * Zoom user must exist and not be a Contact Center user yet; the role must exist); not stored.
 */
function newUser(store: EmulatorStore, input: UserInput): CcUserRecord {
  const key = input.user_email ?? input.user_id;
  if (key === undefined || key === '') throw new ErrorReply(400, 1009, 'User ID or user email cannot be empty at the same time.');
  if (store.roster.findUser(key) !== undefined) throw new ErrorReply(400, 1007, `User already exists: ${key}.`);
  const zoom = input.user_email === undefined ? undefined : zoomUserOf(input.user_email);
  if (zoom === undefined) throw new ErrorReply(404, 1001, `User does not exist: ${key}.`);
  const role = input.role_id === undefined ? store.roster.defaultRole() : findRole(store, input.role_id);
  return {
    user_id: zoom.user_id,
    cc_user_id: store.newId(),
    display_name: zoom.display_name,
    user_email: input.user_email!.toLowerCase(),
    role_id: role.role_id,
    region_id: store.roster.mainRegion().region_id,
    user_access: input.user_access ?? 'active',
    ...(input.country_iso_code === undefined ? {} : { country_iso_code: input.country_iso_code }),
    ...(input.client_integration === undefined ? {} : { client_integration: input.client_integration }),
    ...(input.package_name === undefined ? {} : { package_name: input.package_name }),
  };
}

export const createUser: Handler = rosterWrite(({ body, store }) => {
  const user = newUser(store, body as UserInput);
  store.roster.usersById.set(user.cc_user_id, user);
  return { status: 201, body: userView(store, user) };
});

/**
 * `POST /users/batch`: all or nothing, as Zoom's answer has no per-user outcome: the first user
 * that cannot be created fails the request with its code, naming the address (1007 already a
 * Contact Center user, 1001 no such Zoom user), and none is created.
 */
export const BatchCreateUsers: Handler = rosterWrite(({ body, store }) => {
  const inputs = (body as RequestBody<'BatchCreateUsers'>).users ?? [];
  const seen = new Set<string>();
  const made = inputs.map((input) => {
    const user = newUser(store, input);
    if (seen.has(user.user_email)) throw new ErrorReply(400, 1007, `User already exists: ${user.user_email}.`);
    seen.add(user.user_email);
    return user;
  });
  for (const user of made) store.roster.usersById.set(user.cc_user_id, user);
  return { status: 201, body: { users: made.map((u) => userView(store, u)) } };
});

/** `PATCH /users`: all or nothing; 1001 names the first user that does not exist, 2201 a role. */
export const BatchUpdateUsers: Handler = rosterWrite(({ body, store }) => {
  const inputs = (body as RequestBody<'BatchUpdateUsers'>).users ?? [];
  const changes = inputs.map((input) => {
    const key = input.user_id ?? input.user_email;
    if (key === undefined || key === '') throw new ErrorReply(400, 1009, 'Either user_id or email is required.');
    const user = findUser(store, key);
    if (input.role_id !== undefined) findRole(store, input.role_id);
    return { user, input };
  });
  for (const { user, input } of changes) {
    if (input.role_id !== undefined) user.role_id = input.role_id;
    if (input.user_access !== undefined) user.user_access = input.user_access;
    if (input.country_iso_code !== undefined) user.country_iso_code = input.country_iso_code;
    if (input.client_integration !== undefined) user.client_integration = input.client_integration;
    if (input.package_name !== undefined) user.package_name = input.package_name;
  }
  return { status: 204 };
});

/** `DELETE /users`: removes Contact Center users (their Zoom users stay) with their assignments. */
export const batchDeleteUsers: Handler = rosterWrite(({ query, store }) => {
  const roster = store.roster;
  const raw = query['user_ids'];
  const ids = (Array.isArray(raw) ? raw.map(String) : String(raw ?? '').split(',')).filter((id) => id !== '');
  for (const id of ids) {
    const user = roster.findUser(id);
    if (user === undefined) continue;
    roster.usersById.delete(user.cc_user_id);
    roster.userSkills.delete(user.cc_user_id);
    for (const agents of [...roster.queueAgents.values(), ...roster.teamAgents.values()]) agents.delete(user.cc_user_id);
  }
  return { status: 204 };
});

export const users: Handler = rosterListing('users', (ctx) => {
  const search = typeof ctx.query['search_key'] === 'string' ? ctx.query['search_key'].toLowerCase() : undefined;
  const access = ctx.query['user_access'];
  const all = [...ctx.store.roster.usersById.values()].filter(
    (u) =>
      (search === undefined || u.user_email.includes(search) || u.display_name.toLowerCase().includes(search)) &&
      (typeof access !== 'string' || u.user_access === access),
  );
  const page = servePage(answerablePage(ctx), all);
  return {
    status: 200,
    body: { next_page_token: page.next_page_token, page_size: page.page_size, total_records: page.total_records, users: page.items.map((u) => userView(ctx.store, u)) },
  };
});
