import { readFileSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { startEmulator, type RunningEmulator } from '../../src/emulator/server.js';
import { CampaignSender } from '../../src/senders/campaign-sender.js';
import { ZoomApiError } from '../../src/zoom/api-error.js';
import { ContactCenterClient } from '../../src/zoom/client.js';
import { DOCUMENTED_CODES } from '../../src/zoom/error-codes.js';
import { configFor } from '../support/emulator-client.js';
import { hostileHttp, json } from '../support/hostile-http.js';
import { envFor, readCsv, readSummary, tempDir, writeFile } from '../support/import-env.js';
import { projectRoot, runCli } from '../support/run-cli.js';

const spec = JSON.parse(readFileSync(`${projectRoot}spec/contact-center.openapi.json`, 'utf8')) as {
  paths: Record<string, Record<string, { responses?: Record<string, { description?: string }> }>>;
};

/** Every `**Error Code:** `N` <br>\n message` the spec's responses document, as `status code message`. */
function documented(): Set<string> {
  const found = new Set<string>();
  for (const item of Object.values(spec.paths)) {
    for (const op of Object.values(item)) {
      for (const [status, response] of Object.entries(op.responses ?? {})) {
        for (const m of (response.description ?? '').matchAll(/\*\*Error Code:\*\* `(\d+)` <br>\s*\n\s*(.*?)\s*<br>/g)) found.add(`${status} ${m[1]} ${m[2]}`);
      }
    }
  }
  return found;
}

let emulator: RunningEmulator | undefined;
afterEach(async () => {
  await emulator?.close();
  emulator = undefined;
});

describe("Zoom's documented error codes", () => {
  it('are in the table as the spec words them, each with its status (4711, from the OAuth table, aside)', () => {
    const inSpec = documented();
    for (const entry of DOCUMENTED_CODES.filter((e) => e.code !== 4711)) {
      expect(inSpec, `${entry.code}`).toContain(`${entry.status} ${entry.code} ${entry.message}`);
    }
  });

  it('make a book or list that is gone fatal, naming it, where a missing one used to reject the batch', async () => {
    emulator = await startEmulator({ seed: 7 });
    const client = new ContactCenterClient(configFor(emulator));
    try {
      const error = (await client.batchAddDncPhones('GoneList123', ['+14155550100']).catch((e: unknown) => e)) as ZoomApiError;
      expect(error.zoomCode).toBe(5020);
      expect(error.code).toBe('TARGET_NOT_FOUND');
      expect(error.disposition).toBe('fatal');
      expect(error.message).toContain('the DNC list GoneList123 does not exist');
    } finally {
      await client.close();
    }
  });

  it('stop an insert into a full list resumably (exit 75), rejecting no row, and the resume finishes once there is room', async () => {
    emulator = await startEmulator({ seed: 8, listContactLimit: 3 });
    const setUp = new ContactCenterClient(configFor(emulator));
    await setUp.createCampaignContactList({ contact_list_name: 'Spring', contact_list_type: 'contact' });
    await setUp.close();
    const dir = tempDir();
    const rows = Array.from({ length: 8 }, (_, i) => `Person ${i},+1415555${String(100 + i).padStart(4, '0')}`);
    const file = writeFile(dir, 'in.csv', `name,phone\n${rows.join('\n')}\n`);
    const out = `${dir}/out`;
    const run = await runCli(['import', 'campaign-contacts', file, '--list', 'Spring', '--out', out, '--quiet', '--concurrency', '1'], { env: envFor(emulator) });
    expect(run.code).toBe(75);
    expect(run.stderr).toContain('code 5004');
    expect(run.stderr).toContain('the campaign contact list is full');
    expect(run.stderr).toContain('ccbulk resume');
    expect(readCsv(`${out}/rejects.csv`)).toEqual([]);
    expect(readSummary(out).rejected).toBe(0);

    // Room is made: the same account, served without the limit.
    const { store } = emulator;
    const port = new URL(emulator.baseUrl).port;
    await emulator.close();
    emulator = await startEmulator({ seed: 9, store, port: Number(port) });
    const resumed = await runCli(['resume', out, '--quiet'], { env: envFor(emulator) });
    expect(resumed.stderr).toBe('');
    expect(resumed.code).toBe(0);
    expect(readSummary(out).succeeded).toBe(8);
    expect([...emulator.store.campaignContactsById.values()]).toHaveLength(8);
  });

  it('count a contact Zoom says already exists (5003) as a duplicate of the target, not a refusal of its data', async () => {
    const zoom = await hostileHttp((req, res) => {
      if (req.url?.startsWith('/oauth/token')) return json(res, 200, { access_token: 'tok', expires_in: 3600 });
      json(res, 200, { failed_contacts: [{ contact_index: '1', error: 'Contact already exists.' }] });
    });
    const client = new ContactCenterClient({ accountId: 'a', clientId: 'c', clientSecret: 's', apiUrl: `${zoom.url}/v2`, oauthUrl: `${zoom.url}/oauth/token` });
    try {
      const contact = (n: string) => ({ contact_display_name: n, contact_phones: [{ contact_phone_number: '+14155550100', contact_phone_type: 'Main' as const }] });
      const verdicts = await new CampaignSender(client, 'L1').insert([contact('A'), contact('B')]);
      expect(verdicts[0]).toMatchObject({ ok: true, status: 'inserted' });
      expect(verdicts[1]).toMatchObject({ ok: false, stage: 'duplicate' });
    } finally {
      await client.close();
      await zoom.close();
    }
  });
});
