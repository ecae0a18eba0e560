import { describe, expect, it } from 'vitest';
import { ImportStopped, leftForResume } from '../../src/pipelines/import-job.js';
import type { ImportSummary } from '../../src/writers/summary-file.js';

const summary = (fields: Partial<ImportSummary> & { rows: number; succeeded: number }) =>
  ({ job: 'address-book', mode: 'create', rejected: 0, ...fields }) as unknown as ImportSummary;

describe('the message of an import that stopped', () => {
  it('counts the rows done against the whole file, not against the rows read', () => {
    // 4,090 rows read, 4,000 of them done: 90 are in flight, and 15,910 not read at all.
    const stopped = summary({ rows: 4090, succeeded: 3990, rejected: 10, pending: 90, fileRows: 20_000 });
    expect(new ImportStopped(stopped, '/out', new Error('daily limit reached')).message).toBe('daily limit reached; 4,000 of 20,000 rows done; 16,000 wait for the resume');
  });

  it('makes up no number for the rest when the file could not be counted again', () => {
    expect(leftForResume(summary({ rows: 4090, succeeded: 4000, pending: 90 }))).toBe('4,000 rows done; the rest of the file waits for the resume');
  });

  it('counts a DNC import\'s numbers as numbers, and its rows as read', () => {
    expect(leftForResume(summary({ rows: 300, items: 450, succeeded: 400, pending: 50, fileRows: 1000 }))).toBe("400 numbers done, from the file's first 300 rows; the rest of its 1,000 rows waits for the resume");
  });

  it('says every row has its outcome when what stopped was the step after them (a sync\'s deletes)', () => {
    const stopped = new ImportStopped(summary({ mode: 'sync', rows: 10, succeeded: 10, pending: 0, fileRows: 10 }), '/out', new Error('stopped on request while deleting the contacts not in the file'));
    expect(stopped.message).toBe('stopped on request while deleting the contacts not in the file; every row has its outcome, and the rest of the run is left for the resume');
    expect(stopped.message).not.toMatch(/0 rows/);
  });
});
