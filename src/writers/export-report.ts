import { escapeHtml as h } from './html-escape.js';
import { exportReportPath } from './export-path.js';
import { writePrivateFile } from './private-file.js';
import { formatSeconds, timeSection } from './report-charts.js';
import { page } from './run-report.js';
import type { LatencySummary, RunSeries } from './run-series-data.js';

/**
 * What an export's report shows: the export's summary as `--json` prints it (the pipeline's
 * `ExportSummary` extends this with the report's path; writers do not import pipelines).
 */
export interface ExportReportFacts {
  readonly job: string;
  readonly target: Readonly<Record<string, string>>;
  readonly file: string;
  /** Rows written, all sheets together. */
  readonly rows: number;
  /** Rows per sheet. */
  readonly sheets: Readonly<Record<string, number>>;
  readonly requests: number;
  readonly retries: number;
  readonly rateLimited: number;
  readonly elapsedMs: number;
  /** Older exports of the same template deleted by `--keep`. */
  readonly deleted: readonly string[];
  /** Listings started over after their page token expired (no row is written twice). */
  readonly listingRestarts: number;
  /** Rows written and requests, second by second, with 429s and retries (as an import's summary.json has it). */
  readonly series?: RunSeries | undefined;
  /** How long the API took to answer; absent when no request was made. */
  readonly latency?: LatencySummary | undefined;
}

/** What the report shows beyond the summary. */
export interface ExportReportContext {
  /** The command that runs the same export again, when known (no secrets: see `exportCommandLine`). */
  readonly commandLine?: string | undefined;
  /** When the report was made. Default now. */
  readonly now?: Date | undefined;
}

/** Writes `<file>.report.html` (mode 0600, like the export) beside the export and returns its path. */
export async function writeExportReport(facts: ExportReportFacts, context: ExportReportContext): Promise<string> {
  const file = exportReportPath(facts.file);
  await writePrivateFile(file, renderExportReport(facts, context));
  return file;
}

/**
 * The report of an export: one self-contained page like an import's report.html (inline CSS and
 * SVG, no script, no request), with the rows written per sheet, the time line of rows written and
 * requests per second with their 429s and retries, the latency, and the command that runs it
 * again. It holds no row of the export, only counts and names. Numbers from the summary carry
 * `data-field="<its key>"`.
 */
export function renderExportReport(facts: ExportReportFacts, context: ExportReportContext): string {
  const title = `ccbulk export ${facts.job}: ${facts.rows} rows written`;
  const target = Object.entries(facts.target)
    .map(([k, v]) => `${h(k)} <b>${h(v)}</b>`)
    .join(', ');
  const sections = [
    `<header><h1>${h(title)}</h1><p>${target} → <code data-field="file">${h(facts.file)}</code></p></header>`,
    outcomeSection(facts),
    timeSection(facts.series, facts.latency, 'rows written'),
    commandSection(context),
  ];
  return page(title, sections.join('\n'), context.now ?? new Date(), 'It holds counts and names, no row of the export.');
}

function outcomeSection(s: ExportReportFacts): string {
  const cells: [string, string, number][] = [
    ['rows', 'Rows written', s.rows],
    ['requests', 'Requests', s.requests],
    ['rateLimited', '429 answers', s.rateLimited],
    ['retries', 'Retries', s.retries],
  ];
  const stats = cells.map(([key, label, v]) => `<div class="stat stat-${key}"><dt>${label}</dt><dd data-field="${key}">${v}</dd></div>`).join('');
  const sheets = Object.entries(s.sheets);
  const sheetTable =
    sheets.length <= 1
      ? ''
      : `<h3>Rows per sheet</h3><table><thead><tr><th scope="col">Sheet</th><th scope="col">Rows</th></tr></thead><tbody>${sheets
          .map(([name, rows]) => `<tr><td>${h(name)}</td><td data-sheet="${h(name)}">${rows}</td></tr>`)
          .join('')}</tbody></table>`;
  const notes = [
    s.listingRestarts === 0 ? '' : `<p>The listing started over <span data-field="listingRestarts">${s.listingRestarts}</span> time(s) after its page token expired; no row was written twice.</p>`,
    s.deleted.length === 0 ? '' : `<p>Older exports deleted by <code>--keep</code>: ${s.deleted.map((f) => `<code>${h(f)}</code>`).join(', ')}</p>`,
  ].join('');
  return (
    `<section><h2>Outcome</h2><dl class="stats">${stats}<div class="stat"><dt>Time</dt><dd data-field="elapsedMs" data-value="${s.elapsedMs}">${formatSeconds(s.elapsedMs / 1000)}</dd></div></dl>` +
    `${sheetTable}${notes}</section>`
  );
}


function commandSection(context: ExportReportContext): string {
  if (context.commandLine === undefined) return '';
  return (
    `<section><h2>Run it again</h2><pre><code>${h(context.commandLine)}</code></pre>` +
    '<p>Credentials come from the environment (ZOOM_ACCOUNT_ID, ZOOM_CLIENT_ID, ZOOM_CLIENT_SECRET), and <code>--redis</code> from REDIS_URL; none is in this page.</p></section>'
  );
}
