import { Option, type Command } from 'commander';
import { z } from 'zod';
import { CcbulkError } from '../errors.js';
import { exportCatalogueResource, resourceParameters, suppliersOf, type ResourceExportSummary } from '../pipelines/export-resource.js';
import { describeValue, queryFlag } from '../transforms/resource-query.js';
import type { CatalogueEntry } from '../zoom/catalogue-entry.js';
import { DailyLimitError } from '../zoom/daily-limit-error.js';
import { PATH_IDS_BY_NAME } from '../zoom/resolve.js';
import { catalogue } from '../zoom/resource-catalogue.js';
import { commandLineOf } from './command-line.js';
import { EXIT } from './fail.js';
import { nearestNames, orList } from '../transforms/nearest-names.js';
import { clientFor } from './import-common.js';
import { redisOption } from './import-options.js';
import { RATE_HELP, withRate } from './rate-flag.js';
import { rateOption } from '../pipelines/rate-option.js';
import { choiceOption, intOption, parseOptions } from './options.js';
import { formatDuration } from './progress.js';
import { describeLimitFound } from '../zoom/limits-found.js';

/** Flags every resource export has; a spec parameter that would take one gets `--param-…` instead. */
const COMMON_FLAGS = new Set(['--out', '--keep', '--no-bom', '--bom', '--plan', '--rate', '--json', '--redis', '--each', '--since', '--page-size', '--help']);

/** The options every resource export shares, checked once. */
function commonSchema(entry: CatalogueEntry) {
  return z.object({
    /** Target file, `.csv` or `.xlsx`; `{date}` and `{time}` filled in. Required. */
    out: z
      .string({ error: 'Expected `--out` to name the file to write, ending in .csv or .xlsx' })
      .refine((out) => /\.(csv|xlsx)$/i.test(out), { error: (issue) => `Expected \`--out\` to end in .csv or .xlsx, got \`${String(issue.input)}\`` }),
    /** Keep the newest n files of the template. Default: keep all. */
    keep: intOption('--keep', 1, 100_000, 0).transform((n) => (n === 0 ? undefined : n)),
    /** CSV byte-order mark. Default on. */
    bom: z.boolean().default(true),
    /** Rate plan. Default business. */
    plan: choiceOption('--plan', ['pro', 'business'], 'business'),
    /** Print the summary as JSON. Default off. */
    json: z.boolean().default(false),
    /** Shared limits through Redis. Default $REDIS_URL or none. */
    redis: redisOption,
    /** `--rate` (or CCBULK_RATE): the account's per-second limits where not the plan's. Default none. */
    rate: rateOption().optional(),
    /** Run over every parent item. Default off. */
    each: z.boolean().default(false),
    /** `last`: continue from the state file. Default: no state. */
    since: z
      .string()
      .optional()
      // Said before the value: with no window, no value of `--since` would do.
      .refine((v) => v === undefined || entry.window !== undefined, { error: () => noWindowMessage(entry), abort: true })
      .refine((v) => v === undefined || v === 'last', { error: (issue) => `Expected \`--since\` to be \`last\`, got \`${String(issue.input)}\`` })
      .transform((v) => (v === undefined ? undefined : ('last' as const))),
    /** Items per request. Default: the endpoint's largest. */
    pageSize: intOption('--page-size', entry.pageSize.min, entry.pageSize.max, entry.pageSize.max),
  });
}

/**
 * Why `--since` does not apply to a resource without a time window, naming some that have one
 * (the well-known ones first, so the examples mean something to the reader).
 */
function noWindowMessage(entry: CatalogueEntry): string {
  const windowed = catalogue.filter((e) => e.window !== undefined).map((e) => e.name);
  const known = ['engagements', 'recordings', 'voice-calls', 'sms', 'reports-v2-engagement'].filter((name) => windowed.includes(name));
  const examples = [...known, ...windowed.filter((name) => !known.includes(name))].slice(0, 5);
  return `${entry.name} has no time window: \`--since\` applies only to the resources that have one, such as ${examples.join(', ')} (\`ccbulk export --list\` marks them [window …])`;
}

interface FlagMap {
  readonly option: Option;
  readonly param: string;
}

