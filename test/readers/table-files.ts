import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll } from 'vitest';
import type { SourceItem, SourceTable } from '../../src/readers/source-row.js';

/**
 * A temporary folder for one test file's inputs, removed after its tests: readers are tested over
 * real files, since reading files is their job.
 */
export function tempFolder(): { write(name: string, content: string | Uint8Array): string; path(name: string): string } {
  const dir = mkdtempSync(join(tmpdir(), 'ccbulk-readers-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  return {
    write(name, content) {
      const file = join(dir, name);
      writeFileSync(file, content);
      return file;
    },
    path: (name) => join(dir, name),
  };
}

/** Every item of a table, in order. */
export async function readAll(table: SourceTable): Promise<SourceItem[]> {
  const items: SourceItem[] = [];
  for await (const item of table.items) items.push(item);
  return items;
}

/** Items as `line: cells` or `line: reject reason`, which makes expectations short to read. */
export function summarise(items: readonly SourceItem[]): string[] {
  return items.map((item) =>
    item.kind === 'row' ? `${item.origin.line}: ${JSON.stringify(item.cells)}` : `${item.origin.line}: reject ${item.reason.text}`,
  );
}
