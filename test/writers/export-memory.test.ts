import { readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { ExportColumn } from '../../src/writers/export-sink.js';
import { openExportSink } from '../../src/writers/open-export-sink.js';
import { tempDir } from '../support/import-env.js';

const columns: readonly ExportColumn[] = [
  { name: 'contact_id', kind: 'text' },
  { name: 'first_name', kind: 'text' },
  { name: 'last_name', kind: 'text' },
  { name: 'email', kind: 'text' },
  { name: 'phone', kind: 'phone' },
  { name: 'company', kind: 'text' },
  { name: 'notes', kind: 'text' },
];

/** The bytes in the folder's one file (the export's temporary file while it is written). */
function bytesOnDisk(folder: string): number {
  return readdirSync(folder).reduce((sum, name) => sum + statSync(path.join(folder, name)).size, 0);
}

// Peak memory itself is a benchmark (`BENCH_ONLY=export-memory npm run bench`, against exceljs
// alone in the same run), not a test: RSS depends on when the collector runs. What keeps it flat
// is behaviour that can be asserted: the rows reach the disk as they are written, not at commit.
// Without the sink's backpressure exceljs held the whole sheet's XML and the file had 0 bytes.
describe('an XLSX export of many rows', () => {
  it('streams 100 000 rows to disk as they are written rather than holding them until commit', async () => {
    const folder = tempDir();
    const sink = await openExportSink(path.join(folder, 'big.xlsx'));
    await sink.startSheet('Contacts', columns);
    const notes = 'x'.repeat(120);
    const onDisk: number[] = [];
    for (let i = 0; i < 100_000; i++) {
      await sink.writeRow([`c${i}`, `Alice${i}`, `Smith${i % 97}`, `alice${i}@example.com`, `+1555${String(i).padStart(7, '0')}`, 'Acme, Inc.', notes]);
      if ((i + 1) % 25_000 === 0) onDisk.push(bytesOnDisk(folder));
    }
    const { rows } = await sink.commit();
    const final = bytesOnDisk(folder);
    expect(rows).toEqual({ Contacts: 100_000 });
    // Each quarter of the rows is on disk before the next is written: no more than the sink's
    // 1 MiB of pending XML (a small part of a quarter once zipped) waits in memory.
    onDisk.forEach((bytes, quarter) => expect(bytes, `bytes on disk after ${(quarter + 1) * 25_000} rows`).toBeGreaterThan(final * (quarter + 1) * 0.25 * 0.6));
    // And the file keeps growing: the quarters' figures rise.
    expect([...onDisk].sort((a, b) => a - b)).toEqual(onDisk);
    expect(new Set(onDisk).size).toBe(onDisk.length);
  });
});
