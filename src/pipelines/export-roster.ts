import { readRosterState } from '../senders/roster-state.js';
import { rosterExportRow } from '../transforms/roster-export-row.js';
import { ROSTER_COLUMNS } from '../transforms/roster-row.js';
import type { ContactCenterClient } from '../zoom/client.js';
import type { OperationId } from '../zoom/generated/operations.js';
import { runExport, type ExportJobOptions, type ExportSheet, type ExportSummary } from './export-job.js';
import { warmExportSink } from '../writers/open-export-sink.js';

/** What the roster export reads: users, what they can be assigned to, each queue's and team's agents, each user's skills. */
const ROSTER_READS: readonly OperationId[] = ['users', 'listQueues', 'getQueueAgents', 'listTeams', 'listTeamAgents', 'listRoles', 'listSkills', 'ListAUserSkills', 'ListRegions'];

/**
 * `ccbulk export roster`: the account's Contact Center users in exactly the roster import's
 * columns (role, queues, teams, skills with proficiency, profile fields), one row per agent,
 * so export → edit → `import roster --mode sync` is the round trip. The roster is read whole
 * first (a user's skills are one request each), then written.
 */
export async function exportRoster(client: ContactCenterClient, options: ExportJobOptions & { readonly concurrency?: number }): Promise<ExportSummary> {
  warmExportSink(options.out);
  await client.requireScopes(ROSTER_READS, '`ccbulk export roster`');
  let agents = 0;
  // Read once the export's frame runs, so its summary counts the reads.
  async function* sheets(): AsyncGenerator<ExportSheet> {
    const state = await readRosterState(client, () => true, options.concurrency ?? 8);
    agents = state.agents.size;
    yield {
      name: 'roster',
      columns: ROSTER_COLUMNS.map((name) => ({ name, kind: 'text' as const })),
      rows: (async function* () {
        for (const agent of state.agents.values()) yield rosterExportRow(agent, state.catalogue);
      })(),
    };
  }
  const summary = await runExport(client, { name: 'roster', target: { accountId: client.account.id }, counters: { listingRestarts: 0 } }, options, sheets());
  return { ...summary, target: { accountId: client.account.id, agents: String(agents) } };
}
