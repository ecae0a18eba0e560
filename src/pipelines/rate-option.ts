import { z } from 'zod';
import { CcbulkError } from '../errors.js';
import { RATE_LABELS, type RateLabel } from '../zoom/rate-plans.js';

/** What `--rate` asks for: per-label requests per second, and the labels found by probing. */
export interface RateSetting {
  /** Requests per second per label replacing the plan's. */
  readonly limits: Readonly<Partial<Record<RateLabel, number>>>;
  /** Labels whose limit is found by probing (`auto`): every label not given a figure. */
  readonly probe: readonly RateLabel[];
}

/** The most requests per second a label may be given: far above any plan, below nonsense. */
const MAX_RATE = 1000;

/** `LIGHT=80,MEDIUM=40`, `auto`, or both (`auto,HEAVY=5`), as a RateSetting or why not. */
function parseRateText(text: string): RateSetting | string {
  const limits: Partial<Record<RateLabel, number>> = {};
  let auto = false;
  const entries = text.split(',').map((entry) => entry.trim());
  if (entries.every((entry) => entry === '')) return 'nothing';
  for (const entry of entries) {
    if (entry === '') continue;
    if (entry.toLowerCase() === 'auto') {
      auto = true;
      continue;
    }
    const match = /^([A-Za-z]+)\s*=\s*(\S+)$/.exec(entry);
    const label = match?.[1]?.toUpperCase() as RateLabel | undefined;
    if (match === null || label === undefined || !RATE_LABELS.includes(label)) return `\`${entry}\`, which names no label`;
    const value = Number(match[2]);
    if (!(Number.isFinite(value) && value > 0 && value <= MAX_RATE)) return `\`${entry}\`, whose rate is not a number above 0 and at most ${MAX_RATE}`;
    if (limits[label] !== undefined) return `\`${label}\` twice`;
    limits[label] = value;
  }
  return { limits, probe: auto ? RATE_LABELS.filter((label) => limits[label] === undefined) : [] };
}

const saved = z.strictObject({
  limits: z.strictObject({ LIGHT: z.number().positive(), MEDIUM: z.number().positive(), HEAVY: z.number().positive() }).partial(),
  probe: z.array(z.enum(['LIGHT', 'MEDIUM', 'HEAVY'])),
});

/**
 * `--rate` (or `CCBULK_RATE`, named by `flag`): the account's per-second limits where they are not
 * the plan's, `LABEL=N` pairs separated by commas (`LIGHT=80,MEDIUM=40`); `auto` finds the limits
 * of the labels not named by probing. Taken as text (the command line, the environment) or as a
 * journal saved it once parsed. Default none: the plan's limits, learned from Zoom's answers when
 * they carry `X-RateLimit-Limit`.
 */
export function rateOption(flag = '--rate') {
  return z.unknown().transform((value, ctx): RateSetting | undefined => {
    if (value === undefined || value === null) return undefined;
    if (typeof value === 'object') {
      const parsed = saved.safeParse(value);
      if (parsed.success) return parsed.data;
    }
    const text = typeof value === 'string' ? value : JSON.stringify(value);
    const parsed = typeof value === 'string' ? parseRateText(value) : 'not text';
    if (typeof parsed !== 'string') return parsed;
    ctx.addIssue({
      code: 'custom',
      message: `Expected \`${flag}\` to be LABEL=requests per second pairs such as LIGHT=80,MEDIUM=40 (labels ${RATE_LABELS.join(', ')}), or auto, got \`${text}\` (${parsed})`,
    });
    return z.NEVER;
  });
}

/**
 * What a command line's `--rate` stands for: the text given, else the `CCBULK_RATE` variable,
 * checked here under its own name so that an error says where the text came from (the text of
 * `--rate` is checked with the command's other options).
 */
export function rateOrEnv(given: unknown, env: NodeJS.ProcessEnv = process.env): unknown {
  if (given !== undefined) return given;
  const fromEnv = env.CCBULK_RATE?.trim();
  if (!fromEnv) return undefined;
  const parsed = rateOption('CCBULK_RATE').safeParse(fromEnv);
  if (parsed.success) return parsed.data;
  throw new CcbulkError('OPTION_INVALID', parsed.error.issues.map((issue) => issue.message).join('; '), { field: 'CCBULK_RATE' });
}
