import { dirname, extname } from 'node:path';
import { CcbulkError } from '../errors.js';
import { CsvExportSink } from './csv-export-sink.js';
import { tempPathFor } from './export-path.js';
import { preparePrivateDirectory } from './private-file.js';

/** One column of an export: its header text, and whether it holds phone numbers. */
export interface ExportColumn {
  readonly name: string;
  /** `phone` columns hold E.164 numbers: kept as text in XLSX and not formula-guarded when plain. */
  readonly kind: 'text' | 'phone';
}

/**
 * Where an export's rows go: a CSV file or an XLSX workbook, written to a temporary file beside
 * the target and renamed over it only when complete.
 */
export interface ExportSink {
  /**
   * XLSX: starts a new worksheet named `name` (made to fit Excel's rules: at most 31 characters,
   * none of `[]:*?/\`, unique). CSV: the first call writes the header; a second call throws
   * CcbulkError `OUTPUT_INVALID` (a CSV file holds one table).
   */
  startSheet(name: string, columns: readonly ExportColumn[]): Promise<void>;
  /**
   * Writes one row (cells in column order, '' for empty), waiting when the disk is slower, so
   * memory stays flat. Text cells that a spreadsheet would take for a formula are guarded (see
   * `guardFormula`).
   */
  writeRow(cells: readonly string[]): Promise<void>;
  /**
   * Completes the file: flush, fsync, then rename the temporary file over the target (atomic: the
   * target is either the old file or the complete new one). Returns the rows written per sheet,
   * keyed by the sheet's name as written (CSV: the name given to `startSheet`).
   */
  commit(): Promise<{ readonly path: string; readonly rows: Readonly<Record<string, number>> }>;
  /**
   * Abandons the file: closes and deletes the temporary file; the target is untouched. Safe to
   * call after a failure, twice, or after commit (a no-op then).
   */
  abort(): Promise<void>;
}

/** How to write an export. */
export interface ExportSinkOptions {
  /** CSV only: start the file with a UTF-8 byte-order mark, so Excel reads it as UTF-8. Default: true. */
  readonly bom?: boolean;
}

/**
 * Opens a sink for `target`, a CSV file or an XLSX workbook by its extension (case-insensitive).
 * The target's directory is created if missing; the rows go to a temporary file beside it
 * (`.<name>.<pid>.tmp`, mode 0600) until {@link ExportSink.commit}.
 *
 * Throws CcbulkError `OUTPUT_INVALID` when the extension is neither `.csv` nor `.xlsx`, and when the
 * directory or the temporary file cannot be created (naming the fs error's code: `EACCES`).
 */
export async function openExportSink(target: string, options: ExportSinkOptions = {}): Promise<ExportSink> {
  const extension = extname(target).toLowerCase();
  if (extension !== '.csv' && extension !== '.xlsx') {
    throw new CcbulkError('OUTPUT_INVALID', `Expected \`--out\` to end in .csv or .xlsx, got \`${target}\``);
  }
  const tempPath = tempPathFor(target);
  try {
    await preparePrivateDirectory(dirname(target));
    return extension === '.csv'
      ? await CsvExportSink.open(target, tempPath, { bom: options.bom ?? true })
      : await (await import('./xlsx-export-sink.js')).XlsxExportSink.open(target, tempPath);
  } catch (error) {
    if (error instanceof CcbulkError) throw error;
    const reason = (error as NodeJS.ErrnoException).code ?? (error as Error).message;
    throw new CcbulkError('OUTPUT_INVALID', `Cannot write \`--out\` ${target}: ${reason}`, { cause: error });
  }
}
