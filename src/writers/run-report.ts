import path from 'node:path';
import { escapeHtml as h } from './html-escape.js';
import { writePrivateFile } from './private-file.js';
import { barChart, formatSeconds, timeSection } from './report-charts.js';
import type { RejectSample } from './run-series-data.js';
import type { ImportSummary } from './summary-file.js';

/** The report's file name, next to summary.json. */
export const REPORT_FILE = 'report.html';

/** What the report shows beyond summary.json. */
export interface ImportReportContext {
  /** The command that runs the same job again (no secrets: credentials come from the environment). */
  readonly commandLine: string;
  /** For a run that stopped early: the command that finishes it. */
  readonly resumeCommand?: string | undefined;
  /** The input's column names (minus ours, `_…`), for the rejected rows shown. */
  readonly header: readonly string[];
  /** The first rows rejected for each reason kind. */
  readonly samples: Readonly<Record<string, readonly RejectSample[]>>;
  /** The write operation's pace under the rate plan, for the time plan. */
  readonly rate?:
    | {
        readonly plan: string;
        readonly label: string;
        readonly requestsPerSecond: number;
        readonly batchSize: number;
        /** Creates sent one at a time beside the batches (address book creates on two lanes), per second: their label's allowance. */
        readonly singlesPerSecond?: number | undefined;
      }
    | undefined;
  /** When the report was made. Default now. */
  readonly now?: Date | undefined;
}

/** The run's outcome in one word, as the report's heading and the web UI's run list show it. */
export function outcomeOf(summary: ImportSummary): 'checked' | 'stopped' | 'succeeded' | 'finished with rejects' | 'unchanged' {
  if (summary.pending !== undefined || summary.stoppedBy !== undefined) return 'stopped';
  if (summary.dryRun) return 'checked';
  if (summary.rows === 0) return 'unchanged';
  return summary.rejected > 0 ? 'finished with rejects' : 'succeeded';
}

/** Writes report.html (mode 0600: it shows rejected rows) into `outDir`. */
export async function writeImportReport(outDir: string, summary: ImportSummary, context: ImportReportContext): Promise<string> {
  const file = path.join(outDir, REPORT_FILE);
  await writePrivateFile(file, renderImportReport(summary, context));
  return file;
}

/**
 * report.html of an import: one self-contained page (inline CSS and SVG, no script, no request
 * anywhere), readable offline and printable. Every string from the run is escaped. Numbers
 * that come from summary.json carry `data-field="<its key>"`, so a test (or a script) can
 * check them against it.
 */
export function renderImportReport(summary: ImportSummary, context: ImportReportContext): string {
  const outcome = outcomeOf(summary);
  const title = `ccbulk ${summary.job} ${summary.mode}${summary.dryRun ? ' (dry run)' : ''}: ${outcome}`;
  const target = Object.entries(summary.target)
    .map(([k, v]) => `${h(k)} <b>${h(v)}</b>`)
    .join(', ');
  const sections = [
    `<header><h1>${h(title)}</h1><p>Input <code>${h(summary.input)}</code> → ${target}</p>` +
      (summary.stoppedBy === undefined ? '' : `<p class="warn">Stopped: ${h(summary.stoppedBy)}</p>`) +
      '</header>',
    outcomeSection(summary),
    rejectsSection(summary, context),
    timeSection(summary.series, summary.latency, 'rows finished'),
    planSection(summary, context),
    commandSection(context),
  ];
  return page(title, sections.join('\n'), context.now ?? new Date());
}

function outcomeSection(s: ImportSummary): string {
  const cells: [string, string, number | undefined][] = [
    ['rows', 'Rows read', s.rows],
    ['items', 'Items (numbers)', s.items],
    ['succeeded', s.dryRun ? 'Would succeed' : 'Succeeded', s.succeeded],
    ['rejected', 'Rejected', s.rejected],
    ['pending', 'Pending (resume sends them)', s.pending],
    ['requests', 'Requests', s.requests],
    ['rateLimited', '429 answers', s.rateLimited],
    ['retries', 'Retries', s.retries],
  ];
  const items = cells
    .filter(([, , v]) => v !== undefined)
    .map(([key, label, v]) => `<div class="stat stat-${key}"><dt>${label}</dt><dd data-field="${key}">${v}</dd></div>`)
    .join('');
  return `<section><h2>Outcome</h2><dl class="stats">${items}<div class="stat"><dt>Time</dt><dd data-field="elapsedMs" data-value="${s.elapsedMs}">${formatSeconds(s.elapsedMs / 1000)}</dd></div></dl>${
    s.unmappedColumns.length === 0 ? '' : `<p>Columns not used: ${s.unmappedColumns.map((c) => `<code>${h(c)}</code>`).join(', ')}</p>`
  }</section>`;
}

