import { escapeHtml } from './html-escape.js';
import type { LatencySummary, RunSeries } from './run-series-data.js';

/** One bar of a bar chart. */
export interface Bar {
  readonly label: string;
  readonly value: number;
}

const FONT = 'font-family="system-ui, sans-serif" font-size="12"';

/**
 * A horizontal bar chart as inline SVG, biggest first: one row per label, the count at the
 * bar's end. Labels are escaped (reason kinds can quote the input). The SVG has a title and a
 * description for screen readers, and every bar a tooltip.
 */
export function barChart(title: string, bars: readonly Bar[]): string {
  const sorted = [...bars].sort((a, b) => b.value - a.value || a.label.localeCompare(b.label));
  const max = Math.max(1, ...sorted.map((b) => b.value));
  const labelWidth = 290;
  const barWidth = 360;
  const rowHeight = 22;
  const height = Math.max(1, sorted.length) * rowHeight + 8;
  const rows = sorted.map((bar, i) => {
    const y = 4 + i * rowHeight;
    const w = Math.max(1, Math.round((bar.value / max) * barWidth));
    const label = escapeHtml(truncate(bar.label, 40));
    return (
      `<g><title>${escapeHtml(bar.label)}: ${bar.value}</title>` +
      `<text x="${labelWidth - 8}" y="${y + 15}" text-anchor="end" ${FONT} fill="#1a1a1a">${label}</text>` +
      `<rect x="${labelWidth}" y="${y + 3}" width="${w}" height="${rowHeight - 6}" fill="#2f5d8a"/>` +
      `<text x="${labelWidth + w + 6}" y="${y + 15}" ${FONT} fill="#1a1a1a">${bar.value}</text></g>`
    );
  });
  const width = labelWidth + barWidth + 60;
  const description = sorted.map((b) => `${b.label}: ${b.value}`).join('; ');
  return (
    `<svg class="chart" role="img" viewBox="0 0 ${width} ${height}" width="${width}" height="${height}" xmlns="http://www.w3.org/2000/svg">` +
    `<title>${escapeHtml(title)}</title><desc>${escapeHtml(description)}</desc>${rows.join('')}</svg>`
  );
}

/**
 * The run's throughput over time as inline SVG: items finished per second and requests per
 * second as two lines, 429s as red marks and retries as orange marks under the axis, and
 * buckets in which the client waited (429s, backoffs) shaded.
 */
export function throughputChart(series: RunSeries): string {
  const width = 720;
  const height = 240;
  const left = 48;
  const right = 12;
  const top = 12;
  const bottom = 52;
  const plotW = width - left - right;
  const plotH = height - top - bottom;
  const seconds = series.bucketMs / 1000;
  const n = Math.max(1, series.buckets.length);
  const rows = series.buckets.map((b) => b.done / seconds);
  const requests = series.buckets.map((b) => b.requests / seconds);
  const max = niceCeiling(Math.max(1, ...rows, ...requests));
  const x = (i: number) => left + (n === 1 ? plotW / 2 : (i / (n - 1)) * plotW);
  const y = (v: number) => top + plotH - (v / max) * plotH;
  const line = (values: number[]) => values.map((v, i) => `${i === 0 ? 'M' : 'L'}${x(i).toFixed(1)},${y(v).toFixed(1)}`).join(' ');
  const step = plotW / n;
  const parts: string[] = [];
  for (const [i, b] of series.buckets.entries()) {
    const at = `${formatSeconds(b.t / 1000)}`;
    if (b.waitMs > 0) {
      parts.push(`<rect x="${(x(i) - step / 2).toFixed(1)}" y="${top}" width="${step.toFixed(1)}" height="${plotH}" fill="#f3e3c3"><title>${at}: waited ${b.waitMs} ms</title></rect>`);
    }
    if (b.rateLimited > 0) {
      parts.push(`<rect x="${(x(i) - 2).toFixed(1)}" y="${top + plotH + 6}" width="4" height="10" fill="#b3261e"><title>${at}: ${b.rateLimited} × 429</title></rect>`);
    }
    if (b.retries > 0) {
      parts.push(`<rect x="${(x(i) - 2).toFixed(1)}" y="${top + plotH + 18}" width="4" height="10" fill="#b35c00"><title>${at}: ${b.retries} retries</title></rect>`);
    }
  }
  const grid = [0, 0.5, 1].map((f) => {
    const v = max * f;
    return `<line x1="${left}" x2="${width - right}" y1="${y(v)}" y2="${y(v)}" stroke="#ccc"/><text x="${left - 6}" y="${y(v) + 4}" text-anchor="end" ${FONT} fill="#1a1a1a">${formatNumber(v)}</text>`;
  });
  const total = (series.buckets.length * series.bucketMs) / 1000;
  const axis =
    `<text x="${left}" y="${height - 8}" ${FONT} fill="#1a1a1a">0 s</text>` +
    `<text x="${width - right}" y="${height - 8}" text-anchor="end" ${FONT} fill="#1a1a1a">${formatSeconds(total)}</text>` +
    `<text x="${left - 6}" y="${top + plotH + 15}" text-anchor="end" ${FONT} fill="#b3261e">429</text>` +
    `<text x="${left - 6}" y="${top + plotH + 27}" text-anchor="end" ${FONT} fill="#b35c00">retry</text>`;
  const description = `Over ${formatSeconds(total)} in buckets of ${formatSeconds(seconds)}: at most ${formatNumber(Math.max(0, ...rows))} rows/s and ${formatNumber(Math.max(0, ...requests))} requests/s.`;
  return (
    `<svg class="chart" role="img" viewBox="0 0 ${width} ${height}" width="${width}" height="${height}" xmlns="http://www.w3.org/2000/svg">` +
    `<title>Throughput over time</title><desc>${escapeHtml(description)}</desc>` +
    parts.join('') +
    grid.join('') +
    `<path d="${line(rows)}" fill="none" stroke="#2f5d8a" stroke-width="2"/>` +
    `<path d="${line(requests)}" fill="none" stroke="#6a3d9a" stroke-width="2" stroke-dasharray="5 3"/>` +
    axis +
    '</svg>'
  );
}

