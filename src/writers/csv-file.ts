import { once } from 'node:events';
import { finished } from 'node:stream/promises';
import { stringify, type Stringifier } from 'csv-stringify';
import { openPrivateStream } from './private-file.js';

/**
 * A CSV file written a record at a time: RFC 4180 through csv-stringify, UTF-8 with a BOM so that
 * Excel opens it with the right encoding, mode 0600. `write` waits when the disk is slower than
 * the caller, so memory stays flat.
 */
export class CsvFile {
  private constructor(
    private readonly stringifier: Stringifier,
    private readonly done: Promise<void>,
  ) {}

  /** Creates (or truncates) `path` and writes `header` as its first record. */
  static async create(path: string, header: readonly string[], options: { bom?: boolean } = {}): Promise<CsvFile> {
    const stream = await openPrivateStream(path);
    // csv-stringify quotes a field that holds the record delimiter (CRLF), but not one that holds
    // a lone LF or CR; every reader, ours included, would split the record there.
    const stringifier = stringify({ bom: options.bom ?? true, record_delimiter: 'windows', quoted_match: /[\r\n]/ });
    stringifier.pipe(stream);
    const file = new CsvFile(stringifier, finished(stream));
    await file.write(header);
    return file;
  }

  /** Writes one record. */
  async write(record: readonly string[]): Promise<void> {
    if (!this.stringifier.write(record)) await once(this.stringifier, 'drain');
  }

  /** Flushes and closes the file. */
  async close(): Promise<void> {
    this.stringifier.end();
    await this.done;
  }
}
