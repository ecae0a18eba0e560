import { describe, expect, it } from 'vitest';
import { HEAP_TUNING_ENV, tuneHeap } from '../../src/cli/heap-tuning.js';

// What the tuning does to peak RSS and speed is a bench figure (`npm run bench`: the dry run,
// and the exports and syncs against the same runs with CCBULK_HEAP=default); here, which flags.
describe("the CLI's heap tuning", () => {
  it('collects sooner for paced commands, and only bounds growth for a dry run that runs flat out', () => {
    expect(tuneHeap('paced', {})).toEqual(['--optimize-for-size', '--heap-growing-percent=0']);
    expect(tuneHeap('flat-out', {})).toEqual(['--no-optimize-for-size', '--heap-growing-percent=25']);
  });

  it('leaves V8 alone with CCBULK_HEAP=default', () => {
    expect(HEAP_TUNING_ENV).toBe('CCBULK_HEAP');
    expect(tuneHeap('paced', { CCBULK_HEAP: 'default' })).toBeUndefined();
    expect(tuneHeap('flat-out', { CCBULK_HEAP: 'default' })).toBeUndefined();
  });
});
