// The baseline: a straightforward client with its own token that sends one batch at a time with
// fetch, waits out Retry-After on a 429, and stops after `seconds`. Args: {emu, job, seconds, background}.
import { finish, taskArgs } from '../lib/child.mjs';
import { emulatorStats, freshAccount, utilisation } from '../lib/emulator-session.mjs';
import { JOBS } from '../lib/jobs.mjs';

const { emu, job, seconds, background = 0 } = taskArgs();
const spec = JOBS[job];
const data = await freshAccount(emu, background > 0 ? { [spec.label]: background } : {});
const { accountId, clientId, clientSecret } = emu.credentials;
const tokenRes = await fetch(`${emu.oauthUrl}?grant_type=account_credentials&account_id=${accountId}`, {
  method: 'POST',
  headers: { authorization: `Basic ${Buffer.from(`${clientId}:${clientSecret}`).toString('base64')}` },
});
const { access_token: token } = await tokenRes.json();
const url = `${emu.apiUrl}${spec.path(data)}`;
const started = performance.now();
let sent = 0;
let rows = 0;
while (performance.now() - started < seconds * 1000) {
  const res = await fetch(url, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: JSON.stringify(spec.body(rows, rows + spec.batch)),
  });
  await res.arrayBuffer();
  sent++;
  if (res.status === 429) {
    await new Promise((r) => setTimeout(r, 1000 * Number(res.headers.get('retry-after') ?? 1)));
  } else if (res.ok) {
    rows += spec.batch;
  } else {
    throw new Error(`baseline ${job}: ${res.status}`);
  }
}
const elapsedMs = performance.now() - started;
const stats = await emulatorStats(emu);
const accepted = stats.byLabel[spec.label] - stats.rateLimited.total;
finish({
  job,
  background,
  rows,
  elapsedMs,
  sent,
  accepted,
  rateLimited: stats.rateLimited.total,
  requestsPerSecond: accepted / (elapsedMs / 1000),
  allowedPerSecond: spec.limit * (1 - background),
  utilisation: utilisation(accepted, elapsedMs, spec.limit, background),
  per1000: (1000 * stats.rateLimited.total) / stats.byLabel[spec.label],
});
