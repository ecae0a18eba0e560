import type { Command } from 'commander';
import { shellWord } from '../pipelines/run-command-line.js';

/**
 * Flags never spelled back: `--redis` takes a URL that may hold a password (and defaults to
 * REDIS_URL, so leaving it out runs the same way where the job is set up).
 */
const SECRET_FLAGS = new Set(['--redis']);

/**
 * The command line that runs `command` again as the person typed it, for a report: the command's
 * path (`ccbulk export dnc`) and every option given on the command line (commander's value source
 * `cli`, so defaults are not spelled), shell-quoted — except {@link SECRET_FLAGS}. Credentials are
 * never options: they come from the environment.
 */
export function commandLineOf(command: Command): string {
  const names: string[] = [];
  for (let at: Command | null = command; at !== null; at = at.parent) names.unshift(at.parent === null ? 'ccbulk' : at.name());
  const values = command.opts();
  const words = [...names];
  for (const option of command.options) {
    const key = option.attributeName();
    const flag = option.long ?? option.short;
    if (flag === undefined || SECRET_FLAGS.has(flag) || command.getOptionValueSource(key) !== 'cli') continue;
    const value: unknown = values[key];
    if (option.negate || value === true) words.push(flag);
    else if (typeof value === 'string') words.push(flag, value);
    else if (Array.isArray(value)) for (const item of value) words.push(flag, String(item));
  }
  return words.map(shellWord).join(' ');
}
