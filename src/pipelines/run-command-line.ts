/** Options of a job that the command line spells, by the option's name in the job's options. */
const FLAGS: readonly (readonly [key: string, flag: string])[] = [
  ['book', '--book'],
  ['list', '--list'],
  ['mode', '--mode'],
  ['scrubDnc', '--scrub-dnc'],
  ['columns', '--column'],
  ['country', '--country'],
  ['sheet', '--sheet'],
  ['encoding', '--encoding'],
  ['delimiter', '--delimiter'],
  ['plan', '--plan'],
  ['concurrency', '--concurrency'],
];

/**
 * The `ccbulk import …` command that runs a job again with the same options, for the report.
 * Only the options named above are spelled (a whitelist: nothing else of the options object, and
 * never a credential, which comes from the environment). `mapFile` is where the job's `--map`
 * was saved, if it had one.
 */
export function commandLineOf(job: string, options: Readonly<Record<string, unknown>>, mapFile?: string): string {
  const words = ['ccbulk', 'import', job, String(options.file ?? '')];
  for (const [key, flag] of FLAGS) {
    const value = options[key];
    if (value === undefined || value === null) continue;
    for (const item of Array.isArray(value) ? value : [value]) words.push(flag, String(item));
  }
  if (mapFile !== undefined) words.push('--map', mapFile);
  if (options.dryRun === true) words.push('--dry-run');
  return words.map(shellWord).join(' ');
}

/** A word as a POSIX shell reads it back: bare when safe, else single-quoted. */
export function shellWord(text: string): string {
  return /^[\w./:@%+=,-]+$/.test(text) ? text : `'${text.replace(/'/g, "'\\''")}'`;
}
