// One ccbulk import against the emulator child: requests/s on the job's label against what the
// quota allowed, and 429s per 1,000 requests. Args: {emu, job, file, outDir, backgroundLoad}.
import { importAddressBook } from '../../dist/pipelines/address-book.js';
import { importCampaignContacts } from '../../dist/pipelines/campaign-contacts.js';
import { importDnc } from '../../dist/pipelines/dnc.js';
import { finish, taskArgs } from '../lib/child.mjs';
import { clientFor, emulatorStats, freshAccount, utilisation } from '../lib/emulator-session.mjs';
import { JOBS } from '../lib/jobs.mjs';

const { emu, job, file, outDir, background = 0, concurrency = 8 } = taskArgs();
const spec = JOBS[job];
await freshAccount(emu, background > 0 ? { [spec.label]: background } : {});
const client = clientFor(emu, { plan: 'business' });
const common = { file, outDir, dryRun: false, concurrency, country: 'US' };
const started = performance.now();
// When the job's writes were answered: the steady rate is theirs from the first to the last, the
// start-up (token, look-ups) and the bucket's first second left out (see the table's note).
const writeAnswers = [];
client.watch({ response: (r) => { if (r.operationId === spec.writeOperation && r.status !== undefined && r.status < 300) writeAnswers.push(performance.now() - started); } });
const summary =
  job === 'address-book'
    ? await importAddressBook(client, { ...common, book: 'Demo contacts', mode: 'create' })
    : job === 'campaign'
      ? await importCampaignContacts(client, { ...common, list: 'Demo campaign', mode: 'insert', scrubDnc: [] })
      : await importDnc(client, { ...common, list: 'Demo DNC', mode: 'add' });
const elapsedMs = performance.now() - started;
await client.close();
const stats = await emulatorStats(emu);
// 429s are all but certainly on the job's label: the look-ups on others are a handful.
const sent = stats.byLabel[spec.label];
const limited = stats.rateLimited.total;
const accepted = sent - limited;
finish({
  job,
  background,
  rows: summary.rows,
  succeeded: summary.succeeded,
  rejected: summary.rejected,
  elapsedMs,
  sent,
  accepted,
  rateLimited: limited,
  retries: summary.retries,
  requestsPerSecond: accepted / (elapsedMs / 1000),
  allowedPerSecond: spec.limit * (1 - background),
  utilisation: utilisation(accepted, elapsedMs, spec.limit, background),
  per1000: (1000 * limited) / sent,
  firstWriteMs: writeAnswers[0],
  steadyUtilisation: writeAnswers.length > 1 ? (writeAnswers.length - 1) / ((writeAnswers.at(-1) - writeAnswers[0]) / 1000) / (spec.limit * (1 - background)) : undefined,
});
