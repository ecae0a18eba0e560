import { mkdtemp, rm } from 'node:fs/promises';
import { createReadStream } from 'node:fs';
import { once } from 'node:events';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import type { WriteStream } from 'node:fs';
import { openPrivateStream } from './private-file.js';

/**
 * A folder of spooled rows: rows that arrived before their turn to be written (an export lists
 * several books at once, but writes them in order), kept on disk rather than in memory. The
 * folder is 0700 and each file 0600 (the rows are personal data), and `remove` deletes it all.
 */
export class RowSpool {
  private constructor(private readonly dir: string) {}

  /** A new spool folder under the system's temporary folder. */
  static async create(): Promise<RowSpool> {
    return new RowSpool(await mkdtemp(path.join(tmpdir(), 'ccbulk-spool-')));
  }

  /** A file of its own for one listing's rows, written as they come and read back once. */
  async open(name: string): Promise<SpoolFile> {
    const file = path.join(this.dir, `${name}.jsonl`);
    return new SpoolFile(file, await openPrivateStream(file));
  }

  /** Deletes the folder and every file in it. */
  async remove(): Promise<void> {
    await rm(this.dir, { recursive: true, force: true });
  }
}

/** One listing's spooled rows: one JSON array of cell texts per line. */
export class SpoolFile {
  constructor(
    private readonly file: string,
    private readonly stream: WriteStream,
  ) {}

  /** Appends a row; waits when the disk is behind, so memory stays flat. */
  async write(row: readonly string[]): Promise<void> {
    if (!this.stream.write(`${JSON.stringify(row)}\n`)) await once(this.stream, 'drain');
  }

  /** Ends writing; the rows can then be read. */
  async close(): Promise<void> {
    this.stream.end();
    await once(this.stream, 'close');
  }

  /** The rows in the order they were written, read from disk a line at a time; the file is deleted after. */
  async *rows(): AsyncGenerator<readonly string[]> {
    const lines = createInterface({ input: createReadStream(this.file, 'utf8'), crlfDelay: Infinity });
    try {
      for await (const line of lines) if (line !== '') yield JSON.parse(line) as string[];
    } finally {
      lines.close();
      await rm(this.file, { force: true });
    }
  }
}
