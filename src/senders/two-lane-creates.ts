import { dispositionOf } from '../errors.js';
import { reason } from '../reason.js';
import { ZoomApiError } from '../zoom/api-error.js';
import type { AddressBookContactInput, AddressBookContactSingleInput, ContactCenterClient } from '../zoom/client.js';
import { rateLabelOf, type RateLabel } from '../zoom/rate-plans.js';
import type { ContactFinder } from './contact-finder.js';
import { RecoveringWrite } from './recovery.js';
import { done, wholeBatch, type RowVerdict } from './row-verdict.js';

/** Which create endpoints a run sends on: both (batch and single), or the batch endpoint alone. */
export type CreateLanes = 'both' | 'batch';

/** What the two-lane sender needs of the batch create: the write itself and its look-up. */
export interface BatchCreateLane {
  /** Creates up to 10 contacts with the batch endpoint (unknown outcomes settled inside). */
  create(contacts: readonly AddressBookContactInput[]): Promise<RowVerdict[]>;
  /** Which contacts exist already, asked of the API: a verdict for each found. */
  lookUpCreated(contacts: readonly AddressBookContactInput[]): Promise<(RowVerdict | undefined)[]>;
}

/** Batches sent down each lane, and contacts in them, so far. */
export interface LaneCounts {
  batch: { requests: number; contacts: number };
  single: { requests: number; contacts: number };
}

const BATCH_LABEL: RateLabel = rateLabelOf('batchCreateContact');
const SINGLE_LABEL: RateLabel = rateLabelOf('createContact');
/** The rate label the single create lane is paced by (the batch lane's is its write operation's). */
export const SINGLE_CREATE_LABEL: RateLabel = SINGLE_LABEL;

/**
 * Address book creates on two lanes. The batch create (10 contacts a request) and the single
 * create (one) are paced by different labels — MEDIUM and LIGHT on Zoom's table, separate
 * per-account buckets — so sending on both adds the single endpoint's rate to the batch
 * endpoint's: on Business 20 × 10 + 40 = 240 contacts/s instead of 200.
 *
 * Each batch the engine hands over goes whole down one lane: split, the batch lane would carry
 * fewer than 10 contacts a request, and lose more than the single lane gains. The lane is the one
 * that would finish it first on a virtual schedule of each label's pacing: a lane's clock moves on
 * by 1/rate per request given to it (never behind now), at the rate its limiter runs at this
 * moment — so a lane slowed by 429s, or by `--quota-share`, takes less. This keeps the two lanes
 * in the ratio of their rates (1 batch in 6 goes single on Business) without reading the limiter's
 * queues, and whatever the engine's concurrency.
 *
 * A single create of unknown outcome is settled like a batch: the contact is looked up (by the
 * batch create's own look-up) before it is sent again. A single create Zoom refuses (4xx) gives
 * that row Zoom's reason.
 */
export class TwoLaneCreates {
  /** Requests and contacts per lane. */
  readonly counts: LaneCounts = { batch: { requests: 0, contacts: 0 }, single: { requests: 0, contacts: 0 } };
  /**
   * Batches the single lane keeps in flight, beyond the run's concurrency: a batch sent singly
   * takes 10/rate (250 ms at 40/s) plus a round trip, where a batch create takes one request; so
   * that it takes no slot the batch lane needs, it brings slots of its own — enough for its rate
   * at round trips up to half a second.
   */
  readonly extraInFlight: number;
  private readonly singles: RecoveringWrite<AddressBookContactInput>;
  private batchClock = 0;
  private singleClock = 0;

  constructor(
    private readonly client: ContactCenterClient,
    private readonly addressBookId: string,
    private readonly finder: ContactFinder,
    private readonly batchLane: BatchCreateLane,
    /** Clock, ms. Default performance.now. */
    private readonly now: () => number = () => performance.now(),
  ) {
    const perBatch = 10 / client.limits[SINGLE_LABEL] + 0.5;
    this.extraInFlight = Math.ceil((client.limits[SINGLE_LABEL] / 10) * perBatch);
    this.singles = new RecoveringWrite<AddressBookContactInput>(
      {
        send: async (contacts) => Promise.all(contacts.map((c) => this.sendOne(c))),
        lookUp: (contacts) => this.batchLane.lookUpCreated(contacts),
        failed: async (error, contacts) => contacts.map(() => refusedSingly(error)),
      },
      client.lateArrivalMs,
    );
  }

