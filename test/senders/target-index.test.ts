import { describe, expect, it } from 'vitest';
import { TargetIndex, type ListedContact } from '../../src/senders/target-index.js';
import type { SyncFields } from '../../src/transforms/contact-digest.js';

function contact(id: string, fields: Partial<SyncFields>): ListedContact {
  return { id, fields: { scalars: {}, phones: [], emails: [], custom: {}, ...fields } };
}

describe('TargetIndex', () => {
  it('finds contacts by id, account number, number and address (ignoring case), in listing order', async () => {
    const listing = [
      contact('id-a', { scalars: { display_name: 'Ada', account_number: 'ACC-1' }, phones: [{ number: '+12025550143', type: 'main' }], emails: ['Ada@Example.com'] }),
      contact('id-b', { scalars: { display_name: 'Bob' }, phones: [{ number: '+12025550144', type: 'main' }, { number: '+12025550145', type: 'mobile' }] }),
      // Shares Ada's number: a look-up by it finds both, Ada first.
      contact('id-c', { scalars: { account_number: 'ACC-1' }, phones: [{ number: '+12025550143', type: 'work' }], emails: ['cy@example.com'] }),
    ];
    const index = await TargetIndex.load((async function* () {
      yield* listing;
    })());
    expect(index.size).toBe(3);
    expect(index.byId('id-b')).toBe(1);
    expect(index.byId('id-d')).toBeUndefined();
    expect(index.byAccount('ACC-1')).toEqual([0, 2]);
    expect(index.byAccount('ACC-2')).toEqual([]);
    expect(index.byPhonesOrEmails(['+12025550143'], [])).toEqual([0, 2]);
    expect(index.byPhonesOrEmails(['+12025550145'], ['ada@EXAMPLE.com'])).toEqual([1, 0]);
    expect(index.byPhonesOrEmails(['+12025550146'], ['nobody@example.com'])).toEqual([]);
    expect(index.idAt(2)).toBe('id-c');
    expect(index.fieldsAt(1)).toEqual(listing[1]!.fields);
  });

  it('holds tens of thousands of contacts and finds each by every key', () => {
    const index = new TargetIndex();
    const n = 50_000;
    for (let i = 0; i < n; i++) {
      index.add(contact(`id-${i}`, { scalars: { account_number: `A${i % 1000}` }, phones: [{ number: `+1202${String(i).padStart(7, '0')}`, type: 'main' }], emails: [`c${i}@example.com`] }));
    }
    for (let i = 0; i < n; i += 499) {
      expect(index.byId(`id-${i}`)).toBe(i);
      expect(index.byPhonesOrEmails([`+1202${String(i).padStart(7, '0')}`], [`C${i}@example.com`])).toEqual([i]);
      // 50 contacts share each account number, found in listing order.
      const shared = index.byAccount(`A${i % 1000}`);
      expect(shared).toHaveLength(50);
      expect(shared).toEqual([...shared].sort((a, b) => a - b));
      expect(shared.every((s) => s % 1000 === i % 1000)).toBe(true);
    }
  });

  it('remembers each claim, and gives the contacts no row claimed in listing order', () => {
    const index = new TargetIndex();
    for (let i = 0; i < 4; i++) index.add(contact(`id-${i}`, {}));
    expect(index.claim(1, 7)).toBe(7);
    expect(index.claim(1, 9)).toBe(7);
    expect(index.claim(3, 9)).toBe(9);
    expect(index.unclaimed()).toEqual([0, 2]);
  });

  it('counts a kept contact as in the file, and lets a later row claim it as its own', () => {
    const index = new TargetIndex();
    for (let i = 0; i < 3; i++) index.add(contact(`id-${i}`, {}));
    index.keep(0);
    index.keep(1);
    expect(index.unclaimed()).toEqual([2]);
    expect(index.claim(1, 12)).toBe(12);
    // Kept again by the run's second pass over the file: the claim stands.
    index.keep(1);
    expect(index.claim(1, 12)).toBe(12);
    expect(index.claim(1, 14)).toBe(12);
  });
});
