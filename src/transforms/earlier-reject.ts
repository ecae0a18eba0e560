import { mapItems, type SourceItem, type SourceTable } from '../readers/source-row.js';
import { unguardFormula } from './formula-guard.js';

/**
 * rejects.csv's column holding a record the reader could not read (wrong number of fields, a
 * quote error, damaged text) as the file had it, every field of it — the original columns hold
 * only what fell under the header (`Acme, Inc` read as `Acme` and ` Inc`). Empty for every
 * other reject.
 */
export const RAW_COLUMN = '_raw';

/** The reason a re-imported rejects row with `_raw` still filled is refused again. */
const UNFIXED = {
  kind: 'not fixed since an earlier run could not read it',
  text:
    `not fixed since an earlier run could not read it: \`${RAW_COLUMN}\` holds the record as the file had it; ` +
    `put it right in the columns, clear \`${RAW_COLUMN}\`, and import again`,
};

/**
 * The table with every row whose `_raw` cell is filled turned back into a parse reject. A
 * rejects file is re-imported as it is once its rows are fixed, its `_` columns ignored; but a
 * row that could not be read holds in its columns only a part of the record, and imported so
 * it would store that part (company `Acme` for `Acme, Inc`). So it stays rejected, with its
 * record in `_raw` again, until a person has put the record right and cleared `_raw`.
 */
export function refusingUnfixedRejects(table: SourceTable): SourceTable {
  const column = table.header.findIndex((name) => name.trim() === RAW_COLUMN);
  if (column < 0) return table;
  return mapItems(table, (item): SourceItem => {
    const raw = item.kind === 'row' ? (item.cells[column] ?? '') : '';
    return raw.trim() === '' ? item : { kind: 'parse-reject', origin: item.origin, reason: UNFIXED, cells: item.cells, raw: unguardFormula(raw) };
  });
}
