import { CcbulkError } from '../errors.js';
import { doubled } from '../transforms/doubled.js';
import { hashString } from '../transforms/key-table.js';
import { isExpiredPageToken } from '../zoom/restartable-listing.js';

/**
 * Items of a listing whose items have no id to tell them apart (report rows, metrics), that
 * survives an expired page token: the listing starts over, and the items already yielded are
 * skipped by their place, each checked to be the same item as before (a 64-bit hash of its JSON,
 * 8 bytes an item). A listing that comes back in another order stops the run rather than write
 * an item twice or miss one. Gives up, like `restartableListing`, when a restart gets no
 * further than the one before.
 */
export async function* restartableInOrder<T>(
  list: () => AsyncIterable<T>,
  options: { readonly onRestart?: (seen: number) => void } = {},
): AsyncGenerator<T, void, undefined> {
  let his = new Uint32Array(1024);
  let los = new Uint32Array(1024);
  let yielded = 0;
  let yieldedAtLastRestart = -1;
  for (let restarts = 0; ; restarts++) {
    let place = 0;
    try {
      for await (const item of list()) {
        const [hi, lo] = hashString(JSON.stringify(item));
        if (place < yielded) {
          if (his[place] !== hi || los[place] !== lo) {
            throw new CcbulkError(
              'API_ERROR',
              `The listing's page token expired, and listed again from the start it no longer gives the same items in the same order (item ${place + 1} differs): ` +
                'run the export again',
            );
          }
          place++;
          continue;
        }
        if (yielded === his.length) [his, los] = [doubled(his), doubled(los)];
        his[yielded] = hi;
        los[yielded] = lo;
        yielded++;
        place++;
        yield item;
      }
      return;
    } catch (error) {
      if (!isExpiredPageToken(error)) throw error;
      if (yielded === yieldedAtLastRestart) {
        throw new CcbulkError('API_ERROR', `The listing's page token expired ${restarts + 1} times, the last time without progress; giving up after ${yielded} items`, { cause: error });
      }
      yieldedAtLastRestart = yielded;
      options.onRestart?.(yielded);
    }
  }
}
