import { describe, expect, it } from 'vitest';
import { ImportStopped } from '../../src/pipelines/import-job.js';
import type { ImportSummary } from '../../src/writers/summary-file.js';

const summary = (pending: number) => ({ job: 'address-book', mode: 'sync', rows: 10, succeeded: 10 - pending, rejected: 0, pending }) as unknown as ImportSummary;

describe('the message of an import that stopped', () => {
  it('counts the rows not sent yet', () => {
    expect(new ImportStopped(summary(4), '/out', new Error('daily limit reached')).message).toBe('daily limit reached; 4 rows read are not sent yet');
  });

  it('says every row has its outcome when what stopped was the step after them (a sync\'s deletes)', () => {
    const stopped = new ImportStopped(summary(0), '/out', new Error('stopped on request while deleting the contacts not in the file'));
    expect(stopped.message).toBe('stopped on request while deleting the contacts not in the file; every row read has its outcome, and the rest of the run is left for a resume');
    expect(stopped.message).not.toMatch(/0 rows/);
  });
});
