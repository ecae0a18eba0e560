import { describe, expect, it } from 'vitest';
import { planColumns } from '../../src/transforms/column-mapping.js';
import { rowLabel } from '../../src/transforms/row-label.js';

describe('rowLabel', () => {
  const plan = planColumns(['First Name', 'Last Name', 'Mobile', 'Phone', 'E-mail']);

  it('names a row by its first and last name and its first number in field order', () => {
    expect(rowLabel(plan, ['Ana', 'Silva', '0649274410', "'+33 5 24 88 69 30", ''])).toEqual({ name: 'Ana Silva', number: '+33 5 24 88 69 30' });
  });

  it('falls back to the e-mail for the name, and leaves the number empty when the row has none', () => {
    expect(rowLabel(plan, ['', '', '', '', 'bo@example.com'])).toEqual({ name: 'bo@example.com', number: '' });
  });

  it('reads the columns the mapping gave, not the headers', () => {
    const mapped = planColumns(['Who', 'Tel'], { Who: 'display_name', Tel: 'work_phone' });
    expect(rowLabel(mapped, ['Acme desk', '404-635-4062'])).toEqual({ name: 'Acme desk', number: '404-635-4062' });
  });
});
