import { createReadStream } from 'node:fs';

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