/** The spec's parameters of a resource as command-line options, with their allowed values in the help. */
function parameterOptions(entry: CatalogueEntry): FlagMap[] {
  const used = new Set(COMMON_FLAGS);
  const flagFor = (name: string): string => {
    let flag = queryFlag({ name });
    if (used.has(flag)) flag = `--param-${flag.slice(2)}`;
    used.add(flag);
    return flag;
  };
  const out: FlagMap[] = [];
  for (const p of entry.pathParams) {
    const by = p.parent ? ` of ${p.parent}${p.nameField ? `, by ${p.idField} or ${p.nameField}` : ''} (or --each)` : p.name in PATH_IDS_BY_NAME ? ', by id or name' : '';
    out.push({ option: new Option(`${flagFor(p.name)} <id>`, `the ${p.name}${by} (required)`), param: p.name });
  }
  for (const q of entry.query) {
    const allowed = describeValue(q);
    const parts = [q.description, `Expected: ${allowed}.`];
    if (q.default !== undefined) parts.push(`Default ${JSON.stringify(q.default)}.`);
    if (q.required) parts.push(q.parent ? `(required, or --each over ${q.parent})` : '(required)');
    if (q.deprecated) parts.push('(deprecated)');
    out.push({ option: new Option(`${flagFor(q.name)} <value>`, parts.join(' ')), param: q.name });
  }
  return out;
}

/**
 * `ccbulk export <resource>` for every resource of the catalogue, and `ccbulk export --list`.
 * Each resource's options come from its spec parameters and are checked against the spec before
 * any request is made.
 */
export function registerResourceExports(exportCommand: Command): void {
  // `export dnc --list X` and `export queues --json` must reach the subcommand: `export`'s own
  // `--list`/`--json` count only before a subcommand's name. Commander needs positional options
  // on every command above for that, so the program's too.
  exportCommand.parent?.enablePositionalOptions();
  exportCommand
    .enablePositionalOptions()
    .option('--list', 'print the catalogue of exportable resources')
    .option('--json', 'with --list: as JSON')
    .action((raw: { list?: boolean; json?: boolean }, self: Command) => {
      const [first] = self.args;
      if (first !== undefined && !first.startsWith('-')) throw unknownResource(first, exportCommand);
      if (first !== undefined) {
        // An option `export` itself does not know, answered as commander answers one.
        const near = nearestNames(first, self.options.map((o) => o.long ?? ''));
        self.error(`error: unknown option '${first}'${near.length > 0 ? `\n(Did you mean ${orList(near)}?)` : ''}`, { code: 'commander.unknownOption' });
      }
      if (!raw.list) {
        exportCommand.help({ error: true });
      }
      process.stdout.write(raw.json ? `${JSON.stringify(catalogueJson(), null, 2)}\n` : `${catalogueTable()}\n`);
      process.exitCode = EXIT.ok;
    });

  for (const entry of catalogue) {
    const command = exportCommand.command(entry.name).description(`${entry.summary} (GET ${entry.path.replace('/contact_center', '')}, ${entry.label})`);
    command
      .option('--out <file>', 'file to write: .csv or .xlsx; {date} and {time} are filled in (required)')
      .option('--keep <n>', 'delete older files made from the same --out template, keeping the newest n')
      .option('--no-bom', 'CSV: no byte-order mark')
      .option('--plan <plan>', 'rate plan: pro or business (default business)')
      .option('--rate <LABEL=n,…|auto>', RATE_HELP)
      .option('--json', 'print the summary as JSON')
      .option('--redis <url>', "share the account's rate limits and token through this Redis (default $REDIS_URL)")
      .option('--page-size <n>', `items per request, ${entry.pageSize.min} to ${entry.pageSize.max} (default ${entry.pageSize.max})`);
    if (suppliersOf(entry).some((s) => s.parent !== undefined)) command.option('--each', 'run over every item of the parent list into one file, with its id column first');
    if (entry.window) {
      command.option(
        '--since <last>',
        `last: export from where the last complete export ended (kept in .ccbulk-state.json beside --out) to now; the first time from --${entry.window.from.replace(/_/g, '-')}, else one day back`,
      );
    } else {
      // Taken, though not shown, so that it is answered with why it does not apply rather than
      // as an option commander has never heard of.
      command.addOption(new Option('--since <last>').hideHelp());
    }
    const params = parameterOptions(entry);
    for (const { option } of params) command.addOption(option);
    command.addHelpText(
      'after',
      `\nColumns: ${entry.columns.length}, from the item schema (nested objects dotted, value lists joined with "; ", object lists as JSON).` +
        (entry.window ? `\nTime window: --${entry.window.from.replace(/_/g, '-')}/--${entry.window.to.replace(/_/g, '-')}${entry.window.maxMonths ? ', at most one month per request (longer windows are split)' : ''}.` : '') +
        '\nThe file is written under a temporary name and renamed when complete. Exit codes: 0 written, 1 usage or fatal error, 75 daily API limit reached (run again later; with --since last nothing is lost).',
    );
    command.action(async (raw: Record<string, unknown>, self: Command) => {
      await runResourceExport(entry, raw, params, commandLineOf(self));
    });
  }
  // `export quues --out x.csv`: a word that names no resource reaches `export`'s own action with
  // the resource's options after it. Taken there (set after the subcommands were made, which
  // would otherwise inherit it), it is answered as the mistyped resource it is, not as an
  // unknown `--out`.
  exportCommand.allowUnknownOption().allowExcessArguments();
}

