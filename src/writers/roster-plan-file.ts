import path from 'node:path';
import { CsvFile } from './csv-file.js';

/** plan.csv's name in a run's out folder. */
export const ROSTER_PLAN_FILE = 'plan.csv';

/** One line of a roster plan: one user to create or remove, one assignment to add or remove, one profile field to set. */
export interface RosterPlanRecord {
  /** The row's line (with the sheet for workbooks); empty for a user not in the file. */
  readonly line: string;
  readonly email: string;
  readonly action: 'create user' | 'remove user' | 'assign' | 'unassign' | 'set';
  /** `queue`, `team`, `role`, `skill`, or a profile field's name; empty for a user. */
  readonly kind: string;
  /** The queue's (team's, role's, skill's) name, or the field's new value. */
  readonly name: string;
  readonly id: string;
}

/**
 * Writes a roster run's plan.csv (mode 0600, every cell formula-guarded by CsvFile) before anything is sent:
 * every user to create or remove and every assignment to add or remove, so a dry run's plan is
 * what the real run does.
 */
export async function writeRosterPlan(outDir: string, records: Iterable<RosterPlanRecord>): Promise<string> {
  const file = path.join(outDir, ROSTER_PLAN_FILE);
  const csv = await CsvFile.create(file, ['_line', 'email', 'action', 'kind', 'name', 'id']);
  for (const r of records) csv.write([r.line, r.email, r.action, r.kind, r.name, r.id]);
  await csv.close();
  return file;
}
