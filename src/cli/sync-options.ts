import type { Command } from 'commander';
import type { ImportSummary } from '../writers/summary-file.js';

/** Adds the options of `--mode sync`; `key` for the contact targets (a DNC list's key is the number). */
export function withSyncOptions(command: Command, options: { readonly key: boolean }): Command {
  if (options.key) {
    command.option(
      '--key <key>',
      'sync: match rows to contacts by contact_id, account_number, email or phone (default contact_id when the file has that column, else account_number, else numbers and e-mails)',
    );
  }
  return command
    .option('--delete-missing', 'sync: delete what the target holds and the file does not (default: list it in not-in-file.csv)')
    .option('--max-delete <n|p%>', 'sync: refuse, before any write, to delete more than this many, or this share of the target (default 10%)');
}

/**
 * The plan line of a sync, printed before its summary: `Plan: 3 create, 1 update, 96 unchanged,
 * 0 delete (2 not in the file, kept), 1 rejected`. Nothing for other modes.
 */
export function syncPlanLine(summary: ImportSummary, deleteMissing: boolean): string | undefined {
  const sync = summary.sync;
  if (sync === undefined) return undefined;
  const deletes = deleteMissing ? sync.notInFile : 0;
  const kept = deleteMissing || sync.notInFile === 0 ? '' : ` (${sync.notInFile} not in the file, kept: see ${sync.files.notInFile ?? 'not-in-file.csv'})`;
  return `Plan (by ${sync.key}): ${sync.create} create, ${sync.update} update, ${sync.unchanged} unchanged, ${deletes} delete${kept}, ${sync.rejected} rejected → ${sync.files.plan}`;
}
