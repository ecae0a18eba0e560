import path from 'node:path';
import type { Command } from 'commander';
import { z } from 'zod';
import { exportAddressBooks, exportCampaignContacts, exportDnc } from '../pipelines/export-contacts.js';
import type { ExportSummary } from '../pipelines/export-job.js';
import { exportRoster } from '../pipelines/export-roster.js';
import { registerResourceExports } from './export-resource-command.js';
import { commandLineOf } from './command-line.js';
import { EXIT } from './fail.js';
import { makeOutFolder } from './file-system-error.js';
import { clientFor } from './import-common.js';
import { examplesText } from './import-command.js';
import { redisOption } from './import-options.js';
import { rateOption } from '../pipelines/rate-option.js';
import { RATE_HELP, withRate } from './rate-flag.js';
import { choiceOption, intOption, parseOptions } from './options.js';
import { formatDuration } from './progress.js';
import { describeLimitFound } from '../zoom/limits-found.js';

const exportOptionsSchema = z.object({
  out: z
    .string({ error: 'Expected `--out` to name the file to write, ending in .csv or .xlsx' })
    .refine((out) => /\.(csv|xlsx)$/i.test(out), { error: (issue) => `Expected \`--out\` to end in .csv or .xlsx, got \`${String(issue.input)}\`` }),
  keep: z
    .string()
    .optional()
    .transform((value, ctx) => {
      if (value === undefined) return undefined;
      if (/^\d+$/.test(value) && Number(value) >= 1) return Number(value);
      ctx.addIssue({ code: 'custom', message: `Expected \`--keep\` to be a whole number of files, 1 or more, got \`${value}\`` });
      return z.NEVER;
    }),
  bom: z.boolean().default(true),
  customFields: z.boolean().default(false),
  plan: choiceOption('--plan', ['pro', 'business'], 'business'),
  concurrency: intOption('--concurrency', 1, 64, 8),
  json: z.boolean().default(false),
  /** `--quiet`: print nothing when the export succeeds. Default false. */
  quiet: z.boolean().default(false),
  redis: redisOption,
  /** `--rate` (or CCBULK_RATE): the account's per-second limits where not the plan's. Default none. */
  rate: rateOption().optional(),
});

const listSchema = exportOptionsSchema.extend({
  list: z.string({ error: 'Expected `--list` to name a list by id or name' }).min(1),
});

const addressBookSchema = exportOptionsSchema
  .extend({
    book: z.string().min(1).optional(),
    all: z.boolean().default(false),
    unit: z.string().min(1).optional(),
  })
  .superRefine((o, ctx) => {
    if ((o.book === undefined) === !o.all) {
      ctx.addIssue({ code: 'custom', message: 'Expected either `--book <id or name>` or `--all`, not both and not neither' });
    }
    if (o.unit !== undefined && !o.all) ctx.addIssue({ code: 'custom', message: 'Expected `--unit` only with `--all`' });
  });

function withExportOptions(command: Command): Command {
  return command
    .option('--out <file>', 'file to write: .csv or .xlsx; {date} and {time} are filled in (required)')
    .option('--keep <n>', 'delete older files made from the same --out template, keeping the newest n')
    .option('--no-bom', 'CSV: no byte-order mark (by default one is written so Excel reads UTF-8 right)')
    .option('--plan <plan>', 'rate plan: pro or business (default business)')
    .option('--rate <LABEL=n,…|auto>', RATE_HELP)
    .option('--quiet', 'print nothing when the export succeeds (errors still go to stderr)')
    .option('--json', 'print the summary as JSON')
    .option('--redis <url>', 'share the account\'s rate limits and token with other workers through this Redis (default $REDIS_URL)')
    .addHelpText(
      'after',
      '\nThe file is written beside its target under a temporary name and renamed when complete:\n' +
        'a failed run leaves the previous file untouched. Exit codes: 0 written, 1 usage or fatal error.',
    );
}

