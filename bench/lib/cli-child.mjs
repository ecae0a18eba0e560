// Runs the built `ccbulk` command line (dist/cli.js) as a child process of its own, the way a
// person runs it, and measures its peak RSS: the child reports it on exit (peak-rss.mjs), and
// /proc/<pid>/status's VmHWM is sampled meanwhile for a child that dies without exiting.
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { benchPath, distPath } from './child.mjs';

/** Environment that points ccbulk at an emulator child. */
export const emulatorEnv = (emu) => ({
  ZOOM_ACCOUNT_ID: emu.credentials.accountId,
  ZOOM_CLIENT_ID: emu.credentials.clientId,
  ZOOM_CLIENT_SECRET: emu.credentials.clientSecret,
  ZOOM_API_URL: emu.apiUrl,
  ZOOM_OAUTH_URL: emu.oauthUrl,
});

/**
 * `node dist/cli.js ...args` with `env` added to the bench's own environment (NODE_OPTIONS
 * among them, e.g. a heap limit). Resolves with its exit code or signal, stdout, stderr, time
 * and peak RSS in MB (`peakRssFrom`: `exit` when the child reported it, else `proc`).
 */
export async function runCli(args, { env = {}, cwd } = {}) {
  const scratch = mkdtempSync(join(tmpdir(), 'ccbulk-rss-'));
  const rssFile = join(scratch, 'peak-rss');
  const started = performance.now();
  const child = spawn(process.execPath, ['--import', benchPath('lib/peak-rss.mjs'), distPath('cli.js'), ...args], {
    env: { ...process.env, ...env, CCBULK_BENCH_RSS_FILE: rssFile },
    cwd,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk) => (stdout += chunk));
  child.stderr.on('data', (chunk) => (stderr = (stderr + chunk).slice(-20_000)));
  let sampledKb = 0;
  const sample = () => {
    try {
      const hwm = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${child.pid}/status`, 'utf8'));
      if (hwm) sampledKb = Math.max(sampledKb, Number(hwm[1]));
    } catch {
      // Gone already, or no /proc: the child's own report is the figure.
    }
  };
  const sampler = setInterval(sample, 20);
  const [exitCode, signal] = await new Promise((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code, sig) => resolve([code, sig]));
  });
  clearInterval(sampler);
  const elapsedMs = performance.now() - started;
  const reported = await readFile(rssFile, 'utf8').then(Number, () => undefined);
  rmSync(scratch, { recursive: true, force: true });
  return {
    exitCode,
    signal,
    stdout,
    stderr,
    elapsedMs,
    peakRssMb: reported ?? sampledKb / 1024,
    peakRssFrom: reported === undefined ? 'proc' : 'exit',
  };
}
