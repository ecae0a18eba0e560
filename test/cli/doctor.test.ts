import { afterEach, describe, expect, it } from 'vitest';
import { startEmulator, type RunningEmulator } from '../../src/emulator/server.js';
import type { DoctorReport } from '../../src/pipelines/doctor.js';
import { nodeCheck } from '../../src/pipelines/doctor.js';
import { envFor } from '../support/import-env.js';
import { runCli } from '../support/run-cli.js';

let emulator: RunningEmulator | undefined;
afterEach(async () => {
  await emulator?.close();
  emulator = undefined;
});

const SECRET = 'doctor-Secret-9f3kq2';

describe('ccbulk doctor', () => {
  it('says all is well (exit 0) against an account whose token has every scope, and no secret or token is in its output, human or JSON', async () => {
    emulator = await startEmulator({ seed: 11, clientSecret: SECRET });
    const env = { ...envFor(emulator), HTTPS_PROXY: 'http://proxyuser:proxy-Pass-77@proxy.example:3128' };
    const human = await runCli(['doctor'], { env });
    const json = await runCli(['doctor', '--json'], { env });
    expect(human.code).toBe(0);
    expect(json.code).toBe(0);
    const report = JSON.parse(json.stdout) as DoctorReport;
    expect(report.ok).toBe(true);
    expect(report.scopes.every((s) => s.state === 'present')).toBe(true);
    expect(report.reads.map((r) => [r.target, r.status])).toEqual([
      ['address books', 'ok'],
      ['campaign contact lists', 'ok'],
      ['DNC lists', 'ok'],
    ]);
    expect(report.plan.detail).toContain('business');
    expect(report.settings.find((s) => s.name === 'ZOOM_CLIENT_SECRET')).toEqual({ name: 'ZOOM_CLIENT_SECRET', from: 'environment variable ZOOM_CLIENT_SECRET' });
    expect(human.stdout).toContain('proxy: HTTPS_PROXY names a proxy at proxy.example:3128');
    expect(human.stdout).toContain('ZOOM_CLIENT_SECRET  environment variable ZOOM_CLIENT_SECRET\n');
    const tokens = emulator.issuedTokens();
    expect(tokens.length).toBeGreaterThan(0);
    for (const output of [human.stdout, human.stderr, json.stdout, json.stderr]) {
      expect(output).not.toContain(SECRET);
      expect(output).not.toContain('proxy-Pass-77');
      expect(output).not.toContain('proxyuser');
      for (const token of tokens) expect(output).not.toContain(token);
      expect(output).not.toContain(Buffer.from(`${emulator.credentials.clientId}:${SECRET}`).toString('base64'));
    }
  });

  it('exits 1 naming each job operation whose scope is missing, and the read Zoom refused', async () => {
    emulator = await startEmulator({ seed: 12, scopes: ['contact_center_contact:read:admin', 'contact_center_contact:write:admin'] });
    const run = await runCli(['doctor', '--json'], { env: envFor(emulator) });
    expect(run.code).toBe(1);
    const report = JSON.parse(run.stdout) as DoctorReport;
    expect(report.scopes.filter((s) => s.job === 'address-book').every((s) => s.state === 'present')).toBe(true);
    expect(report.scopes.filter((s) => s.job === 'dnc').map((s) => s.state)).toEqual(['missing', 'missing', 'missing', 'missing']);
    expect(report.reads.find((r) => r.target === 'DNC lists')).toMatchObject({ status: 'fail' });
    expect(report.reads.find((r) => r.target === 'DNC lists')!.detail).toContain('code 4711');
  });

  it('exits 1 and says why when the credentials are refused, without the secret', async () => {
    emulator = await startEmulator({ seed: 13 });
    const run = await runCli(['doctor'], { env: { ...envFor(emulator), ZOOM_CLIENT_SECRET: 'wrong-Secret-123' } });
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(/\[FAIL\] OAuth .*was refused/);
    expect(run.stdout).not.toContain('wrong-Secret-123');
  });

  it('warns about a Node release past its end of life', () => {
    expect(nodeCheck('v20.20.2', new Date('2026-05-01T00:00:00Z')).status).toBe('warn');
    expect(nodeCheck('v20.20.2', new Date('2026-04-01T00:00:00Z')).status).toBe('ok');
    expect(nodeCheck('v24.1.0', new Date('2026-05-01T00:00:00Z')).status).toBe('ok');
  });
});
