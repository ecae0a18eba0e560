import { AgentRestorer } from '../senders/agent-restorer.js';
import { readRosterState } from '../senders/roster-state.js';
import { agentDiffering, agentFields } from '../transforms/agent-fields.js';
import type { JobUndo } from './job-definition.js';

/**
 * The roster's side of `ccbulk undo`: every Contact Center user listed with its role, region,
 * profile, queues, teams and skills (as {@link agentFields}: one request per queue, team and
 * user's skills); users the run created removed (20 a request); assignments it added taken away
 * and those it took away given back, a skill at its former proficiency, a role replaced by the
 * former one; users a `--remove-missing` sync removed made Contact Center users again (a new
 * Contact Center id) with what they had. A setting the run did not know (the role Zoom gave a user
 * created without one) is not checked.
 */
export const rosterUndo: JobUndo = {
  async *list(client) {
    const state = await readRosterState(client, () => true);
    for (const agent of state.agents.values()) yield { id: agent.ccUserId, fields: agentFields(agent) };
  },
  shown: (fields) => fields,
  differ: agentDiffering,
  partial: true,
  remove: (client, _target, ids) => new AgentRestorer(client).remove(ids),
  restore: (client, _target, items) => new AgentRestorer(client).restore(items.map(({ update, before }) => ({ before, custom: update.custom }))),
  recreate: (client, _target, items) => new AgentRestorer(client).recreate(items),
  batch: { remove: 20, restore: 20, recreate: 20 },
  calls: [
    'users',
    'listQueues',
    'getQueueAgents',
    'listTeams',
    'listTeamAgents',
    'listRoles',
    'listSkills',
    'ListAUserSkills',
    'ListRegions',
    'batchDeleteUsers',
    'BatchCreateUsers',
    'BatchUpdateUsers',
    'assignRoleUsers',
    'AssignUsersToARegion',
    'assignQueueAgents',
    'assignTeamAgents',
    'assignSkills',
    'deleteASkill',
    'deleteQueueAgent',
    'unassignTeamAgents',
  ],
};
