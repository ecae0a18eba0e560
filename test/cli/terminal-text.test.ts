import { describe, expect, it } from 'vitest';
import { describeFatal } from '../../src/cli/fail.js';
import { importReport } from '../../src/cli/import-report.js';
import { CcbulkError } from '../../src/errors.js';
import type { ImportSummary } from '../../src/writers/summary-file.js';

const CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/;

describe('what the CLI prints', () => {
  it('carries no control sequence from a file into a fatal message', () => {
    const line = describeFatal(new CcbulkError('MAPPING_INVALID', "column '\u001b]0;pwned\u0007\u009b2J' is not known"), {});
    expect(line).not.toMatch(CONTROL);
    expect(line).toBe("column ']0;pwned2J' is not known");
  });

  it('carries no control sequence from headers, sheet names or reasons into the report, and keeps its lines', () => {
    const summary = {
      job: 'address-book',
      mode: 'create',
      dryRun: false,
      input: 'in\u001b[2J.csv',
      target: { id: 'b1', name: 'Book\u0007' },
      rows: 1,
      succeeded: 0,
      rejected: 1,
      requests: 0,
      retries: 0,
      rateLimited: 0,
      elapsedMs: 1,
      rejectedByStage: { validate: 1 },
      rejectedByReason: { 'phone: \u001b]0;title\u0007': 1 },
      unmappedColumns: ['\u001b[31mred'],
      files: { results: 'r.csv', rejects: 'j.csv', summary: 's.json' },
    } as ImportSummary;
    const report = importReport(summary, 10);
    expect(report).not.toMatch(CONTROL);
    expect(report.split('\n').length).toBeGreaterThan(5);
  });
});
