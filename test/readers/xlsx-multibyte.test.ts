import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import ExcelJS from '../../src/exceljs.js';
import { openTable } from '../../src/readers/open-table.js';
import { tempDir } from '../support/import-env.js';
import { projectRoot } from '../support/run-cli.js';

describe('XLSX reader with non-Latin text', () => {
  it('keeps characters whose UTF-8 bytes straddle two inflated chunks (exceljs#2063)', async () => {
    const file = path.join(tempDir(), 'cjk.xlsx');
    const writer = new ExcelJS.stream.xlsx.WorkbookWriter({ filename: file, useSharedStrings: false });
    const sheet = writer.addWorksheet('Names');
    sheet.addRow(['name', 'note']).commit();
    // Almost every byte belongs to a 3- or 4-byte character: every chunk boundary splits one.
    const rows = Array.from({ length: 4000 }, (_, i) => [`王芳${'漢字'.repeat(i % 17)}🙂${i}`, 'Ørsted Zürich 😀'.repeat(1 + (i % 3))]);
    for (const row of rows) sheet.addRow(row).commit();
    sheet.commit();
    await writer.commit();

    const table = await openTable(file);
    const read: string[][] = [];
    for await (const item of table.items) read.push([...item.cells]);
    expect(read.filter((cells) => cells.some((c) => c.includes('\ufffd')))).toEqual([]);
    expect(read).toEqual(rows);

    // The unpatched streaming reader, in a process of its own, does split them in this file:
    // so the file does test the fix.
    const script = `const E=require('exceljs');(async()=>{let n=0;for await(const w of new E.stream.xlsx.WorkbookReader(process.argv[1],{}))for await(const r of w)if(String(r.getCell(1).value).includes('\\ufffd'))n++;console.log(n)})()`;
    const broken = Number(execFileSync(process.execPath, ['-e', script, file], { cwd: projectRoot, encoding: 'utf8' }).trim());
    expect(broken).toBeGreaterThan(0);
  });
});
