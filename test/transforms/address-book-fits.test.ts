import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { addressBookCreateSchema } from '../../src/transforms/address-book-contact.js';
import { fitsAddressBookCreate } from '../../src/transforms/address-book-fits.js';
import type { AddressBookContactInput } from '../../src/zoom/client.js';

/** Text of a length near `max`, and now and then not text at all. */
const textNear = (max: number) =>
  fc.oneof(
    { arbitrary: fc.string({ maxLength: 3 }), weight: 4 },
    { arbitrary: fc.constant(undefined), weight: 4 },
    { arbitrary: fc.integer({ min: Math.max(0, max - 2), max: max + 2 }).map((n) => 'x'.repeat(n)), weight: 1 },
    { arbitrary: fc.constantFrom(42 as unknown as string, null as unknown as string), weight: 1 },
  );
/** Mostly what `valid` gives, now and then what `other` does. */
const mostly = <T, U>(valid: fc.Arbitrary<T>, other: fc.Arbitrary<U>) => fc.oneof({ arbitrary: valid, weight: 12 }, { arbitrary: other, weight: 1 });

const phone = fc.record(
  {
    phone_number: mostly(fc.constantFrom('+14155550123', '+442079460000'), fc.oneof(fc.constantFrom('+1', '14155550123', '+0123456789', '+1234567890123456', ''), fc.stringMatching(/^\+[0-9]{5,16}$/))),
    phone_type: mostly(fc.constantFrom('work', 'home', 'mobile', 'other', undefined), fc.constantFrom('main', 'fax', 'Main')),
  },
  { requiredKeys: ['phone_number'] },
);
const email = mostly(fc.oneof(fc.constantFrom('a@example.com', 'ann.lee+x@sub.example.org'), fc.emailAddress()), fc.constantFrom('no-at', 'a@b', '@x.com', 'a b@x.com', ''));
const custom = fc.record(
  { custom_field_id: fc.oneof(fc.string({ maxLength: 3 }), fc.constant('i'.repeat(36)), fc.constant('i'.repeat(37))), custom_field_value: textNear(512) },
  { requiredKeys: ['custom_field_id'] },
);

const contact = fc.record(
  {
    display_name: mostly(fc.string({ minLength: 1, maxLength: 20 }), textNear(125)),
    first_name: textNear(36),
    last_name: textNear(36),
    location: textNear(256),
    timezone: mostly(fc.constantFrom('America/New_York', 'Europe/London', 'UTC', undefined), fc.constantFrom('america/new_york', 'Mars/Olympus', '', ' UTC')),
    account_number: textNear(256),
    company: textNear(256),
    role: textNear(256),
    source_id: fc.oneof(fc.string(), fc.constant(undefined)),
    phones: mostly(fc.array(phone, { maxLength: 3 }), fc.oneof(fc.array(phone, { minLength: 4, maxLength: 7 }), fc.constant(undefined))),
    emails: mostly(fc.array(email, { maxLength: 2 }), fc.oneof(fc.array(email, { minLength: 3, maxLength: 6 }), fc.constant(undefined))),
    custom_fields: mostly(fc.constant(undefined), fc.array(custom, { maxLength: 3 })),
  },
  { requiredKeys: [] },
);

describe('the direct check of a batch create item', () => {
  it('gives the schema’s answer for any contact', () => {
    const seed = Number(process.env.PROPERTY_SEED ?? 3102);
    const seen = { valid: 0, invalid: 0 };
    fc.assert(
      fc.property(contact, (c) => {
        const valid = addressBookCreateSchema.safeParse(c).success;
        seen[valid ? 'valid' : 'invalid']++;
        expect(fitsAddressBookCreate(c as AddressBookContactInput)).toBe(valid);
      }),
      { seed, numRuns: 5000 },
    );
    // Both answers come up often enough for the comparison to mean something.
    expect(seen.valid).toBeGreaterThan(100);
    expect(seen.invalid).toBeGreaterThan(100);
  });

  it('takes a plain valid contact, and refuses one with two main numbers or nothing to reach it by', () => {
    const ok = { display_name: 'Ann Lee', phones: [{ phone_number: '+14155550123', phone_type: 'main' as const }], emails: ['ann@example.com'] };
    expect(fitsAddressBookCreate(ok)).toBe(true);
    expect(fitsAddressBookCreate({ ...ok, phones: [ok.phones[0]!, ok.phones[0]!] })).toBe(false);
    expect(fitsAddressBookCreate({ display_name: 'Ann Lee' })).toBe(false);
  });
});
