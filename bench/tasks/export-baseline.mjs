// The export baseline: a plain fetch loop with its own token paging through the address book
// one page after the other (page_size 300, next_page_token), for `seconds`. Args: {emu, seconds}.
import { RATE_PLANS } from '../../dist/zoom/rate-plans.js';
import { finish, taskArgs } from '../lib/child.mjs';
import { emulatorStats, resetQuotas, utilisation } from '../lib/emulator-session.mjs';

const { emu, seconds } = taskArgs();
await resetQuotas(emu);
const { accountId, clientId, clientSecret } = emu.credentials;
const tokenRes = await fetch(`${emu.oauthUrl}?grant_type=account_credentials&account_id=${accountId}`, {
  method: 'POST',
  headers: { authorization: `Basic ${Buffer.from(`${clientId}:${clientSecret}`).toString('base64')}` },
});
const { access_token: token } = await tokenRes.json();
const get = async (path) => {
  for (;;) {
    const res = await fetch(`${emu.apiUrl}${path}`, { headers: { authorization: `Bearer ${token}` } });
    if (res.status === 429) {
      await res.arrayBuffer();
      await new Promise((r) => setTimeout(r, 1000 * Number(res.headers.get('retry-after') ?? 1)));
      continue;
    }
    if (!res.ok) throw new Error(`export baseline: ${res.status} on ${path}`);
    return res.json();
  }
};
const started = performance.now();
let token_ = '';
let rows = 0;
do {
  const page = await get(`/contact_center/address_books/${emu.seededBookId}/contacts?page_size=300${token_ ? `&next_page_token=${token_}` : ''}`);
  rows += page.contacts?.length ?? 0;
  token_ = page.next_page_token ?? '';
} while (token_ !== '' && performance.now() - started < seconds * 1000);
const elapsedMs = performance.now() - started;
const stats = await emulatorStats(emu);
const pages = (stats.byOperation.listContacts ?? 0) - stats.rateLimited.total;
const limit = RATE_PLANS.business.MEDIUM;
finish({ rows, elapsedMs, pages, pagesPerSecond: pages / (elapsedMs / 1000), allowedPerSecond: limit, utilisation: utilisation(pages, elapsedMs, limit) });
