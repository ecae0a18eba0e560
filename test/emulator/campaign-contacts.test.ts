import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator, type RunningEmulator } from '../../src/emulator/server.js';
import { call, token } from './http.js';

describe('the emulator campaign contact list and DNC endpoints', () => {
  let emulator: RunningEmulator;
  let accessToken: string;

  beforeAll(async () => {
    emulator = await startEmulator({ seed: 3, checkResponses: true });
    accessToken = await token(emulator);
  });
  afterAll(() => emulator.close());

  async function createList(name: string, type?: 'contact' | 'do_not_contact'): Promise<string> {
    const answer = await call(emulator, accessToken, 'POST', '/contact_center/outbound_campaign/contact_lists', {
      contact_list_name: name,
      ...(type ? { contact_list_type: type } : {}),
    });
    expect(answer.status).toBe(201);
    return answer.body.contact_list_id as string;
  }

  it('inserts valid contacts and reports failed ones by their zero-based index as a string', async () => {
    const listId = await createList('Campaign');
    const answer = await call(emulator, accessToken, 'POST', `/contact_center/outbound_campaign/contact_lists/${listId}/contacts/batch`, {
      contacts: [
        { contact_display_name: 'Ok', contact_phones: [{ contact_phone_number: '+14155550100', contact_phone_type: 'Main' }] },
        { contact_display_name: 'Bad', contact_phones: [{ contact_phone_number: '0415', contact_phone_type: 'Mobile' }] },
        {
          contact_display_name: 'Mail',
          contact_phones: [{ contact_phone_number: '+14155550101', contact_phone_type: 'Home' }],
          contact_emails: ['not-an-address'],
        },
      ],
    });
    expect(answer.status).toBe(200);
    expect(answer.body.failed_contacts).toEqual([
      { contact_index: '1', error: 'Invalid phone number: 0415' },
      { contact_index: '2', error: 'Invalid email: not-an-address' },
    ]);
    expect(emulator.store.campaignContacts(listId).map((c) => c.contact_display_name)).toEqual(['Ok']);
  });

  it('refuses the whole batch when an item uses a phone type outside the spec’s capitalised enum', async () => {
    const listId = await createList('Lowercase');
    const answer = await call(emulator, accessToken, 'POST', `/contact_center/outbound_campaign/contact_lists/${listId}/contacts/batch`, {
      contacts: [{ contact_display_name: 'Lower', contact_phones: [{ contact_phone_number: '+14155550101', contact_phone_type: 'main' }] }],
    });
    expect(answer.status).toBe(400);
    expect(answer.body.errors).toEqual([
      {
        field: 'contacts[0].contact_phones[0].contact_phone_type',
        message: 'must be equal to one of the allowed values: Main, Work, Home, Mobile, Other',
      },
    ]);
  });

  it('updates contacts and reports unknown ids by contact id', async () => {
    const listId = await createList('Update');
    await call(emulator, accessToken, 'POST', `/contact_center/outbound_campaign/contact_lists/${listId}/contacts/batch`, {
      contacts: [{ contact_display_name: 'Before', contact_phones: [{ contact_phone_number: '+14155550100', contact_phone_type: 'Main' }] }],
    });
    const [contact] = emulator.store.campaignContacts(listId);
    const answer = await call(emulator, accessToken, 'PATCH', `/contact_center/outbound_campaign/contact_lists/${listId}/contacts`, {
      contacts: [
        { contact_id: contact?.contact_id, contact_display_name: 'After' },
        { contact_id: 'ghost', contact_display_name: 'Nobody' },
      ],
    });
    expect(answer.status).toBe(200);
    expect(answer.body.failed_contacts).toEqual([{ contact_id: 'ghost', error: 'Contact not found.' }]);
    const read = await call(emulator, accessToken, 'GET', `/contact_center/outbound_campaign/contact_lists/${listId}/contacts/${contact?.contact_id}`);
    expect(read.body).toMatchObject({ contact_display_name: 'After', contact_phones: [{ contact_phone_number: '+14155550100', contact_phone_type: 'Main' }] });
  });

  it('finds a contact list by name and answers 5001 for one that does not exist', async () => {
    const listId = await createList('Named list');
    const found = await call(emulator, accessToken, 'GET', `/contact_center/outbound_campaign/contact_lists/${encodeURIComponent('Named list')}?contact_list_identifier_type=name`);
    expect(found.body).toMatchObject({ contact_list_id: listId, contact_list_type: 'contact', contacts_count: 0 });
    const missing = await call(emulator, accessToken, 'GET', '/contact_center/outbound_campaign/contact_lists/nope');
    expect(missing.status).toBe(404);
    expect(missing.body.code).toBe(5001);
  });

  it('lists DNC lists apart from contact lists', async () => {
    await createList('Plain');
    const dncId = await createList('Do not call', 'do_not_contact');
    const answer = await call(emulator, accessToken, 'GET', '/contact_center/outbound_campaign/contact_lists?contact_list_type=do_not_contact');
    expect(answer.body.contact_lists.map((l: { contact_list_id: string }) => l.contact_list_id)).toEqual([dncId]);
  });

  it('adds DNC phones once each, lists them, and deletes them by phone id', async () => {
    const dncId = await createList('DNC', 'do_not_contact');
    const path = `/contact_center/outbound_campaign/dnc_lists/${dncId}/phones`;
    expect((await call(emulator, accessToken, 'POST', path, { phone_numbers: ['+14155550100', '+14155550101'] })).status).toBe(201);
    expect((await call(emulator, accessToken, 'POST', path, { phone_numbers: ['+14155550100'] })).status).toBe(201);
    const listed = await call(emulator, accessToken, 'GET', path);
    expect(listed.body).toMatchObject({ page_size: 10, total_records: 2, next_page_token: '' });
    const first = listed.body.dnc_list_phones[0].phone_id as string;
    expect((await call(emulator, accessToken, 'DELETE', path, { phone_ids: [first] })).status).toBe(204);
    expect(emulator.store.dncPhones(dncId).map((p) => p.phone_number)).toEqual(['+14155550101']);
  });

  it('answers a DNC add 201 with no body, as the spec declares it, so nothing says which number was added', async () => {
    const spec = JSON.parse(readFileSync(new URL('../../spec/contact-center.openapi.json', import.meta.url), 'utf8'));
    const declared = spec.paths['/contact_center/outbound_campaign/dnc_lists/{dncListId}/phones'].post.responses['201'];
    expect(declared.content).toBeUndefined();
    const dncId = await createList('DNC shape', 'do_not_contact');
    const response = await fetch(`${emulator.apiUrl}/contact_center/outbound_campaign/dnc_lists/${dncId}/phones`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${accessToken}`, 'Content-Type': 'application/json' },
      body: JSON.stringify({ phone_numbers: ['+14155550177'] }),
    });
    expect(response.status).toBe(201);
    expect(response.headers.get('content-type')).toBeNull();
    expect(await response.text()).toBe('');
  });

  it('refuses a DNC batch with a repeated or malformed number as a whole', async () => {
    const dncId = await createList('DNC strict', 'do_not_contact');
    const path = `/contact_center/outbound_campaign/dnc_lists/${dncId}/phones`;
    const repeated = await call(emulator, accessToken, 'POST', path, { phone_numbers: ['+14155550100', '+14155550100'] });
    expect(repeated.status).toBe(400);
    expect(repeated.body.code).toBe(300);
    const malformed = await call(emulator, accessToken, 'POST', path, { phone_numbers: ['12345'] });
    expect(malformed.body.errors).toEqual([{ field: 'phone_numbers[0]', message: 'Invalid phone number: 12345' }]);
    expect(emulator.store.dncPhones(dncId)).toEqual([]);
  });

  it('answers 5020 when a DNC path names a list that is not a DNC list', async () => {
    const listId = await createList('Not DNC');
    const answer = await call(emulator, accessToken, 'GET', `/contact_center/outbound_campaign/dnc_lists/${listId}/phones`);
    expect(answer.status).toBe(404);
    expect(answer.body).toEqual({ code: 5020, message: 'DNC list is not found.' });
  });

  it('keeps campaign custom field values given on update and lists them for the contact', async () => {
    const listId = await createList('Custom');
    const field = await call(emulator, accessToken, 'POST', '/contact_center/outbound_campaign/contact_list_custom_fields', {
      custom_field_name: 'score',
      data_type: 'number',
    });
    await call(emulator, accessToken, 'POST', `/contact_center/outbound_campaign/contact_lists/${listId}/contacts/batch`, {
      contacts: [{ contact_display_name: 'C', contact_phones: [{ contact_phone_number: '+14155550100', contact_phone_type: 'Main' }] }],
    });
    const [contact] = emulator.store.campaignContacts(listId);
    const update = await call(emulator, accessToken, 'PATCH', `/contact_center/outbound_campaign/contact_lists/${listId}/contacts`, {
      contacts: [{ contact_id: contact?.contact_id, custom_fields: [{ custom_field_id: field.body.custom_field_id, custom_field_value: '12.5' }] }],
    });
    expect(update.body.failed_contacts).toEqual([]);
    const values = await call(emulator, accessToken, 'GET', `/contact_center/outbound_campaign/contacts/${contact?.contact_id}/custom_fields`);
    expect(values.body.custom_fields).toEqual([
      { custom_field_id: field.body.custom_field_id, custom_field_name: 'score', data_type: 'number', custom_field_value: '12.5' },
    ]);
  });
});
