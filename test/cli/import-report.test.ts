import { describe, expect, it } from 'vitest';
import { importReport } from '../../src/cli/import-report.js';
import { ProgressLine } from '../../src/cli/progress.js';
import type { ImportSummary } from '../../src/writers/summary-file.js';

const base: ImportSummary = {
  job: 'address-book',
  mode: 'create',
  dryRun: false,
  input: 'c.csv',
  target: { addressBookId: 'b1', name: 'Book' },
  rows: 100,
  succeeded: 40,
  rejected: 45,
  requests: 5,
  retries: 0,
  rateLimited: 0,
  elapsedMs: 1000,
  rejectedByStage: { validate: 45 },
  rejectedByReason: {},
  unmappedColumns: [],
  files: { results: 'o/results.csv', rejects: 'o/rejects.csv', summary: 'o/summary.json' },
};

describe('the human summary of an import', () => {
  it('lists every reason kind up to ten, then says how many more kinds and rows there are', () => {
    const rejectedByReason = Object.fromEntries(Array.from({ length: 12 }, (_, i) => [`kind ${i}`, 12 - i]));
    const text = importReport({ ...base, rejectedByReason }, 20);
    for (let i = 0; i < 10; i++) expect(text).toContain(`× kind ${i}\n`);
    expect(text).not.toContain('× kind 10');
    expect(text).toContain('… and 2 more kinds (3 rows): see o/summary.json');
  });

  it('gives an example of each reason kind: the first row it was found on and its text', () => {
    const text = importReport(
      { ...base, rejectedByReason: { 'phone: not a valid number': 3 }, reasonExamples: { 'phone: not a valid number': { text: "phone: not a valid number for US: '555-12'", line: 7 } } },
      20,
    );
    expect(text).toContain("3 × phone: not a valid number  (e.g. line 7: for US: '555-12')");
  });

  it('shows the pending rows of a stopped run', () => {
    const text = importReport({ ...base, pending: 15, stoppedBy: 'stopped on request' }, 20);
    expect(text).toMatch(/^ {2}pending {5}15 {2}\(read, not sent yet/m);
  });

  it('cuts a long unmapped-columns line to a readable length', () => {
    const unmappedColumns = Array.from({ length: 500 }, (_, i) => `Column ${i}`);
    const line = importReport({ ...base, unmappedColumns }, 20).split('\n').find((l) => l.includes('unmapped columns'))!;
    expect(line.length).toBeLessThan(200);
    expect(line).toMatch(/… and \d+ more \(summary\.json lists them all\)$/);
  });
});

describe('the progress line', () => {
  const stream = { isTTY: true, write: () => true } as unknown as NodeJS.WriteStream;

  it('shows the share of the file read, and the retries and 429s of this run', () => {
    const stats = { requests: 10, retries: 1, rateLimited: 0 };
    const progress = new ProgressLine({ stream, expectedRows: 200, rowsPerSecondAllowed: 100, stats });
    stats.retries = 4;
    stats.rateLimited = 2;
    expect(progress.line({ read: 50, sent: 40, succeeded: 40, rejected: 0 }, 1)).toBe(
      'read 50 (25 %) · sent 40 · rejected 0 · 40 rows/s · 3 retries, 2 × 429 · ETA 2 s',
    );
  });

  it("counts in a resume's rate only the rows it finished itself", () => {
    const progress = new ProgressLine({ stream, doneBefore: 10_000 });
    expect(progress.line({ read: 10_050, sent: 50, succeeded: 10_040, rejected: 10 }, 10)).toBe('read 10050 · sent 50 · rejected 10 · 5 rows/s');
  });
});
