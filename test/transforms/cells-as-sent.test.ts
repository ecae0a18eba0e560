import { readFileSync } from 'node:fs';
import { parse } from 'csv-parse/sync';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatReasons } from '../../src/reason.js';
import { toAddressBookCreate } from '../../src/transforms/address-book-contact.js';
import { planColumns } from '../../src/transforms/column-mapping.js';
import { toContactDraft } from '../../src/transforms/contact-draft.js';
import { createPhoneNormaliser } from '../../src/transforms/phone.js';
import { row } from './support.js';

/**
 * Cells as people fill them in, one whole row each (Phone, Mobile, Email, Country): several
 * numbers or addresses in a cell, `Name <address>`, and cells that must keep meaning one value.
 * `expected` is what the row becomes as an address book contact: its numbers (`type E.164`)
 * and addresses, or `rejected: ` and the `_reason` the rejects file shows.
 */
interface CellsAsSent {
  readonly form: string;
  readonly phone: string;
  readonly mobile: string;
  readonly email: string;
  readonly country: string;
  readonly expected: string;
}

const corpus = parse(readFileSync(new URL('../../fixtures/rows/cells-as-sent.csv', import.meta.url)), { columns: true }) as CellsAsSent[];

const phones = createPhoneNormaliser({ defaultCountry: 'US', workers: 0 });
const plan = planColumns(['Name', 'Phone', 'Mobile', 'Email', 'Country']);

/** What the row becomes: `main +1…, other +1… | a@x.com, b@y.com`, or the reasons it is rejected with. */
function outcome({ phone, mobile, email, country }: CellsAsSent): string {
  const result = toContactDraft(row(2, 'Ada Lovelace', phone, mobile, email, country), plan, phones);
  if (!result.ok) return `rejected: ${formatReasons(result.reasons)}`;
  const { draft } = result;
  const contact = toAddressBookCreate(draft, new Map());
  if (!contact.ok) return `rejected: ${formatReasons(contact.reasons)}`;
  const numbers = draft.phones.map((p) => `${p.type} ${p.number}${p.extension === undefined ? '' : `;ext=${p.extension}`}`);
  return `${numbers.join(', ')} | ${draft.emails.join(', ')}`;
}

describe('cells as people fill them in (fixtures/rows/cells-as-sent.csv)', () => {
  it('holds every form of several values in a cell, each several times', () => {
    const forms = new Set(corpus.map((r) => r.form));
    expect([...forms].sort()).toEqual([
      'addresses-not-split',
      'comma-numbers',
      'google-pairs-numbers',
      'line-break-numbers',
      'named-address',
      'not-split',
      'one-number-kept',
      'or-and-numbers',
      'several-addresses',
      'slash-numbers',
      'too-many',
    ]);
    for (const form of forms) expect(corpus.filter((r) => r.form === form).length, form).toBeGreaterThanOrEqual(5);
  });

  it('reads every row as expected: 100 % of every form', () => {
    const misses = corpus.map((r) => ({ form: r.form, expected: r.expected, got: outcome(r) })).filter((r) => r.got !== r.expected);
    expect(misses).toEqual([]);
  });

  it('says which separators work when a cell of several numbers does not split cleanly, keeping the reason the summary counts', () => {
    const result = toContactDraft(row(2, 'Ada', '202-555-0143 / 12', '', '', ''), plan, phones);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.reasons[0]?.kind).toBe('phone: not a valid number for US');
    expect(result.reasons[0]?.text).toMatch(/separated by ; , \/ \| "or" "and" or line breaks/);
  });

  it('keeps the numbers of a cell that splits cleanly in the order written, the first of a phone cell main', () => {
    const result = toContactDraft(row(2, 'Ada', '', '202-555-0199 or 202-555-0198', 'ann@example.com, bob@example.org', ''), plan, phones, {
      promoteFirstToMain: false,
    });
    expect(result.ok && result.draft).toMatchObject({
      phones: [
        { number: '+12025550199', type: 'mobile' },
        { number: '+12025550198', type: 'mobile' },
      ],
      emails: ['ann@example.com', 'bob@example.org'],
    });
  });

  // The promise over all inputs: numbers and addresses that are each valid, joined by any
  // separator the hint names, read as exactly those values in that order.
  const numbers = ['(212) 400-0141', '202-555-0143', '+44 20 7946 0958', '1-800-FLOWERS', '415.555.0126', '+33 1 42 68 53 00', '4155550123.0'];
  const e164 = ['+12124000141', '+12025550143', '+442079460958', '+18003569377', '+14155550126', '+33142685300', '+14155550123'];
  const addresses = ['ann@example.com', 'Bob.Ray@example.org', 'c+tag@sub.example.net', 'd_e@x.example'];
  const seed = Number(process.env.PROPERTY_SEED ?? 2801);

  it(`reads any valid numbers and addresses joined by any separator that works as those values (seed ${seed})`, () => {
    const numberSeparator = fc.constantFrom('; ', ';', ', ', ',', ' / ', '/', ' | ', '\n', '\r\n', ' or ', ' and ', ' OR ', ' ::: ');
    const addressSeparator = fc.constantFrom('; ', ', ', ' ', '\n', ' | ', ' or ', ' and ', ' ::: ');
    fc.assert(
      fc.property(
        fc.uniqueArray(fc.integer({ min: 0, max: numbers.length - 1 }), { minLength: 1, maxLength: 4 }),
        numberSeparator,
        fc.uniqueArray(fc.integer({ min: 0, max: addresses.length - 1 }), { minLength: 0, maxLength: 4 }),
        addressSeparator,
        fc.boolean(),
        (phoneIndexes, between, addressIndexes, apart, named) => {
          const cell = phoneIndexes.map((i) => numbers[i]).join(between);
          const emailCell = addressIndexes.map((i) => (named ? `Person ${i} <${addresses[i]}>` : addresses[i])).join(named ? ', ' : apart);
          const result = toContactDraft(row(2, 'Ada', cell, '', emailCell, ''), plan, phones);
          expect(result.ok && result.draft.phones.map((p) => p.number)).toEqual(phoneIndexes.map((i) => e164[i]));
          expect(result.ok && result.draft.emails.map((e) => e.toLowerCase())).toEqual(addressIndexes.map((i) => addresses[i]!.toLowerCase()));
        },
      ),
      { seed, numRuns: 300 },
    );
  });
});
