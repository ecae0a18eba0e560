import type { Command } from 'commander';
import { runDoctor, type DoctorReport, type DoctorStatus } from '../pipelines/doctor.js';
import { EXIT } from './fail.js';

const MARK: Readonly<Record<DoctorStatus, string>> = { ok: 'ok  ', warn: 'warn', fail: 'FAIL', skipped: 'skip' };

/** The report as a person reads it (and pastes into a support ticket): no secret is in it. */
export function formatDoctorReport(report: DoctorReport): string {
  const lines: string[] = ['Settings'];
  for (const s of report.settings) lines.push(`  ${s.name.padEnd(19)} ${s.from}${s.value === undefined ? '' : `: ${s.value}`}`);
  lines.push('', `[${MARK[report.node.status]}] ${report.node.detail}`);
  lines.push(`[${MARK[report.oauth.status]}] OAuth ${report.oauth.url}: ${report.oauth.detail}`);
  if (report.scopes.length > 0) {
    lines.push('', 'Scopes (each operation needs one of its scopes, granular or classic)');
    for (const row of report.scopes) {
      lines.push(`  ${row.state.padEnd(7)} ${row.job.padEnd(17)} ${row.operation.padEnd(45)} ${[...row.granular, ...row.classic].join(' or ')}`);
    }
    if (report.scopes.some((r) => r.state === 'missing')) {
      lines.push("  Add the missing ones on the app's Scopes page on the Zoom App Marketplace: Manage → your app → Scopes");
    }
  }
  if (report.reads.length > 0) lines.push('', 'Reads');
  for (const r of report.reads) {
    const headers = Object.entries(r.rateLimit).map(([k, v]) => `${k}: ${v}`).join(', ');
    lines.push(`[${MARK[r.status]}] ${r.target} (${r.operation}): ${r.detail}${headers === '' ? '' : ` — ${headers}`}`);
  }
  lines.push('', `[${MARK[report.plan.status]}] plan: ${report.plan.detail}`);
  lines.push(`[${MARK[report.clock.status]}] clock: ${report.clock.detail}`);
  lines.push(`[${MARK[report.proxy.status]}] proxy: ${report.proxy.detail}`);
  lines.push('', report.ok ? 'All is well.' : 'Something needs attention (FAIL or missing above).');
  return `${lines.join('\n')}\n`;
}

/** Adds `ccbulk doctor`: checks the settings, the account and the way to it before a first run. */
export function registerDoctorCommand(program: Command): void {
  program
    .command('doctor')
    .description('check settings, OAuth, scopes per job, one read of each target kind, rate-limit headers, clock and proxy (exit 0 when all is well)')
    .option('--json', 'print the report as JSON')
    .action(async (options: { json?: boolean }) => {
      const report = await runDoctor();
      process.stdout.write(options.json === true ? `${JSON.stringify(report, null, 2)}\n` : formatDoctorReport(report));
      process.exitCode = report.ok ? EXIT.ok : EXIT.fatal;
    });
}