function rejectsSection(s: ImportSummary, context: ImportReportContext): string {
  if (s.rejected === 0) return '<section><h2>Rejected rows</h2><p>None.</p></section>';
  const byStage = Object.entries(s.rejectedByStage).map(([label, value]) => ({ label, value }));
  const byReason = Object.entries(s.rejectedByReason).map(([label, value]) => ({ label, value }));
  const kinds = Object.entries(s.rejectedByReason).sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
  const details = kinds
    .map(([kind, count]) => {
      const samples = context.samples[kind] ?? [];
      const rows = samples
        .map(
          (r) =>
            `<tr><td>${h(r.line)}</td><td>${h(r.stage)}</td><td>${r.reasons.map((t) => h(t)).join('<br>')}</td><td class="cells">${r.cells
              .map((c, i) => (c === '' ? '' : `<span><i>${h(context.header[i] ?? `column ${i + 1}`)}</i> ${h(c)}</span>`))
              .join(' ')}</td></tr>`,
        )
        .join('');
      const table =
        rows === ''
          ? '<p>(rejected in the run this one resumes: see rejects.csv)</p>'
          : `<table><thead><tr><th scope="col">Line</th><th scope="col">Stage</th><th scope="col">Reasons</th><th scope="col">Row</th></tr></thead><tbody>${rows}</tbody></table>`;
      const more = count > samples.length && samples.length > 0 ? `<p>…and ${count - samples.length} more in rejects.csv.</p>` : '';
      return `<details open><summary>${h(kind)} <span data-reason="${h(kind)}">${count}</span></summary>${table}${more}</details>`;
    })
    .join('\n');
  return (
    `<section><h2>Rejected rows</h2><p>Every rejected row is in <code>rejects.csv</code> with its line and reasons; fix them there and import that file.</p>` +
    `<h3>By stage</h3>${barChart('Rejected rows by stage', byStage)}<h3>By reason</h3>${barChart('Rejected rows by reason kind', byReason)}` +
    `<h3>First rows of each reason</h3>${details}</section>`
  );
}


function planSection(s: ImportSummary, context: ImportReportContext): string {
  const rate = context.rate;
  const rows: string[] = [];
  if (s.dryRun) {
    rows.push(`<tr><th scope="row">Write requests the real run sends</th><td data-field="plannedWrites">${s.plannedWrites ?? 0}</td></tr>`);
    if (s.lookups !== undefined) rows.push(`<tr><th scope="row">Look-up requests (made in this check too)</th><td data-field="lookups.requests">${s.lookups.requests}</td></tr>`);
    if (rate !== undefined) {
      const seconds = (s.plannedWrites ?? 0) / rate.requestsPerSecond;
      rows.push(
        `<tr><th scope="row">Time the writes take at the ${h(rate.plan)} plan's ${h(rate.label)} rate (${rate.requestsPerSecond}/s, ${rate.batchSize} per request)</th><td>about ${formatSeconds(seconds)}</td></tr>`,
      );
    }
    rows.push(`<tr><th scope="row">This check took</th><td>${formatSeconds(s.elapsedMs / 1000)}</td></tr>`);
    return `<section><h2>Plan</h2><p>A dry run writes nothing: this is what the real run would do.</p><table>${rows.join('')}</table></section>`;
  }
  if (rate === undefined) return '';
  const sent = itemsSent(s);
  // Like with like: the items every leg sent, at every lane's rate, beside every leg's time.
  const perSecond = rate.batchSize * rate.requestsPerSecond + (rate.singlesPerSecond ?? 0);
  const ideal = sent === 0 ? 0 : sent / perSecond;
  const legs = s.legs === undefined ? '' : ` (all ${s.legs} legs)`;
  const lanes = rate.singlesPerSecond === undefined ? '' : `, and ${rate.singlesPerSecond} single creates/s beside them`;
  return (
    `<section><h2>Plan and what happened</h2><table>` +
    `<tr><th scope="row">Rate: the ${h(rate.plan)} plan's ${h(rate.label)} limit</th><td>${rate.requestsPerSecond} requests/s, ${rate.batchSize} items per request${lanes}</td></tr>` +
    `<tr><th scope="row">Fastest possible for the <span data-field="itemsSent">${sent}</span> items sent${legs}</th><td data-field="fastestMs" data-value="${Math.round(ideal * 1000)}">about ${formatSeconds(ideal)}</td></tr>` +
    `<tr><th scope="row">Took${legs === '' ? '' : `${legs.slice(0, -1)}, not the time between them)`}</th><td>${formatSeconds(s.elapsedMs / 1000)}</td></tr>` +
    `</table></section>`
  );
}

