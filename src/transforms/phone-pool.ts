import { Worker } from 'node:worker_threads';
import type { CountryCode } from '../libphonenumber.js';
import type { PhoneResult } from './phone-parse.js';
import type { PhoneJob } from './phone-worker.js';
import { reassertV8Flags } from '../v8-flags.js';

// The worker is the compiled phone-worker.js next to this module. Under the test runner this
// module is TypeScript source, which a worker thread cannot load: it then takes the build in
// dist/, which the test set-up makes first.
const WORKER_URL = import.meta.url.endsWith('.ts')
  ? new URL('../../dist/transforms/phone-worker.js', import.meta.url)
  : new URL('./phone-worker.js', import.meta.url);

interface Waiting {
  readonly resolve: (results: PhoneResult[]) => void;
  readonly reject: (error: Error) => void;
}

/** One worker thread and the jobs it has not answered yet. */
class PhoneWorker {
  readonly #worker: Worker;
  readonly #waiting = new Map<number, Waiting>();
  #nextId = 0;
  #failed: Error | undefined;

  constructor() {
    // Bounded, so that a thread's heap cannot grow a run's memory: what it holds is the metadata
    // and one job. Running out ends the thread, and the normaliser carries on without it.
    this.#worker = new Worker(WORKER_URL, { resourceLimits: { maxOldGenerationSizeMb: 64, maxYoungGenerationSizeMb: 16 } });
    // Never what keeps a process alive: the caller awaits every job it sends.
    this.#worker.unref();
    // Starting the thread put the process's V8 flags back as the command line gave them.
    this.#worker.once('online', reassertV8Flags);
    this.#worker.on('message', (answer: { id: number; results: PhoneResult[] }) => {
      const waiting = this.#waiting.get(answer.id);
      this.#waiting.delete(answer.id);
      waiting?.resolve(answer.results);
    });
    const fail = (error: Error) => {
      this.#failed ??= error;
      for (const waiting of this.#waiting.values()) waiting.reject(error);
      this.#waiting.clear();
    };
    this.#worker.on('error', fail);
    this.#worker.on('exit', (code) => fail(new Error(`phone worker exited with code ${code}`)));
  }

  run(texts: readonly string[], countries: readonly CountryCode[]): Promise<PhoneResult[]> {
    if (this.#failed) return Promise.reject(this.#failed);
    const id = this.#nextId++;
    return new Promise((resolve, reject) => {
      this.#waiting.set(id, { resolve, reject });
      const job: PhoneJob = { id, texts, countries };
      this.#worker.postMessage(job);
    });
  }

  async close(): Promise<void> {
    this.#worker.removeAllListeners('exit');
    await this.#worker.terminate();
  }
}

/**
 * Worker threads that normalise phone texts in parallel: libphonenumber's `isValid()` with the
 * full metadata costs ~16 µs a number, the bulk of a dry run's time, while the main thread has
 * the reading, checking and writing to do. A job is split evenly across the threads.
 */
export class PhoneWorkerPool {
  readonly #workers: PhoneWorker[];

  constructor(readonly size: number) {
    this.#workers = Array.from({ length: size }, () => new PhoneWorker());
  }

  /** Each text normalised in the country at the same index, in order. Rejects if a thread fails. */
  async normalise(texts: readonly string[], countries: readonly CountryCode[]): Promise<PhoneResult[]> {
    const per = Math.ceil(texts.length / this.#workers.length);
    const parts = this.#workers.map((worker, w) => {
      const from = w * per;
      return from >= texts.length ? Promise.resolve([]) : worker.run(texts.slice(from, from + per), countries.slice(from, from + per));
    });
    return (await Promise.all(parts)).flat();
  }

  async close(): Promise<void> {
    await Promise.all(this.#workers.map((w) => w.close()));
  }
}
