import type { ImportSummary } from '../writers/summary-file.js';
import { formatDuration } from './progress.js';
import { printable } from './terminal-text.js';

/** What each job writes to, in words. */
const JOB_TARGETS: Readonly<Record<string, string>> = {
  'address-book': 'address book',
  'campaign-contacts': 'campaign contact list',
  dnc: 'DNC list',
};

/** The short human summary printed at the end of an import. */
export function importReport(summary: ImportSummary, allowedPerSecond: number): string {
  const [id, name] = Object.values(summary.target);
  const what = JOB_TARGETS[summary.job] ?? summary.job;
  const lines = [
    `${summary.dryRun ? 'Dry run of' : 'Imported'} ${summary.input} into the ${what} '${name ?? ''}' (${id ?? ''}), --mode ${summary.mode}`,
    `  rows read   ${summary.rows}`,
    ...(summary.items === undefined ? [] : [`  numbers     ${summary.items}  (each reported on its own line)`]),
    `  succeeded   ${summary.succeeded}${summary.dryRun ? ' (would be sent)' : ''}  → ${summary.files.results}`,
    `  rejected    ${summary.rejected}  → ${summary.files.rejects}`,
  ];
  const stages = Object.entries(summary.rejectedByStage);
  if (stages.length > 0) lines.push(`              by stage: ${stages.map(([k, v]) => `${k} ${v}`).join(', ')}`);
  const reasons = Object.entries(summary.rejectedByReason).sort((a, b) => b[1] - a[1]).slice(0, 5);
  for (const [reason, count] of reasons) lines.push(`              ${String(count).padStart(5)} × ${reason}`);
  if (summary.unmappedColumns.length > 0) lines.push(`  unmapped columns (not sent): ${summary.unmappedColumns.join(', ')}`);
  lines.push(
    `  ${summary.requests} API requests (${summary.retries} retries, ${summary.rateLimited} rate-limited) in ${formatDuration(summary.elapsedMs)}`,
  );
  if (summary.dryRun && summary.plannedWrites !== undefined) {
    const lookups = summary.lookups?.requests ?? 0;
    const total = summary.plannedWrites + lookups;
    lines.push(
      `  Nothing was written. The real run needs about ${total} requests (${summary.plannedWrites} writes, ${lookups} look-ups): ` +
        `${formatDuration((total / allowedPerSecond) * 1000)} at ${allowedPerSecond} requests/s.`,
    );
  }
  if (summary.stoppedBy !== undefined) lines.push(`  Stopped early: ${summary.stoppedBy}`);
  lines.push(`Summary: ${summary.files.summary}`);
  // Names of files, sheets, columns and reasons come from the input and from Zoom.
  return printable(lines.join('\n'));
}
