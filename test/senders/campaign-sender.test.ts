import { afterEach, describe, expect, it } from 'vitest';
import { CampaignSender } from '../../src/senders/campaign-sender.js';
import { emulatorWithClient } from '../support/emulator-client.js';

let close: (() => Promise<void>) | undefined;
afterEach(async () => close?.());

const contact = (name: string, phone: string) => ({ contact_display_name: name, contact_phones: [{ contact_phone_number: phone, contact_phone_type: 'Main' as const }] });

describe('CampaignSender', () => {
  it('maps failed_contacts back to their items by contact_index', async () => {
    const env = await emulatorWithClient();
    close = env.close;
    const list = await env.client.createCampaignContactList({ contact_list_name: 'L', contact_list_type: 'contact' });
    const sender = new CampaignSender(env.client, list.contact_list_id!);
    // The second number is not E.164: a per-item failure the emulator reports by index.
    const verdicts = await sender.insert([contact('A', '+12127364410'), contact('B', '2127364411'), contact('C', '+12127364412')]);
    expect(verdicts.map((v) => v.ok)).toEqual([true, false, true]);
    expect(verdicts[1]).toMatchObject({ ok: false, reasons: [expect.objectContaining({ text: expect.stringMatching(/E\.164|phone/i) })] });
    expect(env.emulator.store.campaignContacts(list.contact_list_id!).map((c) => c.contact_display_name)).toEqual(['A', 'C']);
  });

  it('does not insert a contact twice when the answer to its batch is lost', async () => {
    const env = await emulatorWithClient({ seed: 3 }, { backoffBaseMs: 10 });
    close = env.close;
    const list = await env.client.createCampaignContactList({ contact_list_name: 'L', contact_list_type: 'contact' });
    const sender = new CampaignSender(env.client, list.contact_list_id!);
    env.emulator.setFaults({ resetAfterRate: 1 });
    const pending = sender.insert([contact('A', '+12127364410'), contact('B', '+12127364411')]);
    // The insert is applied and its connection reset; the look-up that follows gets through.
    setTimeout(() => env.emulator.setFaults({ resetAfterRate: 0 }), 50);
    const verdicts = await pending;
    expect(verdicts.every((v) => v.ok)).toBe(true);
    expect(env.emulator.stats().injected.resetsAfter).toBeGreaterThanOrEqual(1);
    expect(env.emulator.store.campaignContacts(list.contact_list_id!)).toHaveLength(2);
  });
});