/** `ccbulk export …`: Zoom Contact Center to spreadsheets, for nightly jobs. */
export function registerExportCommand(program: Command): void {
  const command = program.command('export').description('Write address books, campaign lists or DNC lists to CSV or XLSX');
  withExportOptions(
    command
      .command('address-book')
      .description('Export one address book (--book) or all of them (--all, one sheet each; CSV: an address_book column)')
      .option('--book <id|name>', 'the address book, by id or name')
      .option('--all', 'every address book')
      .option('--unit <id>', 'with --all: only this unit')
      .option('--custom-fields', "add a custom:<name> column per custom field (one more request per contact)")
      .addHelpText(
        'after',
        examplesText([
          "ccbulk export address-book --book 'Customers' --out customers.xlsx",
          "ccbulk export address-book --all --out 'exports/books-{date}.csv' --keep 7 --quiet",
        ]),
      ),
  ).action(async (raw: Record<string, unknown>, self: Command) => {
    const options = parseOptions(addressBookSchema, withRate(raw));
    await run(options, (client) => exportAddressBooks(client, { ...options, commandLine: commandLineOf(self) }));
  });
  withExportOptions(
    command
      .command('campaign-contacts')
      .description('Export a campaign contact list, in the address book export columns')
      .option('--list <id|name>', 'the campaign contact list, by id or name (required)')
      .option('--custom-fields', 'add a custom:<name> column per campaign custom field')
      .addHelpText(
        'after',
        examplesText([
          "ccbulk export campaign-contacts --list 'Spring campaign' --out spring.csv",
          "ccbulk export campaign-contacts --list 'Spring campaign' --custom-fields --out spring.xlsx --json",
        ]),
      ),
  ).action(async (raw: Record<string, unknown>, self: Command) => {
    const options = parseOptions(listSchema, withRate(raw));
    await run(options, (client) => exportCampaignContacts(client, { ...options, commandLine: commandLineOf(self) }));
  });
  withExportOptions(
    command
      .command('dnc')
      .description('Export a DNC list: phone and phone_id')
      .option('--list <id|name>', 'the DNC list, by id or name (required)')
      .addHelpText(
        'after',
        examplesText(["ccbulk export dnc --list 'Do not call' --out dnc.csv", "ccbulk export dnc --list 'Do not call' --out 'dnc-{date}.csv' --keep 30"]),
      ),
  ).action(async (raw: Record<string, unknown>, self: Command) => {
    const options = parseOptions(listSchema, withRate(raw));
    await run(options, (client) => exportDnc(client, { ...options, commandLine: commandLineOf(self) }));
  });
  withExportOptions(
    command
      .command('roster')
      .description('Export the Contact Center agents in the roster import\'s columns (role, queues, teams, skills with proficiency), for export → edit → import roster --mode sync')
      .addHelpText('after', examplesText(['ccbulk export roster --out roster.xlsx', 'ccbulk export roster --out roster.csv --json'])),
  ).action(async (raw: Record<string, unknown>, self: Command) => {
    const options = parseOptions(exportOptionsSchema, raw);
    await run(options, (client) => exportRoster(client, { ...options, commandLine: commandLineOf(self) }));
  });
  registerResourceExports(command);
}

async function run(options: z.infer<typeof exportOptionsSchema>, job: (client: ReturnType<typeof clientFor>) => Promise<ExportSummary>): Promise<void> {
  await makeOutFolder(path.dirname(options.out), '--out', options.out);
  const client = clientFor(options.plan, options.concurrency, options.redis, undefined, options.rate);
  try {
    // The sink says an fs error in words, naming the file as filled in from the template.
    const summary = await job(client);
    if (!options.quiet || options.json) process.stdout.write(options.json ? `${JSON.stringify(summary, null, 2)}\n` : `${exportReport(summary)}\n`);
    process.exitCode = EXIT.ok;
  } finally {
    await client.close();
  }
}

/** The short human summary of an export. */
export function exportReport(summary: ExportSummary): string {
  const sheets = Object.entries(summary.sheets);
  const lines = [
    `Exported ${summary.rows} rows to ${summary.file}`,
    ...(sheets.length > 1 ? sheets.map(([name, rows]) => `  ${String(rows).padStart(7)}  ${name}`) : []),
    `  ${summary.requests} API requests (${summary.retries} retries, ${summary.rateLimited} rate-limited) in ${formatDuration(summary.elapsedMs)}`,
    ...(summary.report === undefined ? [] : [`  report: ${summary.report}`]),
  ];
  if (summary.listingRestarts > 0) lines.push(`  the listing started over ${summary.listingRestarts} time(s) after its page token expired; no row was written twice`);
  if (summary.deleted.length > 0) lines.push(`  deleted ${summary.deleted.length} older export(s): ${summary.deleted.join(', ')}`);
  for (const limit of summary.limitsFound ?? []) lines.push(`  The plan's limit is not the account's: ${describeLimitFound(limit)}`);
  return lines.join('\n');
}
