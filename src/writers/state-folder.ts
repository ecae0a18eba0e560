import { homedir } from 'node:os';
import path from 'node:path';
import { prepareTrustedDirectory } from './private-file.js';

/**
 * ccbulk's folder for what it keeps about this user between runs (the target locks):
 * `CCBULK_STATE_DIR` if set, else `$XDG_STATE_HOME/ccbulk`, else `~/.local/state/ccbulk`
 * (the XDG Base Directory specification, which ignores a relative `XDG_STATE_HOME`).
 */
export function stateFolderPath(env: NodeJS.ProcessEnv = process.env): string {
  if (env.CCBULK_STATE_DIR) return path.resolve(env.CCBULK_STATE_DIR);
  const xdg = env.XDG_STATE_HOME;
  if (xdg && path.isAbsolute(xdg)) return path.join(xdg, 'ccbulk');
  return path.join(homedir(), '.local', 'state', 'ccbulk');
}

/**
 * The state folder (see {@link stateFolderPath}), or its sub-folder `sub`, made with mode 0700 if
 * missing. Refused (OUTPUT_INVALID) when either is a symlink, not a folder, not the current
 * user's, or writable by group or others: a folder someone else can write is never trusted, since
 * whoever can write there can remove a lock, or plant one, under the names ccbulk is about to use.
 * Stricter than `preparePrivateDirectory` (an out folder only has to be closed to others): that
 * one follows a symlink and lets a group write.
 */
export async function stateFolder(sub?: string): Promise<string> {
  const root = stateFolderPath();
  await prepare(root, true);
  if (sub === undefined) return root;
  const folder = path.join(root, sub);
  await prepare(folder, false);
  return folder;
}

async function prepare(folder: string, withParents: boolean): Promise<void> {
  await prepareTrustedDirectory(folder, 'The ccbulk state folder', withParents);
}
