// An address book create import against the emulator child on one or both create lanes, and
// optionally with a quota share: contacts created per second against the batch endpoint's
// ceiling (MEDIUM rate × 10), each label's requests per second against its configured share, and
// 429s. Args: {emu, file, outDir, lanes, quotaShare, background} (background: {LABEL: share} another app uses).
import { importAddressBook } from '../../dist/pipelines/address-book.js';
import { RATE_PLANS } from '../../dist/zoom/rate-plans.js';
import { finish, taskArgs } from '../lib/child.mjs';
import { clientFor, emulatorStats, freshAccount } from '../lib/emulator-session.mjs';

const { emu, file, outDir, lanes = 'both', quotaShare = 1, concurrency = 8, background = {} } = taskArgs();
await freshAccount(emu, background);
const client = clientFor(emu, { plan: 'business', quotaShare });
// The limiters' pacing as the run goes: a rate cut (after a 429, or a quota seen running low) shows here.
const lowest = { MEDIUM: Infinity, LIGHT: Infinity };
const sampler = setInterval(() => {
  for (const label of Object.keys(lowest)) lowest[label] = Math.min(lowest[label], client.currentRate(label));
}, 100);
const started = performance.now();
const summary = await importAddressBook(client, { file, outDir, dryRun: false, concurrency, country: 'US', book: 'Demo contacts', mode: 'create', lanes });
const elapsedMs = performance.now() - started;
clearInterval(sampler);
await client.close();
const stats = await emulatorStats(emu);
const plan = RATE_PLANS.business;
const seconds = elapsedMs / 1000;
const perSecond = (op) => (stats.byOperation[op] ?? 0) / seconds;
finish({
  lanes,
  quotaShare,
  rows: summary.rows,
  succeeded: summary.succeeded,
  elapsedMs,
  contactsPerSecond: summary.succeeded / seconds,
  batchCeiling: plan.MEDIUM * 10,
  batchPerSecond: perSecond('batchCreateContact'),
  singlePerSecond: perSecond('createContact'),
  mediumAllowed: plan.MEDIUM * quotaShare,
  lightAllowed: plan.LIGHT * quotaShare,
  createLanes: summary.createLanes,
  background,
  requests: stats.total,
  rateLimited: stats.rateLimited.total,
  lowestRate: lowest,
});
