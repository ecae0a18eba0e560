// Limits that follow the account: on an emulator whose limits are no preset, how much of the real
// limit a client uses, and its 429s per 1,000 requests; or, with a per-resource concurrency limit,
// the rate reached on one resource. Args: {emu, mode: 'rate'|'concurrency', seconds, client, limit,
// inFlightLimit, latencyMs, workers}.
import { ContactCenterClient } from '../../dist/zoom/client.js';
import { finish, taskArgs } from '../lib/child.mjs';

const { emu, mode, seconds, client: clientOptions = {}, limit, inFlightLimit, latencyMs, workers = 24 } = taskArgs();
const admin = async (method, path, body) => {
  const res = await fetch(`${emu.adminUrl}${path}`, { method, headers: { 'content-type': 'application/json' }, body: body === undefined ? undefined : JSON.stringify(body) });
  return res.status === 204 ? undefined : res.json();
};
const client = new ContactCenterClient(
  { ...emu.credentials, apiUrl: emu.apiUrl, oauthUrl: emu.oauthUrl },
  clientOptions,
);
const unit = await client.createUnit({ unit_name: `Bench ${Date.now()}` });
const book = await client.createAddressBook({ unit_id: unit.unit_id, address_book_name: `Bench ${Date.now()}` });
await new Promise((r) => setTimeout(r, 1200)); // a full bucket at the start
await admin('POST', '/reset');
const started = performance.now();
let ok = 0;
let n = 0;
const until = started + seconds * 1000;
await Promise.all(
  Array.from({ length: workers }, async () => {
    while (performance.now() < until) {
      if (mode === 'rate') {
        for await (const _ of client.listUnits()) void _;
      } else {
        const i = n++;
        await client.batchCreateAddressBookContacts(book.address_book_id, [{ display_name: `C ${i}`, phones: [{ phone_number: `+1212${String(5_000_000 + i).padStart(7, '0')}`, phone_type: 'main' }] }]);
      }
      ok++;
    }
  }),
);
const elapsed = (performance.now() - started) / 1000;
const stats = await admin('GET', '/stats');
const state = client.limiter.state('MEDIUM');
await client.close();
const rate = ok / elapsed;
finish({
  mode,
  seconds: elapsed,
  succeeded: ok,
  requests: stats.total,
  perSecond: rate,
  rateLimitedQps: stats.rateLimited.QPS,
  rateLimitedConcurrent: stats.rateLimited.concurrent,
  per1000: (1000 * stats.rateLimited.total) / Math.max(1, stats.total),
  ...(mode === 'rate' ? { limit, share: rate / limit } : { ceiling: inFlightLimit / (latencyMs / 1000), ofCeiling: rate / (inFlightLimit / (latencyMs / 1000)) }),
  limiter: state,
});
