import { openTable, type TableReadOptions } from './open-table.js';

/**
 * How many rows a table holds, as the import engine counts them (each record, a record that
 * could not be parsed too): one pass over the reader, without mapping or checking anything.
 * For a run that stopped before the end of its file, so it can say how much of the file is
 * left. Undefined when the file cannot be read now (it is then not the run's failure).
 */
export async function countRows(file: string, options: TableReadOptions = {}): Promise<number | undefined> {
  try {
    const table = await openTable(file, options);
    let rows = 0;
    for await (const _item of table.items) rows++;
    return rows;
  } catch {
    return undefined;
  }
}
