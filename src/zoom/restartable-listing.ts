import { CcbulkError } from '../errors.js';
import { ZoomApiError } from './api-error.js';

/** Whether an error says a listing's `next_page_token` has expired (they last 15 minutes). */
export function isExpiredPageToken(error: unknown): boolean {
  return error instanceof ZoomApiError && error.status === 400 && /page.?token/i.test(`${error.zoomMessage ?? ''} ${error.message}`);
}

/**
 * Items of a listing that survives an expired page token: the listing starts over and the items
 * already yielded (by id) are skipped, so the consumer sees each item once, with no gap. Zoom
 * lists in a stable order, so the restart catches up quickly with where it was (pages of items
 * already seen cost one request each and no work). Memory: the ids seen. Gives up when a
 * restart yields nothing new: then the listing cannot get further within a token's lifetime.
 */
export async function* restartableListing<T>(
  list: () => AsyncIterable<T>,
  idOf: (item: T) => string,
  options: { readonly onRestart?: (seen: number) => void } = {},
): AsyncGenerator<T, void, undefined> {
  const seen = new Set<string>();
  let seenAtLastRestart = -1;
  for (let restarts = 0; ; restarts++) {
    try {
      for await (const item of list()) {
        const id = idOf(item);
        if (seen.has(id)) continue;
        seen.add(id);
        yield item;
      }
      return;
    } catch (error) {
      if (!isExpiredPageToken(error)) throw error;
      if (seen.size === seenAtLastRestart) {
        throw new CcbulkError('API_ERROR', `The listing's page token expired ${restarts + 1} times, the last time without progress; giving up after ${seen.size} items`, { cause: error });
      }
      seenAtLastRestart = seen.size;
      options.onRestart?.(seen.size);
    }
  }
}
