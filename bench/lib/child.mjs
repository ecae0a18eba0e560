// Every measurement runs in a child process of its own, so its peak RSS is its own and no two
// measurements share a heap, a JIT warm-up or the two cores with the orchestrator's work.
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

/** Absolute path of a file under bench/. */
export const benchPath = (relative) => fileURLToPath(new URL(`../${relative}`, import.meta.url));

/** Absolute path of a built module under dist/. */
export const distPath = (relative) => fileURLToPath(new URL(`../../dist/${relative}`, import.meta.url));

/**
 * Runs `node bench/<script> <JSON args>` and resolves with the JSON object it printed as its last
 * stdout line. stderr passes through, so a failing child says why.
 */
export function runTask(script, args, { nodeArgs = [] } = {}) {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [...nodeArgs, benchPath(script), JSON.stringify(args)], {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let out = '';
    child.stdout.on('data', (chunk) => (out += chunk));
    child.on('error', reject);
    child.on('close', (code) => {
      const last = out.trim().split('\n').pop() ?? '';
      if (code !== 0) return reject(new Error(`${script} exited with ${code}: ${last}`));
      try {
        resolve(JSON.parse(last));
      } catch {
        reject(new Error(`${script} printed no result: ${out.slice(-500)}`));
      }
    });
  });
}

/** In a task: its JSON arguments. */
export const taskArgs = () => JSON.parse(process.argv[2] ?? '{}');

/** In a task: prints the result with the process's peak RSS (MB) and exits. */
export function finish(result) {
  const peakRssMb = process.resourceUsage().maxRSS / 1024;
  process.stdout.write(`${JSON.stringify({ ...result, peakRssMb })}\n`);
  process.exit(0);
}

/**
 * Starts bench/emulator-child.mjs with `options` (startEmulator's, plus `seedBook` to fill the
 * address book 'Demo contacts' first) and resolves with its URLs and a `stop()`.
 */
export function startEmulatorChild(options) {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [benchPath('emulator-child.mjs'), JSON.stringify(options)], {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let out = '';
    const onData = (chunk) => {
      out += chunk;
      const line = out.split('\n').find((l) => l.startsWith('{'));
      if (line === undefined || !out.includes('\n')) return;
      child.stdout.off('data', onData);
      const info = JSON.parse(line);
      resolve({
        ...info,
        stop: () =>
          new Promise((done) => {
            child.once('close', done);
            child.kill('SIGTERM');
          }),
      });
    };
    child.stdout.on('data', onData);
    child.on('error', reject);
    child.on('close', (code) => reject(new Error(`emulator child exited with ${code} before it was ready`)));
  });
}

/** Calls the emulator's admin API (`/_emulator/<route>`). */
export async function admin(adminUrl, method, route, body) {
  const res = await fetch(`${adminUrl}${route}`, {
    method,
    headers: body === undefined ? {} : { 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (!res.ok) throw new Error(`${method} ${route}: ${res.status} ${await res.text()}`);
  return res.status === 204 ? undefined : res.json();
}
