import { createWriteStream } from 'node:fs';
import { once } from 'node:events';
import { describe, expect, it } from 'vitest';
import { CSV_CHUNK_BYTES, openCsv } from '../../src/readers/csv.js';
import { tempFolder } from './table-files.js';

const files = tempFolder();

const notes = 'x'.repeat(180);
/** Row `i` of the file (ASCII: its length is its bytes). */
const rowText = (i: number): string =>
  `Alice${i},Smith${i % 97},alice${i}@example.com,+1555${String(i).padStart(7, '0')},"Acme, Inc.",Manager,Boston,US,${notes}\r\n`;

/** A 200 000-row contacts CSV of about 60 MB, written in pieces so the test itself stays small. */
async function writeBigCsv(path: string): Promise<number> {
  const out = createWriteStream(path);
  out.write('first_name,last_name,email,phone,company,title,city,country,notes\r\n');
  let bytes = 0;
  for (let block = 0; block < 200; block++) {
    let text = '';
    for (let i = block * 1000; i < (block + 1) * 1000; i++) {
      text += rowText(i);
    }
    bytes += text.length;
    if (!out.write(text)) await once(out, 'drain');
  }
  out.end();
  await once(out, 'finish');
  return bytes;
}

// Peak memory itself is a benchmark (the `local` part of `npm run bench`): RSS depends on when the
// collector runs. What keeps it flat is behaviour that can be asserted: a row is given out when the
// bytes up to it have been read, never the whole file first.
describe('openCsv on a large file', () => {
  it('streams 200 000 rows, reading no more than a few chunks ahead of the row it gives out', async () => {
    const path = files.path('big.csv');
    const size = await writeBigCsv(path);
    let read = 0;
    let rows = 0;
    let lastLine = 0;
    let furthestAhead = 0;
    const headerBytes = 'first_name,last_name,email,phone,company,title,city,country,notes\r\n'.length;
    let rowBytes = headerBytes;
    for await (const item of (await openCsv(path, { onBytes: (chunk) => (read += chunk.length) })).items) {
      if (item.kind === 'row') rows++;
      lastLine = item.origin.line;
      if (item.kind === 'row') rowBytes += rowText(rows - 1).length;
      furthestAhead = Math.max(furthestAhead, read - rowBytes);
    }
    expect(rows).toBe(200_000);
    expect(lastLine).toBe(200_001);
    expect(read).toBe(size + headerBytes);
    // At most two read chunks ahead.
    expect(furthestAhead).toBeLessThanOrEqual(2 * CSV_CHUNK_BYTES);
  });
});
