import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { reason } from '../../src/reason.js';
import { OutcomeFiles } from '../../src/writers/outcome-files.js';
import { tempDir } from '../support/import-env.js';

const row = (line: number, cells: string[]) => ({ origin: { file: 'in.csv', line }, cells });

describe('OutcomeFiles', () => {
  it('counts rejected rows by each reason’s kind and writes the reasons’ texts to _reason', async () => {
    const dir = tempDir();
    const files = await OutcomeFiles.create(dir, ['Name', 'Phone']);
    files.rejected(row(2, ['Ada', '555-12']), 'validate', [reason('phone: not a valid number for US', '555-12'), reason('email: invalid format', 'bob@')]);
    files.rejected(row(3, ['Bo', '12']), 'validate', [reason('phone: not a valid number for US', '12')]);
    files.rejected(row(4, ['Cy', '+1']), 'duplicate', [{ kind: 'duplicate of an earlier row', text: 'duplicate of line 2' }]);
    await files.close();
    expect(files.counts.rejectedByReason).toEqual({
      'phone: not a valid number for US': 2,
      'email: invalid format': 1,
      'duplicate of an earlier row': 1,
    });
    expect(files.counts.rejectedByStage).toEqual({ validate: 2, duplicate: 1 });
    const text = readFileSync(path.join(dir, 'rejects.csv'), 'utf8');
    expect(text).toContain("phone: not a valid number for US: '555-12'; email: invalid format: 'bob@'");
    expect(text).toContain('duplicate of line 2');
  });

  it('keeps a reason whose value holds "; " or a quote as one kind', async () => {
    const dir = tempDir();
    const files = await OutcomeFiles.create(dir, ['Email']);
    files.rejected(row(2, ["a@x.com; b'@y.com"]), 'validate', [reason('email: invalid format', "a@x.com; b'@y.com")]);
    await files.close();
    expect(files.counts.rejectedByReason).toEqual({ 'email: invalid format': 1 });
  });
});
