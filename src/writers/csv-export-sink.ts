import { once } from 'node:events';
import type { WriteStream } from 'node:fs';
import { rm } from 'node:fs/promises';
import { CcbulkError } from '../errors.js';
import { guardFormula, guardPhoneFormula } from '../transforms/formula-guard.js';
import type { ExportColumn, ExportSink } from './export-sink.js';
import { replaceAtomically } from './export-path.js';
import { openPrivateStream } from './private-file.js';
import { exportWriteError } from './write-error.js';
import { csvRecords } from './csv-records.js';

/** Text gathered before it is handed to the file: one write per this many characters, not per row. */
const CHUNK_CHARS = 64 * 1024;

/**
 * An export to a CSV file: RFC 4180 as csv-stringify writes it (see csvRecords), CRLF, UTF-8 (with
 * a BOM unless told otherwise), mode 0600, written to a temporary file that replaces the target on
 * commit. Rows are gathered into chunks of text and written with the file's backpressure: one
 * stream write per row (csv-stringify's stream) cost more than the rest of writing a row.
 */
export class CsvExportSink implements ExportSink {
  private sheet: { readonly name: string; readonly guards: readonly ((text: string) => string)[] } | undefined;
  private rows = 0;
  private state: 'open' | 'committed' | 'aborted' = 'open';
  private aborting: Promise<void> | undefined;
  /** Text of rows not yet handed to the file. */
  private pending: string;
  /** Rejects on the file's first error (ENOSPC): a writer waiting for 'drain' would wait forever. */
  private readonly failed: Promise<never>;

  private constructor(
    private readonly target: string,
    private readonly tempPath: string,
    private readonly file: WriteStream,
    bom: boolean,
  ) {
    this.pending = bom ? '\ufeff' : '';
    this.failed = new Promise<never>((_, reject) => file.on('error', reject));
    this.failed.catch(() => undefined); // observed by writeRow/commit; abort ignores it
  }

  /** Creates the temporary file at `tempPath`; the header comes with {@link startSheet}. */
  static async open(target: string, tempPath: string, options: { readonly bom: boolean }): Promise<CsvExportSink> {
    return new CsvExportSink(target, tempPath, await openPrivateStream(tempPath), options.bom);
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
      const rest = this.pending;
      this.pending = '';
      this.file.end(rest);
      await Promise.race([once(this.file, 'close'), this.failed]);
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
    this.file.destroy();
    // Not once(file, 'close'): a write still on its way to the destroyed file makes it emit an
    // 'error' first, which would reject once() and leave the temporary file behind.
    if (!this.file.closed) await new Promise<void>((resolve) => this.file.once('close', () => resolve()));
    await rm(this.tempPath, { force: true });
  }

  private async write(record: readonly string[]): Promise<void> {
    this.pending += csvRecords([record]);
    if (this.pending.length < CHUNK_CHARS) return;
    const chunk = this.pending;
    this.pending = '';
    if (!this.file.write(chunk)) await Promise.race([once(this.file, 'drain'), this.failed]);
  }

  private assertOpen(method: string): void {
    if (this.state !== 'open') throw new Error(`CsvExportSink: ${method}() after ${this.state === 'committed' ? 'commit' : 'abort'}()`);
  }
}
