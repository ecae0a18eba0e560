import { CcbulkError } from '../errors.js';
import { open, stat } from 'node:fs/promises';
import { extname } from 'node:path';
import type { SourceTable } from './source-row.js';
import { openCsv, type CsvReadOptions } from './csv.js';
import { readAt, readZipDirectory, type FileHandle } from './zip-directory.js';
import type { XlsxReadOptions } from './xlsx.js';
import { fileSystemError, inputError } from './input-error.js';

/** How to read an input table: the CSV options apply to a CSV, the XLSX ones to a workbook. */
export interface TableReadOptions extends CsvReadOptions, XlsxReadOptions {}

const ZIP_MAGIC = [0x50, 0x4b, 0x03, 0x04] as const; // "PK\3\4"
const CFB_MAGIC = [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1] as const; // OLE compound file
/** How much of a text file's start is checked for NUL bytes, the mark of a binary file. */
const BINARY_SNIFF_BYTES = 8192;


function startsWith(bytes: Buffer, magic: readonly number[]): boolean {
  return bytes.length >= magic.length && magic.every((byte, i) => bytes[i] === byte);
}

/**
 * The entry names in a zip's central directory, or undefined when its end record is missing or
 * points outside the file: the mark of a truncated or damaged zip, which exceljs would otherwise
 * report as a bare stream error or not at all.
 */
async function zipEntryNames(handle: FileHandle, size: number): Promise<string[] | undefined> {
  const entries = await readZipDirectory(handle, size);
  return entries === undefined ? undefined : [...entries.keys()];
}

/**
 * What an OLE compound file holds, from the names in its first directory sector: Office writes a
 * password-protected XLSX as one of these with `EncryptionInfo` and `EncryptedPackage` streams,
 * and a legacy .xls has a `Workbook` (or, before Excel 97, `Book`) stream.
 */
async function compoundFileKind(handle: FileHandle): Promise<'encrypted' | 'xls' | 'other'> {
  const header = await readAt(handle, 0, 512);
  if (header.length < 512) return 'other';
  const sectorSize = 2 ** header.readUInt16LE(0x1e);
  const firstDirectorySector = header.readUInt32LE(0x30);
  if (sectorSize > 65536 || firstDirectorySector >= 0xfffffffa) return 'other';
  const directory = await readAt(handle, (firstDirectorySector + 1) * sectorSize, sectorSize);
  const names = new Set<string>();
  for (let i = 0; i + 128 <= directory.length; i += 128) {
    const nameBytes = Math.min(directory.readUInt16LE(i + 64), 64);
    if (nameBytes >= 2) names.add(directory.toString('utf16le', i, i + nameBytes - 2));
  }
  if (names.has('EncryptedPackage') || names.has('EncryptionInfo')) return 'encrypted';
  if (names.has('Workbook') || names.has('Book')) return 'xls';
  return 'other';
}

/** The 1-based line of byte `offset`, counting LF, CRLF and a lone CR as an editor does. */
function lineAt(bytes: Buffer, offset: number): number {
  let line = 1;
  for (let i = 0; i < offset; i++) {
    if (bytes[i] === 0x0a || (bytes[i] === 0x0d && bytes[i + 1] !== 0x0a)) line++;
  }
  return line;
}

/**
 * Opens a CSV or XLSX file as a table, choosing by content rather than by name (a zip is an XLSX,
 * anything else a CSV), so `export.csv` that is really a workbook still reads.
 *
 * Throws CcbulkError `INPUT_INVALID`, naming the file, when it is missing, a directory or empty;
 * when it is named like a workbook but is not one; when it is a damaged or truncated zip, a zip
 * that is not a workbook, a password-protected workbook, a legacy .xls, or binary data; and for
 * whatever {@link openCsv} or {@link openXlsx} reject.
 */
export async function openTable(path: string, options: TableReadOptions = {}): Promise<SourceTable> {
  let handle: FileHandle | undefined;
  let kind: 'csv' | 'xlsx';
  try {
    const info = await stat(path);
    if (info.isDirectory()) throw inputError(path, 'is a directory, not a file.');
    if (info.size === 0) throw inputError(path, 'is empty.');
    handle = await open(path, 'r');
    const start = await readAt(handle, 0, Math.min(info.size, BINARY_SNIFF_BYTES));
    const extension = extname(path).toLowerCase();

    if (startsWith(start, ZIP_MAGIC)) {
      const names = await zipEntryNames(handle, info.size);
      if (names === undefined) {
        throw inputError(path, 'is a damaged or incomplete zip file (its directory at the end is missing): re-save or re-copy the workbook.');
      }
      if (names.length > 0 && !names.includes('xl/workbook.xml')) {
        throw inputError(path, 'is a zip file but not an XLSX workbook (it has no xl/workbook.xml).');
      }
      kind = 'xlsx';
    } else if (startsWith(start, CFB_MAGIC)) {
      const cfb = await compoundFileKind(handle);
      if (cfb === 'encrypted') {
        throw inputError(path, 'is password-protected: open it in Excel, remove the password (File > Info > Protect Workbook), and save it again.');
      }
      if (cfb === 'xls') {
        throw inputError(path, 'is a legacy Excel 97–2003 workbook (.xls): save it as .xlsx or .csv and use that.');
      }
      throw inputError(path, 'is an OLE compound file (an older Office document), not a CSV or XLSX file.');
    } else if (extension === '.xlsx' || extension === '.xlsm' || extension === '.xls') {
      throw inputError(path, `is named ${extension} but is not an Excel workbook (it does not start like one).`);
    } else {
      const hasBom = (start[0] === 0xff && start[1] === 0xfe) || (start[0] === 0xfe && start[1] === 0xff);
      // UTF-16 without a BOM is full of NUL bytes: the one case `--encoding utf16le/utf16be` is for.
      const utf16 = options.encoding === 'utf16le' || options.encoding === 'utf16be';
      const nul = hasBom || utf16 ? -1 : start.indexOf(0);
      if (nul !== -1) {
        throw inputError(
          path,
          `is not a text (CSV) file: it holds binary data (the first NUL byte is on line ${lineAt(start, nul)}, at byte offset ${nul}). ` +
            'A UTF-16 CSV without a byte-order mark needs `--encoding utf16le` (or utf16be).',
        );
      }
      kind = 'csv';
    }
  } catch (error) {
    throw fileSystemError(path, error);
  } finally {
    await handle?.close();
  }
  if (kind === 'csv') {
    // A sheet asked of a CSV would be ignored without a word: the person meant another file.
    if (options.sheet !== undefined) {
      throw new CcbulkError('OPTION_INVALID', `\`--sheet\` picks a sheet of a workbook (.xlsx), and ${path} is a CSV file: leave \`--sheet\` out, or give the workbook`, { field: '--sheet' });
    }
    return openCsv(path, options);
  }
  // Loaded only for a workbook: exceljs adds ~28 MB to a process that reads CSV.
  const { openXlsx } = await import('./xlsx.js');
  return openXlsx(path, options.sheet === undefined ? {} : { sheet: options.sheet });
}
