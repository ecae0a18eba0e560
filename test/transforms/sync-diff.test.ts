import { describe, expect, it } from 'vitest';
import type { PhoneType } from '../../src/transforms/canonical-fields.js';
import type { SyncFields, SyncPhone } from '../../src/transforms/contact-digest.js';
import { diffFields, type CarriedFields } from '../../src/transforms/sync-diff.js';

const fields = (...phones: SyncPhone[]): SyncFields => ({ scalars: {}, phones, emails: [], custom: {} });
const carrying = (...types: PhoneType[]): CarriedFields => ({ scalars: new Set(), phoneTypes: new Set(types), emails: false, custom: [] });

describe('the phones a sync compares', () => {
  it('finds a contact a create made from a Mobile-only row, its number main, unchanged', () => {
    const diff = diffFields(fields({ number: '+12025550143', type: 'mobile' }), fields({ number: '+12025550143', type: 'main' }), carrying('main', 'other', 'mobile', 'work'));
    expect(diff.changes).toEqual([]);
  });

  it('does so when the file has no main phone column too', () => {
    const diff = diffFields(fields({ number: '+12025550143', type: 'work' }), fields({ number: '+12025550143', type: 'main' }), carrying('work'));
    expect(diff.changes).toEqual([]);
  });

  it('keeps the first number main when the row changes the others', () => {
    const diff = diffFields(
      fields({ number: '+12025550143', type: 'mobile' }, { number: '+12025550144', type: 'work' }),
      fields({ number: '+12025550143', type: 'main' }),
      carrying('main', 'other', 'mobile', 'work'),
    );
    expect(diff.update.phones).toEqual([
      { number: '+12025550143', type: 'main' },
      { number: '+12025550144', type: 'work' },
    ]);
  });

  it('leaves a contact Zoom holds with no main number as it is, and sets the types a row gives for a number it holds as another', () => {
    expect(diffFields(fields({ number: '+12025550144', type: 'work' }), fields({ number: '+12025550144', type: 'work' }), carrying('work')).changes).toEqual([]);
    const moved = diffFields(fields({ number: '+12025550144', type: 'work' }), fields({ number: '+12025550144', type: 'mobile' }), carrying('work', 'mobile'));
    expect(moved.update.phones).toEqual([{ number: '+12025550144', type: 'work' }]);
  });
});
