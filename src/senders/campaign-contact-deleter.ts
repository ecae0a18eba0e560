import { ZoomApiError } from '../zoom/api-error.js';
import type { ContactCenterClient } from '../zoom/client.js';
import { PlannedWrites } from './planned-writes.js';
import { done, wholeBatch, type RowVerdict } from './row-verdict.js';

/**
 * Deletes campaign contacts one request each: the list has no batch delete. A contact already
 * gone (404) counts as deleted, so a repeated or resumed delete does not fail.
 */
export class CampaignContactDeleter {
  private readonly plan: PlannedWrites | undefined;

  constructor(
    private readonly client: ContactCenterClient,
    private readonly contactListId: string,
    /** Write nothing: every delete is counted and answered `would delete`. */
    dryRun = false,
  ) {
    this.plan = dryRun ? new PlannedWrites() : undefined;
  }

  /** Write requests a dry run would have sent. */
  get plannedRequests(): number {
    return this.plan?.requests ?? 0;
  }

  /** Deletes the contacts, one request each, in order; one verdict per id. */
  async delete(contactIds: readonly string[]): Promise<RowVerdict[]> {
    const verdicts: RowVerdict[] = [];
    for (const id of contactIds) {
      if (this.plan) {
        verdicts.push(...this.plan.answer(1, 'would delete', [id]));
        continue;
      }
      try {
        await this.client.deleteCampaignContact(this.contactListId, id);
        verdicts.push(done('deleted', id));
      } catch (error) {
        if (error instanceof ZoomApiError && error.status === 404) verdicts.push(done('deleted', id));
        else verdicts.push(...wholeBatch(error, 1));
      }
    }
    return verdicts;
  }
}
