import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startEmulator, type RunningEmulator } from '../../src/emulator/server.js';
import { parseJobRequest, resumeJob, runJob } from '../../src/pipelines/jobs.js';
import type { ImportSummary } from '../../src/writers/summary-file.js';
import { ContactCenterClient } from '../../src/zoom/client.js';
import { configFor } from '../support/emulator-client.js';
import { readCsv, tempDir, writeFile } from '../support/import-env.js';
import { createRosterAccount, type RosterAccount } from '../support/roster-account.js';

let emulator: RunningEmulator;
let client: ContactCenterClient;
let account: RosterAccount;
let dir: string;

beforeEach(async () => {
  emulator = await startEmulator({ seed: 2929 });
  client = new ContactCenterClient(configFor(emulator), { backoffBaseMs: 10 });
  account = await createRosterAccount(client, {
    queues: ['Sales - EU', 'Support', 'Billing desk'],
    teams: ['Tier 1', 'Tier 2'],
    roles: ['Team lead'],
    skills: ['Spanish', 'Billing', 'French'],
    regions: ['EMEA'],
  });
  dir = tempDir('ccbulk-roster-');
});

afterEach(async () => {
  await client.close();
  await emulator.close();
});

/** Runs `ccbulk import roster` through the registry, as every door does. */
async function roster(file: string, options: Record<string, unknown> = {}): Promise<{ summary: ImportSummary; out: string }> {
  const out = path.join(dir, `out-${Math.random().toString(36).slice(2)}`);
  const request = parseJobRequest('roster', { file, ...options }, 'code');
  const summary = await runJob(client, request, { outDir: out });
  return { summary, out };
}

/** The writes the emulator answered, by operation, since `before`. */
function writesSince(before: Record<string, number>): Record<string, number> {
  const after = emulator.stats().byOperation;
  const writes: Record<string, number> = {};
  for (const [op, n] of Object.entries(after)) {
    if (/^(list|get|users$)/i.test(op)) continue;
    const d = n - (before[op] ?? 0);
    if (d > 0) writes[op] = d;
  }
  return writes;
}

/** What the emulated account holds for an agent: its role, queues, teams and skills by name. */
function agentOf(email: string) {
  const r = emulator.store.roster;
  const user = r.findUser(email);
  if (user === undefined) return undefined;
  const names = (map: Map<string, Set<string>>, name: (id: string) => string | undefined) =>
    [...map.entries()].filter(([, set]) => set.has(user.cc_user_id)).map(([id]) => name(id) ?? id).sort();
  return {
    role: r.rolesById.get(user.role_id)?.role_name,
    queues: names(r.queueAgents, (id) => r.queuesById.get(id)?.queue_name),
    teams: names(r.teamAgents, (id) => r.teamsById.get(id)?.team_name),
    skills: [...(r.userSkills.get(user.cc_user_id) ?? [])].map(([id, level]) => `${r.skillsById.get(id)!.skill_name}:${level}`).sort(),
  };
}

const header = 'Email,Name,Role,Queues,Teams,Skills';

