import { z } from 'zod';
import { CcbulkError } from '../errors.js';
import { JOB_MODES, type ImportJobName } from '../pipelines/job-operations.js';
import { parseCountryOption } from '../transforms/country.js';
import { redactUrl } from '../zoom/config.js';
import { choiceOption, intOption } from './options.js';

/** `--redis`, or REDIS_URL: a redis:// or rediss:// URL. */
export const redisOption = z
  .string()
  .optional()
  .transform((value) => (value === undefined || value.trim() === '' ? undefined : value.trim()))
  .refine((value) => value === undefined || /^rediss?:\/\/[^\s]+$/.test(value), {
    // A password in the URL is not echoed.
    error: (issue) => `Expected \`--redis\` to be a redis:// or rediss:// URL, got \`${redactUrl(String(issue.input))}\``,
  });

/** `--sheet`: a 1-based number when it is all digits, else a sheet name. Default the first sheet. */
const sheetOption = z
  .string()
  .optional()
  .transform((v) => (v !== undefined && /^\d+$/.test(v) ? Number(v) : v));

/** `--concurrency`: batches in flight at once. Default 8. */
const concurrencyOption = intOption('--concurrency', 1, 64, 8);

/** The shared import options as commander hands them over. */
export const importOptionsSchema = z.object({
  /** `--country`: ISO code of the country national numbers are read in. Default US. */
  country: z
    .string()
    .optional()
    .transform((value, ctx) => {
      try {
        return parseCountryOption(value ?? 'US');
      } catch (error) {
        ctx.addIssue({ code: 'custom', message: (error as Error).message });
        return z.NEVER;
      }
    }),
  sheet: sheetOption,
  /** `--map`: the path of a JSON mapping file. Default none: the automatic mapping. */
  map: z.string().optional(),
  /** `--encoding`. Default auto. */
  encoding: choiceOption('--encoding', ['auto', 'utf8', 'utf16le', 'win1252'], 'auto'),
  /** `--delimiter`, `tab` and `pipe` spelled out. Default auto. */
  delimiter: choiceOption('--delimiter', ['auto', ',', ';', 'tab', 'pipe', '\t', '|'], 'auto').transform(
    (d) => (({ tab: '\t', pipe: '|' }) as Record<string, string>)[d] ?? d,
  ) as z.ZodType<'auto' | ',' | ';' | '\t' | '|'>,
  /** `--out`. Default ./ccbulk-out/<timestamp>. */
  out: z.string().optional(),
  /** `--dry-run`. Default false. */
  dryRun: z.boolean().default(false),
  /** `--plan`. Default business. */
  plan: choiceOption('--plan', ['pro', 'business'], 'business'),
  concurrency: concurrencyOption,
  /** `--quiet`: no progress line. Default false. */
  quiet: z.boolean().default(false),
  /** `--json`: summary.json instead of the human summary. Default false. */
  json: z.boolean().default(false),
  /** `--redis`. Default $REDIS_URL. */
  redis: redisOption.optional(),
});

/** The shared import options, checked. */
export type ImportOptions = z.infer<typeof importOptionsSchema>;

const required = (flag: string, what: string) =>
  z.string({ error: `Expected \`${flag}\` to name ${what} by id or name` }).min(1, { error: `Expected \`${flag}\` to name ${what} by id or name` });

/** The options of each import job's own: the target and the mode. */
const jobOptions = {
  'address-book': z.object({
    /** `--book`: the address book, by id or name. Required. */
    book: required('--book', 'an address book'),
    /** `--mode`. Default create. */
    mode: choiceOption('--mode', JOB_MODES['address-book'], 'create'),
  }),
  'campaign-contacts': z.object({
    /** `--list`: the campaign contact list, by id or name. Required. */
    list: required('--list', 'a campaign contact list'),
    /** `--mode`. Default insert. */
    mode: choiceOption('--mode', JOB_MODES['campaign-contacts'], 'insert'),
    /** `--scrub-dnc` (repeatable): DNC lists, by id or name. Default none. */
    scrubDnc: z.array(z.string().min(1)).default([]),
  }),
  dnc: z.object({
    /** `--list`: the DNC list, by id or name. Required. */
    list: required('--list', 'a DNC list'),
    /** `--mode`. Default add. */
    mode: choiceOption('--mode', JOB_MODES.dnc, 'add'),
  }),
} as const;

