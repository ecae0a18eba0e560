import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator, type RunningEmulator } from '../../src/emulator/server.js';
import { ZoomApiError } from '../../src/zoom/api-error.js';
import { ContactCenterClient } from '../../src/zoom/client.js';
import { configFor } from '../support/emulator-client.js';
import { startPrismProxy, type PrismProxy } from '../support/prism.js';
import { createRosterAccount } from '../support/roster-account.js';

/** The roster endpoints through Prism as a validating proxy: every request and answer as the spec says. */
describe('contract: the roster endpoints', () => {
  let emulator: RunningEmulator;
  let prism: PrismProxy;
  let client: ContactCenterClient;

  beforeAll(async () => {
    emulator = await startEmulator({ seed: 29, checkResponses: true });
    prism = await startPrismProxy({ upstreamUrl: emulator.apiUrl });
    client = new ContactCenterClient({ ...configFor(emulator), apiUrl: prism.url }, { backoffBaseMs: 20 });
  }, 90_000);

  afterAll(async () => {
    await client?.close();
    await prism?.stop();
    await emulator?.close();
  });

  const failure = (promise: Promise<unknown>) => promise.then(() => undefined, (error: unknown) => error as ZoomApiError);

  it('creates users, assigns and unassigns them, and answers already-assigned and unknown ids in the spec’s words', async () => {
    const account = await createRosterAccount(client, { queues: ['Sales - EU', 'Support'], teams: ['Tier 1'], roles: ['Team lead'], skills: ['Spanish', 'Billing'], regions: ['EMEA'] });
    const created = await client.batchCreateUsers([{ user_email: 'ana.lopez@example.com' }, { user_email: 'bo.chen@example.com', role_id: account.roles['Team lead'] }]);
    expect(created.users?.map((u) => [u.user_email, u.display_name, u.role_name])).toEqual([
      ['ana.lopez@example.com', 'Ana Lopez', 'Agent'],
      ['bo.chen@example.com', 'Bo Chen', 'Team lead'],
    ]);
    // A second create of the same address, and an address that is no Zoom user, refuse the whole batch.
    expect((await failure(client.batchCreateUsers([{ user_email: 'cy@example.com' }, { user_email: 'ana.lopez@example.com' }])))?.zoomCode).toBe(1007);
    expect((await failure(client.batchCreateUsers([{ user_email: 'dee@elsewhere.org' }])))?.zoomCode).toBe(1001);
    expect([...emulator.store.roster.usersById.values()].map((u) => u.user_email)).toEqual(['ana.lopez@example.com', 'bo.chen@example.com']);

    const queue = account.queues['Sales - EU']!;
    const first = await client.assignQueueAgents(queue, ['ana.lopez@example.com', 'bo.chen@example.com', 'nobody@example.com']);
    expect(first.agents?.map((a) => a.user_email)).toEqual(['ana.lopez@example.com', 'bo.chen@example.com']);
    // Already assigned: left out of the answer, no error.
    expect((await client.assignQueueAgents(queue, ['ana.lopez@example.com'])).agents).toEqual([]);
    const agents = [];
    for await (const a of client.listQueueAgents(queue)) agents.push(a.user_email);
    expect(agents).toEqual(['ana.lopez@example.com', 'bo.chen@example.com']);
    await client.unassignQueueAgent(queue, 'bo.chen@example.com');
    expect((await failure(client.unassignQueueAgent(queue, 'bo.chen@example.com')))?.zoomCode).toBe(1001);
    expect((await failure(client.assignQueueAgents('no-such-queue', ['ana.lopez@example.com'])))?.zoomCode).toBe(1201);

    const team = account.teams['Tier 1']!;
    expect((await client.assignTeamAgents(team, ['ana.lopez@example.com', 'bo.chen@example.com'])).agents).toHaveLength(2);
    await client.unassignTeamAgents(team, ['bo.chen@example.com']);
    const teamAgents = [];
    for await (const a of client.listTeamAgents(team)) teamAgents.push(a.user_email);
    expect(teamAgents).toEqual(['ana.lopez@example.com']);

    expect((await client.assignRoleUsers(account.roles['Team lead']!, ['ana.lopez@example.com'])).users).toHaveLength(1);
    await client.batchUpdateUsers([{ user_id: 'ana.lopez@example.com', user_access: 'inactive', role_id: account.roles['Agent']! }]);
    expect((await failure(client.batchUpdateUsers([{ user_id: 'zed@example.com', user_access: 'inactive' }])))?.zoomCode).toBe(1001);

    await client.assignUserSkills('ana.lopez@example.com', [{ skill_id: account.skills['Spanish']!, max_proficiency_level: 4 }]);
    expect((await failure(client.assignUserSkills('ana.lopez@example.com', [{ skill_id: account.skills['Spanish']!, max_proficiency_level: 4 }])))?.zoomCode).toBe(1405);
    expect((await failure(client.assignUserSkills('ana.lopez@example.com', [{ skill_id: account.skills['Billing']!, max_proficiency_level: 9 }])))?.zoomCode).toBe(1407);
    const skills = [];
    for await (const s of client.listUserSkills('ana.lopez@example.com')) skills.push([s.skill_name, s.user_proficiency_level]);
    expect(skills).toEqual([['Spanish', 4]]);
    await client.unassignUserSkill('ana.lopez@example.com', account.skills['Spanish']!);
    expect((await failure(client.unassignUserSkill('ana.lopez@example.com', account.skills['Spanish']!)))?.zoomCode).toBe(1404);

    const users = [];
    for await (const u of client.listCcUsers()) users.push([u.user_email, u.role_name, u.user_access]);
    expect(users).toEqual([
      ['ana.lopez@example.com', 'Agent', 'inactive'],
      ['bo.chen@example.com', 'Team lead', 'active'],
    ]);
    await client.assignRegionUsers(account.regions['EMEA']!, ['bo.chen@example.com']);
    const regions = [];
    for await (const r of client.listRegions()) regions.push([r.region_name, r.users_count]);
    expect(regions).toEqual([['Main region', 1], ['EMEA', 1]]);
    await client.batchDeleteUsers(['bo.chen@example.com']);
    for await (const _ of client.listQueues());
    for await (const _ of client.listSkills());
    const found = prism.violations();
    expect(found.map((v) => `${v.severity} ${v.method} ${v.path} ${v.location.join('.')}: ${v.message}`)).toEqual([]);
  }, 60_000);

  it('refuses a batch of more users than the spec allows before it is sent', () => {
    const many = Array.from({ length: 21 }, (_, i) => ({ user_email: `u${i}@example.com` }));
    expect(() => client.batchCreateUsers(many)).toThrow('BatchCreateUsers takes 1 to 20 items, got 21');
  });
});
