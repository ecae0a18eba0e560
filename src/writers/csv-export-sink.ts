import { once } from 'node:events';
import type { WriteStream } from 'node:fs';
import { rm } from 'node:fs/promises';
import { pipeline } from 'node:stream/promises';
import { stringify, type Stringifier } from 'csv-stringify';
import { CcbulkError } from '../errors.js';
import { guardFormula, guardPhoneFormula } from '../transforms/formula-guard.js';
import type { ExportColumn, ExportSink } from './export-sink.js';
import { replaceAtomically } from './export-path.js';
import { openPrivateStream } from './private-file.js';
import { exportWriteError } from './write-error.js';

/**
 * An export to a CSV file: RFC 4180 through csv-stringify, CRLF, UTF-8 (with a BOM unless told
 * otherwise), mode 0600, written to a temporary file that replaces the target on commit.
 */
export class CsvExportSink implements ExportSink {
  private sheet: { readonly name: string; readonly guards: readonly ((text: string) => string)[] } | undefined;
  private rows = 0;
  private state: 'open' | 'committed' | 'aborted' = 'open';
  private aborting: Promise<void> | undefined;

  private constructor(
    private readonly target: string,
    private readonly tempPath: string,
    private readonly file: WriteStream,
    private readonly stringifier: Stringifier,
    /** Settles when the file is closed: resolves after the end, rejects on the first error. */
    private readonly done: Promise<void>,
  ) {}

  /** Creates the temporary file at `tempPath`; the header comes with {@link startSheet}. */
  static async open(target: string, tempPath: string, options: { readonly bom: boolean }): Promise<CsvExportSink> {
    const file = await openPrivateStream(tempPath);
    // csv-stringify quotes a field that holds the record delimiter (CRLF), but not one that holds
    // a lone LF or CR; every reader, ours included, would split the record there.
    const stringifier = stringify({ bom: options.bom, record_delimiter: 'windows', quoted_match: /[\r\n]/ });
    // pipeline, not pipe: a disk error (ENOSPC) must reach the writer rather than leave it
    // waiting for a 'drain' that never comes.
    const done = pipeline(stringifier, file);
    done.catch(() => undefined); // observed by writeRow/commit; abort ignores it
    return new CsvExportSink(target, tempPath, file, stringifier, done);
  }

  async startSheet(name: string, columns: readonly ExportColumn[]): Promise<void> {
    this.assertOpen('startSheet');
    if (this.sheet !== undefined) {
      throw new CcbulkError(
        'OUTPUT_INVALID',
        `A CSV file holds one table: cannot add '${name}' after '${this.sheet.name}' to ${this.target}; use an .xlsx \`--out\` for several sheets`,
      );
    }
    this.sheet = { name, guards: columns.map((column) => (column.kind === 'phone' ? guardPhoneFormula : guardFormula)) };
    try {
      await this.write(columns.map((column) => guardFormula(column.name)));
    } catch (error) {
      throw exportWriteError(this.target, error);
    }
  }

  async writeRow(cells: readonly string[]): Promise<void> {
    this.assertOpen('writeRow');
    const sheet = this.sheet;
    if (sheet === undefined) throw new Error('CsvExportSink: writeRow() before startSheet()');
    if (cells.length !== sheet.guards.length) {
      throw new Error(`CsvExportSink: a row of ${cells.length} cells for ${sheet.guards.length} columns`);
    }
    try {
      await this.write(cells.map((cell, i) => sheet.guards[i]!(cell)));
    } catch (error) {
      throw exportWriteError(this.target, error);
    }
    this.rows++;
  }

  async commit(): Promise<{ readonly path: string; readonly rows: Readonly<Record<string, number>> }> {
    this.assertOpen('commit');
    const sheet = this.sheet;
    if (sheet === undefined) throw new Error('CsvExportSink: commit() before startSheet()');
    try {
      this.stringifier.end();
      await this.done;
      await replaceAtomically(this.tempPath, this.target);
    } catch (error) {
      throw exportWriteError(this.target, error);
    }
    this.state = 'committed';
    return { path: this.target, rows: { [sheet.name]: this.rows } };
  }

  abort(): Promise<void> {
    if (this.state === 'committed') return Promise.resolve();
    this.state = 'aborted';
    this.aborting ??= this.discard();
    return this.aborting;
  }

  private async discard(): Promise<void> {
    // Destroying the file lets pipeline tear down the stringifier in order.
    this.file.destroy();
    // Not once(file, 'close'): a write still on its way to the destroyed file makes it emit an
    // 'error' first, which would reject once() and leave the temporary file behind.
    if (!this.file.closed) await new Promise<void>((resolve) => this.file.once('close', () => resolve()));
    await rm(this.tempPath, { force: true });
  }

  private async write(record: readonly string[]): Promise<void> {
    if (!this.stringifier.write(record)) {
      // The file's end or error settles `done`; either way no 'drain' would come.
      await Promise.race([once(this.stringifier, 'drain'), this.done.then(() => Promise.reject(new Error('CsvExportSink: file closed while writing')))]);
    }
  }

  private assertOpen(method: string): void {
    if (this.state !== 'open') throw new Error(`CsvExportSink: ${method}() after ${this.state === 'committed' ? 'commit' : 'abort'}()`);
  }
}
