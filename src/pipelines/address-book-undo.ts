import type { SyncFields } from '../transforms/contact-digest.js';
import { fieldsOfBookContact } from '../transforms/contact-digest.js';
import { AddressBookSender } from '../senders/address-book-sender.js';
import { ContactFinder } from '../senders/contact-finder.js';
import type { AddressBookContactInput, ContactCenterClient } from '../zoom/client.js';
import type { JobUndo } from './job-definition.js';
import { bookUpdateOf } from '../transforms/address-book-contact.js';

/** A sender for the undo's writes: it looks nothing up (the undo has listed the book). */
const senderFor = (client: ContactCenterClient, bookId: string) => new AddressBookSender(client, bookId, new ContactFinder(client, bookId, 0));

/** A create request's contact with `fields`: every text field, number and e-mail they hold. */
function createOf(fields: SyncFields): AddressBookContactInput {
  const { display_name, ...scalars } = fields.scalars;
  return {
    display_name: display_name ?? '',
    ...scalars,
    ...(fields.phones.length === 0 ? {} : { phones: fields.phones.map((p) => ({ phone_number: p.number, phone_type: p.type })) }),
    ...(fields.emails.length === 0 ? {} : { emails: [...fields.emails] }),
  } as AddressBookContactInput;
}

/**
 * The address book's side of `ccbulk undo`: the book listed (300 a request), created contacts
 * deleted (50 a request), fields restored (50 a request), deleted contacts created again (10 a
 * request, with their new ids). Custom values are not shown by the listing, so they are neither
 * checked nor restored.
 */
export const addressBookUndo: JobUndo = {
  async *list(client, bookId) {
    for await (const c of client.listAddressBookContacts(bookId)) if (c.contact_id !== undefined) yield { id: c.contact_id, fields: fieldsOfBookContact(c) };
  },
  shown: (fields) => ({ ...fields, custom: {} }),
  remove: (client, bookId, ids) => senderFor(client, bookId).delete(ids),
  restore: (client, bookId, items) => senderFor(client, bookId).update(items.map(({ id, update }) => bookUpdateOf(id, { ...update, custom: {} }))),
  recreate: (client, bookId, items) => senderFor(client, bookId).create(items.map(createOf)),
  batch: { remove: 50, restore: 50, recreate: 10 },
  calls: ['listContacts', 'batchDeletecontact', 'batchUpdateContact', 'batchCreateContact'],
};
