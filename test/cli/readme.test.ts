import { copyFileSync, existsSync, mkdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { scopeTableMarkdown } from '../../src/pipelines/scope-table.js';
import { ContactCenterClient } from '../../src/zoom/client.js';
import { zoomConfigFromEnv } from '../../src/zoom/config.js';
import { tempDir } from '../support/import-env.js';
import { cliPath, projectRoot, runCli, runCommand, startCli } from '../support/run-cli.js';

const readme = readFileSync(`${projectRoot}README.md`, 'utf8');

/** The lines of the README's ```sh blocks, comments stripped. */
function shellLines(): string[] {
  const blocks = [...readme.matchAll(/```sh\n([\s\S]*?)```/g)].map((m) => m[1]!);
  return blocks.flatMap((b) => b.split('\n')).map((l) => l.replace(/\s+#.*$/, '').trim()).filter((l) => l !== '');
}

const stops: (() => void)[] = [];
afterAll(() => stops.forEach((stop) => stop()));

describe('the README', () => {
  it('shows only pictures that exist, small ones, each with words for those who cannot see it', () => {
    const pictures = [...readme.matchAll(/!\[([^\]]*)\]\(([^)\s]+)\)/g)].map((m) => ({ alt: m[1]!, file: m[2]! }));
    expect(pictures.map((p) => p.file)).toEqual(expect.arrayContaining(['docs/ui.png', 'docs/ui-1-job.png']));
    for (const { alt, file } of pictures) {
      expect(existsSync(path.join(projectRoot, file)), `${file} is in the README but not in the repository`).toBe(true);
      expect(statSync(path.join(projectRoot, file)).size, `${file} is over 150 KB`).toBeLessThanOrEqual(150 * 1024);
      expect(alt.trim(), `${file} has no alt text`).not.toBe('');
    }
  });

  it('has a two-command quick start: install and run the demo, then the tests', () => {
    const quickStart = readme.split('## Quick start')[1]!.split('```sh\n')[1]!.split('```')[0]!;
    const commands = quickStart.split('\n').map((l) => l.replace(/\s+#.*$/, '').trim()).filter((l) => l !== '');
    expect(commands).toEqual(['npm ci && npm run demo', 'npm test']);
    const ci = readFileSync(`${projectRoot}.ci/run`, 'utf8');
    expect(ci).toMatch(/^npm ci$/m);
    // The README's test command, exactly, on each Node version CI runs: 22 and 24.
    expect(ci).toMatch(/^ {2}PATH="\$bin:\$PATH" npm test$/m);
    expect(ci).toMatch(/^for version in 22\.\d+\.\d+ 24\.\d+\.\d+; do$/m);
  });

  it('runs the main job with `npm run demo` and reports every contact', async () => {
    const run = await runCommand('npm', ['run', 'demo', '--silent'], { timeoutMs: 90_000 });
    expect(run.stderr).not.toMatch(/at .*\.js:\d+/);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/rows read {3}200\n {2}succeeded {3}185 {2}→ .*results\.csv\n {2}rejected {4}15 {2}→ .*rejects\.csv/);
    expect(run.stdout).toMatch(/The address book now holds 185 contacts\./);
    expect(run.stdout).toMatch(/The campaign list now holds 161 contacts; 3 rows were kept off it because a number of theirs is on 'Demo DNC'/);
    const summaryPaths = [...run.stdout.matchAll(/Summary: (\S+)/g)].map((m) => path.resolve(projectRoot, m[1]!));
    expect(summaryPaths).toHaveLength(3);
    for (const file of summaryPaths) {
      const summary = JSON.parse(readFileSync(file, 'utf8')) as { rows: number; items?: number; succeeded: number; rejected: number };
      expect(summary.items ?? summary.rows).toBe(summary.succeeded + summary.rejected);
    }
    rmSync(path.dirname(path.dirname(summaryPaths[0]!)), { recursive: true, force: true });
  }, 120_000);

  it('documents the emulator command, whose printed environment works for a client, and whose admin curl lines work', async () => {
    expect(shellLines()).toContain('npx ccbulk emulator --port 4020');
    // Same command on a free port, so the test never collides with a running emulator.
    const { child, output } = await startCli(['emulator', '--port', '0'], /Ctrl\+C/, { env: { ZOOM_ACCOUNT_ID: '', ZOOM_CLIENT_ID: '', ZOOM_CLIENT_SECRET: '' } });
    stops.push(() => child.kill('SIGKILL'));
    const env = Object.fromEntries([...output().matchAll(/export (ZOOM_\w+)=(\S+)/g)].map((m) => [m[1]!, m[2]!]));
    const port = new URL(env.ZOOM_API_URL!).port;

    const client = new ContactCenterClient(zoomConfigFromEnv(env));
    const unit = await client.createUnit({ unit_name: 'From the README' });
    expect(unit.unit_id).toBeTruthy();
    await client.close();

    const curls = shellLines().filter((l) => l.startsWith('curl '));
    expect(curls.length).toBeGreaterThanOrEqual(3);
    const answers = [];
    for (const line of curls) {
      const run = await runCommand('bash', ['-c', line.replaceAll('4020', port)]);
      expect(run.code).toBe(0);
      answers.push(JSON.parse(run.stdout) as Record<string, unknown>);
    }
    expect(answers[0]).toMatchObject({ errorRate: 0 });
    expect(answers[1]).toMatchObject({ errorRate: 0.1 });
    expect(answers[2]).toMatchObject({ tokenFetches: 1 });
  });

  it('lists the scopes each job needs as the spec and the job registry say (node scripts/gen-readme-scopes.mjs writes it)', () => {
    const block = /<!-- scopes:start -->\n([\s\S]*?)\n<!-- scopes:end -->/.exec(readme)?.[1];
    expect(block).toBe(scopeTableMarkdown());
    expect(block).toContain('contact_center:write:outbound_campaign_contacts:admin');
  });

  it('runs its `ccbulk doctor` example against the emulator, which says all is well', async () => {
    const line = shellLines().find((l) => l.startsWith('npx ccbulk doctor'));
    expect(line).toBe('npx ccbulk doctor');
    const { child, output } = await startCli(['emulator', '--port', '0'], /Ctrl\+C/, { env: { ZOOM_ACCOUNT_ID: '', ZOOM_CLIENT_ID: '', ZOOM_CLIENT_SECRET: '' } });
    stops.push(() => child.kill('SIGKILL'));
    const env = Object.fromEntries([...output().matchAll(/export (ZOOM_\w+)=(\S+)/g)].map((m) => [m[1]!, m[2]!]));
    const run = await runCommand('bash', ['-c', line!.replace('npx ccbulk', `node ${cliPath}`)], { env });
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('All is well.');
  });

  it('runs the import examples in order against `ccbulk emulator --demo-data`', async () => {
    const { child, output } = await startCli(['emulator', '--port', '0', '--demo-data'], /Ctrl\+C/, {
      env: { ZOOM_ACCOUNT_ID: '', ZOOM_CLIENT_ID: '', ZOOM_CLIENT_SECRET: '' },
    });
    stops.push(() => child.kill('SIGKILL'));
    const env = Object.fromEntries([...output().matchAll(/export (ZOOM_\w+)=(\S+)/g)].map((m) => [m[1]!, m[2]!]));
    const cwd = tempDir();
    mkdirSync(path.join(cwd, 'fixtures'));
    copyFileSync(path.join(projectRoot, 'fixtures', 'contacts.csv'), path.join(cwd, 'fixtures', 'contacts.csv'));
    copyFileSync(path.join(projectRoot, 'fixtures', 'dnc.csv'), path.join(cwd, 'fixtures', 'dnc.csv'));

    // The roster's examples are a walk of their own (below).
    const examples = shellLines().filter((l) => l.startsWith('npx ccbulk import ') && !l.includes(' roster '));
    expect(examples).toHaveLength(8);
    const outcomes: Record<string, { rows: number; items?: number; succeeded: number; rejected: number; dryRun: boolean }> = {};
    for (const line of examples) {
      const run = await runCommand('bash', ['-c', line.replace('npx ccbulk', `node ${cliPath}`)], { env, cwd });
      expect(run.stderr).toBe('');
      expect([0, 2]).toContain(run.code);
      const out = /--out (\S+)/.exec(line)![1]!;
      outcomes[out] = JSON.parse(readFileSync(path.join(cwd, out, 'summary.json'), 'utf8'));
      expect(outcomes[out]!.items ?? outcomes[out]!.rows).toBe(outcomes[out]!.succeeded + outcomes[out]!.rejected);
    }
    expect(outcomes['runs/check']).toMatchObject({ dryRun: true, rows: 200, succeeded: 185 });
    expect(outcomes['runs/first']).toMatchObject({ rows: 200, succeeded: 185, rejected: 15 });
    expect(outcomes['runs/retry']).toMatchObject({ rows: 15, succeeded: 2, rejected: 13 });
    expect(outcomes['runs/again']).toMatchObject({ rows: 200, succeeded: 185 });
    expect(outcomes['runs/cleanup']).toMatchObject({ rows: 185, succeeded: 185 });
    expect(outcomes['runs/dnc']).toMatchObject({ rows: 9, succeeded: 6, rejected: 3 });
    expect(outcomes['runs/campaign']).toMatchObject({ rows: 200, succeeded: 161, rejectedByStage: { dnc: 3 } });
    expect(outcomes['runs/dnc-undo']).toMatchObject({ rows: 9, succeeded: 6, rejected: 3 });
    // The clean-up deleted everything the first run created.
    const state = (await (await fetch(env.ZOOM_API_URL!.replace('/v2', '/_emulator/state'))).json()) as {
      address_books: { address_book_name: string; contacts: unknown[] }[];
      campaign_contact_lists: { contact_list_name: string; contacts: unknown[]; dnc_phones?: unknown[] }[];
    };
    expect(state.address_books.map((b) => [b.address_book_name, b.contacts.length])).toEqual([['Demo contacts', 0]]);
    expect(state.campaign_contact_lists.map((l) => [l.contact_list_name, l.contacts.length, l.dnc_phones?.length])).toEqual([
      ['Demo campaign', 161, undefined],
      ['Demo DNC', 0, 0],
    ]);

    // The undo section: a dry run plans, sends nothing; the undo empties the list the campaign run filled.
    const undos = shellLines().filter((l) => l.startsWith('npx ccbulk undo '));
    expect(undos).toEqual(['npx ccbulk undo runs/campaign --dry-run', 'npx ccbulk undo runs/campaign']);
    const campaignSize = async () => {
      const now = (await (await fetch(env.ZOOM_API_URL!.replace('/v2', '/_emulator/state'))).json()) as typeof state;
      return now.campaign_contact_lists.find((l) => l.contact_list_name === 'Demo campaign')!.contacts.length;
    };
    const dry = await runCommand('bash', ['-c', undos[0]!.replace('npx ccbulk', `node ${cliPath}`)], { env, cwd });
    expect([dry.code, dry.stderr]).toEqual([0, '']);
    expect(dry.stdout).toContain('Undo would delete 161 contacts, restore 0, re-create 0. Nothing was sent');
    expect(await campaignSize()).toBe(161);
    const undo = await runCommand('bash', ['-c', undos[1]!.replace('npx ccbulk', `node ${cliPath}`)], { env, cwd });
    expect([undo.code, undo.stderr, undo.stdout]).toEqual([0, '', 'Undone: 161 deleted.\n']);
    expect(await campaignSize()).toBe(0);
  }, 120_000);

  it('runs the export examples against `ccbulk emulator --demo-data` after the imports', async () => {
    const { child, output } = await startCli(['emulator', '--port', '0', '--demo-data'], /Ctrl\+C/, {
      env: { ZOOM_ACCOUNT_ID: '', ZOOM_CLIENT_ID: '', ZOOM_CLIENT_SECRET: '' },
    });
    stops.push(() => child.kill('SIGKILL'));
    const env = Object.fromEntries([...output().matchAll(/export (ZOOM_\w+)=(\S+)/g)].map((m) => [m[1]!, m[2]!]));
    const cwd = tempDir();
    mkdirSync(path.join(cwd, 'fixtures'));
    for (const f of ['contacts.csv', 'dnc.csv']) copyFileSync(path.join(projectRoot, 'fixtures', f), path.join(cwd, 'fixtures', f));
    // The walk-through as written, top to bottom: the imports, the exports, then the clean-up.
    const lines = shellLines();
    const firstExport = lines.findIndex((l) => l.startsWith('npx ccbulk export '));
    const imports = lines.slice(0, firstExport).filter((l) => l.startsWith('npx ccbulk import ') && !l.includes(' roster '));
    expect(imports.some((l) => l.includes('--mode delete') || l.includes('--mode remove'))).toBe(false);
    for (const line of imports) await runCommand('bash', ['-c', line.replace('npx ccbulk', `node ${cliPath}`)], { env, cwd });

    const exports = shellLines().filter((l) => l.startsWith('npx ccbulk export ') && !l.includes(' roster '));
    expect(exports).toHaveLength(4);
    const written: Record<string, { rows: number; file: string }> = {};
    for (const line of exports) {
      const run = await runCommand('bash', ['-c', `${line.replace('npx ccbulk', `node ${cliPath}`)} --json`], { env, cwd });
      expect(run.stderr).toBe('');
      expect(run.code).toBe(0);
      const summary = JSON.parse(run.stdout) as { rows: number; file: string; job: string };
      written[/--out (\S+)/.exec(line)![1]!] = summary;
    }
    const today = new Date();
    const date = `${today.getFullYear()}-${String(today.getMonth() + 1).padStart(2, '0')}-${String(today.getDate()).padStart(2, '0')}`;
    expect(written['exports/contacts-{date}.xlsx']).toMatchObject({ rows: 185, file: path.join('exports', `contacts-${date}.xlsx`) });
    expect(written['exports/all-books-{date}.csv']!.rows).toBe(185);
    expect(written['exports/campaign.csv']!.rows).toBe(161);
    expect(written['exports/dnc-{date}-{time}.xlsx']!.rows).toBe(6);
    // The first export, edited in nothing, re-imports with --mode update as it is.
    const reimport = await runCommand(
      'bash',
      ['-c', `node ${cliPath} import address-book ${written['exports/contacts-{date}.xlsx']!.file} --book "Demo contacts" --mode update --out runs/reimport --json`],
      { env, cwd },
    );
    expect(reimport.code).toBe(0);
    expect(JSON.parse(reimport.stdout)).toMatchObject({ rows: 185, succeeded: 185, rejected: 0 });

    const cleanup = lines.slice(firstExport).filter((l) => l.startsWith('npx ccbulk import ') && (l.includes('--mode delete') || l.includes('--mode remove')));
    expect(cleanup).toHaveLength(2);
    for (const line of cleanup) {
      const run = await runCommand('bash', ['-c', `${line.replace('npx ccbulk', `node ${cliPath}`)} --json`], { env, cwd });
      expect([0, 2], run.stderr).toContain(run.code);
    }
  }, 120_000);

  it('runs the roster walk-through against `ccbulk emulator --demo-data`: rejects with reasons, nothing sent twice, the round trip sends nothing', async () => {
    const { child, output } = await startCli(['emulator', '--port', '0', '--demo-data'], /Ctrl\+C/, {
      env: { ZOOM_ACCOUNT_ID: '', ZOOM_CLIENT_ID: '', ZOOM_CLIENT_SECRET: '' },
    });
    stops.push(() => child.kill('SIGKILL'));
    const env = Object.fromEntries([...output().matchAll(/export (ZOOM_\w+)=(\S+)/g)].map((m) => [m[1]!, m[2]!]));
    const cwd = tempDir();
    mkdirSync(path.join(cwd, 'fixtures'));
    copyFileSync(path.join(projectRoot, 'fixtures', 'roster.csv'), path.join(cwd, 'fixtures', 'roster.csv'));
    const lines = shellLines().filter((l) => /^npx ccbulk (import|export) roster /.test(l));
    expect(lines).toHaveLength(5);
    const summaries: Record<string, { rows: number; succeeded: number; rejected: number; roster?: { requests: Record<string, number> } }> = {};
    for (const line of lines) {
      const run = await runCommand('bash', ['-c', `${line.replace('npx ccbulk', `node ${cliPath}`)} --json`], { env, cwd });
      expect(run.stderr).toBe('');
      expect([0, 2]).toContain(run.code);
      summaries[/--out (\S+)/.exec(line)![1]!] = JSON.parse(run.stdout);
    }
    const writes = (out: string) => Object.values(summaries[out]!.roster?.requests ?? {}).reduce((a, b) => a + b, 0);
    expect(summaries['runs/roster-check']).toMatchObject({ rows: 12, succeeded: 10, rejected: 2 });
    expect(readFileSync(path.join(cwd, 'runs/roster-check/plan.csv'), 'utf8')).toContain('ana.lopez@example.com,assign,skill,Spanish:5');
    expect(summaries['runs/roster']).toMatchObject({ rows: 12, succeeded: 9, rejected: 3 });
    expect(summaries['runs/roster-again']).toMatchObject({ rows: 12, succeeded: 9, rejected: 3 });
    // The agents of the first run are there: the second sends only the create Zoom refuses again.
    expect(summaries['runs/roster-again']!.roster?.requests).toEqual({ BatchCreateUsers: 1 });
    expect(summaries['exports/roster.xlsx']!.rows).toBe(9);
    expect(summaries['runs/roster-sync']).toMatchObject({ rows: 9, succeeded: 9, rejected: 0 });
    expect(writes('runs/roster-sync')).toBe(0);
  }, 120_000);

  it('shows a nightly cron line and systemd units whose command lines are real ccbulk commands', async () => {
    const cron = /^30 2 \* \* \* .*$/m.exec(readme)![0];
    const execStart = /^ExecStart=\/usr\/bin\/npx (ccbulk .*)$/m.exec(readme)![1]!;
    for (const command of [/npx (ccbulk export [^|]*?) 2>&1/.exec(cron)![1]!, execStart]) {
      const args = command.split(/\s+/).slice(1);
      // The same options parse: ask for help on the same command with them (commander shows help before acting).
      const run = await runCli([...args.slice(0, 2), '--help']);
      expect(run.code).toBe(0);
      for (const flag of args.filter((a) => a.startsWith('--'))) expect(run.stdout).toContain(flag);
    }
  });
});

describe('the ccbulk command', () => {
  it('prints help listing its commands', async () => {
    const run = await runCli(['--help']);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/demo/);
    expect(run.stdout).toMatch(/emulator/);
  });

  it('prints the demo summary as JSON with --json', async () => {
    const out = tempDir();
    const run = await runCli(['demo', '--json', '--out', out]);
    expect(run.code).toBe(0);
    const summaries = JSON.parse(run.stdout) as Record<string, { rows: number; succeeded: number; rejected: number }>;
    expect(summaries.addressBook).toMatchObject({ rows: 200, succeeded: 185, rejected: 15 });
    expect(summaries.dnc).toMatchObject({ rows: 9, succeeded: 6, rejected: 3 });
    expect(summaries.campaign).toMatchObject({ rows: 200, rejectedByStage: { dnc: 3 } });
    expect(JSON.parse(readFileSync(path.join(out, 'address-book', 'summary.json'), 'utf8'))).toEqual(summaries.addressBook);
  });

  it('answers an unknown command with one message and exit code 1, no stack trace', async () => {
    const run = await runCli(['frobnicate']);
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/unknown command 'frobnicate'/);
    expect(run.stderr).not.toMatch(/\n\s+at /);
  });
});
