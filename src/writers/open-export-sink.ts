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
      : await (await xlsxSinkModule()).XlsxExportSink.open(target, tempPath);
  } catch (error) {
    if (error instanceof CcbulkError) throw error;
    const named = exportWriteError(target, error);
    if (named instanceof CcbulkError) throw named;
    throw new CcbulkError('OUTPUT_INVALID', `Cannot write \`--out\` ${target}: ${(error as Error).message}`, { cause: error });
  }
}

let xlsxModule: Promise<typeof import('./xlsx-export-sink.js')> | undefined;
const xlsxSinkModule = () => (xlsxModule ??= import('./xlsx-export-sink.js'));

/**
 * Starts loading what writing `target` takes, when that is more than a CSV's: exceljs, a few
 * hundred milliseconds of the main thread. An export calls it before its look-ups (the token,
 * the book by name), so the loading runs while they wait on the network rather than between
 * them and the first page. Never fails: a module that cannot load fails where the sink opens.
 */
export function warmExportSink(target: string): void {
  if (extname(target).toLowerCase() === '.xlsx') xlsxSinkModule().catch(() => undefined);
}
