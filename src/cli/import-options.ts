import { z } from 'zod';
import { CcbulkError } from '../errors.js';
import { JOB_MODES, type ImportJobName } from '../pipelines/job-operations.js';
import type { CsvEncoding } from '../readers/csv-encoding.js';
import { parseCountryOption } from '../transforms/country.js';
import { SYNC_KEYS } from '../transforms/sync-match.js';
import { parseThreshold, type Threshold } from '../transforms/threshold.js';
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

/**
 * A count or a share (`500`, `10%`), as commander hands it over or as a journal saved it once
 * parsed (`{ "percent": 10 }`).
 */
function thresholdOption(flag: string) {
  const saved = z.union([z.strictObject({ count: z.number().int().nonnegative() }), z.strictObject({ percent: z.number().min(0).max(100) })]);
  return z.unknown().transform((value, ctx): Threshold => {
    const parsed = typeof value === 'string' ? parseThreshold(value) : saved.safeParse(value).data;
    if (parsed !== undefined) return parsed;
    ctx.addIssue({ code: 'custom', message: `Expected \`${flag}\` to be a count (\`500\`) or a percentage (\`10%\`), got \`${typeof value === 'string' ? value : JSON.stringify(value)}\`` });
    return z.NEVER;
  });
}

/** The options of `--mode sync` (ignored by the other modes). */
const syncOptions = {
  /** `--delete-missing`: delete the target's contacts that no row matches. Default false. */
  deleteMissing: z.boolean().default(false),
  /** `--max-delete`: the most `--delete-missing` may delete, a count or a share of the target. Default 10%. */
  maxDelete: thresholdOption('--max-delete').optional().transform((t): Threshold => t ?? { percent: 10 }),
};

/** `--key`: what a sync matches rows to contacts by. Default by the file's columns. */
const keyOption = z
  .string()
  .optional()
  .transform((value, ctx): (typeof SYNC_KEYS)[number] | undefined => {
    if (value === undefined || (SYNC_KEYS as readonly string[]).includes(value)) return value as (typeof SYNC_KEYS)[number] | undefined;
    ctx.addIssue({ code: 'custom', message: `Expected \`--key\` to be one of ${SYNC_KEYS.join(', ')}, got \`${value}\`` });
    return z.NEVER;
  });

/**
 * `--quota-share`: the share of each label's rate ccbulk may use, above 0 and at most 1, leaving
 * the rest to the account's other apps (with `--redis`, of the account's rate across all
 * workers). Default 1; undefined when not given.
 */
export const quotaShareOption = z
  .string()
  .optional()
  .transform((value, ctx) => {
    if (value === undefined) return undefined;
    const n = Number(value);
    if (value.trim() !== '' && Number.isFinite(n) && n > 0 && n <= 1) return n;
    ctx.addIssue({ code: 'custom', message: `Expected \`--quota-share\` to be a number above 0 and at most 1, got \`${value}\`` });
    return z.NEVER;
  });

/** The spellings people and other tools use for the encodings ccbulk reads, without `-`, `_` and case. */
const ENCODING_SPELLINGS: Readonly<Record<string, CsvEncoding>> = {
  auto: 'auto',
  utf8: 'utf8',
  utf16le: 'utf16le',
  utf16be: 'utf16be',
  ucs2: 'utf16le',
  win1252: 'win1252',
  windows1252: 'win1252',
  cp1252: 'win1252',
  // Latin-1 is Windows-1252 but for 0x80–0x9F, which Latin-1 files do not use for text.
  latin1: 'win1252',
  iso88591: 'win1252',
  ansi: 'win1252',
};

