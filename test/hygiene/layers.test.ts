import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { projectRoot } from '../support/run-cli.js';

/**
 * The layering of src/, checked over the import statements (type imports included: a cycle of
 * types is still a cycle for a reader). Data flows read → transform → send → write, and the
 * pipelines and the CLI wire it; nothing low imports anything above it.
 */
const FORBIDDEN: Readonly<Record<string, readonly string[]>> = {
  zoom: ['readers', 'transforms', 'senders', 'writers', 'pipelines', 'cli', 'emulator'],
  emulator: ['readers', 'transforms', 'senders', 'writers', 'pipelines', 'cli'],
  readers: ['transforms', 'senders', 'writers', 'pipelines', 'cli', 'zoom', 'emulator'],
  transforms: ['senders', 'writers', 'pipelines', 'cli', 'emulator'],
  senders: ['writers', 'pipelines', 'cli', 'emulator'],
  writers: ['zoom', 'senders', 'pipelines', 'cli', 'emulator'],
  pipelines: ['cli', 'ui'],
  // The page and the library are doors beside the command line: they reach the jobs through the
  // registry (pipelines/jobs.ts), never through the command line's code.
  ui: ['cli'],
};

/** Files outside a folder that are doors of their own, and what they may not import. */
const FORBIDDEN_FOR_FILE: Readonly<Record<string, readonly string[]>> = {
  'library.ts': ['cli', 'ui'],
};

const src = path.join(projectRoot, 'src');

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === 'generated' ? [] : sourceFiles(full);
    return entry.name.endsWith('.ts') ? [full] : [];
  });
}

/** Each file's relative imports, as paths of files under src/ (`x.js` → `x.ts`). */
function importGraph(): Map<string, string[]> {
  const graph = new Map<string, string[]>();
  const pattern = /(?:^|\n)\s*(?:import|export)\s[^;]*?from\s+['"](\.[^'"]+)['"]|import\(\s*['"](\.[^'"]+)['"]\s*\)/g;
  for (const file of sourceFiles(src)) {
    const text = readFileSync(file, 'utf8');
    const deps: string[] = [];
    for (const match of text.matchAll(pattern)) {
      const spec = (match[1] ?? match[2])!;
      deps.push(path.relative(src, path.resolve(path.dirname(file), spec.replace(/\.js$/, '.ts'))));
    }
    graph.set(path.relative(src, file), deps);
  }
  return graph;
}

/** The folder a file of src/ is in (`.` for top-level files such as errors.ts). */
const layerOf = (file: string): string => (file.includes(path.sep) ? file.split(path.sep)[0]! : '.');

/** Every cycle's files, found by depth-first search (each cycle reported once, from its first file). */
function cycles(graph: Map<string, string[]>): string[][] {
  const found: string[][] = [];
  const state = new Map<string, 'open' | 'done'>();
  const stack: string[] = [];
  const visit = (file: string): void => {
    state.set(file, 'open');
    stack.push(file);
    for (const dep of graph.get(file) ?? []) {
      if (!graph.has(dep)) continue;
      if (state.get(dep) === 'open') found.push([...stack.slice(stack.indexOf(dep)), dep]);
      else if (state.get(dep) === undefined) visit(dep);
    }
    stack.pop();
    state.set(file, 'done');
  };
  for (const file of [...graph.keys()].sort()) if (state.get(file) === undefined) visit(file);
  return found;
}

describe('the layering of src/', () => {
  const graph = importGraph();

  it('reads the imports of every source file', () => {
    expect(graph.size).toBeGreaterThan(50);
    expect(graph.get(path.join('cli', 'import-command.ts'))?.length).toBeGreaterThan(3);
  });

  it('has no import cycle', () => {
    expect(cycles(graph).map((cycle) => cycle.join(' → '))).toEqual([]);
  });

  it('has no import from a lower layer into a higher one', () => {
    const wrong: string[] = [];
    for (const [file, deps] of graph) {
      const forbidden = FORBIDDEN_FOR_FILE[file] ?? FORBIDDEN[layerOf(file)] ?? [];
      for (const dep of deps) if (forbidden.includes(layerOf(dep))) wrong.push(`${file} imports ${dep}`);
    }
    expect(wrong).toEqual([]);
  });

  it('finds a cycle and a wrong-way import when there is one', () => {
    const sample = new Map([
      ['a.ts', ['b.ts']],
      ['b.ts', ['a.ts']],
    ]);
    expect(cycles(sample)).toEqual([['a.ts', 'b.ts', 'a.ts']]);
    expect(FORBIDDEN.writers).toContain(layerOf(path.join('zoom', 'client.ts')));
  });

  it('refuses an import of the command line from the page or the library', () => {
    const wrongWay = (file: string, dep: string) => (FORBIDDEN_FOR_FILE[file] ?? FORBIDDEN[layerOf(file)] ?? []).includes(layerOf(dep));
    expect(wrongWay(path.join('ui', 'ui-jobs.ts'), path.join('cli', 'resume-command.ts'))).toBe(true);
    expect(wrongWay('library.ts', path.join('cli', 'import-options.ts'))).toBe(true);
    expect(wrongWay('library.ts', path.join('pipelines', 'jobs.ts'))).toBe(false);
    expect(wrongWay(path.join('cli', 'ui-command.ts'), path.join('ui', 'ui-server.ts'))).toBe(false);
  });
});
