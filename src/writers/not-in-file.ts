import path from 'node:path';
import { guardFormula } from '../transforms/formula-guard.js';
import { CsvFile } from './csv-file.js';

/** not-in-file.csv's name in a run's out folder. */
export const NOT_IN_FILE = 'not-in-file.csv';

/** A contact (or DNC number) the target holds and the file does not, and what the sync did about it. */
export interface NotInFileRecord {
  readonly id: string;
  readonly displayName: string;
  /** Its numbers, space-separated. */
  readonly phones: string;
  readonly emails: string;
  /** `kept` (no `--delete-missing`), `deleted`, `would delete`, or the reason a delete failed. */
  readonly status: string;
}

/**
 * Writes a sync's not-in-file.csv (mode 0600, every cell formula-guarded): the target's contacts
 * no row of the file matched, with their ids, so a person can see what `--delete-missing` would
 * remove (or removed). Returns its path.
 */
export async function writeNotInFile(outDir: string, records: Iterable<NotInFileRecord>): Promise<string> {
  const file = path.join(outDir, NOT_IN_FILE);
  const csv = await CsvFile.create(file, ['_id', 'display_name', 'phones', 'emails', '_status']);
  for (const r of records) {
    // Plain E.164 numbers as they are: their `+` is what makes them E.164 (see guardPhoneFormula).
    const phones = /^(\+\d{7,15})( \+\d{7,15})*$/.test(r.phones) ? r.phones : guardFormula(r.phones);
    csv.write([guardFormula(r.id), guardFormula(r.displayName), phones, guardFormula(r.emails), guardFormula(r.status)]);
  }
  await csv.close();
  return file;
}
