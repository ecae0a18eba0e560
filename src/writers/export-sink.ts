/*
 * The contract every export sink keeps. The factory that picks one by extension lives in
 * open-export-sink.ts, so the sinks can import this contract without an import cycle.
 */

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
