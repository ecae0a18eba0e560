import { dirname, extname } from 'node:path';
import { CcbulkError } from '../errors.js';
import { CsvExportSink } from './csv-export-sink.js';
import { tempPathFor } from './export-path.js';
import { exportWriteError } from './write-error.js';
import type { ExportSink, ExportSinkOptions } from './export-sink.js';
import { preparePrivateDirectory } from './private-file.js';

/**
 * Opens a sink for `target`, a CSV file or an XLSX workbook by its extension (case-insensitive).
 * The target's directory is created if missing; the rows go to a temporary file beside it
 * (`.<name>.<random>.tmp`, mode 0600, never through a link) until {@link ExportSink.commit}.
 *
 * Throws CcbulkError `OUTPUT_INVALID` when the extension is neither `.csv` nor `.xlsx`, and when the
 * directory or the temporary file cannot be created (naming the fs error in words and its code:
 * "permission denied (EACCES)").
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
    const named = exportWriteError(target, error);
    if (named instanceof CcbulkError) throw named;
    throw new CcbulkError('OUTPUT_INVALID', `Cannot write \`--out\` ${target}: ${(error as Error).message}`, { cause: error });
  }
}
