import { createHash } from 'node:crypto';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { zipParts } from '../support/zip-parts.js';
import { openExportSink } from '../../src/writers/open-export-sink.js';
import { tempDir } from '../support/import-env.js';

const sha256 = (bytes: Buffer | undefined): string => createHash('sha256').update(bytes ?? Buffer.alloc(0)).digest('hex');

describe('an XLSX export', () => {
  // The digests of the sheets and styles this workbook had before the sink shared each column's
  // style object between its cells (issue 31): the same cells, the same styles, byte for byte.
  it('writes the sheets and styles it wrote before its cells shared their column’s style', async () => {
    const file = path.join(tempDir(), 'sample.xlsx');
    const sink = await openExportSink(file);
    await sink.startSheet('Contacts', [
      { name: 'contact_id', kind: 'text' },
      { name: 'name', kind: 'text' },
      { name: 'phone', kind: 'phone' },
      { name: 'mobile', kind: 'phone' },
      { name: 'company', kind: 'text' },
    ]);
    for (let i = 0; i < 2000; i++) {
      await sink.writeRow([`c${i}`, i % 7 === 0 ? '' : `=Name ${i}`, `+1415555${String(i).padStart(4, '0')}`, i % 3 === 0 ? '' : `00${i}`, i % 5 === 0 ? '' : 'Acme, Inc.']);
    }
    await sink.startSheet('Second', [
      { name: 'phone', kind: 'phone' },
      { name: 'x', kind: 'text' },
    ]);
    for (let i = 0; i < 50; i++) await sink.writeRow([`+1${i}`, i % 2 ? '' : 'y']);
    await sink.commit();
    const parts = await zipParts(file);
    expect({
      sheet1: sha256(parts.get('xl/worksheets/sheet1.xml')),
      sheet2: sha256(parts.get('xl/worksheets/sheet2.xml')),
      styles: sha256(parts.get('xl/styles.xml')),
    }).toEqual({
      sheet1: '0ef14967ed5bd88a72c379348ae4860bdde7b1f41694f0fe6bc793135e029e28',
      sheet2: 'a3e53447900cc72c31fe86ceb610ecab9d9c6ce099fc6fa49cc3974e03ddcc11',
      styles: 'edc501e1cf5f770467b29b10768181965b6c12add97708d8fe74e9ed9be3b8b7',
    });
  });
});
