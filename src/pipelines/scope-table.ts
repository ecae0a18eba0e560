import { scopesOf } from '../zoom/scopes.js';
import { everyOperationOf, JOB_NAMES } from './jobs.js';

/**
 * The README's table of the scopes to tick for each import job, made from the job registry and
 * the spec (scripts/gen-readme-scopes.mjs writes it; test/cli/readme.test.ts checks it is current).
 * One row per job: every granular scope its operations need, and the classic ones that would do
 * instead.
 */
export function scopeTableMarkdown(): string {
  const rows = JOB_NAMES.map((job) => {
    const needed = everyOperationOf(job).map(scopesOf);
    const granular = [...new Set(needed.flatMap((n) => n.granular))].sort();
    const classic = [...new Set(needed.flatMap((n) => n.classic))].sort();
    return `| \`ccbulk import ${job}\` | ${granular.map((s) => `\`${s}\``).join('<br>')} | ${classic.map((s) => `\`${s}\``).join('<br>')} |`;
  });
  return ['| job | granular scopes | or these classic scopes |', '| --- | --- | --- |', ...rows].join('\n');
}