describe('ccbulk import roster --mode create', () => {
  it('makes the file’s Zoom users Contact Center users with their role, queues, teams and skills, one line each in results.csv', async () => {
    const file = writeFile(dir, 'roster.csv', [
      header,
      'ana.lopez@example.com,Ana Lopez,Team lead,"sales - eu; Support",Tier 1,"Spanish:4; Billing:2"',
      'bo.chen@example.com,Bo Chen,,Support,Tier 1|Tier 2,French',
    ].join('\n'));
    const { summary, out } = await roster(file);
    expect(summary).toMatchObject({ succeeded: 2, rejected: 0 });
    expect(agentOf('ana.lopez@example.com')).toEqual({ role: 'Team lead', queues: ['Sales - EU', 'Support'], teams: ['Tier 1'], skills: ['Billing:2', 'Spanish:4'] });
    expect(agentOf('bo.chen@example.com')).toEqual({ role: 'Agent', queues: ['Support'], teams: ['Tier 1', 'Tier 2'], skills: ['French:1'] });
    const results = readCsv(path.join(out, 'results.csv'));
    expect(results.map((r) => [r.Email, r._status, r._assigned, r._unassigned])).toEqual([
      ['ana.lopez@example.com', 'created', 'queue:Sales - EU; queue:Support; team:Tier 1; skill:Spanish:4; skill:Billing:2', ''],
      ['bo.chen@example.com', 'created', 'queue:Support; team:Tier 1; team:Tier 2; skill:French:1', ''],
    ]);
    expect(summary.roster).toMatchObject({ agents: { created: 2 }, assignments: { added: 9, removed: 0, failed: 0 } });
  });

  it('groups assignments by queue and team: 75 agents into 3 queues and 2 teams is 4 creates, 9 queue and 2 team requests, the fewest the batch sizes allow', async () => {
    const rows = Array.from({ length: 75 }, (_, i) => `agent${i}@example.com,,,Sales - EU;Support;Billing desk,Tier 1;Tier 2,`);
    const file = writeFile(dir, 'intake.csv', [header, ...rows].join('\n'));
    const before = emulator.stats().byOperation;
    const { summary } = await roster(file);
    expect(summary).toMatchObject({ succeeded: 75, rejected: 0 });
    expect(writesSince(before)).toEqual({ BatchCreateUsers: 4, assignQueueAgents: 9, assignTeamAgents: 2 });
    expect(summary.roster?.minimumRequests).toBe(15);
    expect(summary.roster?.requests).toEqual({ BatchCreateUsers: 4, assignQueueAgents: 9, assignTeamAgents: 2 });
  });

  it('sends no write the second time the same file is imported', async () => {
    const file = writeFile(dir, 'roster.csv', [header, 'ana.lopez@example.com,,Team lead,Support,Tier 1,Spanish:4', 'bo.chen@example.com,,,Support,,Billing:2'].join('\n'));
    await roster(file);
    const before = emulator.stats().byOperation;
    const { summary, out } = await roster(file);
    expect(writesSince(before)).toEqual({});
    expect(summary).toMatchObject({ succeeded: 2, rejected: 0 });
    expect(readCsv(path.join(out, 'results.csv')).map((r) => r._status)).toEqual(['unchanged', 'unchanged']);
  });

  it('rejects a row naming an unknown queue with the nearest names, an ambiguous skill asking for its id, and an address that is no Zoom user', async () => {
    const languages = (await client.createSkillCategory({ skill_category_name: 'Other', skill_type: 'proficiency', max_proficiency_level: 5 })).skill_category_id!;
    const second = (await client.createSkill({ skill_name: 'Spanish', skill_category_id: languages })).skill_id!;
    const file = writeFile(dir, 'roster.csv', [
      header,
      'ana.lopez@example.com,,,Sales EU,,',
      'bo.chen@example.com,,,Support,,Spanish:3',
      `cy.diaz@example.com,,,Support,,${second}:3`,
      'dee@elsewhere.org,,,Support,,',
    ].join('\n'));
    const { summary, out } = await roster(file);
    expect(summary).toMatchObject({ succeeded: 1, rejected: 3 });
    const rejects = new Map(readCsv(path.join(out, 'rejects.csv')).map((r) => [r.Email, r._reason]));
    expect(rejects.get('ana.lopez@example.com')).toBe("Queues: no queue 'Sales EU' — did you mean 'Sales - EU'?");
    expect(rejects.get('bo.chen@example.com')).toBe(`Skills: 2 skills are called 'Spanish': give the id of the one meant (${account.skills['Spanish']}, ${second})`);
    expect(rejects.get('dee@elsewhere.org')).toBe('create: User does not exist: dee@elsewhere.org. (1001) — nothing else was done');
    expect(agentOf('cy.diaz@example.com')?.skills).toEqual(['Spanish:3']);
  });
});

