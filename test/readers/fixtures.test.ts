import { readFileSync, readdirSync } from 'node:fs';
import { basename } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { openTable, type TableReadOptions } from '../../src/readers/open-table.js';
import { readAll } from './table-files.js';

const dir = fileURLToPath(new URL('../../fixtures/readers/', import.meta.url));
const inputs = readdirSync(dir).filter((name) => /\.(csv|xlsx)$/.test(name));

/** The golden file: the options to read with, then exactly what the reader must produce. */
interface Expected {
  readonly options: TableReadOptions;
  readonly header: readonly string[];
  readonly items: readonly unknown[];
}

describe('readers on realistic files', () => {
  it.each(inputs)('reads %s exactly as its .expected.json says', async (name) => {
    const expected = JSON.parse(readFileSync(`${dir}${name.replace(/\.[^.]+$/, '.expected.json')}`, 'utf8')) as Expected;
    const table = await openTable(`${dir}${name}`, expected.options);
    // Origins name the file as given; the golden files name it by its base name to stay portable.
    const items = (await readAll(table)).map((item) => ({ ...item, origin: { ...item.origin, file: basename(item.origin.file) } }));
    expect({ options: expected.options, header: table.header, items }).toEqual(expected);
  });
});
