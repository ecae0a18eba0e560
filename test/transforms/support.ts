import type { SourceRow } from '../../src/readers/source-row.js';

/** A source row of `contacts.csv` at `line`, its cells as given. */
export function row(line: number, ...cells: string[]): SourceRow {
  return { kind: 'row', origin: { file: 'contacts.csv', line }, cells };
}
