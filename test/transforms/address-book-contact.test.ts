import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { toAddressBookCreate, toAddressBookUpdate } from '../../src/transforms/address-book-contact.js';
import { ADDRESS_BOOK_LIMITS, E164_PATTERN } from '../../src/zoom/generated/limits.js';
import type { ContactDraft } from '../../src/transforms/contact-draft.js';

const noCustom = new Map<string, string>();

function draft(fields: Partial<ContactDraft>): ContactDraft {
  return { phones: [], emails: [], custom: [], ...fields };
}

const ada = draft({ display_name: 'Ada Lovelace', phones: [{ number: '+12025550143', type: 'main' }] });

interface SchemaNode {
  maxLength?: number;
  minLength?: number;
  maxItems?: number;
  properties?: Record<string, SchemaNode>;
  items?: SchemaNode;
}

function contactItemSchema(operationId: string): SchemaNode {
  const spec = JSON.parse(readFileSync(new URL('../../spec/contact-center.openapi.json', import.meta.url), 'utf8')) as {
    paths: Record<string, Record<string, { operationId?: string; requestBody?: { content: Record<string, { schema: SchemaNode }> } }>>;
  };
  for (const item of Object.values(spec.paths)) {
    for (const op of Object.values(item)) {
      if (op.operationId === operationId) {
        const items = op.requestBody?.content['application/json']?.schema.properties?.['contacts']?.items;
        if (items !== undefined) return items;
      }
    }
  }
  throw new Error(`no contacts item schema for ${operationId}`);
}

describe('ADDRESS_BOOK_LIMITS', () => {
  it.each(['batchCreateContact', 'batchUpdateContact'])('equal the maxLength and maxItems the spec gives %s', (operationId) => {
    const props = contactItemSchema(operationId).properties ?? {};
    for (const [field, max] of Object.entries(ADDRESS_BOOK_LIMITS.maxLength)) expect([field, props[field]?.maxLength]).toEqual([field, max]);
    for (const [field, min] of Object.entries(ADDRESS_BOOK_LIMITS.minLength)) expect([field, props[field]?.minLength]).toEqual([field, min]);
    for (const [field, max] of Object.entries(ADDRESS_BOOK_LIMITS.maxItems)) expect([field, props[field]?.maxItems]).toEqual([field, max]);
    const custom = props['custom_fields']?.items?.properties ?? {};
    expect(custom['custom_field_id']?.maxLength).toBe(ADDRESS_BOOK_LIMITS.customField.id);
    expect(custom['custom_field_value']?.maxLength).toBe(ADDRESS_BOOK_LIMITS.customField.value);
  });

  it('cover every text property the spec limits, so a new limit cannot be missed', () => {
    const props = contactItemSchema('batchCreateContact').properties ?? {};
    const limited = Object.entries(props)
      .filter(([, p]) => p.maxLength !== undefined)
      .map(([name]) => name)
      .sort();
    expect(limited).toEqual(Object.keys(ADDRESS_BOOK_LIMITS.maxLength).sort());
  });
});

describe('E164_PATTERN', () => {
  it('takes every example phone number the spec gives and refuses numbers E.164 rules out', () => {
    const text = readFileSync(new URL('../../spec/contact-center.openapi.json', import.meta.url), 'utf8');
    const examples = new Set<string>();
    JSON.parse(text, (key, value: unknown) => {
      if ((key === 'phone_number' || key === 'contact_phone_number') && typeof value === 'string') examples.add(value);
      return value;
    });
    for (const example of [...text.matchAll(/"example":\s*"(\+\d+)"/g)].map((m) => m[1] ?? '')) examples.add(example);
    expect(examples.size).toBeGreaterThan(3);
    for (const example of examples) expect([example, E164_PATTERN.test(example)]).toEqual([example, true]);
    for (const bad of ['12025550143', '+02025550143', '+123456', '+1234567890123456', '+1 202 555 0143']) expect([bad, E164_PATTERN.test(bad)]).toEqual([bad, false]);
  });
});

