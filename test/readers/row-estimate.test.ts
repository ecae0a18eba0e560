import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { estimateRowCount, sampleRowEstimate } from '../../src/readers/row-estimate.js';
import { contactRowsCsv } from '../support/contact-rows.js';
import { tempDir, writeFile } from '../support/import-env.js';

describe('the row estimate from a sample of a file', () => {
  it('is within a few per cent of the rows of a file far larger than its sample', async () => {
    const file = writeFile(tempDir(), 'big.csv', contactRowsCsv(60_000));
    const sampled = await sampleRowEstimate(file);
    expect(await estimateRowCount(file)).toBe(60_000);
    expect(sampled).toBeGreaterThan(60_000 * 0.95);
    expect(sampled).toBeLessThan(60_000 * 1.05);
  });

  it('is exact for a file smaller than its sample, and says nothing of a workbook or an empty file', async () => {
    const dir = tempDir();
    expect(await sampleRowEstimate(writeFile(dir, 'small.csv', contactRowsCsv(300)))).toBe(300);
    expect(await sampleRowEstimate(writeFile(dir, 'book.xlsx', Buffer.from('PK\u0003\u0004rest')))).toBeUndefined();
    expect(await sampleRowEstimate(writeFile(dir, 'empty.csv', ''))).toBeUndefined();
    expect(await sampleRowEstimate(path.join(dir, 'missing.csv'))).toBeUndefined();
  });
});
