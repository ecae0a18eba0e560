import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { CcbulkError } from '../../src/errors.js';
import { openXlsx, type XlsxReadOptions } from '../../src/readers/xlsx.js';
import { tempDir } from '../support/import-env.js';
import { writeTinyXlsx } from '../support/tiny-xlsx.js';

const header = '<row r="1"><c r="A1" t="inlineStr"><is><t>Name</t></is></c></row>';

async function readAll(file: string, options: XlsxReadOptions = {}): Promise<number> {
  const table = await openXlsx(file, options);
  let n = 0;
  for await (const _ of table.items) n++;
  return n;
}

async function refusal(file: string, options: XlsxReadOptions = {}): Promise<CcbulkError> {
  try {
    await readAll(file, options);
  } catch (error) {
    if (error instanceof CcbulkError) return error;
    throw error;
  }
  throw new Error('expected the workbook to be refused');
}

describe('hostile workbooks', () => {
  it('read as usual within the limits', async () => {
    const file = path.join(tempDir(), 'ok.xlsx');
    writeTinyXlsx(file, `${header}<row r="2"><c r="A2" t="s"><v>0</v></c></row>`, '<si><t>Ada</t></si>');
    expect(await readAll(file)).toBe(1);
  });

  it('are refused when they hold more shared strings than the limit, naming it', async () => {
    const file = path.join(tempDir(), 'strings.xlsx');
    writeTinyXlsx(file, header, '<si><t>x</t></si>'.repeat(5000));
    const error = await refusal(file, { limits: { maxSharedStrings: 1000 } });
    expect(error.code).toBe('INPUT_INVALID');
    expect(error.message).toContain('xl/sharedStrings.xml holds more than 1000 shared strings, the limit');
  });

  it('are refused when their shared strings inflate beyond the limit (one huge string)', async () => {
    const file = path.join(tempDir(), 'huge-string.xlsx');
    writeTinyXlsx(file, header, `<si><t>${'a'.repeat(2_000_000)}</t></si>`);
    const error = await refusal(file, { limits: { maxSharedStringsBytes: 1024 * 1024 } });
    expect(error.code).toBe('INPUT_INVALID');
    expect(error.message).toContain('xl/sharedStrings.xml inflates to more than 1 MiB, the limit for all shared strings together');
  });

  it('are refused when a part inflates far more than its compressed size (a zip bomb)', async () => {
    const file = path.join(tempDir(), 'bomb.xlsx');
    // 8 MB of blanks between rows deflate to a few KB: a ratio of about a thousand.
    writeTinyXlsx(file, `${header}${' '.repeat(8_000_000)}<row r="2"><c r="A2" t="inlineStr"><is><t>Bo</t></is></c></row>`);
    const error = await refusal(file, { limits: { ratioFloorBytes: 1024 * 1024 } });
    expect(error.code).toBe('INPUT_INVALID');
    expect(error.message).toContain('xl/worksheets/sheet1.xml inflates more than 200 times its compressed size');
  });

  it('are refused when a row has a value beyond the column limit (column XFD)', async () => {
    const file = path.join(tempDir(), 'wide.xlsx');
    writeTinyXlsx(file, `${header}<row r="2"><c r="XFD2" t="inlineStr"><is><t>far</t></is></c></row>`);
    const error = await refusal(file);
    expect(error.code).toBe('INPUT_INVALID');
    expect(error.message).toContain("sheet 'S' row 2 has a value in column XFD, beyond column AMJ (1024 columns, the limit)");
  });
});

describe('the shared-string limits and the heap', () => {
  it('keep the shared strings within an eighth of the heap a small-heap process may use', async () => {
    const { execFileSync } = await import('node:child_process');
    const { fileURLToPath } = await import('node:url');
    const limitsModule = fileURLToPath(new URL('../../dist/readers/xlsx-limits.js', import.meta.url));
    const script = `import(${JSON.stringify(limitsModule)}).then((m) => { const l = m.xlsxLimits(); const h = (await import('node:v8')).getHeapStatistics().heap_size_limit; console.log(JSON.stringify({ bytes: l.maxSharedStringsBytes, count: l.maxSharedStrings, heap: h })); })`;
    const out = execFileSync(process.execPath, ['--max-old-space-size=64', '--input-type=module', '-e', script.replace('then((m) => {', 'then(async (m) => {')], { encoding: 'utf8' });
    const { bytes, count, heap } = JSON.parse(out) as { bytes: number; count: number; heap: number };
    expect(bytes).toBe(Math.floor(heap / 8));
    expect(bytes).toBeLessThan(128 * 1024 ** 2);
    expect(count).toBe(Math.floor(heap / 128));
  });
});
