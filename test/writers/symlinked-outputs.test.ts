import { chmodSync, lstatSync, mkdirSync, readFileSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { CcbulkError } from '../../src/errors.js';
import { openExportSink } from '../../src/writers/open-export-sink.js';
import { Journal } from '../../src/writers/journal.js';
import { OutcomeFiles } from '../../src/writers/outcome-files.js';
import { preparePrivateDirectory } from '../../src/writers/private-file.js';
import { writeSummary, type ImportSummary } from '../../src/writers/summary-file.js';
import { tempDir } from '../support/import-env.js';

/** A file someone else cares about, 0644, which a planted link points at. */
function victim(dir: string, name: string): string {
  const file = path.join(dir, name);
  writeFileSync(file, 'precious\n');
  chmodSync(file, 0o644);
  return file;
}

function untouched(file: string): void {
  expect(readFileSync(file, 'utf8'), file).toBe('precious\n');
  expect(statSync(file).mode & 0o777, file).toBe(0o644);
}

async function thrown(promise: Promise<unknown>): Promise<CcbulkError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof CcbulkError) return error;
    throw error;
  }
  throw new Error('expected a CcbulkError');
}

describe('outputs and symlinks', () => {
  it.each(['csv', 'xlsx'])('an %s export never writes through a link planted at the temporary name a run used to pick', async (extension) => {
    const dir = tempDir();
    const elsewhere = tempDir();
    const target = path.join(dir, `book.${extension}`);
    const link = path.join(dir, `.book.${extension}.${process.pid}.tmp`);
    const precious = victim(elsewhere, 'precious.txt');
    symlinkSync(precious, link);
    const sink = await openExportSink(target);
    await sink.startSheet('Contacts', [{ name: 'name', kind: 'text' }]);
    await sink.writeRow(['Ada']);
    await sink.commit();
    untouched(precious);
    expect(lstatSync(link).isSymbolicLink()).toBe(true);
    expect(statSync(target).mode & 0o777).toBe(0o600);
  });

  it('replaces links named summary.json, results.csv, rejects.csv and journal.jsonl in an out folder instead of following them', async () => {
    const out = tempDir();
    const elsewhere = tempDir();
    const names = ['summary.json', 'results.csv', 'rejects.csv', 'journal.jsonl'];
    const victims = names.map((name) => {
      const file = victim(elsewhere, name);
      symlinkSync(file, path.join(out, name));
      return file;
    });
    const files = await OutcomeFiles.create(out, ['Name']);
    await files.close();
    const journal = await Journal.create(out, {
      t: 'start',
      version: 1,
      job: 'address-book',
      mode: 'create',
      input: { path: 'in.csv', size: 1, mtimeMs: 1, sha256: 'x'.repeat(64) },
      options: {},
      at: new Date(0).toISOString(),
    } as never);
    await journal.end(true);
    await writeSummary(out, { job: 'address-book' } as unknown as ImportSummary);
    for (const file of victims) untouched(file);
    for (const name of names) {
      const info = lstatSync(path.join(out, name));
      expect(info.isFile(), name).toBe(true);
      expect(info.mode & 0o777, name).toBe(0o600);
    }
  });

  it('refuses an out folder that other users can write to', async () => {
    const dir = path.join(tempDir(), 'shared');
    mkdirSync(dir);
    chmodSync(dir, 0o777);
    const error = await thrown(preparePrivateDirectory(dir));
    expect(error.code).toBe('OUTPUT_INVALID');
    expect(error.message).toContain('writable by other users (mode 777)');
    const exportError = await thrown(openExportSink(path.join(dir, 'book.csv')));
    expect(exportError.code).toBe('OUTPUT_INVALID');
  });

  it('creates missing export folders 0700 even under umask 000', async () => {
    const previous = process.umask(0);
    try {
      const target = path.join(tempDir(), 'a', 'b', 'book.csv');
      const sink = await openExportSink(target);
      await sink.startSheet('Contacts', [{ name: 'name', kind: 'text' }]);
      await sink.commit();
      expect(statSync(path.dirname(target)).mode & 0o777).toBe(0o700);
      expect(statSync(path.dirname(path.dirname(target))).mode & 0o777).toBe(0o700);
    } finally {
      process.umask(previous);
    }
  });
});
