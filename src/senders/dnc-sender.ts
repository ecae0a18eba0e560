import { ZoomApiError } from '../zoom/api-error.js';
import type { ContactCenterClient } from '../zoom/client.js';
import { ZoomNetworkError } from '../zoom/network-error.js';
import { DncIndex } from './dnc-index.js';
import { wholeBatch, type RowVerdict } from './row-verdict.js';

/**
 * Adds numbers to, and removes them from, a DNC list, saying what happened to each number.
 */
export class DncSender {
  /** Write requests a dry run would have sent. */
  plannedRequests = 0;

  constructor(
    private readonly client: ContactCenterClient,
    private readonly dncListId: string,
    /** Write nothing: every write is counted and answered `would …`. */
    private readonly dryRun = false,
  ) {}

  /**
   * Adds up to 100 unique numbers. The answer has no body, so every number of an accepted batch
   * is added. A batch refused whole (one bad number refuses all) is split to find the bad one.
   * A batch whose answer was lost is checked against the list before anything is sent again.
   */
  async add(numbers: readonly string[], recoveries = 0): Promise<RowVerdict[]> {
    if (this.dryRun) return this.planned(numbers.length, 'would add');
    try {
      await this.client.batchAddDncPhones(this.dncListId, numbers);
      return numbers.map(() => ({ ok: true, status: 'added' }));
    } catch (error) {
      if (error instanceof ZoomNetworkError && !error.outcomeKnown && recoveries < 6) {
        const index = await DncIndex.load(this.client, this.dncListId);
        const missing = numbers.filter((n) => !index.has(n));
        const again = missing.length > 0 ? await this.add(missing, recoveries + 1) : [];
        const verdictOf = new Map(missing.map((n, i) => [n, again[i]!]));
        return numbers.map((n) => verdictOf.get(n) ?? { ok: true, status: 'added', id: index.ids.get(n) });
      }
      if (error instanceof ZoomApiError && !error.retryable && numbers.length > 1) {
        const verdicts: RowVerdict[] = [];
        for (const n of numbers) verdicts.push(...(await this.add([n], recoveries)));
        return verdicts;
      }
      return wholeBatch(error, numbers.length);
    }
  }

  /**
   * Settles a batch an interrupted run sent without learning what happened: the list is read,
   * and only the numbers not on it are added.
   */
  async settleAdd(numbers: readonly string[]): Promise<{ verdicts: RowVerdict[]; found: number; resent: number }> {
    if (this.dryRun) return { verdicts: this.planned(numbers.length, 'would add'), found: 0, resent: numbers.length };
    const index = await DncIndex.load(this.client, this.dncListId);
    const missing = numbers.filter((n) => !index.has(n));
    const again = missing.length > 0 ? await this.add(missing) : [];
    const verdictOf = new Map(missing.map((n, i) => [n, again[i]!]));
    const verdicts = numbers.map((n): RowVerdict => verdictOf.get(n) ?? { ok: true, status: 'added', id: index.ids.get(n) });
    return { verdicts, found: numbers.length - missing.length, resent: missing.length };
  }

  /** Removes up to 100 numbers by their phone ids. Deleting is safe to repeat. */
  async remove(phoneIds: readonly string[]): Promise<RowVerdict[]> {
    if (this.dryRun) return this.planned(phoneIds.length, 'would remove', phoneIds);
    try {
      await this.client.batchDeleteDncPhones(this.dncListId, phoneIds);
      return phoneIds.map((id) => ({ ok: true, status: 'removed', id }));
    } catch (error) {
      if (error instanceof ZoomApiError && !error.retryable && phoneIds.length > 1) {
        const verdicts: RowVerdict[] = [];
        for (const id of phoneIds) verdicts.push(...(await this.remove([id])));
        return verdicts;
      }
      return wholeBatch(error, phoneIds.length);
    }
  }

  private planned(size: number, status: string, ids: readonly string[] = []): RowVerdict[] {
    this.plannedRequests++;
    return Array.from({ length: size }, (_, i) => ({ ok: true, status, id: ids[i] }));
  }
}
