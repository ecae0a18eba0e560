import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator, type RunningEmulator } from '../../src/emulator/server.js';
import { ZoomApiError } from '../../src/zoom/api-error.js';
import { ContactCenterClient } from '../../src/zoom/client.js';
import { newAddressBook } from '../support/emulator-client.js';
import { startPrismProxy, type PrismProxy } from '../support/prism.js';

/** The single create (the second create lane) through Prism as a validating proxy, as the rest of the contract suite. */
describe('contract: the single address book create', () => {
  let emulator: RunningEmulator;
  let prism: PrismProxy;
  let client: ContactCenterClient;

  beforeAll(async () => {
    emulator = await startEmulator({ seed: 19 });
    prism = await startPrismProxy({ upstreamUrl: emulator.apiUrl });
    client = new ContactCenterClient(
      {
        accountId: emulator.credentials.accountId,
        clientId: emulator.credentials.clientId,
        clientSecret: emulator.credentials.clientSecret,
        apiUrl: prism.url,
        oauthUrl: emulator.oauthUrl,
      },
      { backoffBaseMs: 20 },
    );
  }, 90_000);

  afterAll(async () => {
    await client?.close();
    await prism?.stop();
    await emulator?.close();
  });

  it('creates a contact with 201 and its id, and refuses one without a valid number with 400, both as the spec says', async () => {
    const bookId = await newAddressBook(client, 'Single lane');
    const created = await client.createAddressBookContact(bookId, {
      display_name: 'Jane Doe',
      phones: [{ phone_number: '+12125550100', phone_type: 'main' }],
      phone_numbers: ['+12125550100'],
      emails: ['jane@example.com'],
    });
    expect(created.contact_id).toMatch(/\w/);
    expect(emulator.store.addressBookContacts(bookId).map((c) => c.contact_id)).toEqual([created.contact_id]);
    const refusal = await client
      .createAddressBookContact(bookId, { display_name: 'Bad', phones: [{ phone_number: '+1555', phone_type: 'main' }], phone_numbers: ['+1555'] })
      .catch((error: unknown) => error);
    expect(refusal).toBeInstanceOf(ZoomApiError);
    expect((refusal as ZoomApiError).status).toBe(400);
    const found = prism.violations();
    expect(found.map((v) => `${v.severity} ${v.method} ${v.path} ${v.location.join('.')}: ${v.message}`)).toEqual([]);
  });
});