/**
 * The run's request latency as a one-row table; each number carries `data-field="latency.<key>"`
 * so a test can check it against the summary the run printed.
 */
export function latencyTable(l: LatencySummary): string {
  return (
    `<h3>Request latency</h3><table class="latency"><thead><tr><th scope="col">Answers</th><th scope="col">p50</th><th scope="col">p95</th><th scope="col">max</th><th scope="col">No answer</th></tr></thead>` +
    `<tbody><tr><td data-field="latency.count">${l.count}</td><td data-field="latency.p50Ms" data-value="${l.p50Ms}">${formatNumber(l.p50Ms)} ms</td><td data-field="latency.p95Ms" data-value="${l.p95Ms}">${formatNumber(l.p95Ms)} ms</td>` +
    `<td data-field="latency.maxMs" data-value="${l.maxMs}">${formatNumber(l.maxMs)} ms</td><td data-field="latency.unanswered">${l.unanswered}</td></tr></tbody></table>`
  );
}

/** A round number at or above `v` for an axis's top (1, 2, 5 × 10^n). */
function niceCeiling(v: number): number {
  const power = 10 ** Math.floor(Math.log10(v));
  for (const m of [1, 2, 5, 10]) if (m * power >= v) return m * power;
  return 10 * power;
}

/** A rate or count for an axis: whole numbers above 10, one decimal below. */
export function formatNumber(v: number): string {
  return v >= 10 ? String(Math.round(v)) : String(Math.round(v * 10) / 10);
}

/** A duration in seconds as people read it: `42 s`, `3 min 5 s`, `2 h 4 min`. */
export function formatSeconds(s: number): string {
  if (s < 60) return `${formatNumber(s)} s`;
  if (s < 3600) return `${Math.floor(s / 60)} min ${Math.round(s % 60)} s`;
  return `${Math.floor(s / 3600)} h ${Math.round((s % 3600) / 60)} min`;
}

function truncate(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}

/**
 * The "Over time" section of a report: the throughput chart with its legend (`rowsWhat`: what a
 * row's count means, "rows finished" for an import, "rows written" for an export), and latency.
 */
export function timeSection(series: RunSeries | undefined, latency: LatencySummary | undefined, rowsWhat: string): string {
  const parts: string[] = ['<section><h2>Over time</h2>'];
  if (series !== undefined && series.buckets.length > 0) {
    parts.push(
      throughputChart(series),
      `<p class="legend"><span class="key rows"></span> ${escapeHtml(rowsWhat)} per second <span class="key requests"></span> requests per second ` +
        '<span class="key wait"></span> waiting (429s, backoffs) <span class="key r429"></span> 429 <span class="key retry"></span> retry</p>',
    );
  } else {
    parts.push('<p>No time line was recorded.</p>');
  }
  if (latency !== undefined) parts.push(latencyTable(latency));
  parts.push('</section>');
  return parts.join('');
}
