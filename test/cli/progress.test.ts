import { describe, expect, it } from 'vitest';
import { ProgressLine } from '../../src/cli/progress.js';

describe('the progress line of a run that knows how many rows the file holds', () => {
  const stream = { isTTY: true, write: () => true } as unknown as NodeJS.WriteStream;

  it('takes the share read and the ETA from the rows counted, not the estimate', () => {
    const progress = new ProgressLine({ stream, expectedRows: 1000, rowsPerSecondAllowed: 10 });
    expect(progress.line({ read: 50, sent: 40, succeeded: 40, rejected: 0, total: 200 }, 1)).toBe('read 50 (25 %) · sent 40 · rejected 0 · 40 rows/s · ETA 15 s');
  });

  it('shows 100 % once every row counted is read, where an estimate stops at 99 %', () => {
    const counted = new ProgressLine({ stream });
    expect(counted.line({ read: 200, sent: 150, succeeded: 150, rejected: 0, total: 200 }, 1)).toMatch(/^read 200 \(100 %\)/);
    const estimated = new ProgressLine({ stream, expectedRows: 200 });
    expect(estimated.line({ read: 200, sent: 150, succeeded: 150, rejected: 0 }, 1)).toMatch(/^read 200 \(99 %\)/);
  });
});
