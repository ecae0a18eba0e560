import { createReadStream } from 'node:fs';
import { itemsOfChunks, type SourceItem, type SourceTable } from './source-row.js';
import { createUtf8Transcoder, type CsvEncoding, type Utf8Transcoder } from './csv-encoding.js';
import { sniffDelimiter, type CsvDelimiter } from './csv-delimiter.js';
import { CsvRecordParser } from './csv-record-parser.js';
import { fileSystemError, inputError } from './input-error.js';

export type { CsvEncoding } from './csv-encoding.js';
export type { CsvDelimiter } from './csv-delimiter.js';

/** How to read a CSV file. */
export interface CsvReadOptions {
  /** The file's text encoding. Default `auto`: a BOM, else UTF-8 unless the bytes are not UTF-8, then Windows-1252. */
  readonly encoding?: CsvEncoding;
  /** The field delimiter. Default `auto`: sniffed from the header line. */
  readonly delimiter?: CsvDelimiter;
  /**
   * Sees every byte of the file, in order, as it is read: a caller that reads the whole file
   * anyway (a sync's plan) hashes it on the way rather than read it again. Default none.
   */
  readonly onBytes?: ((chunk: Buffer) => void) | undefined;
}

/**
 * Bytes read at a time. Large enough that per-chunk work (encoding checks, the parser's buffer
 * joins) disappears next to parsing; small enough that memory stays flat whatever the file size.
 * A chunk's rows are parsed at once and held until the import has used them: at 256 KiB (about
 * 3,000 contact rows) a 300,000-row dry run peaked 7 MB higher than at 128, for no speed.
 */
export const CSV_CHUNK_BYTES = 128 * 1024;

/**
 * Opens a CSV file and reads its header; the rows then stream from `items`, never the whole file
 * in memory. Every cell is the text in the file (no type casting: `+15551234567` and `02134` stay
 * as they are); blank lines are skipped; each row carries the line its record starts on.
 * A malformed record becomes a {@link ParseReject} and the rest of the file still loads.
 *
 * Throws CcbulkError `INPUT_INVALID` when the file cannot be read, is empty, has no header line, or
 * its header line is malformed. `items` (or `chunks`: the rows of each 128 KiB read) can be read
 * once; the file stays open until it is read to
 * the end or the loop over it is left.
 */
export async function openCsv(path: string, options: CsvReadOptions = {}): Promise<SourceTable> {
  const stream = createReadStream(path, { highWaterMark: CSV_CHUNK_BYTES });
  const chunks = tapped(stream[Symbol.asyncIterator]() as AsyncIterator<Buffer>, options.onBytes);
  try {
    const first = await chunks.next();
    if (first.done === true || first.value.length === 0) throw inputError(path, 'is empty.');
    const transcoder = createUtf8Transcoder(first.value, options.encoding ?? 'auto');
    const firstUtf8 = transcoder.push(first.value, false);
    const delimiter =
      options.delimiter === undefined || options.delimiter === 'auto' ? (transcoder.declaredDelimiter ?? sniffDelimiter(firstUtf8)) : options.delimiter;
    const parser = new CsvRecordParser(path, delimiter);

    const pending = parser.write(firstUtf8, false);
    let ended = false;
    while (parser.header === undefined && !ended) {
      const next = await chunks.next();
      ended = next.done === true;
      pending.push(...writeChunk(parser, transcoder, ended ? undefined : next.value));
    }
    if (parser.header === undefined) throw inputError(path, 'has no header line: it holds only blank lines.');
    const parsed = streamChunks(path, stream, chunks, parser, transcoder, pending, ended);
    return { header: parser.header, chunks: parsed, items: itemsOfChunks(parsed) };
  } catch (error) {
    stream.destroy();
    throw fileSystemError(path, error);
  }
}

/** The file's chunks, each shown to `onBytes` as it is read. */
function tapped(chunks: AsyncIterator<Buffer>, onBytes: ((chunk: Buffer) => void) | undefined): AsyncIterator<Buffer> {
  if (onBytes === undefined) return chunks;
  return {
    next: async () => {
      const next = await chunks.next();
      if (next.done !== true) onBytes(next.value);
      return next;
    },
  };
}

/** One chunk of the file through the transcoder and the parser; no chunk means the end. */
function writeChunk(parser: CsvRecordParser, transcoder: Utf8Transcoder, chunk: Buffer | undefined): SourceItem[] {
  const end = chunk === undefined;
  return parser.write(transcoder.push(chunk, end), end);
}

/** The rows of each chunk of the file as it is parsed (one array a chunk; possibly empty). */
async function* streamChunks(
  path: string,
  stream: { destroy(): void },
  chunks: AsyncIterator<Buffer>,
  parser: CsvRecordParser,
  transcoder: Utf8Transcoder,
  pending: SourceItem[],
  ended: boolean,
): AsyncGenerator<readonly SourceItem[]> {
  try {
    yield pending;
    if (ended) return;
    for (;;) {
      let next: IteratorResult<Buffer>;
      try {
        next = await chunks.next();
      } catch (error) {
        throw fileSystemError(path, error);
      }
      yield writeChunk(parser, transcoder, next.done === true ? undefined : next.value);
      if (next.done === true) return;
    }
  } finally {
    stream.destroy();
  }
}
