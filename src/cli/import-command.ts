import type { Command } from 'commander';
import { z } from 'zod';
import { importAddressBook, type AddressBookMode } from '../pipelines/import-address-book.js';
import { estimateRowCount } from '../readers/row-estimate.js';
import type { ImportSummary } from '../writers/summary-file.js';
import { batchLimit, type ContactCenterClient } from '../zoom/client.js';
import { EXIT } from './fail.js';
import { allowedRate, clientFor, defaultOutDir, importOptionsSchema, readMapFile, withImportOptions, type ImportOptions } from './import-common.js';
import { importReport } from './import-report.js';
import { choiceOption, parseOptions } from './options.js';
import { ProgressLine } from './progress.js';

const addressBookSchema = importOptionsSchema.extend({
  book: z.string({ error: 'Expected `--book` to name an address book by id or name' }).min(1, { error: 'Expected `--book` to name an address book by id or name' }),
  mode: choiceOption('--mode', ['create', 'update', 'upsert', 'delete'], 'create'),
});

/** `ccbulk import …`: load a spreadsheet into Zoom Contact Center. */
export function registerImportCommand(program: Command): void {
  const command = program.command('import').description('Load contacts from a CSV or XLSX file into Zoom Contact Center');
  withImportOptions(
    command
      .command('address-book <file>')
      .description('Create, update, upsert or delete address book contacts from a CSV or XLSX file')
      .option('--book <id|name>', 'the address book, by id or name (required)')
      .option('--mode <mode>', 'create, update (needs a contact id column), upsert (by phone/e-mail) or delete (default create)'),
  )
    .addHelpText(
      'after',
      '\nEvery row ends in results.csv or rejects.csv (with _line, _stage, _reason); summary.json has the counts.\n' +
        'Exit codes: 0 every row succeeded, 2 finished with rejected rows, 1 usage or fatal error.\n' +
        'Credentials: ZOOM_ACCOUNT_ID, ZOOM_CLIENT_ID, ZOOM_CLIENT_SECRET (and ZOOM_API_URL, ZOOM_OAUTH_URL for the emulator).',
    )
    .action(async (file: string, raw: Record<string, unknown>) => {
      const options = parseOptions(addressBookSchema, raw);
      const client = clientFor(options.plan, options.concurrency);
      try {
        const summary = await runAddressBookImport(client, file, options);
        process.exitCode = summary.rejected > 0 ? EXIT.rejected : EXIT.ok;
      } finally {
        await client.close();
      }
    });
}

/**
 * Runs an address book import with a progress line and prints the summary; shared by the
 * `import address-book` command and the demo.
 */
export async function runAddressBookImport(
  client: ContactCenterClient,
  file: string,
  options: ImportOptions & { book: string; mode: AddressBookMode },
): Promise<ImportSummary> {
  const perBatch = options.mode === 'update' || options.mode === 'delete' ? batchLimit('batchUpdateContact') : batchLimit('batchCreateContact');
  const allowed = allowedRate(options.plan, 'MEDIUM');
  const progress = new ProgressLine({
    stream: process.stderr,
    expectedRows: options.quiet ? undefined : await estimateRowCount(file),
    rowsPerSecondAllowed: allowed * perBatch,
  });
  let summary: ImportSummary;
  try {
    summary = await importAddressBook(client, {
      file,
      book: options.book,
      mode: options.mode,
      country: options.country,
      sheet: options.sheet,
      map: await readMapFile(options.map),
      encoding: options.encoding,
      delimiter: options.delimiter,
      outDir: options.out ?? defaultOutDir(),
      dryRun: options.dryRun,
      concurrency: options.concurrency,
      onProgress: options.quiet || options.json ? undefined : progress.update,
    });
  } finally {
    progress.finish();
  }
  process.stdout.write(options.json ? `${JSON.stringify(summary, null, 2)}\n` : `${importReport(summary, allowed)}\n`);
  return summary;
}
