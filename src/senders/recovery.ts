import { dispositionOf } from '../errors.js';
import { sleep } from '../zoom/backoff.js';
import { DailyLimitError } from '../zoom/daily-limit-error.js';
import { ZoomNetworkError } from '../zoom/network-error.js';
import { refused, wholeBatch, type RowVerdict } from './row-verdict.js';

/**
 * How many times a write whose outcome is unknown is looked up and sent again before its rows
 * are rejected. Each try fails only if its own connection fails again; at a fault rate of 20 %
 * three tries left a batch rejected in about one run of 1,000 rows in seven (the fault suite saw
 * it).
 */
export const MAX_RECOVERIES = 6;

/** A write endpoint that must not be repeated blindly (a create, an insert, an add). */
export interface UnsafeWrite<I> {
  /**
   * Sends the items once: a verdict per item, in order, or `undefined` for an item the answer
   * does not account for with certainty. Throws what the request throws.
   */
  send(items: readonly I[]): Promise<readonly (RowVerdict | undefined)[]>;
  /** Asks the API which items are applied already: a verdict for each found, `undefined` for the rest. */
  lookUp(items: readonly I[]): Promise<readonly (RowVerdict | undefined)[]>;
  /** The verdicts of a send that failed with a known outcome; default {@link wholeBatch}. */
  failed?(error: unknown, items: readonly I[]): Promise<RowVerdict[]>;
}

const unapplied = new WeakSet<object>();

/**
 * Whether a write's error stops the run having refused the request whole, before anything of it
 * was applied (a 429 for a spent daily quota on the first send, or connections refused on every
 * try of it): the batch need not be checked
 * before it is sent again. An error from a look-up or a resend of a batch of unknown outcome is
 * never such, since an earlier try may have been applied.
 */
export function refusedUnapplied(error: unknown): boolean {
  return typeof error === 'object' && error !== null && unapplied.has(error);
}

/** How items of unknown outcome were settled. */
export interface Settlement {
  readonly verdicts: RowVerdict[];
  /** Items found applied already. */
  readonly found: number;
  /** Items sent again. */
  readonly resent: number;
}

/**
 * The one protocol for writes of unknown outcome: a request that may have been applied (the
 * connection died after sending, or it timed out) is never simply sent again, which could create
 * every contact twice. Its items are looked up — after the late-arrival window when it timed out,
 * since the server may still be working on it — and only those not found are sent again, at most
 * {@link MAX_RECOVERIES} times. Items an answer does not account for are settled the same way.
 */
export class RecoveringWrite<I> {
  constructor(
    private readonly write: UnsafeWrite<I>,
    /** How long a timed-out request may still take to be applied, ms. */
    private readonly lateArrivalMs: number,
  ) {}

  /** Sends the items, settling any whose outcome is unknown; one verdict per item, in order. */
  async send(items: readonly I[], recoveries = 0): Promise<RowVerdict[]> {
    let answer;
    try {
      answer = await this.write.send(items);
    } catch (error) {
      // The first try refused with a 429 for a spent daily quota, or never reached Zoom at all
      // (every connection refused): Zoom applied none of it.
      if (recoveries === 0 && (error instanceof DailyLimitError || (error instanceof ZoomNetworkError && error.outcomeKnown))) unapplied.add(error);
      if (dispositionOf(error) === 'retry' && recoveries < MAX_RECOVERIES) {
        if (error instanceof ZoomNetworkError && error.timedOut) await sleep(this.lateArrivalMs);
        return (await this.settle(items, recoveries + 1)).verdicts;
      }
      if (!this.write.failed) return wholeBatch(error, items.length);
      try {
        return await this.write.failed(error, items);
      } catch (later) {
        // Items sent one by one before this stop may have been applied: the batch is not refused whole.
        if (typeof later === 'object' && later !== null) unapplied.delete(later);
        throw later;
      }
    }
    const verdicts = [...answer];
    const unsure = verdicts.flatMap((v, i) => (v === undefined ? [i] : []));
    if (unsure.length > 0) {
      const settled = await this.settle(
        unsure.map((i) => items[i]!),
        recoveries + 1,
      );
      unsure.forEach((row, k) => (verdicts[row] = settled.verdicts[k]));
    }
    return verdicts.map((v) => v ?? refused("not accounted for in Zoom's answer"));
  }

  /**
   * Settles items whose outcome is unknown — also a batch an interrupted run sent without
   * learning what happened: looks them up, and sends only those not found.
   */
  async settle(items: readonly I[], recoveries = 1): Promise<Settlement> {
    const verdicts = [...(await this.write.lookUp(items))];
    const missing = verdicts.flatMap((v, i) => (v === undefined ? [i] : []));
    if (missing.length > 0 && recoveries > MAX_RECOVERIES) {
      for (const i of missing) verdicts[i] = refused('outcome unknown: the connection failed after sending, repeatedly');
    } else if (missing.length > 0) {
      const again = await this.send(
        missing.map((i) => items[i]!),
        recoveries,
      );
      missing.forEach((row, k) => (verdicts[row] = again[k]));
    }
    return { verdicts: verdicts.map((v) => v ?? refused('outcome unknown')), found: items.length - missing.length, resent: missing.length };
  }
}
