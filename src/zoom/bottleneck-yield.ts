import type Bottleneck from 'bottleneck';

/**
 * Makes a bottleneck limiter's steps out to the event loop immediate ones.
 *
 * bottleneck's local store begins every operation (submitting a job, registering it, freeing
 * its slot) with `yieldLoop()`, a `setTimeout(resolve, 0)`, which Node holds for at least a
 * millisecond. A request on an idle label passes two of them and then the job's own timer
 * before it is sent: an export asking for its next page waited 3.3 ms a page for nothing, 2 % of
 * a page's round trip, where a plain paging loop waits none. `setImmediate` still steps out
 * to the event loop (what the yield is for: other callbacks run first), without the clamp.
 * The pacing itself is the job's timer, computed from the clock at registration, and is
 * untouched: the rate-limiter tests hold it to the same figures.
 *
 * Only bottleneck's local store has `yieldLoop`; a limiter clustered on Redis, or a future
 * version that moves it, is left as it is (only slower): returns whether it was changed, and a
 * test fails on a version where it no longer is.
 */
export function yieldOnImmediate(limiter: Bottleneck): boolean {
  const store = (limiter as unknown as { _store?: { yieldLoop?: unknown } })._store;
  if (store === undefined || typeof store.yieldLoop !== 'function' || store.constructor?.name !== 'LocalDatastore') return false;
  store.yieldLoop = () => new Promise<void>((resolve) => setImmediate(resolve));
  return true;
}
