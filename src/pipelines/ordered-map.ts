/**
 * Maps an async iterable with up to `concurrency` calls of `fn` under way, yielding results in
 * input order. Used to fetch each exported contact's custom fields while the listing keeps
 * paging promptly: the limiter paces the calls, the window keeps enough of them in flight.
 */
export async function* orderedMap<T, R>(
  items: AsyncIterable<T>,
  concurrency: number,
  fn: (item: T) => Promise<R>,
): AsyncGenerator<R, void, undefined> {
  const window: Promise<R>[] = [];
  try {
    for await (const item of items) {
      window.push(fn(item));
      if (window.length >= concurrency) yield await window.shift()!;
    }
    while (window.length > 0) yield await window.shift()!;
  } finally {
    // Nothing may reject unobserved when the consumer stops early or a call failed.
    for (const pending of window) pending.catch(() => undefined);
  }
}
