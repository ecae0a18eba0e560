import { skillText } from './roster-cells.js';
import type { AgentNow } from './roster-diff.js';
import { ROSTER_COLUMNS, type RosterCatalogue, type RosterColumn } from './roster-row.js';

/**
 * An agent as a row of the roster export, in the import's columns (`ROSTER_COLUMNS`): names as
 * the import resolves them (an id where two items share a name), several in a cell joined by
 * `; `, skills with their proficiency. Exported, edited and imported with `--mode sync`, a file
 * changes exactly what was edited: unedited, it sends nothing.
 */
export function rosterExportRow(agent: AgentNow, catalogue: RosterCatalogue): string[] {
  const levels = (id: string) => catalogue.skillLevels.get(id)?.levels !== false;
  const cells: Record<RosterColumn, string> = {
    Email: agent.email,
    Name: agent.displayName ?? '',
    Role: agent.roleId === '' ? '' : catalogue.roles.nameForFile(agent.roleId),
    Queues: [...agent.queueIds].map((id) => catalogue.queues.nameForFile(id)).join('; '),
    Teams: [...agent.teamIds].map((id) => catalogue.teams.nameForFile(id)).join('; '),
    Region: agent.regionId === undefined || agent.regionId === '' ? '' : catalogue.regions.nameForFile(agent.regionId),
    Skills: [...(agent.skills ?? [])].map(([id, level]) => skillText(catalogue.skills.nameForFile(id), levels(id) ? level : undefined)).join('; '),
    Country: agent.profile.country_iso_code ?? '',
    Access: agent.profile.user_access ?? '',
    Package: agent.profile.package_name ?? '',
    'Client integration': agent.profile.client_integration ?? '',
  };
  return ROSTER_COLUMNS.map((column) => cells[column]);
}
