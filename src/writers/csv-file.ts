import type { FileHandle } from 'node:fs/promises';
import { guardOutcomeCell } from '../transforms/formula-guard.js';
import { CcbulkError } from '../errors.js';
import { createReplacing, openExisting, writeFully } from './private-file.js';
import { runFileError } from './write-error.js';
import { csvRecords } from './csv-records.js';

/** Records are written to disk once about this many characters are waiting, checkpoint or not. */
const FLUSH_CHARS = 64 * 1024;

/** Writes queued and not done beyond which the file says it is backlogged. */
const BACKLOG_WRITES = 4;

/**
 * A CSV file written a record at a time: RFC 4180 through csv-stringify, CRLF, UTF-8 with a BOM
 * so that Excel opens it with the right encoding, mode 0600, every cell formula-guarded. Records are buffered and written in
 * order; `flush` says exactly how many bytes of the file hold complete records (and, with
 * `sync`, that they are on disk), which is what a run journal records at each checkpoint, so a
 * resumed run can cut off anything written after it and append from there.
 */
export class CsvFile {
  // Records handed over and not yet turned into bytes: stringified together when taken (see
  // csvRecords: csv-stringify's bytes, its work only for records that need quoting).
  private pendingRecords: (readonly string[])[] = [];
  private pendingChars = 0;
  private pendingPrefix: Buffer | undefined;
  private queued: Promise<unknown> = Promise.resolve();
  private writing = 0;
  private failure: unknown;

  private constructor(
    private readonly handle: FileHandle,
    /** Bytes of the file taken by the records taken from `pendingRecords` so far. */
    private size: number,
    /** The file's path, for the message of a write that fails. */
    private readonly path: string,
  ) {}

  /**
   * Creates `path` anew (replacing a file or a symlink there, never following it) and writes
   * `header` as its first record.
   */
  static async create(path: string, header: readonly string[], options: { bom?: boolean } = {}): Promise<CsvFile> {
    const handle = await createReplacing(path).catch((error: unknown) => Promise.reject(runFileError(path, error)));
    const file = new CsvFile(handle, 0, path);
    if (options.bom ?? true) file.pendingPrefix = Buffer.from('\ufeff', 'utf8');
    file.write(header);
    return file;
  }

  /**
   * Opens an existing file to add records after its first `size` bytes; anything after them (a
   * run's records that no checkpoint covered) is cut off first. A file shorter than `size` is
   * refused (RESUME_INVALID): the records a checkpoint counted are not all there, and truncating
   * up to `size` would fill the gap with NUL bytes and report rows that no file holds.
   */
  static async append(path: string, size: number): Promise<CsvFile> {
    const handle = await openExisting(path, 'r+');
    try {
      const actual = (await handle.stat()).size;
      if (actual < size) {
        throw new CcbulkError('RESUME_INVALID', `Cannot resume: ${path} holds ${actual} bytes, fewer than the ${size} its journal's last checkpoint counted; the rows it lost cannot be told`);
      }
      await handle.truncate(size);
    } catch (error) {
      await handle.close();
      throw error;
    }
    return new CsvFile(handle, size, path);
  }

  /**
   * Adds one record (written in order; on disk by the next `flush`). Every cell, the header's
   * included, is formula-guarded here, so no column of any file written through this class can
   * be missed (see `guardOutcomeCell`): callers hand over the texts as they are.
   */
  write(record: readonly string[]): void {
    this.writeOwned([...record]);
  }

  /**
   * {@link write} of a record the caller hands over and never uses again: its cells are
   * guarded in place, so a file of a million rows makes no second array a row.
   */
  writeOwned(record: string[]): void {
    let chars = this.pendingChars;
    for (let i = 0; i < record.length; i++) {
      const text = guardOutcomeCell(record[i]!);
      record[i] = text;
      chars += text.length + 1;
    }
    this.pendingRecords.push(record);
    this.pendingChars = chars;
    if (this.pendingChars >= FLUSH_CHARS) void this.flush().catch(() => undefined);
  }

  /** Whether writes are queued faster than the disk takes them: the writer should `drain`. */
  get backlogged(): boolean {
    return this.writing > BACKLOG_WRITES;
  }

  /** Resolves once every write queued so far is done (failed or not: `flush` reports failures). */
  async drain(): Promise<void> {
    await this.queued;
  }

  /**
   * Writes every record handed over so far; with `sync`, waits until they are on disk. Resolves
   * with the file's size covering exactly those records.
   */
  flush(options: { sync?: boolean } = {}): Promise<number> {
    const chunk = this.take();
    const size = this.size;
    const at = size - (chunk?.length ?? 0);
    this.writing++;
    const done = this.queued.then(async () => {
      // Once a write failed, nothing after it is written: a record past a lost one would leave a
      // gap, and the sizes a checkpoint takes must cover only what is on disk.
      if (this.failure !== undefined) throw this.failure;
      try {
        // At an explicit offset: a file reopened to append is positioned at its start.
        if (chunk !== undefined) await writeFully(this.handle, chunk, at);
        if (options.sync) await this.handle.sync();
      } catch (error) {
        throw (this.failure ??= runFileError(this.path, error));
      }
      return size;
    });
    this.queued = done.catch(() => undefined).finally(() => this.writing--);
    return done;
  }

  /** Flushes and closes the file. */
  async close(): Promise<void> {
    try {
      await this.flush({ sync: true });
    } finally {
      await this.handle.close();
    }
  }

  private take(): Buffer | undefined {
    const records = this.pendingRecords;
    const prefix = this.pendingPrefix;
    if (records.length === 0 && prefix === undefined) return undefined;
    this.pendingRecords = [];
    this.pendingChars = 0;
    this.pendingPrefix = undefined;
    const text = Buffer.from(records.length === 0 ? '' : csvRecords(records), 'utf8');
    const chunk = prefix === undefined ? text : Buffer.concat([prefix, text]);
    this.size += chunk.length;
    return chunk;
  }
}
