import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

/** The modules of src/transforms/ a module imports, by file name. */
function importsOf(file: string): string[] {
  const source = readFileSync(new URL(`../../src/transforms/${file}`, import.meta.url), 'utf8');
  return [...source.matchAll(/^import [^;]*? from '\.\/([\w-]+)\.js';$/gm)].map((m) => `${m[1]!}.ts`);
}

describe('the phone modules', () => {
  it('import the parser, never the normaliser, so that phone.ts, the pool and the worker form no cycle', () => {
    const parser = ['phone-parse.ts', 'phone-characters.ts', 'phone-vanity.ts', 'phone-pool.ts', 'phone-worker.ts'];
    for (const file of parser) expect(importsOf(file), file).not.toContain('phone.ts');
    expect(importsOf('phone-worker.ts')).toContain('phone-parse.ts');
    expect(importsOf('phone.ts')).toEqual(expect.arrayContaining(['phone-parse.ts', 'phone-pool.ts']));
  });
});
