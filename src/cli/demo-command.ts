import path from 'node:path';
import type { Command } from 'commander';
import { DEMO_DNC_FILE, DEMO_FILE, DEMO_NAMES, setUpDemo } from './demo-run.js';
import { parseJobRequest } from '../pipelines/jobs.js';
import { EXIT } from './fail.js';
import { defaultOutDir } from './import-common.js';
import { importOptionsSchema } from './import-options.js';
import { runWithReport } from './import-command.js';
import { parseOptions } from './options.js';

/**
 * `ccbulk demo`: the main jobs against the built-in emulator, with nothing to configure —
 * fixtures/contacts.csv into an address book, fixtures/dnc.csv into a DNC list, and the contacts
 * again into a campaign contact list scrubbed against that DNC list.
 */
export function registerDemoCommand(program: Command): void {
  program
    .command('demo')
    .description('Import the fixtures into an address book, a DNC list and a campaign list on the built-in emulator (no Zoom account needed)')
    .option('--out <dir>', "where each job's results.csv, rejects.csv and summary.json go (default ./ccbulk-out/demo-<timestamp>)")
    .option('--json', 'print the three summaries as one JSON object instead of the human summaries')
    .option('--quiet', 'no progress line')
    .action(async (raw: { out?: string; json?: boolean; quiet?: boolean }) => {
      const options = parseOptions(importOptionsSchema, raw);
      const human = !options.json;
      const say = (text: string) => human && process.stdout.write(text);
      const out = options.out ?? defaultOutDir().replace(/ccbulk-out[\\/]/, 'ccbulk-out/demo-');
      const cli = (dir: string) => ({ json: false, quiet: options.quiet || !human, out: path.join(out, dir) });
      // Relative to where the demo runs, so the report shows `fixtures/contacts.csv`.
      const contactsFile = path.relative(process.cwd(), DEMO_FILE) || DEMO_FILE;
      const dncFile = path.relative(process.cwd(), DEMO_DNC_FILE) || DEMO_DNC_FILE;
      const demo = await setUpDemo();
      try {
        say(`Started the built-in emulator at ${demo.emulator.apiUrl} with an empty address book, campaign list and DNC list.\n\n`);
        // Each job prints its own report (unless one JSON object is wanted) into its own folder.
        // Each job as the import command would run it, through the registry.
        const run = (dir: string, job: string, jobOptions: Record<string, unknown>) =>
          runWithReport(demo.client, { request: parseJobRequest(job, { ...jobOptions, country: options.country }, 'code'), cli: cli(dir) }, human);

        const addressBook = await run('address-book', 'address-book', { file: contactsFile, book: DEMO_NAMES.addressBook, mode: 'create' });
        say(`The address book now holds ${demo.emulator.store.addressBookContacts(demo.data.addressBookId).length} contacts.\n\n`);

        const dnc = await run('dnc', 'dnc', { file: dncFile, list: DEMO_NAMES.dncList, mode: 'add' });
        say(`The DNC list now holds ${demo.emulator.store.dncPhones(demo.data.dncListId).length} numbers.\n\n`);

        const campaign = await run('campaign', 'campaign-contacts', { file: contactsFile, list: DEMO_NAMES.campaignList, mode: 'insert', scrubDnc: [DEMO_NAMES.dncList] });
        say(
          `The campaign list now holds ${demo.emulator.store.campaignContacts(demo.data.campaignListId).length} contacts; ` +
            `${campaign.rejectedByStage.dnc ?? 0} rows were kept off it because a number of theirs is on '${DEMO_NAMES.dncList}'.\n\n` +
            'The files have broken rows on purpose: each rejects.csv says why each was refused; fix them there and import that file again as it is.\n',
        );
        if (!human) process.stdout.write(`${JSON.stringify({ addressBook, dnc, campaign }, null, 2)}\n`);
        // The demo's rejects are intended: it succeeded if every row was accounted for.
        const accounted = [addressBook, dnc, campaign].every((s) => (s.items ?? s.rows) === s.succeeded + s.rejected);
        process.exitCode = accounted ? EXIT.ok : EXIT.fatal;
      } finally {
        await demo.close();
      }
    });
}