/** `--encoding`: auto, utf8, utf16le, utf16be or win1252, spelled as people spell them. Default auto. */
const encodingOption = z
  .string()
  .optional()
  .transform((value, ctx): CsvEncoding => {
    if (value === undefined) return 'auto';
    const encoding = ENCODING_SPELLINGS[value.toLowerCase().replace(/[-_\s]/g, '')];
    if (encoding !== undefined) return encoding;
    ctx.addIssue({ code: 'custom', message: `Expected \`--encoding\` to be one of auto, utf8, utf16le, utf16be, win1252 (or a spelling such as UTF-8, cp1252, latin1), got \`${value}\`` });
    return z.NEVER;
  });

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
  /** `--encoding`, in any common spelling (`UTF-8`, `utf-16le`, `cp1252`, `latin1`). Default auto. */
  encoding: encodingOption,
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
  /** `--max-rejects`: stop once more rows than this are rejected, a count or a share. Default none. */
  maxRejects: thresholdOption('--max-rejects').optional(),
  /** `--quota-share`: the share of each label's rate to use. Default 1. */
  quotaShare: quotaShareOption,
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
    key: keyOption,
    ...syncOptions,
    /** `--lanes`: creates on the batch and the single create endpoints (`both`), or the batch one alone. Default both (1.2× the batch lane alone: see README, Performance). */
    lanes: choiceOption('--lanes', ['both', 'batch'], 'both'),
    /** `--allow-duplicates`: create rows a contact already in the book has a number or e-mail of. Default false. */
    allowDuplicates: z.boolean().default(false),
    /** `--replace-lists`: upsert and update replace a contact's numbers and e-mails. Default false: add to them. */
    replaceLists: z.boolean().default(false),
  }),
  'campaign-contacts': z.object({
    /** `--list`: the campaign contact list, by id or name. Required. */
    list: required('--list', 'a campaign contact list'),
    /** `--mode`. Default insert. */
    mode: choiceOption('--mode', JOB_MODES['campaign-contacts'], 'insert'),
    /** `--scrub-dnc` (repeatable): DNC lists, by id or name. Default none. */
    scrubDnc: z.array(z.string().min(1)).default([]),
    key: keyOption,
    ...syncOptions,
    /** `--allow-duplicates`: insert rows a contact already on the list has a number or e-mail of. Default false. */
    allowDuplicates: z.boolean().default(false),
  }),
  dnc: z.object({
    /** `--list`: the DNC list, by id or name. Required. */
    list: required('--list', 'a DNC list'),
    /** `--mode`. Default add. */
    mode: choiceOption('--mode', JOB_MODES.dnc, 'add'),
    ...syncOptions,
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
const savedImportOptions = importOptionsSchema.pick({ country: true, encoding: true, delimiter: true, dryRun: true, plan: true, maxRejects: true }).extend({
  file: z.string({ error: 'Expected the path of the input file' }).min(1, { error: 'Expected the path of the input file' }),
  sheet: asText(sheetOption),
  /** The `--map` file's contents, checked by the column planner as on the first run. */
  map: z.unknown().optional(),
  concurrency: asText(concurrencyOption),
  phoneThreads: z.number().int().min(0).optional(),
  quotaShare: z.number().gt(0).max(1).optional(),
});

const savedOptions = {
  // A journal without `lanes` is from a version whose creates went to the batch endpoint alone.
  'address-book': savedImportOptions.extend({ ...jobOptions['address-book'].shape, lanes: choiceOption('--lanes', ['both', 'batch'], 'batch') }),
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
export function parseSavedRun(outDir: string, start: { readonly job: string; readonly mode?: string; readonly options: unknown }): SavedRun {
  const refuse = (field: string, problem: string): never => {
    throw new CcbulkError('RESUME_INVALID', `Cannot resume the run in ${outDir}: its journal's ${problem}`, { field });
  };
  // A sync's options carry no `mode` (the sync functions take none): the journal's own `mode`
  // says it is a sync, and without it the run would resume as the job's default mode (create).
  const saved = typeof start.options === 'object' && start.options !== null && !('mode' in start.options) && start.mode !== undefined ? { ...start.options, mode: start.mode } : start.options;
  const check = <S extends z.ZodType>(schema: S): z.infer<S> => {
    const parsed = schema.safeParse(saved);
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
