// What a task does to a running emulator child: clear it, set up the demo's book and lists, and
// read its counters. Setting up goes through ccbulk's client; measuring does not count it.
import { ContactCenterClient } from '../../dist/zoom/client.js';
import { createDemoData } from '../../dist/cli/demo-run.js';
import { admin } from './child.mjs';

/** A ccbulk client for an emulator child. */
export function clientFor(emu, options = {}) {
  return new ContactCenterClient(
    {
      accountId: emu.credentials.accountId,
      clientId: emu.credentials.clientId,
      clientSecret: emu.credentials.clientSecret,
      apiUrl: emu.apiUrl,
      oauthUrl: emu.oauthUrl,
    },
    options,
  );
}

/**
 * Empties the account, creates the demo's book and lists, then resets quotas, counters and faults
 * and applies `backgroundLoad` ({MEDIUM: 0.5}): the measured run starts on a full bucket.
 */
export async function freshAccount(emu, backgroundLoad = {}) {
  await admin(emu.adminUrl, 'POST', '/reset?state=true');
  const setup = clientFor(emu);
  const data = await createDemoData(setup);
  await setup.close();
  await admin(emu.adminUrl, 'POST', '/reset');
  if (Object.keys(backgroundLoad).length > 0) await admin(emu.adminUrl, 'PATCH', '/faults', { backgroundLoad });
  return data;
}

/** The emulator's counters. */
export const emulatorStats = (emu) => admin(emu.adminUrl, 'GET', '/stats');

/** Resets counters and quotas, and puts the start-up faults back. */
export const resetQuotas = (emu) => admin(emu.adminUrl, 'POST', '/reset');

/**
 * Share of what the emulator could have allowed on `label` in `elapsedMs` that was used: its
 * bucket starts full (one second's worth, `limit`) and refills at `limit × (1 − background)`.
 */
export function utilisation(accepted, elapsedMs, limit, background = 0) {
  const allowed = limit + limit * (1 - background) * (elapsedMs / 1000);
  return accepted / allowed;
}
