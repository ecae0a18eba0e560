import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { Command } from 'commander';
import { CcbulkError } from '../errors.js';
import { ContactCenterClient } from '../zoom/client.js';
import { zoomConfigFromEnv } from '../zoom/config.js';
import { RATE_PLANS, type RateLabel, type RatePlanName } from '../zoom/rate-plans.js';
import { describeFileSystemError } from './file-system-error.js';
import { redisOption } from './import-options.js';
import type { RateSetting } from '../pipelines/rate-option.js';
import { RATE_HELP } from './rate-flag.js';

/** Adds the options every import command shares. */
export function withImportOptions(command: Command): Command {
  return command
    .option('--country <code>', 'country of numbers written without one, ISO code (default US)')
    .option('--sheet <name|n>', 'XLSX: sheet by name or 1-based number (default the first)')
    .option('--map <map.json>', 'JSON file {"Header in file": "canonical_field"} overriding the automatic mapping')
    .option('--encoding <enc>', 'CSV encoding: auto, utf8, utf16le, utf16be, win1252 (also spelled UTF-8, cp1252, latin1…; default auto)')
    .option('--delimiter <d>', 'CSV delimiter: auto, ",", ";", tab, pipe (default auto)')
    .option('--out <dir>', 'where results.csv, rejects.csv and summary.json go (default ./ccbulk-out/<timestamp>)')
    .option('--dry-run', 'do everything but write: validate, look up, and say how many requests the real run needs')
    .option('--plan <plan>', 'rate plan: pro or business (default business)')
    .option('--rate <LABEL=n,…|auto>', RATE_HELP)
    .option('--concurrency <n>', 'batches in flight at once, 1 to 64 (default 8)')
    .option('--quiet', 'no progress line')
    .option('--json', 'print summary.json instead of the human summary')
    .option('--max-rejects <n|p%>', 'stop once more rows than this are rejected, a count or a share (judged after 1,000 rows); a sync checks its plan before any write (default off)')
    .option('--redis <url>', 'share the account\'s rate limits and token with other workers through this Redis (default $REDIS_URL)')
    .option('--quota-share <share>', "use at most this share of each rate limit, above 0 and at most 1, leaving the rest to the account's other apps (default 1)");
}

/** The default out folder: one per run, named by its start time. */
export function defaultOutDir(now: Date = new Date()): string {
  return path.join('ccbulk-out', now.toISOString().replace(/[:.]/g, '-'));
}

/** Reads and parses `--map`; the mapping's contents are checked by the column planner. */
export async function readMapFile(file: string | undefined): Promise<unknown> {
  if (file === undefined) return undefined;
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    const words = describeFileSystemError(error, `the \`--map\` file ${file}`) ?? `Cannot read the \`--map\` file ${file}: ${String(error)}`;
    throw new CcbulkError('MAPPING_INVALID', words, { cause: error });
  }
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    throw new CcbulkError('MAPPING_INVALID', `The --map file ${file} is not JSON: ${(error as Error).message}`, { cause: error });
  }
}

/**
 * A client from the ZOOM_* environment, paced for the plan; with `redis` (`--redis`, default
 * REDIS_URL) it shares the account's limits and token with every other worker on that Redis;
 * with `quotaShare` (`--quota-share`) it uses only that share of each label's rate.
 */
export function clientFor(
  plan: RatePlanName,
  concurrency: number,
  redis: string | undefined = redisFromEnv(),
  quotaShare?: number,
  rate?: RateSetting,
): ContactCenterClient {
  if (redis !== undefined && (rate?.probe.length ?? 0) > 0) {
    // Probing is one process's experiment; workers sharing a Redis would each probe the same quota.
    throw new CcbulkError('OPTION_INVALID', 'Expected `--rate` to give figures (LIGHT=80,…) with `--redis`, got `auto`: workers sharing limits cannot each probe them', { field: '--rate' });
  }
  return new ContactCenterClient(zoomConfigFromEnv(), {
    plan,
    maxInFlight: Math.max(16, concurrency),
    redisUrl: redis,
    quotaShare,
    limits: rate?.limits,
    probe: rate?.probe,
  });
}

function redisFromEnv(): string | undefined {
  const parsed = redisOption.safeParse(process.env.REDIS_URL);
  if (!parsed.success) throw new CcbulkError('CONFIG_INVALID', `Expected \`REDIS_URL\` to be a redis:// or rediss:// URL`);
  return parsed.data;
}

/** Requests per second a plan allows for a label. */
export function allowedRate(plan: RatePlanName, label: RateLabel): number {
  return RATE_PLANS[plan][label];
}