/** OPTION_INVALID for a resource name that is not one, with the nearest names there are. */
function unknownResource(name: string, exportCommand: Command): CcbulkError {
  const near = nearestNames(name, exportCommand.commands.map((c) => c.name()));
  const hint = near.length > 0 ? ` — did you mean ${orList(near)}?` : '; `ccbulk export --list` shows them all';
  return new CcbulkError('OPTION_INVALID', `unknown resource '${name}'${hint}`);
}

async function runResourceExport(entry: CatalogueEntry, raw: Record<string, unknown>, params: readonly FlagMap[], commandLine: string): Promise<void> {
  const options = parseOptions(commonSchema(entry), withRate(raw));
  const given: Record<string, string | undefined> = {};
  for (const { option, param } of params) {
    const value = raw[option.attributeName()];
    if (typeof value === 'string') given[param] = value;
  }
  const { ids, query } = resourceParameters(entry, given);

  const client = clientFor(options.plan, 8, options.redis, undefined, options.rate);
  try {
    const summary = await exportCatalogueResource(client, entry.name, {
      out: options.out,
      keep: options.keep,
      bom: options.bom,
      ids,
      query,
      each: options.each,
      since: options.since,
      pageSize: options.pageSize,
      commandLine,
    });
    process.stdout.write(options.json ? `${JSON.stringify(summary, null, 2)}\n` : `${resourceReport(summary)}\n`);
    process.exitCode = EXIT.ok;
  } catch (error) {
    if (!(error instanceof DailyLimitError)) throw error;
    // Nothing was written and the state did not move: the next run exports this window too.
    process.stderr.write(`ccbulk: ${error.message}. No file was written; run again after the reset${options.since ? ' and the export continues where the last complete one ended' : ''}.\n`);
    process.exitCode = EXIT.stopped;
  } finally {
    await client.close();
  }
}

/** The short human summary of a resource export. */
export function resourceReport(summary: ResourceExportSummary): string {
  if (summary.upToDate) return `Nothing new to export: ${summary.job} is exported up to ${summary.window?.from ?? 'now'}; no file written`;
  const lines = [`Exported ${summary.rows} rows of ${summary.job} to ${summary.file}`];
  if (summary.window) lines.push(`  window ${summary.window.from} to ${summary.window.to}`);
  lines.push(`  ${summary.requests} API requests (${summary.retries} retries, ${summary.rateLimited} rate-limited) in ${formatDuration(summary.elapsedMs)}`);
  if (summary.report !== undefined) lines.push(`  report: ${summary.report}`);
  if (summary.deleted.length > 0) lines.push(`  deleted ${summary.deleted.length} older export(s): ${summary.deleted.join(', ')}`);
  for (const limit of summary.limitsFound ?? []) lines.push(`  The plan's limit is not the account's: ${describeLimitFound(limit)}`);
  return lines.join('\n');
}

function catalogueJson(): unknown[] {
  return catalogue.map((e) => ({
    name: e.name,
    operationId: e.operationId,
    method: 'GET',
    path: e.path,
    label: e.label,
    maxPageSize: e.pageSize.max,
    pathParams: e.pathParams,
    query: e.query.map((q) => ({ name: q.name, flag: queryFlag(q), required: q.required, ...(q.enum ? { enum: q.enum } : {}), ...(q.format ? { format: q.format } : {}) })),
    ...(e.window ? { window: e.window } : {}),
    columns: e.columns.map((c) => c.name),
  }));
}

function catalogueTable(): string {
  const width = Math.max(...catalogue.map((e) => e.name.length));
  const lines = catalogue.map((e) => {
    const needs = [...e.pathParams.map((p) => queryFlag(p)), ...e.query.filter((q) => q.required).map((q) => queryFlag(q))].join(' ');
    const window = e.window ? ` [window ${e.window.from}/${e.window.to}]` : '';
    return `${e.name.padEnd(width)}  ${e.label.padEnd(6)}  ${e.path.replace('/contact_center', '')}${needs ? `  needs ${needs}` : ''}${window}`;
  });
  return [`${catalogue.length} resources (ccbulk export <resource> --help for its options):`, ...lines].join('\n');
}
