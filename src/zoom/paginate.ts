import { CcbulkError } from '../errors.js';

/** A page of a Zoom list endpoint. */
export interface Page {
  readonly next_page_token?: string;
}

/**
 * Yields the items of every page of a list endpoint, fetching the next page only when the
 * consumer asks for more (so an export writes rows as pages arrive, and memory holds one page).
 * An empty or missing `next_page_token` ends the listing. A token that comes back twice would
 * loop forever, so it stops the listing with an error instead.
 */
export async function* paginate<P extends Page, T>(
  fetchPage: (pageToken: string | undefined) => Promise<P>,
  itemsOf: (page: P) => readonly T[] | undefined,
): AsyncGenerator<T, void, undefined> {
  const seen = new Set<string>();
  let token: string | undefined;
  do {
    const page = await fetchPage(token);
    yield* itemsOf(page) ?? [];
    token = page.next_page_token === '' ? undefined : page.next_page_token;
    if (token !== undefined) {
      if (seen.has(token)) throw new CcbulkError('API_ERROR', 'The API returned the same next_page_token twice; stopping the listing');
      seen.add(token);
    }
  } while (token !== undefined);
}