describe('toAddressBookCreate', () => {
  it('shapes a draft into a batch create item', () => {
    const result = toAddressBookCreate(
      draft({
        display_name: 'Ada Lovelace',
        first_name: 'Ada',
        phones: [
          { number: '+12025550143', type: 'main' },
          { number: '+12025550199', type: 'mobile' },
        ],
        emails: ['ada@example.com'],
        company: 'Analytical Engines',
        timezone: 'Europe/London',
        source_id: 'R4aF',
        custom: [{ name: 'Tier', value: 'Gold' }],
      }),
      new Map([['Tier', 'cf-1']]),
    );
    expect(result).toEqual({
      ok: true,
      notes: [],
      contact: {
        display_name: 'Ada Lovelace',
        first_name: 'Ada',
        phones: [
          { phone_number: '+12025550143', phone_type: 'main' },
          { phone_number: '+12025550199', phone_type: 'mobile' },
        ],
        emails: ['ada@example.com'],
        company: 'Analytical Engines',
        timezone: 'Europe/London',
        source_id: 'R4aF',
        custom_fields: [{ custom_field_id: 'cf-1', custom_field_value: 'Gold' }],
      },
    });
  });

  it('rejects a contact with neither a phone number nor an e-mail address', () => {
    expect(toAddressBookCreate(draft({ display_name: 'Ada' }), noCustom)).toEqual({
      ok: false,
      reasons: ['phones: a contact needs a phone number or an e-mail address'],
    });
  });

  it('rejects a contact without a name, saying how to give one', () => {
    expect(toAddressBookCreate(draft({ emails: ['a@example.com'] }), noCustom)).toEqual({
      ok: false,
      reasons: ['display_name: missing: give a name, or a first or last name'],
    });
  });

  it('rejects more than five phone numbers', () => {
    const phones = ['0141', '0142', '0143', '0144', '0145', '0146'].map((n) => ({ number: `+1202555${n}`, type: 'other' as const }));
    expect(toAddressBookCreate(draft({ display_name: 'Ada', phones }), noCustom)).toEqual({
      ok: false,
      reasons: ['phones: at most 5 phone numbers, got 6'],
    });
  });

  it('gives every limit a contact breaks at once', () => {
    const result = toAddressBookCreate(
      draft({
        display_name: 'A'.repeat(126),
        first_name: 'B'.repeat(37),
        emails: ['a@x.com', 'b@x.com', 'c@x.com', 'd@x.com', 'e@x.com'],
        company: 'C'.repeat(257),
        custom: [{ name: 'Notes', value: 'n'.repeat(513) }],
      }),
      new Map([['Notes', 'cf-9']]),
    );
    expect(result).toEqual({
      ok: false,
      reasons: [
        'display_name: longer than 125 characters (126)',
        'first_name: longer than 36 characters (37)',
        'emails: at most 4 addresses, got 5',
        'company: longer than 256 characters (257)',
        'custom:Notes: longer than 512 characters (513)',
      ],
    });
  });

  it('rejects a custom field the account does not have', () => {
    const result = toAddressBookCreate({ ...ada, custom: [{ name: 'Tier', value: 'Gold' }] }, noCustom);
    expect(result).toEqual({ ok: false, reasons: ['custom:Tier: no custom field of that name'] });
  });

  it('rejects two main numbers in a draft built by hand', () => {
    const phones = [
      { number: '+12025550143', type: 'main' as const },
      { number: '+12025550144', type: 'main' as const },
    ];
    expect(toAddressBookCreate(draft({ display_name: 'Ada', phones }), noCustom)).toEqual({
      ok: false,
      reasons: ['phones: only one number may be main'],
    });
  });

  it('rejects a time zone that is not an IANA name in a draft built by hand', () => {
    expect(toAddressBookCreate({ ...ada, timezone: 'Mars/Olympus' }, noCustom)).toEqual({
      ok: false,
      reasons: ["timezone: not an IANA time zone name: 'Mars/Olympus'"],
    });
  });

  it('leaves out extensions and says so in a note', () => {
    const result = toAddressBookCreate(draft({ display_name: 'Ada', phones: [{ number: '+12025550143', type: 'main', extension: '77' }] }), noCustom);
    expect(result).toEqual({
      ok: true,
      contact: { display_name: 'Ada', phones: [{ phone_number: '+12025550143', phone_type: 'main' }] },
      notes: ['phone: extension 77 of +12025550143 left out: address book contacts have no extensions'],
    });
  });
});

describe('toAddressBookUpdate', () => {
  it('sends only the fields the row gives', () => {
    expect(toAddressBookUpdate(draft({ contact_id: 'c-1', company: 'Acme' }), noCustom)).toEqual({
      ok: true,
      contact: { contact_id: 'c-1', company: 'Acme' },
      notes: [],
    });
  });

  it('rejects a row without a contact id', () => {
    expect(toAddressBookUpdate(ada, noCustom)).toEqual({
      ok: false,
      reasons: ['contact_id: missing: an update needs the contact id'],
    });
  });
});
