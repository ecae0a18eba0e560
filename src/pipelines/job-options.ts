import { z } from 'zod';
import type { CsvEncoding } from '../readers/csv-encoding.js';
import { parseCountryOption } from '../transforms/country.js';
import { SYNC_KEYS } from '../transforms/sync-match.js';
import { parseThreshold, type Threshold } from '../transforms/threshold.js';
import { asText, choiceOption, intOption } from './option-values.js';
import { rateOption } from './rate-option.js';

/*
 * The options of the import jobs, typed once for every door: the command line (text, named
 * `--max-rejects`), the library and the page (values, named `maxRejects`), and a journal (the
 * values a run was started with). Each job's own options are in its target's module; these are
 * the ones every job shares.
 */

/** `--sheet`: a 1-based number when it is all digits, else a sheet name. Default the first sheet. */
export const sheetOption = asText(z
  .string()
  .optional()
  .transform((v) => (v !== undefined && /^\d+$/.test(v) ? Number(v) : v)));

/**
 * A count or a share (`500`, `10%`), as commander hands it over or as a journal saved it once
 * parsed (`{ "percent": 10 }`).
 */
export function thresholdOption(flag: string) {
  const saved = z.union([z.strictObject({ count: z.number().int().nonnegative() }), z.strictObject({ percent: z.number().min(0).max(100) })]);
  return z.unknown().transform((value, ctx): Threshold => {
    const parsed = typeof value === 'string' || typeof value === 'number' ? parseThreshold(String(value)) : saved.safeParse(value).data;
    if (parsed !== undefined) return parsed;
    ctx.addIssue({ code: 'custom', message: `Expected \`${flag}\` to be a count (\`500\`) or a percentage (\`10%\`), got \`${typeof value === 'string' ? value : JSON.stringify(value)}\`` });
    return z.NEVER;
  });
}

/** The options of `--mode sync` (ignored by the other modes). */
export const syncOptions = {
  /** `--delete-missing`: delete the target's contacts that no row matches. Default false. */
  deleteMissing: z.boolean().default(false),
  /** `--max-delete`: the most `--delete-missing` may delete, a count or a share of the target. Default 10%. */
  maxDelete: thresholdOption('--max-delete').optional().transform((t): Threshold => t ?? { percent: 10 }),
};

/**
 * `--blanks`: what an empty cell in a column the file has does to an update, upsert or sync:
 * `keep` leaves the contact's value (the default, and what every run did before), `clear`
 * empties the field (numbers and e-mails: removes that kind).
 */
export const blanksOption = choiceOption('--blanks', ['keep', 'clear'], 'keep');

/** `--key`: what a sync matches rows to contacts by. Default by the file's columns. */
export const keyOption = z
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
export const quotaShareOption = asText(z
  .string()
  .optional()
  .transform((value, ctx) => {
    if (value === undefined) return undefined;
    const n = Number(value);
    if (value.trim() !== '' && Number.isFinite(n) && n > 0 && n <= 1) return n;
    ctx.addIssue({ code: 'custom', message: `Expected \`--quota-share\` to be a number above 0 and at most 1, got \`${value}\`` });
    return z.NEVER;
  }));

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
export const encodingOption = z
  .string()
  .optional()
  .transform((value, ctx): CsvEncoding => {
    if (value === undefined) return 'auto';
    const encoding = ENCODING_SPELLINGS[value.toLowerCase().replace(/[-_\s]/g, '')];
    if (encoding !== undefined) return encoding;
    ctx.addIssue({ code: 'custom', message: `Expected \`--encoding\` to be one of auto, utf8, utf16le, utf16be, win1252 (or a spelling such as UTF-8, cp1252, latin1), got \`${value}\`` });
    return z.NEVER;
  });

/**
 * The options every import job shares, checked: what the run reads and how it paces. Where the
 * results go (`outDir`), the signal that stops it and its progress callback are the door's, not
 * options.
 */
export const commonJobOptions = z.object({
  /** The CSV or XLSX file to import. Required. */
  file: z.string({ error: 'Expected the path of the input file' }).min(1, { error: 'Expected the path of the input file' }),
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
  /** The mapping `{"Header in file": "canonical_field"}` (the `--map` file's contents), checked by the column planner. Default none: the automatic mapping. */
  map: z.unknown().optional(),
  /** `--encoding`, in any common spelling (`UTF-8`, `utf-16le`, `cp1252`, `latin1`). Default auto. */
  encoding: encodingOption,
  /** `--delimiter`, `tab` and `pipe` spelled out. Default auto. */
  // The characters themselves are taken too (code, a journal), and listed by name: a literal tab
  // in the message reads as blank space.
  delimiter: choiceOption('--delimiter', ['auto', ',', ';', 'tab', 'pipe', '\t', '|'], 'auto', ['auto', '`,`', '`;`', 'tab', 'pipe']).transform(
    (d) => (({ tab: '\t', pipe: '|' }) as Record<string, string>)[d] ?? d,
  ) as z.ZodType<'auto' | ',' | ';' | '\t' | '|'>,
  /** `--dry-run`: validate and look up, write nothing. Default false. */
  dryRun: z.boolean().default(false),
  /** `--plan`: the rate plan the client paces by, kept in the journal so a resume paces the same. Default business. */
  plan: choiceOption('--plan', ['pro', 'business'], 'business'),
  /**
   * `--rate` (or CCBULK_RATE): per-label limits where the account's are not the plan's
   * (`LIGHT=80,MEDIUM=40`), or `auto` to find them by probing; kept in the journal so a resume
   * paces the same. Default none: the plan's, followed by what Zoom's answers report.
   */
  rate: rateOption().optional(),
  /** `--concurrency`: batches in flight at once, 1 to 64. Default 8. */
  concurrency: intOption('--concurrency', 1, 64, 8),
  /** `--max-rejects`: stop once more rows than this are rejected, a count or a share. Default none. */
  maxRejects: thresholdOption('--max-rejects').optional(),
  /** `--quota-share`: the share of each label's rate to use, kept in the journal so a resume leaves other apps the same room. Default 1. */
  quotaShare: quotaShareOption,
  /** Worker threads for phone numbers (see `phoneSettingsFor`); 0 for none. Default by the run. */
  phoneThreads: z.number().int().min(0).optional(),
});

/** The options every import job shares, checked. */
export type CommonJobOptions = z.infer<typeof commonJobOptions>;

/** A book or list named by id or name: required. */
export const targetOption = (flag: string, what: string) =>
  z.string({ error: `Expected \`${flag}\` to name ${what} by id or name` }).min(1, { error: `Expected \`${flag}\` to name ${what} by id or name` });

/** The options of a sync, as a job's schema holds them. */
export type SyncOptionValues = { readonly key?: (typeof SYNC_KEYS)[number] | undefined; readonly deleteMissing: boolean; readonly maxDelete: Threshold };
