import path from 'node:path';
import ExcelJS from 'exceljs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startEmulator, type RunningEmulator } from '../../src/emulator/server.js';
import { ContactCenterClient } from '../../src/zoom/client.js';
import { configFor } from '../support/emulator-client.js';
import { envFor, readSummary, tempDir } from '../support/import-env.js';
import { runCli } from '../support/run-cli.js';

describe('a workbook with merged cells, imported', () => {
  let emulator: RunningEmulator;
  let client: ContactCenterClient;
  let bookId: string;

  beforeEach(async () => {
    emulator = await startEmulator({ seed: 6 });
    client = new ContactCenterClient(configFor(emulator));
    const unit = await client.createUnit({ unit_name: 'Imports' });
    bookId = (await client.createAddressBook({ unit_id: unit.unit_id!, address_book_name: 'Customers' })).address_book_id!;
  });

  afterEach(async () => {
    await client.close();
    await emulator.close();
  });

  it('gives each contact the company its merged cell shows, and the summary says how many cells were filled', async () => {
    const dir = tempDir();
    const book = new ExcelJS.Workbook();
    const sheet = book.addWorksheet('Contacts');
    sheet.addRows([
      ['Name', 'Company', 'Phone'],
      ['Ada Lovelace', 'Analytical Engines', '202-555-0143'],
      ['Grace Hopper', null, '202-555-0144'],
      ['Alan Turing', null, '202-555-0145'],
      ['Linus Torvalds', 'Kernel Org', '202-555-0146'],
    ]);
    sheet.mergeCells('B2:B4');
    const file = path.join(dir, 'merged.xlsx');
    await book.xlsx.writeFile(file);
    const out = path.join(dir, 'out');
    const run = await runCli(['import', 'address-book', file, '--book', 'Customers', '--out', out], { env: envFor(emulator) });
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/merged cells: 2 empty cells took the value of the merged range they are in/);
    expect(readSummary(out)).toMatchObject({ succeeded: 4, mergedCellsFilled: 2 });
    const companies = Object.fromEntries(emulator.store.addressBookContacts(bookId).map((c) => [c.display_name, c.company]));
    expect(companies).toEqual({ 'Ada Lovelace': 'Analytical Engines', 'Grace Hopper': 'Analytical Engines', 'Alan Turing': 'Analytical Engines', 'Linus Torvalds': 'Kernel Org' });
  });
});
