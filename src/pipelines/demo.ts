import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { startEmulator, type RunningEmulator } from '../emulator/server.js';
import { ContactCenterClient } from '../zoom/client.js';

/** The demo's input: about 200 realistic contacts, some of them broken on purpose. */
export const DEMO_FILE = fileURLToPath(new URL('../../fixtures/contacts.csv', import.meta.url));

/** What the demo set up, for the import that follows. */
export interface DemoSetup {
  readonly emulator: RunningEmulator;
  readonly client: ContactCenterClient;
  readonly addressBookId: string;
  readonly addressBookName: string;
  /** Stops the client and the emulator. */
  close(): Promise<void>;
}

/**
 * Sets the demo up: the built-in emulator on loopback, a client authenticated against it, a unit
 * and an empty address book to import into.
 */
export async function setUpDemo(): Promise<DemoSetup> {
  const emulator = await startEmulator();
  const client = new ContactCenterClient({
    accountId: emulator.credentials.accountId,
    clientId: emulator.credentials.clientId,
    clientSecret: emulator.credentials.clientSecret,
    apiUrl: emulator.apiUrl,
    oauthUrl: emulator.oauthUrl,
  });
  const unit = await client.createUnit({ unit_name: 'Demo unit' });
  const addressBookName = 'Demo contacts';
  const book = await client.createAddressBook({ unit_id: unit.unit_id ?? '', address_book_name: addressBookName });
  return {
    emulator,
    client,
    addressBookId: book.address_book_id ?? '',
    addressBookName,
    close: async () => {
      await client.close();
      await emulator.close();
    },
  };
}

/** The demo file's path relative to the working folder, for messages. */
export function demoFileForDisplay(): string {
  return path.relative(process.cwd(), DEMO_FILE) || DEMO_FILE;
}
