// The emulator in a process of its own, so that it does not take CPU from the client being
// measured. Prints one JSON line ({baseUrl, apiUrl, oauthUrl, adminUrl, credentials}) once it
// listens, then serves until SIGTERM.
//
// With `seedBook: N` it first fills the address book 'Demo contacts' with N contacts through the
// API, on an emulator with limits high enough to do that quickly, then restarts on the same
// account (the `store` hand-over the tests use) with the plan's real limits and latency: what
// is measured afterwards sees exactly the pacing Zoom would impose.
//
// With `seedFile: path` it fills the same book instead by importing that CSV with ccbulk itself
// (`--mode create`), so a sync measured afterwards starts from a book loaded from that very file.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startEmulator } from '../dist/emulator/server.js';
import { ContactCenterClient } from '../dist/zoom/client.js';
import { createDemoData } from '../dist/cli/demo-run.js';
import { importAddressBook } from '../dist/pipelines/address-book.js';
import { phoneE164 } from './lib/data.mjs';

const options = JSON.parse(process.argv[2] ?? '{}');
const { seedBook = 0, seedBooks = 1, seedFile, ...emulatorOptions } = options;

const clientFor = (emulator, clientOptions) =>
  new ContactCenterClient(
    {
      accountId: emulator.credentials.accountId,
      clientId: emulator.credentials.clientId,
      clientSecret: emulator.credentials.clientSecret,
      apiUrl: emulator.apiUrl,
      oauthUrl: emulator.oauthUrl,
    },
    clientOptions,
  );

let store;
let seedMs = 0;
let seededBookId;
if (seedBook > 0 || seedFile !== undefined) {
  const started = Date.now();
  const fast = { LIGHT: 100_000, MEDIUM: 100_000, HEAVY: 100_000 };
  const seeder = await startEmulator({ seed: emulatorOptions.seed, limits: fast });
  const client = clientFor(seeder, { limits: fast, maxInFlight: 32 });
  const { addressBookId } = await createDemoData(client);
  // More books of the same size in the demo's unit, for `export --all` ('Demo contacts 2' …).
  const unitId = (await client.getAddressBook(addressBookId)).unit_id;
  const bookIds = [addressBookId];
  for (let b = 2; b <= seedBooks; b++) bookIds.push((await client.createAddressBook({ unit_id: unitId, address_book_name: `Demo contacts ${b}` })).address_book_id);
  const batches = [];
  for (const [b, bookId] of seedFile === undefined ? bookIds.entries() : []) {
    for (let i = b * seedBook; i < (b + 1) * seedBook; i += 10) {
      const batch = [];
      for (let j = i; j < Math.min(i + 10, (b + 1) * seedBook); j++) {
        batch.push({
          display_name: `Contact ${j}`,
          first_name: `First${j}`,
          last_name: `Last${j}`,
          phones: [{ phone_number: phoneE164(9_000_000 + j), phone_type: 'main' }],
          emails: [`contact.${j}@example.com`],
          company: 'Acme Corp',
        });
      }
      batches.push([bookId, batch]);
    }
  }
  let next = 0;
  const worker = async () => {
    while (next < batches.length) {
      const [bookId, batch] = batches[next++];
      await client.batchCreateAddressBookContacts(bookId, batch);
    }
  };
  await Promise.all(Array.from({ length: 32 }, worker));
  if (seedFile !== undefined) {
    const scratch = await mkdtemp(join(tmpdir(), 'ccbulk-seed-'));
    const summary = await importAddressBook(client, { file: seedFile, outDir: join(scratch, 'out'), dryRun: false, concurrency: 16, country: 'US', book: 'Demo contacts', mode: 'create' });
    await rm(scratch, { recursive: true, force: true });
    if (summary.succeeded !== summary.rows) throw new Error(`seeding from ${seedFile}: ${summary.rejected} of ${summary.rows} rows rejected`);
  }
  await client.close();
  seededBookId = addressBookId;
  store = seeder.store;
  await seeder.close();
  seedMs = Date.now() - started;
}

const emulator = await startEmulator({ ...emulatorOptions, ...(store ? { store } : {}) });
process.on('SIGTERM', () => {
  emulator.close().then(() => process.exit(0));
});
process.stdout.write(
  `${JSON.stringify({
    baseUrl: emulator.baseUrl,
    apiUrl: emulator.apiUrl,
    oauthUrl: emulator.oauthUrl,
    adminUrl: emulator.adminUrl,
    credentials: emulator.credentials,
    seeded: seedBook,
    seedFile,
    seededBookId,
    seedMs,
  })}\n`,
);