describe('ccbulk import roster --mode update and --mode sync', () => {
  const start = [header, 'ana.lopez@example.com,,Team lead,Sales - EU;Support,Tier 1,Spanish:4;Billing:2', 'bo.chen@example.com,,,Support,Tier 2,French:2'].join('\n');

  it('update adds what the file adds and takes nothing away; a user not yet in Contact Center is refused', async () => {
    await roster(writeFile(dir, 'start.csv', start));
    const file = writeFile(dir, 'update.csv', [header, 'ana.lopez@example.com,,,Billing desk,,Spanish:5', 'zed@example.com,,,Support,,'].join('\n'));
    const { summary, out } = await roster(file, { mode: 'update' });
    expect(summary).toMatchObject({ succeeded: 1, rejected: 1 });
    expect(agentOf('ana.lopez@example.com')).toEqual({ role: 'Team lead', queues: ['Billing desk', 'Sales - EU', 'Support'], teams: ['Tier 1'], skills: ['Billing:2', 'Spanish:5'] });
    expect(readCsv(path.join(out, 'rejects.csv'))[0]?._reason).toBe("'zed@example.com' is not a Contact Center user: `--mode create` or `--mode sync` makes it one");
  });

  it('sync makes each listed agent’s assignments exactly the file’s, writing plan.csv first; a dry run sends nothing', async () => {
    await roster(writeFile(dir, 'start.csv', start));
    const file = writeFile(dir, 'sync.csv', [header, 'ana.lopez@example.com,,Agent,Support,Tier 2,Spanish:4', 'bo.chen@example.com,,,Support,Tier 2,French:2'].join('\n'));
    const before = emulator.stats().byOperation;
    const dry = await roster(file, { mode: 'sync', dryRun: true, maxUnassign: '100%' });
    expect(writesSince(before)).toEqual({});
    const plan = readCsv(path.join(dry.out, 'plan.csv')).map((r) => `${r.email} ${r.action} ${r.kind}:${r.name}`);
    expect(plan).toEqual([
      'ana.lopez@example.com assign role:Agent',
      'ana.lopez@example.com assign team:Tier 2',
      'ana.lopez@example.com unassign queue:Sales - EU',
      'ana.lopez@example.com unassign team:Tier 1',
      'ana.lopez@example.com unassign skill:Billing:2',
    ]);
    const { summary, out } = await roster(file, { mode: 'sync', maxUnassign: '100%' });
    expect(summary).toMatchObject({ succeeded: 2, rejected: 0 });
    expect(agentOf('ana.lopez@example.com')).toEqual({ role: 'Agent', queues: ['Support'], teams: ['Tier 2'], skills: ['Spanish:4'] });
    const results = readCsv(path.join(out, 'results.csv')).sort((a, b) => Number(a._line) - Number(b._line));
    expect(results.map((r) => [r._status, r._assigned, r._unassigned])).toEqual([
      ['updated', 'role:Agent; team:Tier 2', 'queue:Sales - EU; team:Tier 1; skill:Billing:2'],
      ['unchanged', '', ''],
    ]);
  });

  it('refuses a sync that would unassign more than --max-unassign allows, before any write', async () => {
    await roster(writeFile(dir, 'start.csv', start));
    const blank = writeFile(dir, 'blank.csv', [header, 'ana.lopez@example.com,,,,,', 'bo.chen@example.com,,,,,'].join('\n'));
    const before = emulator.stats().byOperation;
    await expect(roster(blank, { mode: 'sync' })).rejects.toThrow(/^Refusing to unassign 8 of the 8 assignments read, more than `--max-unassign 10%` allows \(0\)/);
    expect(writesSince(before)).toEqual({});
  });

  it('--remove-missing removes the Contact Center users the file does not list, under --max-remove', async () => {
    await roster(writeFile(dir, 'start.csv', start));
    const file = writeFile(dir, 'one.csv', [header, 'ana.lopez@example.com,,Team lead,Sales - EU;Support,Tier 1,Spanish:4;Billing:2'].join('\n'));
    await expect(roster(file, { mode: 'sync', removeMissing: true })).rejects.toThrow(/^Refusing to remove 1 of the 2 Contact Center users not in the file/);
    const { summary, out } = await roster(file, { mode: 'sync', removeMissing: true, maxRemove: '1' });
    expect(summary.roster?.removedUsers).toBe(1);
    expect(emulator.store.roster.findUser('bo.chen@example.com')).toBeUndefined();
    expect(readCsv(path.join(out, 'not-in-file.csv')).map((r) => [r.emails, r._status])).toEqual([['bo.chen@example.com', 'removed']]);
  });
});

