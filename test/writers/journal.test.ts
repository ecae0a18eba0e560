import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { CcbulkError } from '../../src/errors.js';
import { Journal, JOURNAL_FILE, type JournalStart } from '../../src/writers/journal.js';
import { tempDir } from '../support/import-env.js';

const start: JournalStart = {
  t: 'start',
  version: 1,
  job: 'address-book',
  mode: 'create',
  input: { path: '/data/contacts.csv', size: 120, mtimeMs: 1_700_000_000_000, head: 'ab'.repeat(32) },
  options: { file: 'contacts.csv', book: 'Book', mode: 'create', country: 'US', concurrency: 2 },
  at: '2025-01-01T00:00:00.000Z',
};
const counts = { succeeded: 2, rejected: 0, rejectedByStage: {}, rejectedByReason: {} };
const lines = [
  JSON.stringify(start),
  JSON.stringify({ t: 'sent', b: 0, k: [0, 1] }),
  JSON.stringify({ t: 'sent', b: 1, k: [2, 3] }),
  JSON.stringify({ t: 'ck', k: [0, 1], ack: [0], sizes: { results: 100, rejects: 40 }, counts }),
];

/** An out folder whose journal.jsonl holds `text`. */
function journalWith(text: string): string {
  const dir = tempDir();
  writeFileSync(path.join(dir, JOURNAL_FILE), text);
  return dir;
}

async function refusal(dir: string): Promise<CcbulkError> {
  const error: unknown = await Journal.read(dir).then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(CcbulkError);
  return error as CcbulkError;
}

describe('reading a journal', () => {
  it('reads what is done, what is unsure and where the files end', async () => {
    const state = await Journal.read(journalWith(`${lines.join('\n')}\n`));
    expect(state.start).toEqual(start);
    expect([...state.done]).toEqual([0, 1]);
    expect([...state.unsure]).toEqual([2, 3]);
    expect(state.sizes).toEqual({ results: 100, rejects: 40 });
    expect(state.nextBatch).toBe(2);
    expect(state.complete).toBe(false);
  });

  it('ignores a last line cut short by a crash: what it said did not happen', async () => {
    const torn = `${lines.join('\n')}\n{"t":"ck","k":[2,3],"ack":[1],"si`;
    const state = await Journal.read(journalWith(torn));
    expect([...state.done]).toEqual([0, 1]);
    expect([...state.unsure]).toEqual([2, 3]);
  });

  it('refuses a journal with a damaged line in the middle, naming journal.jsonl and the line', async () => {
    const damaged = [lines[0], lines[1], '{"t":"sent","b":1,"k":[2,', lines[3]].join('\n');
    const dir = journalWith(`${damaged}\n`);
    const error = await refusal(dir);
    expect(error.code).toBe('RESUME_INVALID');
    expect(error.line).toBe(3);
    expect(error.message).toMatch(new RegExp(`^${path.join(dir, 'journal.jsonl').replace(/[.\\/]/g, '\\$&')} line 3 is damaged: it is not JSON`));
  });

  it('refuses a line that is JSON but not a journal entry, naming the line and the field', async () => {
    const dir = journalWith(`${[lines[0], lines[1], JSON.stringify({ t: 'ck', k: [0, 'one'], ack: [0], sizes: { results: 1, rejects: 1 }, counts })].join('\n')}\n`);
    const error = await refusal(dir);
    expect(error.code).toBe('RESUME_INVALID');
    expect(error.line).toBe(3);
    expect(error.field).toBe('k.1');
    expect(error.message).toMatch(/journal\.jsonl line 3 is damaged: `k\.1`: /);
  });

  it('refuses a last line that is whole JSON but not an entry: that is damage, not a crash', async () => {
    const error = await refusal(journalWith(`${[...lines, JSON.stringify({ t: 'end', complete: 'yes', at: 'now' })].join('\n')}\n`));
    expect(error.line).toBe(5);
    expect(error.field).toBe('complete');
  });

  it.each([
    ['one line of text', 'hello, this is my shopping list\n'],
    ['several lines of text', 'milk\neggs\n'],
    ['JSON of something else', '{"name":"Ada","phone":"+12127361000"}\n'],
  ])('says a journal.jsonl of %s is not a ccbulk run journal, or is damaged at line 1, not that it holds no entry', async (_, text) => {
    const dir = journalWith(text);
    const error = await refusal(dir);
    expect(error.code).toBe('RESUME_INVALID');
    expect(error.line).toBe(1);
    expect(error.message).toMatch(new RegExp(`^${path.join(dir, JOURNAL_FILE).replace(/[.*+?^$()|[\]\\]/g, '\\$&')} is not a ccbulk run journal, or is damaged at line 1: .*; give the out folder of an interrupted import$`));
  });

  it('says a last line of text that is no cut-short entry is damage, not a crash to pass over', async () => {
    const error = await refusal(journalWith(`${lines.join('\n')}\nsomeone typed this here\n`));
    expect(error.line).toBe(5);
    expect(error.message).toMatch(/journal\.jsonl line 5 is damaged: it is not JSON/);
  });

  it.each([
    ['empty', ''],
    ['cut short in its first line', '{"t":"start","version":1,"job":"addr'],
  ])('says a journal that is %s belongs to a run that sent nothing, and to run the import again', async (_, text) => {
    const dir = journalWith(text);
    const error = await refusal(dir);
    expect(error.code).toBe('RESUME_INVALID');
    expect(error.message).toBe(`${path.join(dir, JOURNAL_FILE)} holds no entry: the run stopped before it sent anything; run the import again`);
  });
});

describe('starting a journal', () => {
  it('writes the first line before the journal appears, and leaves nothing else in the out folder', async () => {
    const dir = tempDir();
    const journal = await Journal.create(dir, start);
    expect(readFileSync(path.join(dir, JOURNAL_FILE), 'utf8')).toBe(`${JSON.stringify(start)}\n`);
    expect(readdirSync(dir)).toEqual([JOURNAL_FILE]);
    await journal.end(true);
    expect((await Journal.read(dir)).complete).toBe(true);
  });
});

describe('reopening a journal', () => {
  it('cuts off a torn last line, so the next entry starts a line of its own', async () => {
    const dir = journalWith(`${lines.join('\n')}\n{"t":"sent","b":2,"k":[4`);
    const journal = await Journal.reopen(dir);
    await journal.sent(2, [4, 5]);
    await journal.end(false, 'stopped on request');
    const text = readFileSync(path.join(dir, JOURNAL_FILE), 'utf8');
    expect(text.split('\n').slice(0, 5)).toEqual([...lines, '{"t":"sent","b":2,"k":[4,5]}']);
    const state = await Journal.read(dir);
    expect([...state.unsure]).toEqual([2, 3, 4, 5]);
    expect(state.nextBatch).toBe(3);
  });
});
