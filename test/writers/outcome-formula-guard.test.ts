import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { reason } from '../../src/reason.js';
import { OutcomeFiles } from '../../src/writers/outcome-files.js';
import { tempDir } from '../support/import-env.js';

const FORMULA = /^[=+\-@\t\r]/;
const PHONES = /^[+-]?[\d().\-/]*(?: +[+-]?[\d().\-/]*)*$/;

function cells(file: string): string[] {
  return (parse(readFileSync(file), { bom: true, relax_column_count: true }) as string[][]).flat();
}

describe('results.csv and rejects.csv', () => {
  it('guard every cell a spreadsheet would run: the header, _line, _id, _reason and the input cells', async () => {
    const dir = tempDir();
    const files = await OutcomeFiles.create(dir, ['=HYPERLINK("http://evil","Name")', '@Phone']);
    const origin = { file: 'in.xlsx', sheet: '=HYPERLINK("http://evil","x")', line: 2 };
    files.succeeded({ origin, cells: ['=1+2', '+1 (212) 736-4410'] }, { status: 'created', id: '=cmd|"/c calc"!A1', phones: ['+12127364410', '+13128461000'] });
    files.rejected({ origin, cells: ['-2+3', '@SUM(A1)'] }, 'api', [{ kind: 'zoom', text: '=HYPERLINK("http://evil","zoom said")' }, reason('x', 'y')]);
    await files.close();
    const all = [...cells(path.join(dir, 'results.csv')), ...cells(path.join(dir, 'rejects.csv'))];
    const unguarded = all.filter((cell) => FORMULA.test(cell) && !PHONES.test(cell));
    expect(unguarded).toEqual([]);
    expect(all).toContain(`'=HYPERLINK("http://evil","x")!2`);
    expect(all).toContain(`'=HYPERLINK("http://evil","Name")`);
    // Numbers keep their own form: a quote would break them for whoever reads the file.
    expect(all).toContain('+1 (212) 736-4410');
    expect(all).toContain('+12127364410 +13128461000');
  });
});