describe('ccbulk import roster stopped half-way and resumed', () => {
  it('sends each missing assignment once and reports, per agent, what both legs assigned', async () => {
    const rows = Array.from({ length: 60 }, (_, i) => `agent${i}@example.com,,,Sales - EU;Support,Tier 1,Spanish:${1 + (i % 5)};Billing:2`);
    const file = writeFile(dir, 'intake.csv', [header, ...rows].join('\n'));
    const out = path.join(dir, 'stopped');
    emulator.setFaults({ latencyMs: 30 });
    const request = parseJobRequest('roster', { file }, 'code');
    const running = runJob(client, request, { outDir: out });
    // The day's quota runs out while the agents' skills are being assigned.
    while ((emulator.stats().byOperation['assignSkills'] ?? 0) < 15) await new Promise((resolve) => setTimeout(resolve, 20));
    emulator.setFaults({ forceDailyLimit: true });
    await expect(running).rejects.toThrow(/daily/i);
    const skillsBefore = [...emulator.store.roster.userSkills.values()].filter((m) => m.size > 0).length;
    expect(skillsBefore).toBeGreaterThan(0);
    expect(skillsBefore).toBeLessThan(60);

    emulator.setFaults({ forceDailyLimit: false, latencyMs: 0 });
    // A new client: the first one knows the day's quota is gone and would wait for tomorrow.
    const tomorrow = new ContactCenterClient(configFor(emulator), { backoffBaseMs: 10 });
    const summary = (await resumeJob(tomorrow, out).finally(() => tomorrow.close())) as ImportSummary;
    expect(summary).toMatchObject({ succeeded: 60, rejected: 0 });
    // The resume sent the skills of the agents that had none, and nothing again.
    expect(summary.roster?.requests['assignSkills']).toBe(60 - skillsBefore);
    expect(summary.roster?.requests['BatchCreateUsers'] ?? 0).toBe(0);
    for (let i = 0; i < 60; i++) {
      expect(agentOf(`agent${i}@example.com`)).toEqual({ role: 'Agent', queues: ['Sales - EU', 'Support'], teams: ['Tier 1'], skills: [`Billing:2`, `Spanish:${1 + (i % 5)}`].sort() });
    }
    const results = readCsv(path.join(out, 'results.csv'));
    expect(results).toHaveLength(60);
    for (const r of results) {
      const i = Number(r.Email!.replace(/^agent(\d+)@.*$/, '$1'));
      expect(r._status, r.Email).toBe('created');
      expect(r._assigned, r.Email).toBe(`queue:Sales - EU; queue:Support; team:Tier 1; skill:Spanish:${1 + (i % 5)}; skill:Billing:2`);
    }
  }, 60_000);
});

describe('ccbulk import roster: regions', () => {
  it('moves agents to the region the file names, 20 a request, and leaves one already there alone', async () => {
    const rows = Array.from({ length: 25 }, (_, i) => `agent${i}@example.com,,,,,,EMEA`);
    const file = writeFile(dir, 'regions.csv', ['Email,Name,Role,Queues,Teams,Skills,Region', ...rows].join('\n'));
    const before = emulator.stats().byOperation;
    const { summary } = await roster(file);
    expect(summary).toMatchObject({ succeeded: 25, rejected: 0 });
    expect(writesSince(before)).toEqual({ BatchCreateUsers: 2, AssignUsersToARegion: 2 });
    const regions = emulator.store.roster.regionsById;
    expect([...emulator.store.roster.usersById.values()].every((u) => regions.get(u.region_id!)?.region_name === 'EMEA')).toBe(true);
    const again = emulator.stats().byOperation;
    await roster(file, { mode: 'sync' });
    expect(writesSince(again)).toEqual({});
  });
});
