// One address book sync (or, for the baseline, an upsert of the same file) against the emulator
// child, whose book 'Demo contacts' was loaded from the bench's file: requests sent, by
// operation, against the listing's pages, the time taken, and peak RSS.
// Args: {emu, file, outDir, mode: 'sync' | 'upsert', deleteMissing, maxDelete}.
import { importAddressBook } from '../../dist/pipelines/address-book.js';
import { finish, taskArgs } from '../lib/child.mjs';
import { clientFor, emulatorStats, resetQuotas } from '../lib/emulator-session.mjs';

const { emu, file, outDir, mode, deleteMissing = false, maxDelete = { percent: 10 }, concurrency = 8 } = taskArgs();
// Counters and quotas from zero: the seeding and any earlier task are not counted.
await resetQuotas(emu);
const client = clientFor(emu, { plan: 'business' });
const common = { file, outDir, dryRun: false, concurrency, country: 'US', book: 'Demo contacts' };
const started = performance.now();
const summary = mode === 'sync' ? await importAddressBook(client, { ...common, mode: 'sync', deleteMissing, maxDelete }) : await importAddressBook(client, { ...common, mode: 'upsert' });
const elapsedMs = performance.now() - started;
await client.close();
const stats = await emulatorStats(emu);
finish({
  mode,
  rows: summary.rows,
  succeeded: summary.succeeded,
  rejected: summary.rejected,
  elapsedMs,
  // Every /v2 request the emulator saw, 429s and retries included.
  requests: stats.total,
  reportedRequests: summary.requests,
  pages: stats.byOperation.listContacts ?? 0,
  byOperation: stats.byOperation,
  rateLimited: stats.rateLimited.total,
  sync: summary.sync,
});
