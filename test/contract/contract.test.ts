import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startEmulator, type RunningEmulator } from '../../src/emulator/server.js';
import { ContactCenterClient } from '../../src/zoom/client.js';
import { startPrismProxy, type PrismProxy } from '../support/prism.js';

/**
 * The client and the emulator, checked against the published spec: every request goes through
 * Prism as a validating proxy (`prism proxy <spec> <emulator> --errors`), and the suite fails on
 * any request or response violation Prism reports. OAuth is not part of the Contact Center spec,
 * so token requests go to the emulator directly.
 */
describe('contract: client → Prism → emulator', () => {
  let emulator: RunningEmulator;
  let prism: PrismProxy;
  let client: ContactCenterClient;

  beforeAll(async () => {
    emulator = await startEmulator({ seed: 7 });
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

  beforeEach(() => prism?.clearViolations());

  afterAll(async () => {
    await client?.close();
    await prism?.stop();
    await emulator?.close();
  });

  async function all<T>(items: AsyncIterable<T>): Promise<T[]> {
    const out: T[] = [];
    for await (const item of items) out.push(item);
    return out;
  }

  function expectNoViolations(): void {
    const found = prism.violations();
    expect(found.map((v) => `${v.severity} ${v.method} ${v.path} ${v.location.join('.')}: ${v.message}`)).toEqual([]);
  }

  it('address book units, books, contacts and custom fields conform, including partial failures and pagination', async () => {
    const unit = await client.createUnit({ unit_name: 'Contract unit', unit_description: 'made by the contract suite' });
    expect((await client.getUnit(unit.unit_id!)).unit_name).toBe('Contract unit');
    expect((await all(client.listUnits())).length).toBeGreaterThanOrEqual(1);

    const book = await client.createAddressBook({ unit_id: unit.unit_id!, address_book_name: 'Contract book' });
    const bookId = book.address_book_id!;
    expect((await client.getAddressBook(bookId)).address_book_name).toBe('Contract book');
    expect((await client.getAddressBook('Contract book', { byName: true })).address_book_id).toBe(bookId);
    expect((await all(client.listAddressBooks(unit.unit_id!))).map((b) => b.address_book_id)).toContain(bookId);

    const field = await client.createAddressBookCustomField({ custom_field_name: 'Tier', data_type: 'string' } as never);
    expect((await all(client.listAddressBookCustomFields())).map((f) => f.custom_field_id)).toContain(field.custom_field_id);

    // 31 full batches: more than one 300-contact page.
    for (let b = 0; b < 31; b++) {
      const contacts = Array.from({ length: 10 }, (_, i) => {
        const n = b * 10 + i;
        return {
          display_name: `Contract ${n}`,
          first_name: 'Con',
          last_name: `Tract ${n}`,
          phones: [{ phone_number: `+1415${String(2000000 + n)}`, phone_type: 'main' as const }],
          emails: [`c${n}@example.com`],
          company: 'Acme',
          custom_fields: [{ custom_field_id: field.custom_field_id!, custom_field_value: 'gold' }],
        };
      });
      const created = await client.batchCreateAddressBookContacts(bookId, contacts);
      expect(created.contacts).toHaveLength(10);
    }
    const partly = await client.batchCreateAddressBookContacts(bookId, [
      { display_name: 'Fine', emails: ['fine@example.com'] },
      { display_name: 'Bad phone', phones: [{ phone_number: '12345', phone_type: 'main' }] },
      { display_name: 'Two mains', phones: [{ phone_number: '+14155550001', phone_type: 'main' }, { phone_number: '+14155550002', phone_type: 'main' }] },
      { display_name: 'Nothing' },
    ]);
    expect(partly.contacts).toHaveLength(1);
    expect(partly.invalid_contacts).toHaveLength(3);
    const allBad = await client.batchCreateAddressBookContacts(bookId, [{ display_name: 'Nothing at all' }]);
    expect(allBad.invalid_contacts).toHaveLength(1);

    const contacts = await all(client.listAddressBookContacts(bookId));
    expect(contacts).toHaveLength(311);
    const byPhone = await all(client.listAddressBookContacts(bookId, { phoneNumbers: ['+14152000003', '+14152000004'] }));
    expect(byPhone.map((c) => c.display_name).sort()).toEqual(['Contract 3', 'Contract 4']);
    const byEmail = await all(client.listAddressBookContacts(bookId, { emails: ['c5@example.com'] }));
    expect(byEmail.map((c) => c.display_name)).toEqual(['Contract 5']);

    const first = contacts[0]!;
    expect((await client.getAddressBookContact(bookId, first.contact_id!)).display_name).toBe(first.display_name);
    expect((await all(client.listAddressBookContactCustomFields(first.contact_id!))).length).toBe(1);

    const updated = await client.batchUpdateAddressBookContacts(bookId, [
      { contact_id: first.contact_id!, role: 'Buyer' },
      { contact_id: 'no-such-contact-id-000', role: 'Ghost' },
    ]);
    expect(updated.invalid_contacts).toHaveLength(1);
    await client.batchDeleteAddressBookContacts(bookId, contacts.slice(0, 50).map((c) => c.contact_id!));
    expect(await all(client.listAddressBookContacts(bookId))).toHaveLength(261);
    expectNoViolations();
  }, 90_000);

  it('campaign contact lists, their contacts and custom fields conform, including failed contacts', async () => {
    const list = await client.createCampaignContactList({ contact_list_name: 'Contract list', contact_list_type: 'contact' } as never);
    const listId = list.contact_list_id!;
    expect((await client.getCampaignContactList(listId)).contact_list_name).toBe('Contract list');
    expect((await client.getCampaignContactList('Contract list', { byName: true })).contact_list_id).toBe(listId);
    expect((await all(client.listCampaignContactLists())).map((l) => l.contact_list_id)).toContain(listId);

    const field = await client.createCampaignCustomField({ custom_field_name: 'Segment', data_type: 'string' } as never);
    expect((await all(client.listCampaignCustomFields())).map((f) => f.custom_field_id)).toContain(field.custom_field_id);

    for (let b = 0; b < 2; b++) {
      const contacts = Array.from({ length: 100 }, (_, i) => ({
        contact_display_name: `Camp ${b * 100 + i}`,
        contact_phones: [{ contact_phone_number: `+1646${String(3000000 + b * 100 + i)}`, contact_phone_type: 'Main' }],
        contact_emails: [`camp${b * 100 + i}@example.com`],
      }));
      const inserted = await client.batchInsertCampaignContacts(listId, contacts as never);
      expect(inserted.failed_contacts ?? []).toHaveLength(0);
    }
    const partly = await client.batchInsertCampaignContacts(listId, [
      { contact_display_name: 'Good', contact_phones: [{ contact_phone_number: '+16465550000', contact_phone_type: 'Main' }] },
      // Valid by the schema (which has no pattern for numbers), refused by the item rules.
      { contact_display_name: 'Bad', contact_phones: [{ contact_phone_number: '555-0100', contact_phone_type: 'Main' }] },
    ] as never);
    expect(partly.failed_contacts?.map((f) => f.contact_index)).toEqual(['1']);

    const contacts = await all(client.listCampaignContacts(listId));
    expect(contacts).toHaveLength(201);
    const one = await client.getCampaignContact(listId, contacts[0]!.contact_id!);
    expect(one.contact_display_name).toBe(contacts[0]!.contact_display_name);
    await all(client.listCampaignContactCustomFields(contacts[0]!.contact_id!));

    const updated = await client.batchUpdateCampaignContacts(listId, [
      { contact_id: contacts[0]!.contact_id!, contact_company: 'Acme' },
      { contact_id: 'unknown-contact-id-0000', contact_company: 'Ghost' },
    ] as never);
    expect(updated.failed_contacts?.map((f) => f.contact_id)).toEqual(['unknown-contact-id-0000']);
    expectNoViolations();
  }, 90_000);

  it('DNC list phones conform: add, list across pages, delete', async () => {
    const dnc = await client.createCampaignContactList({ contact_list_name: 'Contract DNC', contact_list_type: 'do_not_contact' } as never);
    const numbers = Array.from({ length: 230 }, (_, i) => `+1312${String(4000000 + i)}`);
    for (let i = 0; i < numbers.length; i += 100) await client.batchAddDncPhones(dnc.contact_list_id!, numbers.slice(i, i + 100));
    const phones = await all(client.listDncPhones(dnc.contact_list_id!));
    expect(phones.map((p) => p.phone_number).sort()).toEqual(numbers);
    await client.batchDeleteDncPhones(dnc.contact_list_id!, phones.slice(0, 100).map((p) => p.phone_id));
    expect(await all(client.listDncPhones(dnc.contact_list_id!))).toHaveLength(130);
    expectNoViolations();
  }, 90_000);

  it('429 answers and their headers conform, and the client gets through them', async () => {
    emulator.setFaults({ rateLimitRate: 0.5 });
    try {
      const units = await Promise.all(Array.from({ length: 10 }, (_, i) => client.createUnit({ unit_name: `Busy ${i}` })));
      expect(units).toHaveLength(10);
      expect(client.stats.rateLimited).toBeGreaterThan(0);
    } finally {
      emulator.setFaults({ rateLimitRate: 0 });
    }
    expectNoViolations();
  }, 90_000);
});
