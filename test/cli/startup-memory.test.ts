import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { cliPath } from '../support/run-cli.js';

// A probe loaded before the CLI: on exit it prints the CommonJS modules loaded (exceljs is one).
const PROBE = `data:text/javascript,${encodeURIComponent(`
  import Module from 'node:module';
  process.on('exit', () => process.stderr.write('\\n[modules] ' + JSON.stringify(Object.keys(Module._cache))));
`)}`;

function modulesLoadedBy(args: readonly string[]): string[] {
  const run = spawnSync(process.execPath, ['--import', PROBE, ...args], { encoding: 'utf8' });
  const line = run.stderr.split('\n').find((l) => l.startsWith('[modules] '));
  expect(line, run.stderr).toBeDefined();
  return JSON.parse(line!.slice('[modules] '.length)) as string[];
}

describe("the command line's start", () => {
  // exceljs and what it brings take about 20 MB of a process's memory: a CSV job, a sync or a
  // CSV export must not pay for them (the UI's sheet picker and the XLSX reader and writer load
  // them when they are used).
  it('does not load exceljs until a workbook is read or written', () => {
    // --help: every command is registered, so every module the command line imports is loaded.
    const loaded = modulesLoadedBy([cliPath, '--help']);
    expect(loaded.filter((m) => m.includes('/exceljs/'))).toEqual([]);
    // The probe does see a package loaded the way ccbulk loads exceljs (and the CLI's others).
    expect(loaded.some((m) => m.includes('/libphonenumber-js/'))).toBe(true);
    const withExceljs = modulesLoadedBy(['--input-type=module', '-e', `await import(${JSON.stringify(cliPath.replace(/cli\.js$/, 'exceljs.js'))})`]);
    expect(withExceljs.filter((m) => m.includes('/exceljs/')).length).toBeGreaterThan(10);
  });
});
