/**
 * The roster's promises as a property (bounded: a fixed seed and count; PROPERTY_SEED and
 * PROPERTY_RUNS run others): whatever the account holds and whatever the file says, a sync leaves
 * each listed agent with exactly the file's role, queues, teams and skills, and the same file
 * again sends no write; a create leaves each listed agent with at least the file's, and again
 * sends no write.
 */
import path from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator, type RunningEmulator } from '../../src/emulator/server.js';
import { parseJobRequest, runJob } from '../../src/pipelines/jobs.js';
import { ContactCenterClient } from '../../src/zoom/client.js';
import { configFor } from '../support/emulator-client.js';
import { tempDir, writeFile } from '../support/import-env.js';
import { createRosterAccount, type RosterAccount } from '../support/roster-account.js';

const seed = Number(process.env.PROPERTY_SEED ?? 2929);
const numRuns = Number(process.env.PROPERTY_RUNS ?? 8);

const QUEUES = ['Sales', 'Support', 'Billing'] as const;
const TEAMS = ['Tier 1', 'Tier 2'] as const;
const SKILLS = ['Spanish', 'French'] as const;
const ROLES = ['Agent', 'Team lead'] as const;

/** One agent's assignments, by name. */
interface Holding {
  readonly role: (typeof ROLES)[number];
  readonly queues: readonly string[];
  readonly teams: readonly string[];
  readonly skills: Readonly<Record<string, number>>;
}

const holding: fc.Arbitrary<Holding> = fc.record({
  role: fc.constantFrom(...ROLES),
  queues: fc.subarray([...QUEUES]),
  teams: fc.subarray([...TEAMS]),
  skills: fc.dictionary(fc.constantFrom(...SKILLS), fc.integer({ min: 1, max: 5 }), { maxKeys: 2 }),
});

/** Agents 0–4: what the account holds for some (undefined: not a Contact Center user), what the file says for some. */
const world = fc.array(fc.record({ before: fc.option(holding, { nil: undefined }), file: fc.option(holding, { nil: undefined }) }), { minLength: 1, maxLength: 5 });

let emulator: RunningEmulator;
let client: ContactCenterClient;
let dir: string;

beforeAll(async () => {
  emulator = await startEmulator({ seed });
  client = new ContactCenterClient(configFor(emulator), { backoffBaseMs: 10 });
  dir = tempDir('ccbulk-roster-property-');
});
afterAll(async () => {
  await client.close();
  await emulator.close();
});

const email = (i: number) => `agent${i}@example.com`;

/** Sets the account to hold `before` for each agent. */
async function setUp(agents: readonly { before?: Holding | undefined }[]): Promise<RosterAccount> {
  emulator.store.clear();
  const account = await createRosterAccount(client, { queues: [...QUEUES], teams: [...TEAMS], roles: ['Team lead'], skills: [...SKILLS] });
  for (const [i, { before }] of agents.entries()) {
    if (before === undefined) continue;
    await client.batchCreateUsers([{ user_email: email(i), role_id: account.roles[before.role]! }]);
    for (const q of before.queues) await client.assignQueueAgents(account.queues[q]!, [email(i)]);
    for (const t of before.teams) await client.assignTeamAgents(account.teams[t]!, [email(i)]);
    const skills = Object.entries(before.skills).map(([name, level]) => ({ skill_id: account.skills[name]!, max_proficiency_level: level }));
    if (skills.length > 0) await client.assignUserSkills(email(i), skills);
  }
  return account;
}

/** What the account holds for agent `i`, by name; undefined when it is no Contact Center user. */
function held(i: number): Holding | undefined {
  const r = emulator.store.roster;
  const user = r.findUser(email(i));
  if (user === undefined) return undefined;
  const of = (map: Map<string, Set<string>>, name: (id: string) => string | undefined) =>
    [...map.entries()].filter(([, set]) => set.has(user.cc_user_id)).map(([id]) => name(id) ?? id).sort();
  return {
    role: r.rolesById.get(user.role_id)!.role_name as Holding['role'],
    queues: of(r.queueAgents, (id) => r.queuesById.get(id)?.queue_name),
    teams: of(r.teamAgents, (id) => r.teamsById.get(id)?.team_name),
    skills: Object.fromEntries([...(r.userSkills.get(user.cc_user_id) ?? [])].map(([id, level]) => [r.skillsById.get(id)!.skill_name, level])),
  };
}

const writes = () =>
  Object.entries(emulator.stats().byOperation)
    .filter(([op]) => !/^(list|get|users$)/i.test(op))
    .reduce((n, [, k]) => n + k, 0);

async function importFile(agents: readonly { file?: Holding | undefined }[], mode: 'create' | 'sync'): Promise<void> {
  const rows = agents.flatMap(({ file }, i) =>
    file === undefined ? [] : [[email(i), file.role, file.queues.join('; '), file.teams.join(' | '), Object.entries(file.skills).map(([s, l]) => `${s}:${l}`).join(', ')].map((c) => `"${c}"`).join(',')],
  );
  const file = writeFile(dir, `roster-${Math.random().toString(36).slice(2)}.csv`, ['Email,Role,Queues,Teams,Skills', ...rows].join('\n'));
  const request = parseJobRequest('roster', { file, mode, ...(mode === 'sync' ? { maxUnassign: '100%' } : {}) }, 'code');
  const summary = await runJob(client, request, { outDir: path.join(dir, `out-${Math.random().toString(36).slice(2)}`) });
  expect(summary.rejected).toBe(0);
}

const sorted = (h: Holding) => ({ ...h, queues: [...h.queues].sort(), teams: [...h.teams].sort() });

describe('the roster against what its file says', () => {
  it(`sync: every listed agent holds exactly the file's, and the file again sends nothing (seed ${seed}, ${numRuns} runs)`, async () => {
    await fc.assert(
      fc.asyncProperty(world, async (agents) => {
        await setUp(agents);
        await importFile(agents, 'sync');
        for (const [i, { before, file }] of agents.entries()) expect(held(i), `agent ${i}`).toEqual(file === undefined ? (before && sorted(before)) : sorted(file));
        const sent = writes();
        await importFile(agents, 'sync');
        expect(writes() - sent).toBe(0);
      }),
      { seed, numRuns },
    );
  }, 120_000);

  it(`create: every listed agent holds at least the file's, and the file again sends nothing (seed ${seed}, ${numRuns} runs)`, async () => {
    await fc.assert(
      fc.asyncProperty(world, async (agents) => {
        await setUp(agents);
        await importFile(agents, 'create');
        for (const [i, { before, file }] of agents.entries()) {
          const now = held(i);
          if (file === undefined) {
            expect(now, `agent ${i}`).toEqual(before && sorted(before));
            continue;
          }
          expect(now?.role).toBe(file.role);
          for (const q of file.queues) expect(now?.queues).toContain(q);
          for (const t of file.teams) expect(now?.teams).toContain(t);
          for (const [s, level] of Object.entries(file.skills)) expect(now?.skills[s]).toBe(level);
        }
        const sent = writes();
        await importFile(agents, 'create');
        expect(writes() - sent).toBe(0);
      }),
      { seed, numRuns },
    );
  }, 120_000);
});
