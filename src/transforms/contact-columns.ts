import { CcbulkError } from '../errors.js';
import type { ColumnPlan } from './column-mapping.js';

/**
 * Stops a contact import whose file has no column that maps to a contact field: every row would
 * be rejected with reasons that hide the cause (a wrong `--delimiter`, a header that is not the
 * first line, unusual header names). Names the file and the headers it has.
 */
export function requireContactColumns(file: string, plan: ColumnPlan): void {
  if (Object.keys(plan.fields).length > 0 || plan.custom.length > 0) return;
  const headers = plan.header.map((h) => `\`${h}\``).join(', ');
  throw new CcbulkError(
    'MAPPING_INVALID',
    `Input file '${file}' has no column that is a contact field (its header is ${headers}); ` +
      'name them with --map, or check --delimiter and that the header is the first line',
  );
}
