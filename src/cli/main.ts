// The command line itself, loaded by the entry (src/cli.ts) once V8's heap is tuned.
import { Command } from 'commander';
import { describeFatal, EXIT } from './fail.js';
import { CcbulkError, dispositionOf } from '../errors.js';
import { registerDemoCommand } from './demo-command.js';
import { registerDoctorCommand } from './doctor-command.js';
import { registerEmulatorCommand } from './emulator-command.js';
import { registerImportCommand } from './import-command.js';
import { registerExportCommand } from './export-command.js';
import { registerResumeCommand } from './resume-command.js';
import { registerUiCommand } from './ui-command.js';
import { registerUndoCommand } from './undo-command.js';

/** Builds the `ccbulk` command with all its subcommands. */
export function buildProgram(): Command {
  const program = new Command('ccbulk')
    .description('Bulk import and export of contacts between spreadsheets and Zoom Contact Center')
    .version('0.1.0')
    // The program's own options (-V, --help) only before the command: after it, every word
    // belongs to the command, so `--book -VejZPHMMgCznhaUij2W1J` (a Zoom id) is the book's id
    // and never the version flag, which would exit 0 having done nothing.
    .enablePositionalOptions()
    // Commander's own errors (unknown option, missing value) in ccbulk's voice, with its
    // suggestion of the nearest option or command kept; set before the commands copy it.
    .configureOutput({ outputError: (text, write) => write(text.replace(/^error: /, 'ccbulk: ')) })
    .showHelpAfterError('(run with --help for usage)')
    // `ccbulk help import address-book`: commander's own help command looks at one word only.
    .helpCommand(false);
  registerImportCommand(program);
  registerExportCommand(program);
  registerResumeCommand(program);
  registerUndoCommand(program);
  registerDemoCommand(program);
  registerEmulatorCommand(program);
  registerUiCommand(program);
  registerDoctorCommand(program);
  program
    .command('help [command...]')
    .description('show the help of a command, e.g. `ccbulk help import address-book`')
    .action((names: string[]) => {
      let command: Command = program;
      for (const [i, name] of names.entries()) {
        const sub = command.commands.find((c) => c.name() === name || c.aliases().includes(name));
        if (sub === undefined) {
          const known = command.commands.map((c) => c.name()).filter((n) => n !== 'help');
          throw new CcbulkError('OPTION_INVALID', `No command \`ccbulk ${names.slice(0, i + 1).join(' ')}\`; there are: ${known.map((n) => `${[...names.slice(0, i), n].join(' ')}`).join(', ')}`);
        }
        command = sub;
      }
      command.outputHelp();
    });
  return program;
}

// `ccbulk … | head`: the reader went away. Nothing more can be said to it, and a stack trace
// about it would only alarm: end quietly with the exit code the run had so far.
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code === 'EPIPE') process.exit(process.exitCode ?? 0);
    throw error;
  });
}

try {
  await buildProgram().parseAsync(process.argv);
} catch (error) {
  // A daily quota spent, credentials lost, Zoom unreachable — before anything was written (the
  // import commands say so themselves, and resume what was): the same command runs again later.
  const stopped = dispositionOf(error) === 'stop';
  process.stderr.write(`ccbulk: ${describeFatal(error)}${stopped ? '. Nothing was written: run the command again.' : ''}\n`);
  process.exitCode = stopped ? EXIT.stopped : EXIT.fatal;
}
