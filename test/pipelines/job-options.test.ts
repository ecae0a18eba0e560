import { describe, expect, it } from 'vitest';
import { parseJobRequest } from '../../src/pipelines/jobs.js';

/** The message a request's options are refused with. */
function refusal(raw: Record<string, unknown>): string {
  try {
    parseJobRequest('address-book', { file: 'contacts.csv', book: 'Customers', ...raw }, 'command-line');
  } catch (error) {
    return (error as Error).message;
  }
  throw new Error('the options were accepted');
}

describe('the options every door parses', () => {
  it('spells the tab delimiter `tab` when it lists `--delimiter`\'s choices, never a literal tab', () => {
    const message = refusal({ delimiter: 'colon' });
    expect(message).not.toContain('\t');
    expect(message).toBe('Expected `--delimiter` to be one of auto, `,`, `;`, tab, pipe, got `colon`');
  });
});
