import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator, type RunningEmulator } from '../../src/emulator/server.js';
import { call, createBook, token } from './http.js';

describe('the emulator address book contact endpoints', () => {
  let emulator: RunningEmulator;
  let accessToken: string;

  beforeAll(async () => {
    emulator = await startEmulator({ seed: 2, checkResponses: true });
    accessToken = await token(emulator);
  });
  afterAll(() => emulator.close());

  const contacts = (bookId: string) => `/contact_center/address_books/${bookId}/contacts`;

  it('creates the valid contacts of a batch and reports the invalid ones with their reasons', async () => {
    const bookId = await createBook(emulator, accessToken, 'Partial');
    const answer = await call(emulator, accessToken, 'POST', `${contacts(bookId)}/batch`, {
      contacts: [
        { display_name: 'Ada', phones: [{ phone_number: '+14155550100', phone_type: 'main' }], emails: ['ada@example.com'] },
        { display_name: 'Bad phone', phones: [{ phone_number: '555-0101' }] },
        { display_name: 'Nothing' },
        {
          display_name: 'Two mains',
          phones: [
            { phone_number: '+14155550102', phone_type: 'main' },
            { phone_number: '+14155550103', phone_type: 'main' },
          ],
        },
      ],
    });
    expect(answer.status).toBe(200);
    expect(answer.body.contacts).toHaveLength(1);
    expect(answer.body.contacts[0]).toMatchObject({ display_name: 'Ada', address_book_id: bookId, emails: ['ada@example.com'] });
    expect(answer.body.invalid_contacts).toEqual([
      { display_name: 'Bad phone', phone_numbers: ['555-0101'], emails: [], error_messages: ['Invalid phone number: 555-0101'] },
      {
        display_name: 'Nothing',
        phone_numbers: [],
        emails: [],
        error_messages: ['Either the `emails` or `phones` fields must have a value. Both of these fields cannot be empty.'],
      },
      {
        display_name: 'Two mains',
        phone_numbers: ['+14155550102', '+14155550103'],
        emails: [],
        error_messages: ['Only one main phone number is allowed.'],
      },
    ]);
    expect(emulator.store.addressBookContacts(bookId).map((c) => c.display_name)).toEqual(['Ada']);
  });

  it('answers 400 with the invalid contacts when every contact of a batch fails', async () => {
    const bookId = await createBook(emulator, accessToken, 'All bad');
    const answer = await call(emulator, accessToken, 'POST', `${contacts(bookId)}/batch`, {
      contacts: [{ display_name: 'A' }, { display_name: 'B' }],
    });
    expect(answer.status).toBe(400);
    expect(answer.body.code).toBe(2102);
    expect(answer.body.invalid_contacts.map((c: { display_name: string }) => c.display_name)).toEqual(['A', 'B']);
    expect(emulator.store.addressBookContacts(bookId)).toEqual([]);
  });

  it('fails the whole request with Zoom’s validation error when a batch item breaks the schema', async () => {
    const bookId = await createBook(emulator, accessToken, 'Schema item');
    const answer = await call(emulator, accessToken, 'POST', `${contacts(bookId)}/batch`, {
      contacts: [{ display_name: 'Fine', emails: ['fine@example.com'] }, { emails: ['x@example.com'] }],
    });
    expect(answer.status).toBe(400);
    expect(answer.body).toEqual({
      code: 300,
      message: 'Validation Failed.',
      errors: [{ field: 'contacts[1].display_name', message: 'is required' }],
    });
    expect(emulator.store.addressBookContacts(bookId)).toEqual([]);
  });

  it('rejects only the item whose e-mail address is malformed', async () => {
    const bookId = await createBook(emulator, accessToken, 'Bad email');
    const answer = await call(emulator, accessToken, 'POST', `${contacts(bookId)}/batch`, {
      contacts: [
        { display_name: 'Fine', emails: ['fine@example.com'] },
        { display_name: 'Typo', emails: ['typo.example.com'] },
      ],
    });
    expect(answer.status).toBe(200);
    expect(answer.body.invalid_contacts).toEqual([
      { display_name: 'Typo', phone_numbers: [], emails: ['typo.example.com'], error_messages: ['Invalid email: typo.example.com'] },
    ]);
  });

  it('answers Zoom’s validation error for a batch over the size limit', async () => {
    const bookId = await createBook(emulator, accessToken, 'Too many');
    const eleven = Array.from({ length: 11 }, (_, i) => ({ display_name: `C${i}`, emails: [`c${i}@example.com`] }));
    const answer = await call(emulator, accessToken, 'POST', `${contacts(bookId)}/batch`, { contacts: eleven });
    expect(answer.status).toBe(400);
    expect(answer.body).toEqual({
      code: 300,
      message: 'Validation Failed.',
      errors: [{ field: 'contacts', message: 'must NOT have more than 10 items' }],
    });
  });

  it('answers 404 with code 2001 for an address book that does not exist', async () => {
    const answer = await call(emulator, accessToken, 'GET', contacts('nope'));
    expect(answer.status).toBe(404);
    expect(answer.body).toEqual({ code: 2001, message: 'Address book does not exist: nope.' });
  });

  it('updates contacts in place and reports unknown contact ids as invalid', async () => {
    const bookId = await createBook(emulator, accessToken, 'Update');
    const created = await call(emulator, accessToken, 'POST', `${contacts(bookId)}/batch`, {
      contacts: [{ display_name: 'Old', emails: ['old@example.com'] }],
    });
    const id = created.body.contacts[0].contact_id as string;
    const answer = await call(emulator, accessToken, 'PATCH', `${contacts(bookId)}/batch`, {
      contacts: [
        { contact_id: id, display_name: 'New', phones: [{ phone_number: '+442071838750' }] },
        { contact_id: 'ghost', display_name: 'Ghost' },
      ],
    });
    expect(answer.status).toBe(200);
    expect(answer.body.contacts[0]).toMatchObject({ contact_id: id, display_name: 'New' });
    expect(answer.body.invalid_contacts[0]).toMatchObject({ display_name: 'Ghost', error_messages: ['Contact does not exist: ghost.'] });
    const stored = await call(emulator, accessToken, 'GET', `${contacts(bookId)}/${id}`);
    expect(stored.body).toMatchObject({
      display_name: 'New',
      emails: ['old@example.com'],
      phones: [{ phone_number: '+442071838750', phone_type: 'main' }],
      phone_numbers: ['+442071838750'],
    });
  });

  it('deletes contacts by id and ignores ids already gone', async () => {
    const bookId = await createBook(emulator, accessToken, 'Delete');
    const created = await call(emulator, accessToken, 'POST', `${contacts(bookId)}/batch`, {
      contacts: [
        { display_name: 'Keep', emails: ['keep@example.com'] },
        { display_name: 'Drop', emails: ['drop@example.com'] },
      ],
    });
    const dropId = created.body.contacts[1].contact_id as string;
    const answer = await call(emulator, accessToken, 'DELETE', `${contacts(bookId)}/batch`, { contact_ids: [dropId, 'gone'] });
    expect(answer.status).toBe(204);
    expect(emulator.store.addressBookContacts(bookId).map((c) => c.display_name)).toEqual(['Keep']);
  });

  it('filters contacts by exact phone numbers and e-mails passed as repeated query keys', async () => {
    const bookId = await createBook(emulator, accessToken, 'Filter');
    await call(emulator, accessToken, 'POST', `${contacts(bookId)}/batch`, {
      contacts: [
        { display_name: 'P', phones: [{ phone_number: '+14155550111' }] },
        { display_name: 'E', emails: ['e@example.com'] },
        { display_name: 'Other', emails: ['other@example.com'] },
      ],
    });
    const query = `?phone_numbers=${encodeURIComponent('+14155550111')}&emails=e%40example.com`;
    const answer = await call(emulator, accessToken, 'GET', `${contacts(bookId)}${query}`);
    expect(answer.body.contacts.map((c: { display_name: string }) => c.display_name)).toEqual(['P', 'E']);
    expect(answer.body.total_records).toBe(2);
  });

  it('reads an unencoded plus in a phone filter as a space, as any server does, and refuses it', async () => {
    const bookId = await createBook(emulator, accessToken, 'Plus');
    const answer = await call(emulator, accessToken, 'GET', `${contacts(bookId)}?phone_numbers=+14155550111`);
    expect(answer.status).toBe(400);
    expect(answer.body).toEqual({ code: 300, message: 'Invalid phone number' });
  });

  it('keeps custom field values and lists them for the contact', async () => {
    const bookId = await createBook(emulator, accessToken, 'Custom');
    const field = await call(emulator, accessToken, 'POST', '/contact_center/address_books/custom_fields', {
      custom_field_name: 'tier',
      data_type: 'pick_list',
      pick_list_values: ['gold', 'silver'],
      address_book_ids: [bookId],
    });
    expect(field.status).toBe(201);
    const fieldId = field.body.custom_field_id as string;
    const created = await call(emulator, accessToken, 'POST', `${contacts(bookId)}/batch`, {
      contacts: [
        { display_name: 'Gold', emails: ['g@example.com'], custom_fields: [{ custom_field_id: fieldId, custom_field_value: 'gold' }] },
        { display_name: 'Tin', emails: ['t@example.com'], custom_fields: [{ custom_field_id: fieldId, custom_field_value: 'tin' }] },
      ],
    });
    expect(created.body.invalid_contacts[0].display_name).toBe('Tin');
    const id = created.body.contacts[0].contact_id as string;
    expect(created.body.contacts[0].custom_fields_url).toBe(`${emulator.apiUrl}/contact_center/address_books/contacts/${id}/custom_fields`);
    const values = await call(emulator, accessToken, 'GET', `/contact_center/address_books/contacts/${id}/custom_fields`);
    expect(values.body.custom_fields).toEqual([
      { custom_field_id: fieldId, custom_field_name: 'tier', data_type: 'pick_list', custom_field_value: 'gold', outdated: false },
    ]);
  });

  it('finds units and address books by name when asked to', async () => {
    const bookId = await createBook(emulator, accessToken, 'By name');
    const answer = await call(emulator, accessToken, 'GET', `/contact_center/address_books/${encodeURIComponent('By name')}?address_book_identifier_type=name`);
    expect(answer.body).toMatchObject({ address_book_id: bookId, total_contacts: 0, unit_name: 'By name unit' });
    const unit = await call(emulator, accessToken, 'GET', `/contact_center/address_books/units/${encodeURIComponent('By name unit')}?unit_identifier_type=name`);
    expect(unit.body.unit_name).toBe('By name unit');
  });

  it('refuses a second unit of the same name with code 1904', async () => {
    await call(emulator, accessToken, 'POST', '/contact_center/address_books/units', { unit_name: 'Twin' });
    const answer = await call(emulator, accessToken, 'POST', '/contact_center/address_books/units', { unit_name: 'Twin' });
    expect(answer.body).toEqual({ code: 1904, message: 'Unit already exists.' });
  });
});
