import { describe, expect, it } from 'vitest';
import { CcbulkError } from '../../src/errors.js';
import { parseSavedRun } from '../../src/pipelines/jobs.js';

/** The options an address book import journals (see `runImportJob`). */
const saved = {
  file: 'contacts.csv',
  sheet: 2,
  map: { Telefon: 'phone' },
  encoding: 'auto',
  delimiter: '\t',
  outDir: 'old-out',
  dryRun: false,
  concurrency: 4,
  plan: 'pro',
  book: 'Book',
  mode: 'delete',
  country: 'DE',
};

function refusal(start: { job: string; options: unknown }): CcbulkError {
  try {
    parseSavedRun('out/run', start);
  } catch (error) {
    expect(error).toBeInstanceOf(CcbulkError);
    return error as CcbulkError;
  }
  throw new Error('expected the saved run to be refused');
}

describe('reading the options a journal saved', () => {
  it('reads back what an import journalled, numbers and all', () => {
    expect(parseSavedRun('out/run', { job: 'address-book', options: saved })).toEqual({
      job: 'address-book',
      options: { file: 'contacts.csv', sheet: 2, map: { Telefon: 'phone' }, encoding: 'auto', delimiter: '\t', dryRun: false, concurrency: 4, plan: 'pro', book: 'Book', mode: 'delete', lanes: 'batch', country: 'DE', allowDuplicates: false, replaceLists: false, blanks: 'keep', deleteMissing: false, maxDelete: { percent: 10 } },
    });
  });

  it('reads back the lanes and the quota share a run was started with, and refuses a share above 1', () => {
    const { options } = parseSavedRun('out/run', { job: 'address-book', options: { ...saved, mode: 'create', lanes: 'both', quotaShare: 0.5 } });
    expect(options).toMatchObject({ lanes: 'both', quotaShare: 0.5 });
    const error = refusal({ job: 'address-book', options: { ...saved, quotaShare: 2 } });
    expect(error.code).toBe('RESUME_INVALID');
    expect(error.field).toBe('quotaShare');
  });

  it("takes a sync's mode from the journal's own mode, as its options carry none", () => {
    const { mode: _mode, ...sync } = saved;
    for (const job of ['address-book', 'campaign-contacts', 'dnc'] as const) {
      const options = job === 'address-book' ? { ...sync, deleteMissing: true } : { ...sync, list: 'List', deleteMissing: true };
      expect(parseSavedRun('out/run', { job, mode: 'sync', options }).options).toMatchObject({ mode: 'sync', deleteMissing: true });
    }
    // A mode in the options is the one the run was given.
    expect(parseSavedRun('out/run', { job: 'address-book', mode: 'sync', options: saved }).options.mode).toBe('delete');
  });

  it('reads a DNC run with its columns and a campaign run with its scrub lists', () => {
    const common = { file: 'f.csv', concurrency: 8, country: 'US' };
    expect(parseSavedRun('o', { job: 'dnc', options: { ...common, list: 'DNC', mode: 'remove', columns: ['Phone'] } }).options).toMatchObject({ mode: 'remove', columns: ['Phone'] });
    expect(parseSavedRun('o', { job: 'campaign-contacts', options: { ...common, list: 'L', mode: 'update', scrubDnc: ['DNC'] } }).options).toMatchObject({ scrubDnc: ['DNC'] });
  });

  it('refuses a mode the job does not have with RESUME_INVALID, naming the out folder and the field', () => {
    const error = refusal({ job: 'address-book', options: { ...saved, mode: 'remove' } });
    expect(error.code).toBe('RESUME_INVALID');
    expect(error.field).toBe('mode');
    expect(error.message).toBe("Cannot resume the run in out/run: its journal's saved option `mode`: Expected `--mode` to be one of create, update, upsert, delete, sync, got `remove`");
  });

  it('refuses saved options without the input file', () => {
    const { file: _file, ...rest } = saved;
    const error = refusal({ job: 'address-book', options: rest });
    expect(error.code).toBe('RESUME_INVALID');
    expect(error.field).toBe('file');
  });

  it('refuses a job it does not know', () => {
    const error = refusal({ job: 'users', options: saved });
    expect(error.field).toBe('job');
    expect(error.message).toBe("Cannot resume the run in out/run: its journal's job is `users`, and ccbulk imports only address-book, campaign-contacts, dnc, roster");
  });
});
