import type { Command } from 'commander';
import { runDemo } from '../pipelines/demo.js';

/** `ccbulk demo`: the main job against the built-in emulator, nothing to configure. */
export function registerDemoCommand(program: Command): void {
  program
    .command('demo')
    .description('Run the main job against the built-in emulator (no Zoom account needed)')
    .option('--json', 'print the report as JSON')
    .action(async (options: { json?: boolean }) => {
      const report = await runDemo();
      if (options.json) {
        process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
        return;
      }
      const lines = [
        `Emulator: ${report.apiUrl} (in-process, stopped when the demo ends)`,
        `Created unit ${report.unitId} and address book ${report.addressBookId}.`,
        `Batch create: ${report.sent} contacts sent, ${report.created.length} created, ${report.refused.length} refused.`,
        ...report.created.map((c) => `  created  ${c.contactId}  ${c.displayName}`),
        ...report.refused.map((c) => `  refused  ${c.displayName}: ${c.reasons.join('; ')}`),
        `The address book now holds ${report.inBook} contacts.`,
        `${report.requests} API requests, ${report.tokenFetches} OAuth token fetch.`,
      ];
      process.stdout.write(`${lines.join('\n')}\n`);
    });
}
