import { readFile, type FileHandle } from 'node:fs/promises';
import path from 'node:path';
import { CsvFile } from './csv-file.js';
import { createReplacing, openExisting, writeFully } from './private-file.js';
import { runFileError } from './write-error.js';

/** The folder, inside a run's out folder, where its undo writes. */
export const UNDO_FOLDER = 'undo';

/** The undo's journal, in its folder: what marks a folder as an undo's, and what a resume of it reads. */
export const UNDO_JOURNAL_FILE = 'undo-journal.jsonl';

/** What the undo did to one item: a line of its results.csv. */
export interface UndoResult {
  /** `delete` (a contact or number the run created), `restore`, `re-create`. */
  readonly action: string;
  readonly id: string;
  /** A re-created item's new id. */
  readonly newId?: string | undefined;
  /** `deleted`, `restored`, `re-created`, `removed`, `re-added`, or what was found done already. */
  readonly status: string;
  /** The fields restored, space-separated. */
  readonly fields?: string | undefined;
}

/** An item the undo left alone, and why: a line of its rejects.csv. */
export interface UndoReject {
  readonly action: string;
  readonly id: string;
  /** The field that differs from what the run left, when that is the reason. */
  readonly field: string;
  /** The field's value now, and as the run left it. */
  readonly now: string;
  readonly runLeft: string;
  readonly reason: string;
}

/**
 * The undo's results.csv and rejects.csv (0600, every cell formula-guarded by `CsvFile`): every item of the
 * run's before-images ends in exactly one of them.
 */
export class UndoOutcomeFiles {
  private constructor(
    private readonly results: CsvFile,
    private readonly rejects: CsvFile,
  ) {}

  /** Creates both files in `undoDir` (a resumed undo writes them anew: its plan covers every item again). */
  static async create(undoDir: string): Promise<UndoOutcomeFiles> {
    const results = await CsvFile.create(path.join(undoDir, 'results.csv'), ['action', 'id', 'new_id', 'status', 'fields']);
    const rejects = await CsvFile.create(path.join(undoDir, 'rejects.csv'), ['action', 'id', 'field', 'now', 'run_left', 'reason']);
    return new UndoOutcomeFiles(results, rejects);
  }

  result(r: UndoResult): void {
    this.results.write([r.action, r.id, r.newId ?? '', r.status, r.fields ?? '']);
  }

  reject(r: UndoReject): void {
    this.rejects.write([r.action, r.id, r.field, r.now, r.runLeft, r.reason]);
  }

  async close(): Promise<void> {
    await this.results.close();
    await this.rejects.close();
  }
}

/** An undo journal entry: the undo began, items are about to be re-created (by their old ids), it ended. */
type UndoEntry =
  | { readonly t: 'undo'; readonly of: string; readonly force: boolean; readonly at: string }
  | { readonly t: 'recreate'; readonly ids: readonly string[] }
  | { readonly t: 'end'; readonly complete: boolean; readonly at: string };

/** What an undo journal says. */
export interface UndoJournalState {
  /** Old ids of items a re-create was sent for (found again by their fields on a resume). */
  readonly recreated: ReadonlySet<string>;
  readonly complete: boolean;
}

/**
 * The undo's journal (JSON lines, 0600, fsync'd): that an undo began, and each batch of
 * re-creates before it is sent — the one write a resumed undo could not tell from the target
 * alone (a deleted contact found again by its fields may be another's). Deletes and restores
 * need no entry: a resumed undo lists the target again and finds them done.
 */
export class UndoJournal {
  private queued: Promise<unknown> = Promise.resolve();

  private constructor(
    private readonly handle: FileHandle,
    private readonly file: string,
  ) {}

  /** Opens the journal in `undoDir`, made with its first entry when this is the folder's first undo. */
  static async open(undoDir: string, of: string, force: boolean): Promise<UndoJournal> {
    const file = path.join(undoDir, UNDO_JOURNAL_FILE);
    try {
      const handle = await openExisting(file, 'append').catch(() => createReplacing(file));
      const journal = new UndoJournal(handle, file);
      await journal.append({ t: 'undo', of, force, at: new Date().toISOString() });
      return journal;
    } catch (error) {
      throw runFileError(file, error);
    }
  }

  /** Reads the journal in `undoDir`; undefined when there is none (no undo was begun there). */
  static async read(undoDir: string): Promise<UndoJournalState | undefined> {
    let text: string;
    try {
      text = await readFile(path.join(undoDir, UNDO_JOURNAL_FILE), 'utf8');
    } catch {
      return undefined;
    }
    const recreated = new Set<string>();
    let complete = false;
    for (const line of text.split('\n')) {
      let entry: UndoEntry;
      try {
        entry = JSON.parse(line) as UndoEntry;
      } catch {
        continue;
      }
      if (entry.t === 'recreate') for (const id of entry.ids) recreated.add(id);
      else if (entry.t === 'end') complete = entry.complete;
      else complete = false;
    }
    return { recreated, complete };
  }

  /** Records re-creates about to be sent: on disk when it resolves. */
  recreating(ids: readonly string[]): Promise<void> {
    return this.append({ t: 'recreate', ids });
  }

  /** Records the end and closes the journal. */
  async end(complete: boolean): Promise<void> {
    try {
      await this.append({ t: 'end', complete, at: new Date().toISOString() });
    } finally {
      await this.queued;
      await this.handle.close();
    }
  }

  private append(entry: UndoEntry): Promise<void> {
    const done = this.queued.then(async () => {
      try {
        await writeFully(this.handle, Buffer.from(`${JSON.stringify(entry)}\n`, 'utf8'));
        await this.handle.sync();
      } catch (error) {
        throw runFileError(this.file, error);
      }
    });
    this.queued = done.catch(() => undefined);
    return done;
  }
}
