// The phone ceiling: libphonenumber-js alone (full metadata, isValid) checking every phone cell
// of the generated rows, split across two worker threads (one per core). The numbers are made
// before the clock starts. Args: {rows}.
import { Worker, isMainThread, parentPort, workerData } from 'node:worker_threads';
import { parsePhoneNumberFromString } from 'libphonenumber-js/max';
import { rowPhones } from '../lib/data.mjs';
import { finish, taskArgs } from '../lib/child.mjs';

if (isMainThread) {
  const { rows, threads = 2 } = taskArgs();
  const workers = Array.from({ length: threads }, (_, t) => {
    const from = Math.floor((rows * t) / threads);
    const to = Math.floor((rows * (t + 1)) / threads);
    return new Worker(new URL(import.meta.url), { workerData: { from, to } });
  });
  const ready = (w) => new Promise((resolve) => w.once('message', resolve));
  await Promise.all(workers.map(ready));
  const started = performance.now();
  const done = workers.map(ready);
  for (const w of workers) w.postMessage('go');
  const results = await Promise.all(done);
  const elapsedMs = performance.now() - started;
  await Promise.all(workers.map((w) => w.terminate()));
  const numbers = results.reduce((a, r) => a + r.numbers, 0);
  const valid = results.reduce((a, r) => a + r.valid, 0);
  finish({ rows, numbers, valid, threads, elapsedMs, rowsPerSecond: rows / (elapsedMs / 1000) });
} else {
  const { from, to } = workerData;
  const cells = [];
  for (let i = from; i < to; i++) cells.push(...rowPhones(i, { invalid: true }));
  parentPort.postMessage('ready');
  parentPort.once('message', () => {
    let valid = 0;
    for (const text of cells) if (parsePhoneNumberFromString(text, 'US')?.isValid()) valid++;
    parentPort.postMessage({ numbers: cells.length, valid });
  });
}
