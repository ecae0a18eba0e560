import { describe, expect, it } from 'vitest';
import { reasonKinds } from '../../src/writers/outcome-files.js';

describe('reasonKinds', () => {
  it('counts reasons by kind, leaving out each row’s own values', () => {
    expect(reasonKinds("phone: not a valid number for US: '555-12'; email: invalid format: 'bob@'")).toEqual([
      'phone: not a valid number',
      'email: invalid format',
    ]);
    expect(reasonKinds('duplicate of line 12')).toEqual(['duplicate of line N']);
    expect(reasonKinds("on DNC list 'Do not call': +12125550100")).toEqual(["on DNC list 'Do not call'"]);
    expect(reasonKinds("not on DNC list 'Do not call': +12125550100")).toEqual(["not on DNC list 'Do not call'"]);
  });

  it('keeps the column names a reason gives, which are the same for every row', () => {
    expect(reasonKinds("no phone number in 'Phone Number', 'Mobile'")).toEqual(["no phone number in 'Phone Number', 'Mobile'"]);
  });
});
