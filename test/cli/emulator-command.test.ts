import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { emulatorOptionsOf, parseEmulatorCommandOptions } from '../../src/cli/emulator-command.js';

describe('the emulator command', () => {
  it('fills account and client id from the ZOOM_* environment, the secret only when asked, else the demo ones', () => {
    const env = { ZOOM_ACCOUNT_ID: 'acc', ZOOM_CLIENT_ID: 'cid', ZOOM_CLIENT_SECRET: 'sec' };
    expect(parseEmulatorCommandOptions({}, env)).toMatchObject({ accountId: 'acc', clientId: 'cid', clientSecret: 'demo-secret', port: 4020, plan: 'business' });
    expect(parseEmulatorCommandOptions({ secretFromEnv: true }, env)).toMatchObject({ clientSecret: 'sec' });
    expect(parseEmulatorCommandOptions({}, {})).toMatchObject({ accountId: 'demo-account', clientSecret: 'demo-secret' });
  });

  it('reads per-label options written LABEL=value', () => {
    const options = parseEmulatorCommandOptions({ backgroundLoad: ['medium=0.5'], dailyLimit: ['HEAVY=1000'], errorRate: '0.1' }, {});
    expect(options.backgroundLoad).toEqual({ MEDIUM: 0.5 });
    expect(options.dailyLimit).toEqual({ HEAVY: 1000 });
    expect(options.errorRate).toBe(0.1);
  });

  it('takes limits other than the presets, quota headers on success and a per-resource concurrency limit', () => {
    const options = parseEmulatorCommandOptions({ rate: ['MEDIUM=35', 'light=80'], rateHeaders: true, concurrencyLimit: '2' }, {});
    expect(emulatorOptionsOf(options)).toMatchObject({ limits: { MEDIUM: 35, LIGHT: 80 }, rateHeaders: true, faults: { concurrencyLimit: 2 } });
    expect(emulatorOptionsOf(parseEmulatorCommandOptions({}, {}))).toMatchObject({ limits: {}, rateHeaders: false, faults: { concurrencyLimit: 0 } });
    expect(() => parseEmulatorCommandOptions({ rate: ['MEDIUM=0'] }, {})).toThrow(
      'Expected `--rate` to be LABEL=requests per second above 0 with LABEL one of LIGHT, MEDIUM, HEAVY, got `MEDIUM=0`',
    );
    expect(() => parseEmulatorCommandOptions({ concurrencyLimit: '-1' }, {})).toThrow('Expected `--concurrency-limit` to be an integer from 0 to 1000, got `-1`');
  });

  it('names the option, the expected range and the value it refuses', () => {
    expect(() => parseEmulatorCommandOptions({ port: 'x' }, {})).toThrow('Expected `--port` to be an integer from 0 to 65535, got `x`');
    expect(() => parseEmulatorCommandOptions({ errorRate: '1.5' }, {})).toThrow('Expected `--error-rate` to be a number from 0 to 1, got `1.5`');
    expect(() => parseEmulatorCommandOptions({ plan: 'free' }, {})).toThrow('Expected `--plan` to be pro or business, got `free`');
    expect(() => parseEmulatorCommandOptions({ backgroundLoad: ['SUPER=0.5'] }, {})).toThrow(
      'Expected `--background-load` to be LABEL=share from 0 to 1 with LABEL one of LIGHT, MEDIUM, HEAVY, got `SUPER=0.5`',
    );
  });

  it('prints the settings a user needs and stops on SIGTERM', async () => {
    // The global setup has built dist/, so this runs the command as a user would.
    const cli = fileURLToPath(new URL('../../dist/cli.js', import.meta.url));
    const child = spawn(process.execPath, [cli, 'emulator', '--port', '0'], { env: { ...process.env, ZOOM_CLIENT_SECRET: '' } });
    let out = '';
    let err = '';
    child.stderr.on('data', (chunk: Buffer) => (err += chunk.toString()));
    await new Promise<void>((resolve, reject) => {
      child.stdout.on('data', (chunk: Buffer) => {
        out += chunk.toString();
        if (out.includes('Ctrl+C')) resolve();
      });
      child.on('exit', (code) => reject(new Error(`exited early with ${code}: ${out}${err}`)));
    });
    const apiUrl = /ZOOM_API_URL=(\S+)/.exec(out)?.[1];
    expect(apiUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/v2$/);
    expect(out).toContain(`ZOOM_OAUTH_URL=${apiUrl?.replace(/\/v2$/, '')}/oauth/token`);
    expect(out).toContain('ZOOM_CLIENT_SECRET=demo-secret');
    const exited = new Promise<number | null>((resolve) => child.on('exit', resolve));
    child.kill('SIGTERM');
    expect(await exited).toBe(0);
  });

  it('starts with the demo data whatever faults are asked for, and the faults are in force after', async () => {
    const cli = fileURLToPath(new URL('../../dist/cli.js', import.meta.url));
    // Every request would fail: the set-up must not go through the faults it sets up.
    const child = spawn(process.execPath, [cli, 'emulator', '--port', '0', '--demo-data', '--error-rate', '1', '--force-daily-limit', '--reset-before-rate', '0.5'], {
      env: { ...process.env, ZOOM_ACCOUNT_ID: '', ZOOM_CLIENT_ID: '', ZOOM_CLIENT_SECRET: '' },
    });
    let out = '';
    let err = '';
    child.stderr.on('data', (chunk: Buffer) => (err += chunk.toString()));
    const exited = new Promise<number | null>((resolve) => child.on('exit', resolve));
    try {
      await new Promise<void>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`not ready in 20 s: ${out}${err}`)), 20_000);
        child.stdout.on('data', (chunk: Buffer) => {
          out += chunk.toString();
          if (out.includes('Ctrl+C')) {
            clearTimeout(timer);
            resolve();
          }
        });
        child.on('exit', (code) => {
          clearTimeout(timer);
          reject(new Error(`exited early with ${code}: ${out}${err}`));
        });
      });
      expect(out).toMatch(/export ZOOM_API_URL=http:\/\/127\.0\.0\.1:\d+\/v2/);
      expect(out).toContain('export ZOOM_CLIENT_SECRET=demo-secret');
      const admin = /Admin \(faults, stats, reset\): (\S+)\/faults/.exec(out)?.[1];
      const state = (await (await fetch(`${admin}/state`)).json()) as Record<string, unknown>;
      const text = JSON.stringify(state);
      for (const name of ['Demo unit', 'Demo contacts', 'Demo campaign', 'Demo DNC']) expect(text).toContain(name);
      const faults = (await (await fetch(`${admin}/faults`)).json()) as { errorRate: number; forceDailyLimit: boolean; resetBeforeRate: number };
      expect(faults).toMatchObject({ errorRate: 1, forceDailyLimit: true, resetBeforeRate: 0.5 });
      // The set-up's requests are not counted as the user's.
      const stats = (await (await fetch(`${admin}/stats`)).json()) as { total: number };
      expect(stats.total).toBe(0);
    } finally {
      child.kill('SIGTERM');
    }
    expect(await exited).toBe(0);
  }, 30_000);
});
