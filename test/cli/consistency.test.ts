import { describe, expect, it } from 'vitest';
import { runCli } from '../support/run-cli.js';

const JOB_COMMANDS = [
  ['import', 'address-book'],
  ['import', 'campaign-contacts'],
  ['import', 'dnc'],
  ['export', 'address-book'],
  ['export', 'campaign-contacts'],
  ['export', 'dnc'],
  ['resume'],
  ['undo'],
] as const;

describe('the commands, alike where they should be', () => {
  it.each(JOB_COMMANDS.map((c) => [c.join(' '), c] as const))('`ccbulk %s --help` offers --quiet, --json and --redis, and two or three examples', async (_name, command) => {
    const run = await runCli([...command, '--help']);
    expect(run.code).toBe(0);
    for (const flag of ['--quiet', '--json', '--redis <url>']) expect(run.stdout).toContain(flag);
    const examples = run.stdout.split('Examples:\n')[1]?.split('\n\n')[0] ?? '';
    const lines = examples.split('\n').filter((l) => l.trim().startsWith(`$ ccbulk ${command.join(' ')}`));
    expect(lines.length).toBeGreaterThanOrEqual(2);
    expect(lines.length).toBeLessThanOrEqual(3);
  });

  it("says commander's own errors with the ccbulk: prefix and the nearest option", async () => {
    const run = await runCli(['import', 'address-book', 'x.csv', '--boook', 'B']);
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/^ccbulk: unknown option '--boook'\n\(Did you mean --book\?\)/);
  });

  it('shows the help of a subcommand for `ccbulk help import address-book`', async () => {
    const run = await runCli(['help', 'import', 'address-book']);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^Usage: ccbulk import address-book \[options\] <file>/);
    const unknown = await runCli(['help', 'import', 'adress-book']);
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toMatch(/^ccbulk: No command `ccbulk import adress-book`; there are: import address-book, /);
  });
});
