import { describe, expect, it } from 'vitest';
import { HEAP_TUNING_ENV, tuneHeap } from '../../src/cli/heap-tuning.js';

// What the tuning does to peak RSS is a bench figure (`npm run bench`, the dry run against the
// same run with CCBULK_HEAP=default); here, only when it applies.
describe('the CLI entry\'s heap tuning', () => {
  it('applies unless CCBULK_HEAP=default asks for V8 as Node sets it up', () => {
    expect(HEAP_TUNING_ENV).toBe('CCBULK_HEAP');
    expect(tuneHeap({})).toBe(true);
    expect(tuneHeap({ CCBULK_HEAP: '' })).toBe(true);
    expect(tuneHeap({ CCBULK_HEAP: 'default' })).toBe(false);
  });
});
