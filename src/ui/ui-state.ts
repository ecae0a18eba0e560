import type { ImportJobName } from '../pipelines/jobs.js';
import type { XlsxSheetInfo } from '../readers/xlsx.js';
import { createHash } from 'node:crypto';
import { mkdir, readFile, rename } from 'node:fs/promises';
import path from 'node:path';
import { writePrivateFile } from '../writers/private-file.js';

/** The jobs the UI runs: the registry's. */
export type UiJob = ImportJobName;

/** Where a person is in the flow: what each step chose, kept on disk so a reload loses nothing. */
export interface UiSessionState {
  job?: { readonly job: UiJob; readonly mode: string; readonly target: string; readonly targetName: string } | undefined;
  upload?:
    | {
        readonly file: string;
        readonly name: string;
        readonly size: number;
        readonly sheet?: string | undefined;
        /** A workbook's tabs, for the sheet picker (none for CSV). */
        readonly sheets?: readonly XlsxSheetInfo[] | undefined;
      }
    | undefined;
  /** `{"Header": "field" | null}`: the same JSON `--map` reads. */
  map?: Record<string, string | null> | undefined;
  /** The name of the saved mapping `map` is, while it is one (applied for a file with its headers, or just saved). */
  mappingName?: string | undefined;
  country?: string | undefined;
  /** The job's other options (`scrubDnc`, `deleteMissing`, `maxRejects`…), as the library names them; checked by the job's schema. */
  options?: Record<string, unknown> | undefined;
  /** The last dry run's run id, and the real run's. */
  check?: string | undefined;
  run?: string | undefined;
}

/** Per-session state files under the UI's working folder (0600 files in a 0700 folder). */
export class UiStateStore {
  constructor(private readonly dir: string) {}

  /** A session's state; empty for a new session. */
  async read(session: string): Promise<UiSessionState> {
    try {
      return JSON.parse(await readFile(this.file(session), 'utf8')) as UiSessionState;
    } catch {
      return {};
    }
  }

  /** Changes a session's state and saves it (written whole, then renamed into place). */
  async update(session: string, change: (state: UiSessionState) => UiSessionState): Promise<UiSessionState> {
    const next = change(await this.read(session));
    await mkdir(this.dir, { recursive: true, mode: 0o700 });
    const temp = `${this.file(session)}.tmp`;
    await writePrivateFile(temp, JSON.stringify(next));
    await rename(temp, this.file(session));
    return next;
  }

  private file(session: string): string {
    // Named by a hash: the session id is a credential and stays off the disk.
    return path.join(this.dir, `${createHash('sha256').update(session).digest('hex').slice(0, 32)}.json`);
  }
}
