import { z } from 'zod';
import { CcbulkError } from '../errors.js';

/**
 * Option checking in one voice: "Expected `--concurrency` to be an integer from 1 to 64, got `0`".
 * Every command parses its options once, at the edge, with a schema built from these.
 */
export function parseOptions<S extends z.ZodType>(schema: S, raw: unknown, door: OptionDoor = 'command-line'): z.infer<S> {
  const parsed = schema.safeParse(raw);
  if (parsed.success) return parsed.data;
  const first = parsed.error.issues[0]?.path[0];
  // The option named as on the command line: `concurrency` → `--concurrency`.
  const flag = first === undefined ? undefined : `--${String(first).replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`;
  const message = parsed.error.issues.map((issue) => issue.message).join('; ');
  if (door === 'command-line') throw new CcbulkError('OPTION_INVALID', message, flag === undefined ? {} : { field: flag });
  // From code, an option is named as its property: `--max-rejects` → `maxRejects`.
  const named = message.replace(/`--([a-z][a-z-]*)`/g, (_all, name: string) => `\`${name.replace(/-([a-z])/g, (_d, c: string) => c.toUpperCase())}\``);
  throw new CcbulkError('OPTION_INVALID', named, first === undefined ? {} : { field: String(first) });
}

/**
 * Who asks: a person on the command line (options named `--max-rejects`) or code — the library,
 * the page's API, a journal — naming them as properties (`maxRejects`).
 */
export type OptionDoor = 'command-line' | 'code';

/** A value given as text (the command line) or as itself (code, a journal), read as text. */
export const asText = <S extends z.ZodType>(schema: S) => z.preprocess((value) => (typeof value === 'number' ? String(value) : value), schema);

/** An integer option given as text, within bounds; `fallback` when it is not given. */
export function intOption(flag: string, min: number, max: number, fallback: number) {
  return asText(optionalIntOption(flag, min, max).transform((value) => value ?? fallback));
}

/** An integer option given as text, within bounds; `undefined` when it is not given (e.g. a seed). */
export function optionalIntOption(flag: string, min: number, max: number) {
  return z
    .string()
    .optional()
    .transform((value, ctx) => {
      if (value === undefined) return undefined;
      const n = Number(value);
      if (/^\s*-?\d+\s*$/.test(value) && n >= min && n <= max) return n;
      ctx.addIssue({ code: 'custom', message: `Expected \`${flag}\` to be an integer from ${min} to ${max}, got \`${value}\`` });
      return z.NEVER;
    });
}

/** A share (a number from 0 to 1) given as text, e.g. a fault rate; `fallback` when it is not given. */
export function shareOption(flag: string, fallback: number) {
  return z
    .string()
    .optional()
    .transform((value, ctx) => {
      if (value === undefined) return fallback;
      const n = Number(value);
      if (value.trim() !== '' && Number.isFinite(n) && n >= 0 && n <= 1) return n;
      ctx.addIssue({ code: 'custom', message: `Expected \`${flag}\` to be a number from 0 to 1, got \`${value}\`` });
      return z.NEVER;
    });
}

/** An option whose value is one of a fixed set. */
export function choiceOption<const T extends readonly [string, ...string[]]>(
  flag: string,
  choices: T,
  fallback: T[number],
  /** The choices as the message lists them, when some are not fit to print as they are (a tab). Default `choices`. */
  shown: readonly string[] = choices,
) {
  return z
    .string()
    .optional()
    .transform((value, ctx): T[number] => {
      if (value === undefined) return fallback;
      if ((choices as readonly string[]).includes(value)) return value as T[number];
      ctx.addIssue({ code: 'custom', message: `Expected \`${flag}\` to be one of ${shown.join(', ')}, got \`${value}\`` });
      return z.NEVER;
    });
}