/** `ccbulk import address-book`'s options. */
export const addressBookOptionsSchema = importOptionsSchema.extend(jobOptions['address-book'].shape);

/** `ccbulk import campaign-contacts`' options. */
export const campaignOptionsSchema = importOptionsSchema.extend(jobOptions['campaign-contacts'].shape);

/** `ccbulk import dnc`'s options. */
export const dncOptionsSchema = importOptionsSchema.extend({
  ...jobOptions.dnc.shape,
  /** `--column` (repeatable): read numbers from these columns only. Default every phone column. */
  column: z.array(z.string()).optional(),
});

/** A journal keeps numbers as numbers; commander hands over text. The same check reads both. */
const asText = <S extends z.ZodType>(schema: S) => z.preprocess((value) => (typeof value === 'number' ? String(value) : value), schema);

/**
 * The options every import journals (the job's options, see `runImportJob`), checked with the
 * same fields as the command line's. The out folder is not among them: a resume writes to the
 * folder it is given.
 */
const savedImportOptions = importOptionsSchema.pick({ country: true, encoding: true, delimiter: true, dryRun: true, plan: true }).extend({
  file: z.string({ error: 'Expected the path of the input file' }).min(1, { error: 'Expected the path of the input file' }),
  sheet: asText(sheetOption),
  /** The `--map` file's contents, checked by the column planner as on the first run. */
  map: z.unknown().optional(),
  concurrency: asText(concurrencyOption),
  phoneThreads: z.number().int().min(0).optional(),
});

const savedOptions = {
  'address-book': savedImportOptions.extend(jobOptions['address-book'].shape),
  'campaign-contacts': savedImportOptions.extend(jobOptions['campaign-contacts'].shape),
  dnc: savedImportOptions.extend({ ...jobOptions.dnc.shape, columns: z.array(z.string()).optional() }),
} as const;

/** An interrupted run as its journal describes it: the job and its options, checked. */
export type SavedRun = { [J in ImportJobName]: { readonly job: J; readonly options: z.infer<(typeof savedOptions)[J]> } }[ImportJobName];

/**
 * Checks what a journal says a run was (`start.job` and `start.options`) before `ccbulk resume`
 * runs it again: a journal from another version, or edited by hand, is refused with the field
 * that is wrong rather than run with options no command line could have given.
 */
export function parseSavedRun(outDir: string, start: { readonly job: string; readonly options: unknown }): SavedRun {
  const refuse = (field: string, problem: string): never => {
    throw new CcbulkError('RESUME_INVALID', `Cannot resume the run in ${outDir}: its journal's ${problem}`, { field });
  };
  const check = <S extends z.ZodType>(schema: S): z.infer<S> => {
    const parsed = schema.safeParse(start.options);
    if (parsed.success) return parsed.data;
    const issues = parsed.error.issues;
    const problems = issues.map((issue) => `\`${issue.path.join('.') || 'options'}\`: ${issue.message}`);
    return refuse(issues[0]?.path.join('.') ?? 'options', `saved option ${problems.join('; ')}`);
  };
  const job = start.job;
  switch (job) {
    case 'address-book':
      return { job, options: check(savedOptions[job]) };
    case 'campaign-contacts':
      return { job, options: check(savedOptions[job]) };
    case 'dnc':
      return { job, options: check(savedOptions[job]) };
    default:
      return refuse('job', `job is \`${job}\`, and ccbulk imports only ${Object.keys(JOB_MODES).join(', ')}`);
  }
}
