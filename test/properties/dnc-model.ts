/**
 * The model of a DNC list: a set of numbers. Every number of a row (one per phone column) is an
 * item of its own; a bad number is rejected, a number an earlier row had is a duplicate.
 * add: a number not on the list is added; remove: one on the list is removed, one not on it
 * rejected; sync: the list gets the file's numbers, and with --delete-missing loses the rest.
 */
import fc from 'fast-check';
import type { Bed } from './bed.js';
import type { Adapter, Expected, Prediction } from './driver.js';
import { layoutArb, numberOf, type Layout, type RowSpec } from './files.js';

export interface DncModel {
  readonly numbers: ReadonlySet<string>;
}

export const dncAdapter: Adapter<DncModel> = {
  job: 'dnc',
  modes: ['add', 'remove', 'sync'],
  layout: layoutArb({ email: fc.constant(false) }),
  initial: () => ({ numbers: new Set() }),

  predict(model, mode, rows, layout: Layout, deleteMissing, _ids, skip): Prediction<DncModel> {
    const numbers = new Set(model.numbers);
    const items: Expected[] = [];
    const itemsPerLine = new Map<number, number>();
    const inFile = new Set<string>();
    rows.forEach((row: RowSpec, k) => {
      const line = k + 2;
      let count = 0;
      let rowItems = 0;
      row.phones.forEach((cell, column) => {
        if (cell === 'blank') return;
        count++;
        if (cell === 'bad') {
          items.push({ line, outcome: 'rejected' });
          return;
        }
        rowItems++;
        const number = numberOf(row.person, column);
        if (inFile.has(number)) {
          items.push({ line, outcome: 'rejected' });
          return;
        }
        inFile.add(number);
        if (skip.has(line)) return void items.push({ line, outcome: 'rejected' });
        if (mode === 'add') {
          // An add that reads the list first says which were there; one that does not (a list
          // larger than the file) claims no change: `on list` for every number it sent.
          if (numbers.has(number)) items.push({ line, number, outcome: 'already on list|on list' });
          else items.push({ line, number, outcome: 'added|on list' });
          numbers.add(number);
        } else if (mode === 'remove') {
          if (numbers.has(number)) items.push({ line, number, outcome: 'removed' });
          else items.push({ line, outcome: 'rejected' });
          numbers.delete(number);
        } else {
          items.push({ line, number, outcome: numbers.has(number) ? 'unchanged' : 'added' });
          numbers.add(number);
        }
      });
      void rowItems;
      // A row without any number is one rejected line.
      if (count === 0) items.push({ line, outcome: 'rejected' });
      itemsPerLine.set(line, count);
    });
    if (mode === 'sync' && deleteMissing) for (const n of [...numbers]) if (!inFile.has(n)) numbers.delete(n);
    // An add that does not read the list first (it would cost more than the adds) sends them again.
    return { next: { numbers }, items, itemsPerLine, repeatWritesNothing: mode !== 'add' };
  },

  project: (model) => [...model.numbers].sort(),
  projectReal: (bed: Bed) => bed.emulator.store.dncPhones(bed.targetId).map((p) => p.phone_number).sort(),
  duplicatesReal(bed: Bed) {
    const all = bed.emulator.store.dncPhones(bed.targetId).map((p) => p.phone_number);
    return [...new Set(all.filter((n, i) => all.indexOf(n) !== i))];
  },
  learnIds: () => undefined,
  idOf: () => undefined,
};
