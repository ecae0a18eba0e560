import type { Command } from 'commander';
import { DEMO_FILE, setUpDemo } from '../pipelines/demo.js';
import { EXIT } from './fail.js';
import { defaultOutDir, importOptionsSchema } from './import-common.js';
import { runAddressBookImport } from './import-command.js';
import { parseOptions } from './options.js';

/**
 * `ccbulk demo`: the main job — an address book import of fixtures/contacts.csv — against the
 * built-in emulator, with nothing to configure.
 */
export function registerDemoCommand(program: Command): void {
  program
    .command('demo')
    .description('Import fixtures/contacts.csv into an address book on the built-in emulator (no Zoom account needed)')
    .option('--out <dir>', 'where results.csv, rejects.csv and summary.json go (default ./ccbulk-out/demo-<timestamp>)')
    .option('--json', 'print summary.json instead of the human summary')
    .option('--quiet', 'no progress line')
    .action(async (raw: { out?: string; json?: boolean; quiet?: boolean }) => {
      const options = parseOptions(importOptionsSchema, raw);
      const demo = await setUpDemo();
      try {
        if (!options.json) {
          process.stdout.write(
            `Started the built-in emulator at ${demo.emulator.apiUrl} and created the address book '${demo.addressBookName}'.\n\n`,
          );
        }
        const out = options.out ?? defaultOutDir().replace(/ccbulk-out[\\/]/, 'ccbulk-out/demo-');
        const summary = await runAddressBookImport(demo.client, DEMO_FILE, {
          ...options,
          out,
          book: demo.addressBookName,
          mode: 'create',
        });
        if (!options.json) {
          const inBook = demo.emulator.store.addressBookContacts(demo.addressBookId).length;
          process.stdout.write(
            `\nThe address book now holds ${inBook} contacts. The file has broken rows on purpose: ` +
              `rejects.csv says why each was refused; fix them there and import that file again as it is.\n`,
          );
        }
        // The demo's rejects are intended: it succeeded if every row was accounted for.
        process.exitCode = summary.rows === summary.succeeded + summary.rejected ? EXIT.ok : EXIT.fatal;
      } finally {
        await demo.close();
      }
    });
}
