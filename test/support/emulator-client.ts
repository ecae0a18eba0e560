import { startEmulator, type EmulatorOptions, type RunningEmulator } from '../../src/emulator/server.js';
import { ContactCenterClient, type ContactCenterClientOptions } from '../../src/zoom/client.js';
import type { ZoomConfig } from '../../src/zoom/config.js';

/** The client configuration that points at a running emulator. */
export function configFor(emulator: RunningEmulator): ZoomConfig {
  return {
    accountId: emulator.credentials.accountId,
    clientId: emulator.credentials.clientId,
    clientSecret: emulator.credentials.clientSecret,
    apiUrl: emulator.apiUrl,
    oauthUrl: emulator.oauthUrl,
  };
}

/** An emulator on an ephemeral loopback port and a client pointed at it. */
export async function emulatorWithClient(
  emulatorOptions: EmulatorOptions = {},
  clientOptions: ContactCenterClientOptions = {},
): Promise<{ emulator: RunningEmulator; client: ContactCenterClient; close: () => Promise<void> }> {
  const emulator = await startEmulator(emulatorOptions);
  const client = new ContactCenterClient(configFor(emulator), clientOptions);
  return {
    emulator,
    client,
    close: async () => {
      await client.close();
      await emulator.close();
    },
  };
}

/** Creates a unit and an address book and returns the book's id. */
export async function newAddressBook(client: ContactCenterClient, name = 'Test book'): Promise<string> {
  const unit = await client.createUnit({ unit_name: `${name} unit` });
  const book = await client.createAddressBook({ unit_id: unit.unit_id!, address_book_name: name });
  return book.address_book_id!;
}
