import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { startEmulator, type RunningEmulator } from '../../src/emulator/server.js';
import { importAddressBook, importDnc, resumeImport } from '../../src/library.js';
import { ContactCenterClient } from '../../src/zoom/client.js';
import { configFor, newAddressBook } from '../support/emulator-client.js';
import { readCsv, tempDir } from '../support/import-env.js';

const closers: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const close of closers.splice(0)) await close();
});

/**
 * An emulator that, once `armed` says so (from its request log), applies every request and then
 * resets the connection: the run's writes are done, and it never learns so.
 */
async function bed(armed: (line: string) => boolean): Promise<{ emulator: RunningEmulator; client: ContactCenterClient; dir: string }> {
  let emulator: RunningEmulator | undefined;
  let on = false;
  emulator = await startEmulator({
    seed: 41,
    log: (line) => {
      if (!on && armed(line)) {
        on = true;
        emulator?.setFaults({ resetAfterRate: 1 });
      }
    },
  });
  const client = new ContactCenterClient(configFor(emulator), { backoffBaseMs: 2, maxRetries: 1 });
  closers.push(async () => {
    await client.close();
    await emulator?.close();
  });
  return { emulator, client, dir: tempDir('ccbulk-sync-resume-') };
}

const statusByLine = (outDir: string) => Object.fromEntries(readCsv(path.join(outDir, 'results.csv')).map((r) => [r._line, r._status]));

describe('a sync whose writes were applied but never answered, then resumed', () => {
  it('reports the rows the interrupted run created and updated as created and updated, not unchanged', async () => {
    // Armed once the book's contacts are listed: the plan is made, every write after is lost on the way back.
    const { emulator, client, dir } = await bed((line) => /^GET \/v2\/contact_center\/address_books\/[^/]+\/contacts 200/.test(line));
    const bookId = await newAddressBook(client, 'Resumed');
    await client.batchCreateAddressBookContacts(bookId, [{ display_name: 'Ann', phones: [{ phone_number: '+12127361000', phone_type: 'main' }] }]);
    const file = path.join(dir, 'night.csv');
    writeFileSync(file, ['Name,Phone', 'Ann Lee,+12127361000', 'Bob,+12127361001'].join('\n'));
    const outDir = path.join(dir, 'out');
    // Stopped, with both rows pending: a reset connection says nothing about the row.
    expect((await importAddressBook({ client, file, outDir, book: bookId, mode: 'sync' })).pending).toBe(2);
    emulator.setFaults({ resetAfterRate: 0 });
    // The interrupted run's writes were applied.
    expect(emulator.store.addressBookContacts(bookId).map((c) => c.display_name).sort()).toEqual(['Ann Lee', 'Bob']);

    await resumeImport(outDir, { client });
    expect(statusByLine(outDir)).toEqual({ '2': 'updated', '3': 'created' });
    expect(emulator.store.addressBookContacts(bookId)).toHaveLength(2);
  });

  it('reports a DNC number the interrupted sync put on the list as added, not unchanged', async () => {
    // Armed once the list's numbers are read: the plan is made, the add is lost on the way back.
    const { emulator, client, dir } = await bed((line) => /^GET \/v2\/contact_center\/outbound_campaign\/dnc_lists\/[^/]+\/phones 200/.test(line));
    const list = await client.createCampaignContactList({ contact_list_name: 'Blocked', contact_list_type: 'do_not_contact' });
    const file = path.join(dir, 'dnc.csv');
    writeFileSync(file, ['Phone', '+12127361000'].join('\n'));
    const outDir = path.join(dir, 'out');
    expect((await importDnc({ client, file, outDir, list: list.contact_list_id!, mode: 'sync' })).pending).toBe(1);
    emulator.setFaults({ resetAfterRate: 0 });
    await resumeImport(outDir, { client });
    expect(statusByLine(outDir)).toEqual({ '2': 'added' });
  });
});