  /** Creates up to 10 contacts on whichever lane would finish them first; a verdict per contact, in order. */
  async create(contacts: readonly AddressBookContactInput[]): Promise<RowVerdict[]> {
    if (this.chooseSingle(contacts)) {
      this.counts.single.requests += contacts.length;
      this.counts.single.contacts += contacts.length;
      return this.createSingly(contacts);
    }
    this.counts.batch.requests++;
    this.counts.batch.contacts += contacts.length;
    return this.batchLane.create(contacts);
  }

  /**
   * Whether the single lane would finish `contacts` before the batch lane would finish their one
   * request; books the chosen lane's clock. Contacts the single endpoint cannot carry (a source
   * id or name, which only the batch create takes) keep to the batch lane.
   */
  private chooseSingle(contacts: readonly AddressBookContactInput[]): boolean {
    const now = this.now();
    const batchRate = this.client.currentRate(BATCH_LABEL);
    const singleRate = this.client.currentRate(SINGLE_LABEL);
    const batchDone = Math.max(now, this.batchClock) + 1000 / batchRate;
    const singleDone = Math.max(now, this.singleClock) + (1000 * contacts.length) / singleRate;
    const carriable = contacts.every((c) => c.source_id === undefined && c.source_name === undefined);
    if (carriable && singleDone < batchDone) {
      this.singleClock = singleDone;
      return true;
    }
    this.batchClock = batchDone;
    return false;
  }

  /**
   * Sends each contact on its own, all at once (the LIGHT limiter paces them). Waits for every
   * one to end before throwing what stops the run, so that no request is still in flight unseen
   * when the engine records the batch as sent and unacknowledged.
   */
  private async createSingly(contacts: readonly AddressBookContactInput[]): Promise<RowVerdict[]> {
    const outcomes = await Promise.allSettled(contacts.map((c) => this.singles.send([c])));
    const failure = outcomes.find((o): o is PromiseRejectedResult => o.status === 'rejected');
    if (failure) throw failure.reason;
    return outcomes.map((o) => (o as PromiseFulfilledResult<RowVerdict[]>).value[0]!);
  }

  /** One single create: the created contact's verdict (a refusal is thrown, and judged by `failed`). */
  private async sendOne(contact: AddressBookContactInput): Promise<RowVerdict> {
    const created = await this.client.createAddressBookContact(this.addressBookId, singleBody(contact));
    this.finder.remember(created);
    return done('created', created.contact_id);
  }
}

/** A batch create's contact as the single create takes it: the same fields, and the numbers twice over (the spec requires `phone_numbers`, deprecated as it is). */
function singleBody(contact: AddressBookContactInput): AddressBookContactSingleInput {
  const { source_id: _id, source_name: _name, phones, ...rest } = contact;
  const list = phones ?? [];
  return { ...rest, phones: list, phone_numbers: list.map((p) => p.phone_number) };
}

/**
 * The verdict of a single create that failed with a known outcome: a refusal (4xx) gives Zoom's
 * own reasons, each field error a reason of its own, as the batch create's `invalid_contacts`
 * do; what stops the run is thrown.
 */
function refusedSingly(error: unknown): RowVerdict {
  if (error instanceof ZoomApiError && dispositionOf(error) === 'reject-batch' && error.status < 500) {
    const kinds = error.errors.length > 0 ? error.errors.map((e) => `${e.field}: ${e.message}`) : [error.zoomMessage ?? 'refused by Zoom'];
    return { ok: false, reasons: kinds.map((kind) => reason(kind)) };
  }
  return wholeBatch(error, 1)[0]!;
}
