import { ZoomApiError } from '../zoom/api-error.js';
import type { ContactCenterClient } from '../zoom/client.js';
import { DncIndex } from './dnc-index.js';
import { PlannedWrites } from './planned-writes.js';
import { RecoveringWrite, type Settlement } from './recovery.js';
import { done, wholeBatch, type RowVerdict } from './row-verdict.js';

/**
 * Adds numbers to, and removes them from, a DNC list, saying what happened to each number.
 */
export class DncSender {
  private readonly plan: PlannedWrites | undefined;
  private readonly adds: RecoveringWrite<string>;

  constructor(
    private readonly client: ContactCenterClient,
    private readonly dncListId: string,
    /** Write nothing: every write is counted and answered `would …`. */
    dryRun = false,
    /**
     * What an added number is reported as. Default `added`, for a caller that knows the number
     * was not on the list before; Zoom's 201 says only that the number is on it now (`on list`).
     */
    private readonly addedStatus = 'added',
  ) {
    this.plan = dryRun ? new PlannedWrites() : undefined;
    this.adds = new RecoveringWrite<string>(
      {
        // The answer has no body: every number of an accepted batch is added.
        send: async (numbers) => {
          await this.client.batchAddDncPhones(this.dncListId, numbers);
          return numbers.map(() => done(this.addedStatus));
        },
        lookUp: async (numbers) => {
          const index = await DncIndex.load(this.client, this.dncListId);
          return numbers.map((n) => (index.has(n) ? done(this.addedStatus, index.ids.get(n)) : undefined));
        },
        // One bad number refuses the whole batch: find it by sending them one by one.
        failed: (error, numbers) => this.oneByOne(error, numbers, (n) => this.adds.send([n])),
      },
      client.lateArrivalMs,
    );
  }

  /** Write requests a dry run would have sent. */
  get plannedRequests(): number {
    return this.plan?.requests ?? 0;
  }

  /**
   * Adds up to 100 unique numbers. A batch refused whole (one bad number refuses all) is split to
   * find the bad one; a batch whose answer was lost is checked against the list before anything
   * is sent again.
   */
  async add(numbers: readonly string[]): Promise<RowVerdict[]> {
    if (this.plan) return this.plan.answer(numbers.length, 'would add');
    return this.adds.send(numbers);
  }

  /** Settles a batch an interrupted run sent without learning what happened: only numbers not on the list are added. */
  async settleAdd(numbers: readonly string[]): Promise<Settlement> {
    if (this.plan) return { verdicts: this.plan.answer(numbers.length, 'would add'), found: 0, resent: numbers.length };
    return this.adds.settle(numbers);
  }

  /** Removes up to 100 numbers by their phone ids. Deleting is safe to repeat. */
  async remove(phoneIds: readonly string[]): Promise<RowVerdict[]> {
    if (this.plan) return this.plan.answer(phoneIds.length, 'would remove', phoneIds);
    try {
      await this.client.batchDeleteDncPhones(this.dncListId, phoneIds);
      return phoneIds.map((id) => done('removed', id));
    } catch (error) {
      return this.oneByOne(error, phoneIds, (id) => this.remove([id]));
    }
  }

  /** A batch the API refused as such is sent again one item at a time, to find the bad ones. */
  private async oneByOne(error: unknown, items: readonly string[], one: (item: string) => Promise<RowVerdict[]>): Promise<RowVerdict[]> {
    if (!(error instanceof ZoomApiError && !error.retryable && items.length > 1)) return wholeBatch(error, items.length);
    const verdicts: RowVerdict[] = [];
    for (const item of items) verdicts.push(...(await one(item)));
    return verdicts;
  }
}