/**
 * Items that went to the API in write requests, in every leg: those that succeeded or that the
 * API refused — not rows refused before sending (parse, validation, duplicates, DNC), nor a
 * sync's unchanged contacts, which needed no request.
 */
function itemsSent(s: ImportSummary): number {
  return Math.max(0, s.succeeded + (s.rejectedByStage['api'] ?? 0) - (s.sync?.unchanged ?? 0));
}

function commandSection(context: ImportReportContext): string {
  return (
    `<section><h2>Run it again</h2><pre><code>${h(context.commandLine)}</code></pre>` +
    (context.resumeCommand === undefined ? '' : `<p>Finish this run:</p><pre><code>${h(context.resumeCommand)}</code></pre>`) +
    '<p>Credentials come from the environment (ZOOM_ACCOUNT_ID, ZOOM_CLIENT_ID, ZOOM_CLIENT_SECRET); none is in this page.</p></section>'
  );
}

/**
 * The page around the sections: inline CSS only, and a policy that forbids loading anything.
 * `privacy` is the footer's word on what the file holds (default: an import's rows).
 */
export function page(title: string, body: string, now: Date, privacy = 'This file holds rows of the input: keep it as private as the input.'): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${h(title)}</title>
<style>${REPORT_CSS}</style>
</head>
<body>
<main>
${body}
<footer><p>Made by ccbulk on ${h(now.toISOString())}. ${h(privacy)}</p></footer>
</main>
</body>
</html>
`;
}

/** The report's styles, shared with the web UI (which shows the same report). */
export const REPORT_CSS = `
body { font-family: system-ui, sans-serif; color: #1a1a1a; background: #fff; margin: 0; line-height: 1.45; }
main { max-width: 60rem; margin: 0 auto; padding: 1rem 1.5rem 3rem; }
h1 { font-size: 1.5rem; } h2 { font-size: 1.2rem; border-bottom: 1px solid #ccc; padding-bottom: .2rem; margin-top: 2rem; }
h3 { font-size: 1rem; }
code, pre { font-family: ui-monospace, monospace; } pre { background: #f4f4f4; padding: .6rem; overflow-x: auto; white-space: pre-wrap; word-break: break-all; }
.stats { display: flex; flex-wrap: wrap; gap: .6rem; margin: 0; }
.stat { border: 1px solid #ccc; border-radius: 4px; padding: .4rem .8rem; min-width: 7rem; }
.stat dt { font-size: .8rem; color: #444; } .stat dd { margin: 0; font-size: 1.4rem; font-weight: 600; }
.stat-succeeded dd { color: #1b5e20; } .stat-rejected dd { color: #b3261e; } .stat-pending dd { color: #8a4b00; }
.warn { color: #8a4b00; font-weight: 600; }
table { border-collapse: collapse; margin: .5rem 0; } th, td { border: 1px solid #ccc; padding: .25rem .5rem; text-align: left; vertical-align: top; }
td.cells span { display: inline-block; margin-right: .6rem; } td.cells i { color: #444; font-style: normal; font-size: .8rem; }
details { margin: .4rem 0; } summary { cursor: pointer; font-weight: 600; }
.chart { max-width: 100%; height: auto; }
.legend .key { display: inline-block; width: 1.2rem; height: .7rem; margin: 0 .3rem 0 .8rem; vertical-align: middle; }
.key.rows { background: #2f5d8a; } .key.requests { background: #6a3d9a; } .key.wait { background: #f3e3c3; border: 1px solid #ccc; }
.key.r429 { background: #b3261e; width: .3rem; } .key.retry { background: #b35c00; width: .3rem; }
footer { margin-top: 2rem; color: #444; font-size: .85rem; }
@media print { main { max-width: none; } details { break-inside: avoid; } details > * { display: block; } pre { white-space: pre-wrap; } }
`;
