import { readFileSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { ContactCenterClient } from '../../src/zoom/client.js';
import { zoomConfigFromEnv } from '../../src/zoom/config.js';
import { projectRoot, runCli, runCommand, startCli } from '../support/run-cli.js';

const readme = readFileSync(`${projectRoot}README.md`, 'utf8');

/** The lines of the README's ```sh blocks, comments stripped. */
function shellLines(): string[] {
  const blocks = [...readme.matchAll(/```sh\n([\s\S]*?)```/g)].map((m) => m[1]!);
  return blocks.flatMap((b) => b.split('\n')).map((l) => l.replace(/\s+#.*$/, '').trim()).filter((l) => l !== '');
}

const stops: (() => void)[] = [];
afterAll(() => stops.forEach((stop) => stop()));

describe('the README', () => {
  it('has a two-command quick start: install and run the demo, then the tests', () => {
    const quickStart = readme.split('## Quick start')[1]!.split('```sh\n')[1]!.split('```')[0]!;
    const commands = quickStart.split('\n').map((l) => l.replace(/\s+#.*$/, '').trim()).filter((l) => l !== '');
    expect(commands).toEqual(['npm ci && npm run demo', 'npm test']);
    const ci = readFileSync(`${projectRoot}.ci/run`, 'utf8');
    expect(ci).toMatch(/^npm ci$/m);
    expect(ci).toMatch(/^npm test$/m);
  });

  it('runs the main job with `npm run demo` and reports every contact', async () => {
    const run = await runCommand('npm', ['run', 'demo', '--silent'], { timeoutMs: 90_000 });
    expect(run.stderr).not.toMatch(/at .*\.js:\d+/);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/Batch create: 5 contacts sent, 4 created, 1 refused\./);
    expect(run.stdout).toMatch(/refused {2}No Way To Reach: Either the `emails` or `phones` fields must have a value/);
    expect(run.stdout).toMatch(/The address book now holds 4 contacts\./);
    expect(run.stdout).toMatch(/1 OAuth token fetch/);
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
});

describe('the ccbulk command', () => {
  it('prints help listing its commands', async () => {
    const run = await runCli(['--help']);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/demo/);
    expect(run.stdout).toMatch(/emulator/);
  });

  it('prints the demo report as JSON with --json', async () => {
    const run = await runCli(['demo', '--json']);
    expect(run.code).toBe(0);
    const report = JSON.parse(run.stdout) as { sent: number; created: unknown[]; refused: unknown[]; inBook: number };
    expect(report.sent).toBe(report.created.length + report.refused.length);
    expect(report.inBook).toBe(report.created.length);
  });

  it('answers an unknown command with one message and exit code 1, no stack trace', async () => {
    const run = await runCli(['frobnicate']);
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/unknown command 'frobnicate'/);
    expect(run.stderr).not.toMatch(/\n\s+at /);
  });
});
