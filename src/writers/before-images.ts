import { readFile, type FileHandle } from 'node:fs/promises';
import path from 'node:path';
import type { BeforeImage } from '../transforms/before-image.js';
import { openExisting, createReplacing, writeFully } from './private-file.js';
import { runFileError } from './write-error.js';

/** The before-images' file name in a run's out folder. */
export const BEFORE_IMAGES_FILE = 'before-images.jsonl';

/** One item's image: its sequence number in the run (none for a sync's delete of a contact not in the file). */
export interface ImageEntry {
  readonly k?: number | undefined;
  readonly image: BeforeImage;
}

/** What a run's before-images say, read back for its undo. */
export interface RecordedImages {
  /** Every image, in the order written (an item's first image is what it was before the run). */
  readonly images: readonly ImageEntry[];
  /** Ids the target gave created items, by sequence number, where the answer reached the disk. */
  readonly ids: ReadonlyMap<number, string>;
  /** Items the target refused (nothing of them was written), by sequence number, where the answer reached the disk. */
  readonly refused: ReadonlySet<number>;
}

/**
 * A run's before-images (JSON lines, 0600): what it needs to undo itself, written and fsync'd
 * before the write it describes is sent (see {@link BeforeImages.record}), so that a run killed
 * at any point leaves an undoable folder. After each answer the ids of created items are
 * appended, without a sync of their own: lost in a crash, the undo finds them by their fields.
 */
export class BeforeImages {
  private queued: Promise<unknown> = Promise.resolve();
  private failure: unknown;

  private constructor(
    private readonly handle: FileHandle,
    private readonly file: string,
  ) {}

  /** Starts the file in `outDir` (a new run), or opens it to append (a resume; made when a run of an older version kept none). */
  static async open(outDir: string, append: boolean): Promise<BeforeImages> {
    const file = path.join(outDir, BEFORE_IMAGES_FILE);
    try {
      const handle = append ? await openExisting(file, 'append').catch(() => createReplacing(file)) : await createReplacing(file);
      return new BeforeImages(handle, file);
    } catch (error) {
      throw runFileError(file, error);
    }
  }

  /** Appends the images and puts them on disk: resolves only once they are there. */
  record(entries: readonly ImageEntry[]): Promise<void> {
    if (entries.length === 0) return Promise.resolve();
    const text = entries.map(({ k, image }) => JSON.stringify(k === undefined ? image : { k, ...image })).join('\n');
    return this.append(`${text}\n`, true);
  }

  /**
   * Notes an item's answer (on disk with the next record or the close): the id it got, or that
   * the target refused it — then the undo does not look for what it would have created (a
   * contact refused as already there is someone else's).
   */
  answered(k: number, ok: boolean, id: string | undefined): void {
    const entry = ok ? (id === undefined ? undefined : { t: 'id', k, id }) : { t: 'no', k };
    if (entry !== undefined) this.append(`${JSON.stringify(entry)}\n`, false).catch(() => undefined);
  }

  /** Puts what is written on disk and closes the file. */
  async close(): Promise<void> {
    try {
      await this.queued;
      if (this.failure === undefined) await this.handle.sync();
    } finally {
      await this.handle.close();
    }
  }

  private append(text: string, sync: boolean): Promise<void> {
    const done = this.queued.then(async () => {
      if (this.failure !== undefined) throw this.failure;
      try {
        await writeFully(this.handle, Buffer.from(text, 'utf8'));
        if (sync) await this.handle.sync();
      } catch (error) {
        throw (this.failure ??= runFileError(this.file, error));
      }
    });
    this.queued = done.catch(() => undefined);
    return done;
  }

  /** Reads the before-images of the run in `outDir`; undefined when it kept none (a run of an older version, or a dry run). */
  static async read(outDir: string): Promise<RecordedImages | undefined> {
    let text: string;
    try {
      text = await readFile(path.join(outDir, BEFORE_IMAGES_FILE), 'utf8');
    } catch {
      return undefined;
    }
    const images: ImageEntry[] = [];
    const ids = new Map<number, string>();
    const refused = new Set<number>();
    for (const line of text.split('\n')) {
      if (line.trim() === '') continue;
      let entry: { t: string; k?: number; id?: string } & Record<string, unknown>;
      try {
        entry = JSON.parse(line) as typeof entry;
      } catch {
        // A last line cut short by a crash: its write was never sent (the image is on disk first).
        continue;
      }
      if (entry.t === 'id') {
        if (typeof entry.k === 'number' && typeof entry.id === 'string') ids.set(entry.k, entry.id);
        continue;
      }
      if (entry.t === 'no') {
        if (typeof entry.k === 'number') refused.add(entry.k);
        continue;
      }
      const { k, ...image } = entry;
      images.push({ k, image: image as unknown as BeforeImage });
    }
    return { images, ids, refused };
  }
}
