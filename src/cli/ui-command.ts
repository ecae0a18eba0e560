import type { Command } from 'commander';
import { z } from 'zod';
import { setUpDemo } from './demo-run.js';
import { clientFor } from './import-common.js';
import { parseOptions } from './options.js';

const uiSchema = z.object({
  /** `--emulator`: the built-in emulator with the demo's empty book and lists. Default false. */
  emulator: z.boolean().default(false),
  /** `--dir`: the UI's working folder. Default ./ccbulk-ui. */
  dir: z.string().min(1).default('ccbulk-ui'),
  /** `--port`: port on 127.0.0.1, 0 for any free one. Default 0. */
  port: z.coerce
    .number({ error: (issue) => `Expected \`--port\` to be an integer from 0 to 65535, got \`${String(issue.input)}\`` })
    .int({ error: (issue) => `Expected \`--port\` to be an integer from 0 to 65535, got \`${String(issue.input)}\`` })
    .min(0, { error: (issue) => `Expected \`--port\` to be an integer from 0 to 65535, got \`${String(issue.input)}\`` })
    .max(65535, { error: (issue) => `Expected \`--port\` to be an integer from 0 to 65535, got \`${String(issue.input)}\`` })
    .default(0),
});

/**
 * `ccbulk ui`: the web page on 127.0.0.1 that runs the same jobs step by step. Prints a URL with a
 * one-time token and serves until Ctrl-C; with `--emulator`, against the built-in emulator and
 * the demo's book and lists, as `ccbulk demo` does.
 */
export function registerUiCommand(program: Command): void {
  program
    .command('ui')
    .description('A web page on 127.0.0.1 to import step by step (upload, mapping, check, run, report) and to export')
    .option('--emulator', 'use the built-in emulator with demo data (no Zoom account needed)')
    .option('--dir <dir>', "the UI's working folder: uploads and every run's out folder (default ./ccbulk-ui)")
    .option('--port <n>', 'port on 127.0.0.1 (default any free one)')
    .action(async (raw: Record<string, unknown>) => {
      const options = parseOptions(uiSchema, raw);
      const demo = options.emulator ? await setUpDemo() : undefined;
      const client = demo?.client ?? clientFor('business', 8);
      // Loaded here, not with the command line: the UI brings exceljs (its sheet picker), which
      // costs every other command 20 MB of memory it never uses.
      const { startUiServer } = await import('../ui/ui-server.js');
      const ui = await startUiServer({ client, workDir: options.dir, port: options.port });
      process.stdout.write(
        `${demo === undefined ? '' : `Started the built-in emulator at ${demo.emulator.apiUrl} with an empty address book, campaign list and DNC list.\n`}` +
          `ccbulk ui is at ${ui.origin} (127.0.0.1 only). Open this link once, in the browser you will use:\n\n  ${ui.url}\n\nCtrl-C stops it.\n`,
      );
      await new Promise<void>((resolve) => {
        const stop = () => resolve();
        process.once('SIGINT', stop);
        process.once('SIGTERM', stop);
      });
      await ui.close();
      if (demo === undefined) await client.close();
      else await demo.close();
    });
}
