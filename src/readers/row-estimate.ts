import { createReadStream } from 'node:fs';
import { open } from 'node:fs/promises';

/**
 * About how many data rows a CSV file holds, for a progress ETA: its line breaks less the
 * header. Approximate (a quoted field with line breaks counts more than once) and cheap: it
 * counts bytes without parsing. Undefined for workbooks and unreadable files.
 */
export async function estimateRowCount(path: string): Promise<number | undefined> {
  try {
    let lf = 0;
    let cr = 0;
    let first = true;
    for await (const chunk of createReadStream(path) as AsyncIterable<Buffer>) {
      // A zip (XLSX) starts with PK: its bytes say nothing about rows.
      if (first && chunk[0] === 0x50 && chunk[1] === 0x4b) return undefined;
      first = false;
      for (let i = chunk.indexOf(10); i !== -1; i = chunk.indexOf(10, i + 1)) lf++;
      if (lf === 0) for (let i = chunk.indexOf(13); i !== -1; i = chunk.indexOf(13, i + 1)) cr++;
    }
    return Math.max(0, (lf > 0 ? lf : cr) - 1);
  } catch {
    return undefined;
  }
}

/** How much of a file {@link sampleRowEstimate} reads. */
const SAMPLE_BYTES = 256 * 1024;

/**
 * About how many data rows a CSV file holds, from its size and the line length of its first
 * 256 KiB, without reading the rest: what a run sizes its tables by before it reads (a table
 * that doubles as it fills holds its old and new arrays at once while it copies). Undefined for
 * workbooks, empty and unreadable files.
 */
export async function sampleRowEstimate(path: string): Promise<number | undefined> {
  try {
    const handle = await open(path, 'r');
    try {
      const size = (await handle.stat()).size;
      const sample = Buffer.alloc(Math.min(size, SAMPLE_BYTES));
      const { bytesRead } = await handle.read(sample, 0, sample.length, 0);
      if (bytesRead === 0 || (sample[0] === 0x50 && sample[1] === 0x4b)) return undefined;
      let lines = 0;
      for (let i = sample.indexOf(10); i !== -1 && i < bytesRead; i = sample.indexOf(10, i + 1)) lines++;
      if (lines === 0) return undefined;
      return Math.max(0, Math.round((size * lines) / bytesRead) - 1);
    } finally {
      await handle.close();
    }
  } catch {
    return undefined;
  }
}
