import Bottleneck from 'bottleneck';
import { describe, expect, it } from 'vitest';
import { yieldOnImmediate } from '../../src/zoom/bottleneck-yield.js';

describe('yieldOnImmediate', () => {
  it('finds the local store’s yieldLoop in the bottleneck we ship (else the limiter is only slower: see bottleneck-yield.ts)', async () => {
    const limiter = new Bottleneck({ maxConcurrent: 2, minTime: 10 });
    expect(yieldOnImmediate(limiter)).toBe(true);
    // Still a limiter: jobs run, in order, one after the other at its pace.
    const order: number[] = [];
    await Promise.all([1, 2, 3].map((n) => limiter.schedule(async () => order.push(n))));
    expect(order).toEqual([1, 2, 3]);
    await limiter.stop();
  });

  it('leaves a store without yieldLoop as it is', () => {
    const limiter = new Bottleneck();
    (limiter as unknown as { _store: object })._store = {};
    expect(yieldOnImmediate(limiter)).toBe(false);
  });
});
