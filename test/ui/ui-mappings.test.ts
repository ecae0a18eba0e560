import { mkdirSync, readFileSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { SavedMappings, sameHeaders } from '../../src/ui/ui-mappings.js';
import { tempDir } from '../support/import-env.js';

const header = ['Name', 'Phone', 'Notes'];

describe('the page’s saved mappings', () => {
  it('saves a mapping as the JSON --map reads, 0600 in a 0700 folder, and finds it for a file with the same headers in any order', async () => {
    const dir = path.join(tempDir(), 'mappings');
    const store = await SavedMappings.open(dir);
    await store.save('  Weekly CRM  ', { Name: 'display_name', Phone: 'phone', Notes: null }, header);
    const file = path.join(dir, 'Weekly CRM.json');
    expect(JSON.parse(readFileSync(file, 'utf8'))).toEqual({ Name: 'display_name', Phone: 'phone', Notes: null });
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(statSync(dir).mode & 0o777).toBe(0o700);
    expect((await store.matching(['Notes', 'Name', 'Phone']))?.name).toBe('Weekly CRM');
    expect(await store.matching(['Name', 'Phone'])).toBeUndefined();
  });

  it('does not apply on its own a saved mapping edited by hand into a field that is not one', async () => {
    const dir = path.join(tempDir(), 'mappings');
    const store = await SavedMappings.open(dir);
    writeFileSync(path.join(dir, 'edited.json'), JSON.stringify({ Name: 'display_name', Phone: 'phon', Notes: null }), { mode: 0o600 });
    expect((await store.list()).map((m) => m.name)).toEqual(['edited']);
    expect(await store.matching(header)).toBeUndefined();
  });

  it('refuses a mapping the import would refuse, and a name that is not one file name', async () => {
    const store = await SavedMappings.open(path.join(tempDir(), 'mappings'));
    await expect(store.save('x', { Phone: 'phon' }, header)).rejects.toThrow('`Phone` maps to unknown field `phon`');
    await expect(store.save('../escape', { Phone: 'phone' }, header)).rejects.toThrow("Expected the mapping's name");
    await expect(store.save('.hidden', { Phone: 'phone' }, header)).rejects.toThrow("Expected the mapping's name");
  });

  it('never reads through a symlink, and replaces a planted link instead of writing where it points', async () => {
    const root = tempDir();
    const dir = path.join(root, 'mappings');
    const store = await SavedMappings.open(dir);
    const outside = path.join(root, 'outside.json');
    writeFileSync(outside, JSON.stringify({ Name: 'display_name', Phone: 'phone', Notes: null }));
    symlinkSync(outside, path.join(dir, 'planted.json'));
    expect(await store.read('planted')).toBeUndefined();
    expect(await store.list()).toEqual([]);
    await store.save('planted', { Phone: 'mobile' }, header);
    expect(JSON.parse(readFileSync(outside, 'utf8'))).toEqual({ Name: 'display_name', Phone: 'phone', Notes: null });
    expect((await store.read('planted'))?.map).toEqual({ Phone: 'mobile' });
  });

  it('refuses a mappings folder that is a symlink', async () => {
    const root = tempDir();
    mkdirSync(path.join(root, 'elsewhere'), { mode: 0o700 });
    symlinkSync(path.join(root, 'elsewhere'), path.join(root, 'mappings'));
    await expect(SavedMappings.open(path.join(root, 'mappings'))).rejects.toThrow('is a symlink');
  });

  it('matches headers as sets, blank headers aside', () => {
    expect(sameHeaders(['A', 'B'], ['B', 'A', ''])).toBe(true);
    expect(sameHeaders(['A'], ['A', 'B'])).toBe(false);
    expect(sameHeaders([], [''])).toBe(false);
  });
});
