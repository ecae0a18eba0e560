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

describe('an XLSX export of many rows', () => {
  it('writes 100 000 rows with memory that stays flat rather than growing with the rows', async () => {
    const sink = await openExportSink(path.join(tempDir(), 'big.xlsx'));
    await sink.startSheet('Contacts', columns);
    const notes = 'x'.repeat(120);
    const before = process.memoryUsage().rss;
    let peak = before;
    for (let i = 0; i < 100_000; i++) {
      await sink.writeRow([`c${i}`, `Alice${i}`, `Smith${i % 97}`, `alice${i}@example.com`, `+1555${String(i).padStart(7, '0')}`, 'Acme, Inc.', notes]);
      if (i % 5_000 === 0) peak = Math.max(peak, process.memoryUsage().rss);
    }
    const { rows } = await sink.commit();
    peak = Math.max(peak, process.memoryUsage().rss);
    expect(rows).toEqual({ Contacts: 100_000 });
    // Loose on purpose (GC timing varies): holding the rows would take several hundred MB.
    expect(peak - before).toBeLessThan(150 * 1024 * 1024);
  });
});
