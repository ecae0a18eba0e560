import { createWriteStream } from 'node:fs';
import { once } from 'node:events';
import { describe, expect, it } from 'vitest';
import { openCsv } from '../../src/readers/csv.js';
import { tempFolder } from './table-files.js';

const files = tempFolder();

/** A 200 000-row contacts CSV of about 60 MB, written in pieces so the test itself stays small. */
async function writeBigCsv(path: string): Promise<number> {
  const out = createWriteStream(path);
  out.write('first_name,last_name,email,phone,company,title,city,country,notes\r\n');
  const notes = 'x'.repeat(180);
  let bytes = 0;
  for (let block = 0; block < 200; block++) {
    let text = '';
    for (let i = block * 1000; i < (block + 1) * 1000; i++) {
      text += `Alice${i},Smith${i % 97},alice${i}@example.com,+1555${String(i).padStart(7, '0')},"Acme, Inc.",Manager,Boston,US,${notes}\r\n`;
    }
    bytes += text.length;
    if (!out.write(text)) await once(out, 'drain');
  }
  out.end();
  await once(out, 'finish');
  return bytes;
}

describe('openCsv on a large file', () => {
  it('streams 200 000 rows with memory that stays flat rather than growing with the file', async () => {
    const path = files.path('big.csv');
    const size = await writeBigCsv(path);
    const before = process.memoryUsage().rss;
    let peak = before;
    let rows = 0;
    let lastLine = 0;
    for await (const item of (await openCsv(path)).items) {
      if (item.kind === 'row') rows++;
      lastLine = item.origin.line;
      if (rows % 10_000 === 0) peak = Math.max(peak, process.memoryUsage().rss);
    }
    expect(rows).toBe(200_000);
    expect(lastLine).toBe(200_001);
    // Loose on purpose (GC timing varies): reading the whole file would add at least its size.
    expect(peak - before).toBeLessThan(size / 2);
  });
});
