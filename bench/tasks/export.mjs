// ccbulk's address book export from the (seeded) emulator child to CSV or XLSX: listing pages/s
// against what the plan's quota allowed, and peak RSS. Args: {emu, out}.
import { exportAddressBooks } from '../../dist/pipelines/export-contacts.js';
import { RATE_PLANS } from '../../dist/zoom/rate-plans.js';
import { finish, taskArgs } from '../lib/child.mjs';
import { clientFor, emulatorStats, resetQuotas, utilisation } from '../lib/emulator-session.mjs';

const { emu, out, all = false } = taskArgs();
await resetQuotas(emu);
const client = clientFor(emu, { plan: 'business' });
const started = performance.now();
const summary = await exportAddressBooks(client, all ? { all: true, out, bom: true } : { book: 'Demo contacts', out, bom: true });
const elapsedMs = performance.now() - started;
await client.close();
const stats = await emulatorStats(emu);
const pages = (stats.byOperation.listContacts ?? 0) - stats.rateLimited.total;
const limit = RATE_PLANS.business.MEDIUM;
finish({
  out,
  all,
  rows: summary.rows,
  elapsedMs,
  pages,
  rateLimited: stats.rateLimited.total,
  pagesPerSecond: pages / (elapsedMs / 1000),
  allowedPerSecond: limit,
  utilisation: utilisation(pages, elapsedMs, limit),
});
