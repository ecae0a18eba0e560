import path from 'node:path';
import { guardFormula } from '../transforms/formula-guard.js';
import { CsvFile } from './csv-file.js';

/** plan.csv's name in a run's out folder. */
export const PLAN_FILE = 'plan.csv';

/** One line of a sync's plan: a contact to create or delete, or one field of one to update. */
export interface PlanRecord {
  /** The row's line (with the sheet for workbooks); empty for a contact not in the file. */
  readonly line: string;
  /** `clear`: one field an update empties (`--blanks clear`). */
  readonly action: 'create' | 'update' | 'clear' | 'delete';
  readonly contactId: string;
  readonly field: string;
  readonly before: string;
  readonly after: string;
}

/**
 * A sync's plan.csv (mode 0600, every cell formula-guarded): what the run does, one line per
 * contact created or deleted and per field updated, with the value before and after — written
 * before anything is sent, so a dry run's plan is what the real run does.
 */
export class PlanFile {
  private constructor(
    private readonly file: CsvFile,
    /** The file's path. */
    readonly path: string,
  ) {}

  /** Creates plan.csv in `outDir` (which must exist). */
  static async create(outDir: string): Promise<PlanFile> {
    const file = path.join(outDir, PLAN_FILE);
    return new PlanFile(await CsvFile.create(file, ['_line', 'action', 'contact_id', 'field', 'before', 'after']), file);
  }

  /** Adds a line. */
  add(record: PlanRecord): void {
    this.file.write([record.line, record.action, record.contactId, record.field, record.before, record.after].map(guardFormula));
  }

  /** Writes what is left and closes the file. */
  close(): Promise<void> {
    return this.file.close();
  }
}
