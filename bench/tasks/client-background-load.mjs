// The client when another app takes half the MEDIUM quota (moved from test/zoom/client.test.ts):
// 100 listings of an empty address book at once, on an emulator child with 50 % background load.
// `tool: 'ccbulk'` is ContactCenterClient; `tool: 'plain'`, the baseline, is a fetch loop one
// request at a time that waits out Retry-After on a 429. The quota floor is what the bucket
// allows: its first second's worth at once, the rest at the half rate left. Args: {emu, tool}.
import { finish, taskArgs } from '../lib/child.mjs';
import { clientFor, emulatorStats, freshAccount } from '../lib/emulator-session.mjs';

const { emu, tool, listings = 100, background = 0.5, limit = 20 } = taskArgs();
const data = await freshAccount(emu, { MEDIUM: background });
let started;
let client;
if (tool === 'ccbulk') {
  client = clientFor(emu, { plan: 'business' });
  started = performance.now();
  await Promise.all(
    Array.from({ length: listings }, async () => {
      for await (const _ of client.listAddressBookContacts(data.addressBookId));
    }),
  );
} else {
  const { accountId, clientId, clientSecret } = emu.credentials;
  const tokenRes = await fetch(`${emu.oauthUrl}?grant_type=account_credentials&account_id=${accountId}`, {
    method: 'POST',
    headers: { authorization: `Basic ${Buffer.from(`${clientId}:${clientSecret}`).toString('base64')}` },
  });
  const { access_token: token } = await tokenRes.json();
  const url = `${emu.apiUrl}/contact_center/address_books/${data.addressBookId}/contacts`;
  started = performance.now();
  for (let done = 0; done < listings; ) {
    const res = await fetch(url, { headers: { authorization: `Bearer ${token}` } });
    await res.arrayBuffer();
    if (res.status === 429) await new Promise((r) => setTimeout(r, 1000 * Number(res.headers.get('retry-after') ?? 1)));
    else if (res.ok) done++;
    else throw new Error(`plain listing: ${res.status}`);
  }
}
const elapsedMs = performance.now() - started;
const rate = client?.currentRate('MEDIUM');
await client?.close();
const stats = await emulatorStats(emu);
const floorMs = (1000 * Math.max(0, listings - limit)) / (limit * (1 - background));
finish({ tool, listings, background, elapsedMs, floorMs, rateLimited: stats.rateLimited.total, currentRate: rate });
