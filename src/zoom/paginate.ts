import { CcbulkError } from '../errors.js';

/** A page of a Zoom list endpoint. */
export interface Page {
  readonly next_page_token?: string;
}

/** Items of a read-ahead page handed over between steps out to the event loop (see `paginate`). */
const YIELD_EVERY = 4;

/** How a listing is paged. */
export interface PageOptions {
  /**
   * Ask for the next page as soon as a page names it, while the consumer is still working on
   * that page's items: a reader that writes every item (an export) then waits for one round
   * trip per page less its own work. Costs one request for nothing when the consumer stops
   * early, so look-ups that stop at a match leave it off. Default false.
   */
  readonly readAhead?: boolean;
}

/**
 * Yields the items of every page of a list endpoint, fetching the next page only when the
 * consumer asks for more (so an export writes rows as pages arrive, and memory holds one page;
 * two with `readAhead`). An empty or missing `next_page_token` ends the listing. A token that
 * comes back twice would loop forever, so it stops the listing with an error instead.
 */
export async function* paginate<P extends Page, T>(
  fetchPage: (pageToken: string | undefined) => Promise<P>,
  itemsOf: (page: P) => readonly T[] | undefined,
  options: PageOptions = {},
): AsyncGenerator<T, void, undefined> {
  const seen = new Set<string>();
  let next: Promise<P> | undefined = fetchPage(undefined);
  while (next !== undefined) {
    const page: P = await next;
    next = undefined;
    const token = page.next_page_token === '' ? undefined : page.next_page_token;
    if (token !== undefined) {
      if (seen.has(token)) throw new CcbulkError('API_ERROR', 'The API returned the same next_page_token twice; stopping the listing');
      seen.add(token);
      if (options.readAhead === true) {
        next = fetchPage(token);
        // Awaited at the top of the loop; marked handled now in case the consumer stops first.
        next.catch(() => undefined);
      }
    }
    if (next === undefined) {
      yield* itemsOf(page) ?? [];
    } else {
      // A consumer that takes items without waiting on I/O runs as one chain of microtasks, and
      // the request for the next page would wait for all of it: bottleneck passes it through
      // three timers (submit, register, run) before it is sent, and each waits for the loop.
      // Stepping out to the event loop every few items lets those go while items are used.
      // Every 64 items, an XLSX export's next page left 11.7 ms after it was asked for (a
      // CSV's 3.3: see bottleneck-yield.ts), each step waiting for ~2.5 ms of rows; every 4,
      // both leave in about 2 ms, and the steps cost about a microsecond an item.
      let taken = 0;
      for (const item of itemsOf(page) ?? []) {
        if (taken++ % YIELD_EVERY === 0) await new Promise((resolve) => setImmediate(resolve));
        yield item;
      }
    }
    if (token !== undefined) next ??= fetchPage(token);
  }
}
