// A roster intake against the emulator child: `agents` new agents, each into every one of
// `queues` queues and `teams` teams with `skills` skills. Reports the write requests sent against
// the fewest the endpoints' batch sizes allow, and the share of MEDIUM's quota used over the run.
// Args: {emu, outDir, file, agents, queues, teams, skills}.
import { writeFile } from 'node:fs/promises';
import { importRoster } from '../../dist/pipelines/roster.js';
import { RATE_PLANS } from '../../dist/zoom/rate-plans.js';
import { finish, taskArgs } from '../lib/child.mjs';
import { clientFor, emulatorStats, freshAccount, resetQuotas, utilisation } from '../lib/emulator-session.mjs';

const { emu, outDir, file, agents, queues, teams, skills, concurrency = 8 } = taskArgs();
await freshAccount(emu);
const setup = clientFor(emu);
const names = (prefix, n) => Array.from({ length: n }, (_, i) => `${prefix} ${i + 1}`);
for (const queue_name of names('Intake queue', queues)) await setup.createQueue({ queue_name, channel: 'voice' });
let root;
for await (const team of setup.listTeams()) if (team.parent_team_id === undefined) root = team.team_id;
for (const team_name of names('Intake team', teams)) await setup.createTeam({ team_name, parent_team_id: root });
const category = await setup.createSkillCategory({ skill_category_name: 'Intake', skill_type: 'proficiency', max_proficiency_level: 5 });
for (const skill_name of names('Intake skill', skills)) await setup.createSkill({ skill_name, skill_category_id: category.skill_category_id });
await setup.close();
const cell = (list) => list.join('; ');
const rows = Array.from({ length: agents }, (_, i) =>
  [`intake${i}@example.com`, cell(names('Intake queue', queues)), cell(names('Intake team', teams)), cell(names('Intake skill', skills).map((s, k) => `${s}:${1 + ((i + k) % 5)}`))]
    .map((c) => `"${c}"`)
    .join(','),
);
await writeFile(file, `Email,Queues,Teams,Skills\n${rows.join('\n')}\n`);
await resetQuotas(emu);

const client = clientFor(emu, { plan: 'business' });
const started = performance.now();
const summary = await importRoster(client, { file, outDir, dryRun: false, concurrency, country: 'US', mode: 'create', maxUnassign: { percent: 10 }, removeMissing: false, maxRemove: { percent: 10 } });
const elapsedMs = performance.now() - started;
await client.close();
const stats = await emulatorStats(emu);
const limit = RATE_PLANS.business.MEDIUM;
const sent = stats.byLabel.MEDIUM;
const limited = stats.rateLimited.total;
const writes = Object.values(summary.roster.requests).reduce((a, b) => a + b, 0);
finish({
  agents,
  queues,
  teams,
  skills,
  succeeded: summary.succeeded,
  rejected: summary.rejected,
  elapsedMs,
  writes,
  byOperation: summary.roster.requests,
  minimumWrites: summary.roster.minimumRequests,
  mediumRequests: sent,
  rateLimited: limited,
  mediumPerSecond: (sent - limited) / (elapsedMs / 1000),
  allowedPerSecond: limit,
  utilisation: utilisation(sent - limited, elapsedMs, limit),
});
