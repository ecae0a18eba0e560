// A phone worker thread: normalises the texts it is sent with the same code the main thread
// runs on a cache miss, and answers in the same order. Started by PhoneWorkerPool.
import { parentPort } from 'node:worker_threads';
import type { CountryCode } from '../libphonenumber.js';
import { parsePhoneText } from './phone-parse.js';

/** One job: texts and, at the same index, the country each is read in. */
export interface PhoneJob {
  readonly id: number;
  readonly texts: readonly string[];
  readonly countries: readonly CountryCode[];
}

parentPort?.on('message', (job: PhoneJob) => {
  const results = job.texts.map((text, i) => parsePhoneText(text, job.countries[i]!));
  parentPort!.postMessage({ id: job.id, results });
});
