import type { RowSpool, SpoolFile } from '../writers/row-spool.js';

/**
 * Several listings' rows, each listing's in turn, while up to `concurrency` of them are listed at
 * once. The listing whose turn it is streams straight through; the others are listed at the same
 * time into spool files (on disk: memory holds a page or two per listing, however large the
 * books), and yielded from there when their turn comes. The order is that of `listings`, exactly
 * as one listing after another would give it; only the time differs — the limiter shares the
 * label's quota between the cursors, so several slow cursors fill it where one cannot.
 */
export async function* orderedListings<T>(
  listings: readonly (() => AsyncIterable<T>)[],
  spool: RowSpool,
  encode: (item: T) => readonly string[],
  concurrency: number,
): AsyncGenerator<{ readonly index: number; readonly row: readonly string[] }> {
  type Spooled = { readonly file: Promise<SpoolFile>; readonly done: Promise<void> };
  const spooled = new Map<number, Spooled>();
  let next = 1;
  let failure: unknown;
  let stopped = false;
  // Listings being spooled; one more slot is kept for the listing that streams straight through.
  let running = 0;
  const startMore = () => {
    while (!stopped && next < listings.length && running < concurrency - 1) startSpool(next++);
  };
  const startSpool = (index: number) => {
    running++;
    const file = spool.open(String(index));
    const done = (async () => {
      const out = await file;
      try {
        for await (const item of listings[index]!()) {
          if (stopped) break;
          await out.write(encode(item));
        }
      } finally {
        await out.close();
      }
    })()
      .catch((error: unknown) => {
        failure ??= error;
      })
      .finally(() => {
        running--;
        startMore();
      });
    file.catch(() => undefined);
    spooled.set(index, { file, done });
  };
  try {
    startMore();
    for (let index = 0; index < listings.length; index++) {
      const waiting = spooled.get(index);
      if (waiting === undefined) {
        // Its turn came before a slot did (or it is the first): list it straight through.
        if (index >= next) next = index + 1;
        startMore();
        for await (const item of listings[index]!()) yield { index, row: encode(item) };
      } else {
        await waiting.done;
        if (failure !== undefined) throw failure;
        spooled.delete(index);
        for await (const row of (await waiting.file).rows()) yield { index, row };
      }
      if (failure !== undefined) throw failure;
    }
  } finally {
    stopped = true;
    await Promise.all([...spooled.values()].map((s) => s.done));
  }
}
