import { describeLimitFound, type LimitFound } from '../zoom/limits-found.js';
import type { ImportSummary } from '../writers/summary-file.js';
import { formatDuration } from './progress.js';
import { printable } from './terminal-text.js';

/** What each job writes to, in words. */
const JOB_TARGETS: Readonly<Record<string, string>> = {
  'address-book': 'address book',
  'campaign-contacts': 'campaign contact list',
  dnc: 'DNC list',
};

/** Reason kinds listed one per line before the rest are counted together. */
const MAX_REASON_LINES = 10;
/** The unmapped-columns line stays about one terminal line long. */
const MAX_UNMAPPED_CHARS = 100;

/** What an example's text says beyond its kind (`: '555-12'`), kept to a part of a line. */
function detail(kind: string, text: string): string {
  const rest = text.startsWith(kind) ? text.slice(kind.length).replace(/^[:\s]+/, '') : text;
  if (rest === '') return '';
  return `: ${rest.length > 60 ? `${rest.slice(0, 59)}…` : rest}`;
}

/** Names joined up to a readable length, then "… and N more". */
function cut(names: readonly string[]): string {
  let text = '';
  for (const [i, name] of names.entries()) {
    const next = text === '' ? name : `${text}, ${name}`;
    if (next.length > MAX_UNMAPPED_CHARS && i > 0) return `${text}, … and ${names.length - i} more (summary.json lists them all)`;
    text = next;
  }
  return text;
}

/** The short human summary printed at the end of an import. */
export function importReport(summary: ImportSummary, allowedPerSecond: number): string {
  const [id, name] = Object.values(summary.target);
  const what = JOB_TARGETS[summary.job] ?? summary.job;
  const lines = [
    `${summary.dryRun ? 'Dry run of' : 'Imported'} ${summary.input} into the ${what} '${name ?? ''}' (${id ?? ''}), --mode ${summary.mode}`,
    `  rows read   ${summary.rows}${summary.rows === 0 && !summary.resumed ? `  (${summary.input} has a header and no data rows: nothing to send)` : ''}`,
    ...(summary.items === undefined ? [] : [`  numbers     ${summary.items}  (each reported on its own line)`]),
    `  succeeded   ${summary.succeeded}${summary.dryRun ? ' (would be sent)' : ''}  → ${summary.files.results}`,
    `  rejected    ${summary.rejected}  → ${summary.files.rejects}`,
  ];
  const stages = Object.entries(summary.rejectedByStage);
  if (stages.length > 0) lines.push(`              by stage: ${stages.map(([k, v]) => `${k} ${v}`).join(', ')}`);
  if (summary.pending !== undefined) lines.push(`  pending     ${summary.pending}  (read, not sent yet: \`ccbulk resume\` sends them)`);
  // Every kind, commonest first, up to a screenful; the rest counted, never silently cut.
  const reasons = Object.entries(summary.rejectedByReason).sort((a, b) => b[1] - a[1]);
  for (const [reason, count] of reasons.slice(0, MAX_REASON_LINES)) {
    const example = summary.reasonExamples?.[reason];
    lines.push(`              ${String(count).padStart(5)} × ${reason}${example === undefined ? '' : `  (e.g. line ${example.line}${detail(reason, example.text)})`}`);
  }
  if (reasons.length > MAX_REASON_LINES) {
    const rest = reasons.slice(MAX_REASON_LINES);
    lines.push(`              … and ${rest.length} more kinds (${rest.reduce((n, [, c]) => n + c, 0)} rows): see ${summary.files.summary}`);
  }
  const sync = summary.sync;
  if (sync !== undefined) {
    // What a sync found that the file does not hold, and what became of it.
    const kept = sync.notInFile - sync.deleted;
    const notInFile = sync.files.notInFile === undefined ? '' : `  → ${sync.files.notInFile}`;
    lines.push(`  not in file ${sync.notInFile}${sync.notInFile === 0 ? '' : `: ${sync.deleted} deleted, ${kept} kept`}${notInFile}`);
  }
  if (summary.unmappedColumns.length > 0) lines.push(`  unmapped columns (not sent): ${cut(summary.unmappedColumns)}`);
  if (summary.mergedCellsFilled !== undefined) lines.push(`  merged cells: ${summary.mergedCellsFilled} empty cells took the value of the merged range they are in`);
  lines.push(
    `  ${summary.requests} API requests (${summary.retries} retries, ${summary.rateLimited} rate-limited) in ${formatDuration(summary.elapsedMs)}`,
  );
  for (const limit of summary.limitsFound ?? []) lines.push(`  The plan's limit is not the account's: ${describeLimitFound(limit as LimitFound)}`);
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
