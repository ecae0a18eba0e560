import { describe, expect, it } from 'vitest';
import { columnContent } from '../../src/transforms/column-hints.js';

describe('columnContent', () => {
  it('says a column of numbers holds phone numbers, whatever its header', () => {
    expect(columnContent('Contact', ['+33 5 24 88 69 30', '404-635-4062', ''])).toBe('phone numbers');
  });

  it('says a column of addresses holds e-mail addresses', () => {
    expect(columnContent('Reach', ['ana@example.com', 'bo@example.org'])).toBe('e-mail addresses');
  });

  it('goes by the header when the values say nothing', () => {
    expect(columnContent('Tel. (home)', [])).toBe('phone numbers');
    expect(columnContent('E-Mail 2', [''])).toBe('e-mail addresses');
    expect(columnContent('Customer Name', ['Ana'])).toBe('names');
  });

  it('has nothing to say of a column of other text', () => {
    expect(columnContent('Notes', ['likes tea', 'call after 5'])).toBeUndefined();
    expect(columnContent('Account Number', ['ACC-053450'])).toBeUndefined();
  });
});
