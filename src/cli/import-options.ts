import { z } from 'zod';
import { commonJobOptions } from '../pipelines/job-options.js';
import { redactUrl } from '../zoom/config.js';

/** `--redis`, or REDIS_URL: a redis:// or rediss:// URL. */
export const redisOption = z
  .string()
  .optional()
  .transform((value) => (value === undefined || value.trim() === '' ? undefined : value.trim()))
  .refine((value) => value === undefined || /^rediss?:\/\/[^\s]+$/.test(value), {
    // A password in the URL is not echoed.
    error: (issue) => `Expected \`--redis\` to be a redis:// or rediss:// URL, got \`${redactUrl(String(issue.input))}\``,
  });

/** The options of a run that are the command line's own, not the job's: where it writes and what it prints. */
export const commandLineRunOptions = z.object({
  /** `--out`. Default ./ccbulk-out/<timestamp>. */
  out: z.string().optional(),
  /** `--quiet`: no progress line. Default false. */
  quiet: z.boolean().default(false),
  /** `--json`: summary.json instead of the human summary. Default false. */
  json: z.boolean().default(false),
  /** `--redis`. Default $REDIS_URL. */
  redis: redisOption.optional(),
});

/** The command line's own options of a run, checked. */
export type CommandLineRunOptions = z.infer<typeof commandLineRunOptions>;

/**
 * The shared import options as commander hands them over: the jobs' shared options (the
 * registry's) and the command line's own (`--out`, `--quiet`, `--json`, `--redis`), with `--map`
 * as the path of its file.
 */
export const importOptionsSchema = commonJobOptions.omit({ file: true, map: true, phoneThreads: true }).extend({
  ...commandLineRunOptions.shape,
  /** `--map`: the path of a JSON mapping file. Default none: the automatic mapping. */
  map: z.string().optional(),
});

/** The shared import options, checked. */
export type ImportOptions = z.infer<typeof importOptionsSchema>;
