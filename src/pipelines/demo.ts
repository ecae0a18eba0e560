import { startEmulator } from '../emulator/server.js';
import { ContactCenterClient, type AddressBookContactInput } from '../zoom/client.js';

/** What the demo did, for printing. */
export interface DemoReport {
  readonly apiUrl: string;
  readonly unitId: string;
  readonly addressBookId: string;
  readonly sent: number;
  readonly created: { readonly contactId: string; readonly displayName: string }[];
  readonly refused: { readonly displayName: string; readonly reasons: string[] }[];
  readonly inBook: number;
  readonly requests: number;
  readonly tokenFetches: number;
}

/** A few contacts, one of them invalid, to show a partial failure. */
const DEMO_CONTACTS: AddressBookContactInput[] = [
  { display_name: 'Ada Lovelace', first_name: 'Ada', last_name: 'Lovelace', phones: [{ phone_number: '+442079460958', phone_type: 'main' }], emails: ['ada@example.com'] },
  { display_name: 'Grace Hopper', phones: [{ phone_number: '+14155550123', phone_type: 'work' }], company: 'US Navy' },
  { display_name: 'Alan Turing', emails: ['alan@example.org'], location: 'Manchester' },
  { display_name: 'Katherine Johnson', phones: [{ phone_number: '+17575550188', phone_type: 'mobile' }], timezone: 'America/New_York' },
  { display_name: 'No Way To Reach', company: 'Nowhere Ltd' },
];

/**
 * The demo job: starts the built-in emulator on loopback, authenticates against it, creates a
 * unit and an address book, and batch-creates a few contacts (one of them invalid, so the partial
 * failure shape shows).
 */
export async function runDemo(): Promise<DemoReport> {
  const emulator = await startEmulator();
  const client = new ContactCenterClient({
    accountId: emulator.credentials.accountId,
    clientId: emulator.credentials.clientId,
    clientSecret: emulator.credentials.clientSecret,
    apiUrl: emulator.apiUrl,
    oauthUrl: emulator.oauthUrl,
  });
  try {
    const unit = await client.createUnit({ unit_name: 'Demo unit' });
    const book = await client.createAddressBook({ unit_id: unit.unit_id ?? '', address_book_name: 'Demo contacts' });
    const addressBookId = book.address_book_id ?? '';
    const result = await client.batchCreateAddressBookContacts(addressBookId, DEMO_CONTACTS);
    let inBook = 0;
    for await (const _ of client.listAddressBookContacts(addressBookId)) inBook++;
    return {
      apiUrl: emulator.apiUrl,
      unitId: unit.unit_id ?? '',
      addressBookId,
      sent: DEMO_CONTACTS.length,
      created: (result.contacts ?? []).map((c) => ({ contactId: c.contact_id ?? '', displayName: c.display_name ?? '' })),
      refused: (result.invalid_contacts ?? []).map((c) => ({ displayName: c.display_name ?? '', reasons: c.error_messages ?? [] })),
      inBook,
      requests: client.stats.requests,
      tokenFetches: client.tokenFetches,
    };
  } finally {
    await client.close();
    await emulator.close();
  }
}
