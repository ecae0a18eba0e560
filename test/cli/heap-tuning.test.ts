import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { HEAP_TUNING_ENV, tuneHeap, type HeapUse } from '../../src/cli/heap-tuning.js';
import { WORKERS_RESET_V8_FLAGS } from '../../src/v8-flags.js';
import { projectRoot } from '../support/run-cli.js';

const HEAP_TUNING = JSON.stringify(`${projectRoot}dist/cli/heap-tuning.js`);

/**
 * The young generation's size, in bytes, after a busy allocation in a fresh Node process that
 * first runs `setUp` (an ES module body: the built modules' imports and calls).
 */
function youngGenerationAfter(setUp: string): number {
  const script = `
    import { getHeapSpaceStatistics } from 'node:v8';
    ${setUp}
    let kept = [];
    for (let i = 0; i < 3e6; i++) { kept.push({ i, text: 'x' + i }); if (kept.length > 2e5) kept = []; }
    process.stdout.write(String(getHeapSpaceStatistics().find((s) => s.space_name === 'new_space').space_size));`;
  const run = spawnSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8' });
  expect(run.status, run.stderr).toBe(0);
  return Number(run.stdout);
}

/** The same, with the heap tuned for `use` by the built module (as the CLI's entry does), or left alone. */
const youngGenerationAfterWork = (use: HeapUse | 'default'): number =>
  youngGenerationAfter(
    `import { tuneHeap } from ${HEAP_TUNING}; tuneHeap(${JSON.stringify(use === 'default' ? 'paced' : use)}, ${use === 'default' ? "{ CCBULK_HEAP: 'default' }" : '{}'});`,
  );

// What the tuning does to a job's peak RSS and speed is a bench figure (`npm run bench`: the dry
// run, the exports and the syncs against the same runs with CCBULK_HEAP=default); here, that the
// flags set once the process runs take effect.
describe("the CLI's heap tuning", () => {
  it('keeps the young generation small once the process runs, for paced commands and for a dry run', () => {
    const untuned = youngGenerationAfterWork('default');
    expect(untuned).toBeGreaterThan(16 * 2 ** 20);
    for (const use of ['paced', 'flat-out'] as const) expect(youngGenerationAfterWork(use)).toBeLessThan(untuned / 4);
  }, 60_000);

  it('is in force before the command line loads, and again once a worker thread is online', () => {
    // The entry tunes the heap before importing the command line: its loading alone would grow
    // the young generation to 32 MB, which it keeps.
    const probe = `data:text/javascript,${encodeURIComponent("import { getHeapSpaceStatistics } from 'node:v8'; process.on('exit', () => process.stderr.write('[young] ' + getHeapSpaceStatistics().find((s) => s.space_name === 'new_space').space_size));")}`;
    const young = (env: Record<string, string>) => {
      const run = spawnSync(process.execPath, ['--import', probe, `${projectRoot}dist/cli.js`, '--help'], { encoding: 'utf8', env: { ...process.env, ...env } });
      return Number(/\[young\] (\d+)/.exec(run.stderr)?.[1]);
    };
    expect(young({ CCBULK_HEAP: 'default' })).toBeGreaterThan(16 * 2 ** 20);
    expect(young({})).toBeLessThan(8 * 2 ** 20);
    // A worker thread started after the tuning (as the phone pool does) resets the flags on
    // Node 20 and 22, until they are set again once it is online; Node 24 keeps them.
    const afterWorker = (reassert: boolean) =>
      youngGenerationAfter(`
        import { Worker } from 'node:worker_threads';
        import { tuneHeap } from ${HEAP_TUNING};
        import { reassertV8Flags } from ${JSON.stringify(`${projectRoot}dist/v8-flags.js`)};
        tuneHeap('flat-out', {});
        const worker = new Worker('setTimeout(() => {}, 50)', { eval: true });
        await new Promise((resolve) => worker.once('online', resolve));
        ${reassert ? 'reassertV8Flags();' : ''}`);
    if (WORKERS_RESET_V8_FLAGS) expect(afterWorker(false)).toBeGreaterThan(16 * 2 ** 20);
    else expect(afterWorker(false)).toBeLessThan(8 * 2 ** 20);
    expect(afterWorker(true)).toBeLessThan(8 * 2 ** 20);
  }, 60_000);

  it('collects sooner for paced commands, and only bounds growth for a dry run that runs flat out', () => {
    expect(tuneHeap('paced', {})).toContain('--optimize-for-size');
    expect(tuneHeap('flat-out', {})).toEqual(expect.arrayContaining(['--no-optimize-for-size', '--heap-growing-percent=25']));
  });

  it('leaves V8 alone with CCBULK_HEAP=default', () => {
    expect(HEAP_TUNING_ENV).toBe('CCBULK_HEAP');
    expect(tuneHeap('paced', { CCBULK_HEAP: 'default' })).toBeUndefined();
    expect(tuneHeap('flat-out', { CCBULK_HEAP: 'default' })).toBeUndefined();
  });
});
