import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { toCampaignInsert, toCampaignUpdate } from '../../src/transforms/campaign-contact.js';
import { CAMPAIGN_CONTACT_LIMITS } from '../../src/zoom/generated/limits.js';
import type { ContactDraft } from '../../src/transforms/contact-draft.js';

const noCustom = new Map<string, string>();

function draft(fields: Partial<ContactDraft>): ContactDraft {
  return { phones: [], emails: [], custom: [], ...fields };
}

/** An address the API's format takes, exactly `length` characters long. */
function emailOfLength(length: number): string {
  return `${'a'.repeat(length - '@example.com'.length)}@example.com`;
}

const ada = draft({ display_name: 'Ada Lovelace', phones: [{ number: '+12025550143', type: 'main' }] });

interface SchemaNode {
  maxLength?: number;
  minLength?: number;
  maxItems?: number;
  minItems?: number;
  required?: string[];
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

const INSERT = 'Insertabatchofcontactstoacampaigncontactlist';
const UPDATE = 'Updateabatchofcontactsonacampaigncontactlist';

describe('CAMPAIGN_CONTACT_LIMITS', () => {
  it.each([INSERT, UPDATE])('equal the maxLength and maxItems the spec gives %s', (operationId) => {
    const props = contactItemSchema(operationId).properties ?? {};
    for (const [field, max] of Object.entries(CAMPAIGN_CONTACT_LIMITS.maxLength)) expect([field, props[field]?.maxLength]).toEqual([field, max]);
    for (const [field, max] of Object.entries(CAMPAIGN_CONTACT_LIMITS.maxItems)) expect([field, props[field]?.maxItems]).toEqual([field, max]);
  });

  it('equal the spec’s e-mail length of each operation, which differ', () => {
    expect(contactItemSchema(INSERT).properties?.['contact_emails']?.items?.maxLength).toBe(CAMPAIGN_CONTACT_LIMITS.emailLength.insert);
    expect(contactItemSchema(UPDATE).properties?.['contact_emails']?.items?.maxLength).toBe(CAMPAIGN_CONTACT_LIMITS.emailLength.update);
  });

  it('equal the spec’s insert requirements: a name and at least one phone, and no custom fields', () => {
    const insert = contactItemSchema(INSERT);
    expect(insert.required?.sort()).toEqual(['contact_display_name', 'contact_phones']);
    expect(insert.properties?.['contact_phones']?.minItems).toBe(CAMPAIGN_CONTACT_LIMITS.minPhonesOnInsert);
    expect(insert.properties?.['custom_fields']).toBeUndefined();
  });

  it('equal the spec’s update contact id and custom field limits', () => {
    const update = contactItemSchema(UPDATE);
    expect(update.required).toEqual(['contact_id']);
    expect(update.properties?.['contact_id']?.maxLength).toBe(CAMPAIGN_CONTACT_LIMITS.contactId);
    const custom = update.properties?.['custom_fields']?.items?.properties ?? {};
    expect(custom['custom_field_id']?.maxLength).toBe(CAMPAIGN_CONTACT_LIMITS.customField.id);
    expect(custom['custom_field_value']?.maxLength).toBe(CAMPAIGN_CONTACT_LIMITS.customField.value);
  });

  it.each([INSERT, UPDATE])('cover every text property %s limits, so a new limit cannot be missed', (operationId) => {
    const props = contactItemSchema(operationId).properties ?? {};
    const limited = Object.entries(props)
      .filter(([name, p]) => p.maxLength !== undefined && name !== 'contact_id')
      .map(([name]) => name)
      .sort();
    expect(limited).toEqual(Object.keys(CAMPAIGN_CONTACT_LIMITS.maxLength).sort());
  });
});

describe('toCampaignInsert', () => {
  it('shapes a draft into a batch insert item with the API’s capitalised phone types', () => {
    const result = toCampaignInsert(
      draft({
        display_name: 'Ada Lovelace',
        first_name: 'Ada',
        last_name: 'Lovelace',
        phones: [
          { number: '+12025550143', type: 'main' },
          { number: '+12025550199', type: 'mobile' },
          { number: '+12025550100', type: 'work' },
          { number: '+12025550101', type: 'home' },
          { number: '+12025550102', type: 'other' },
        ],
        emails: ['ada@example.com'],
        company: 'Analytical Engines',
        role: 'Programmer',
        location: 'London',
        account_number: 'A-17',
        timezone: 'Europe/London',
      }),
      noCustom,
    );
    expect(result).toEqual({
      ok: true,
      notes: [],
      contact: {
        contact_display_name: 'Ada Lovelace',
        contact_first_name: 'Ada',
        contact_last_name: 'Lovelace',
        contact_phones: [
          { contact_phone_number: '+12025550143', contact_phone_type: 'Main' },
          { contact_phone_number: '+12025550199', contact_phone_type: 'Mobile' },
          { contact_phone_number: '+12025550100', contact_phone_type: 'Work' },
          { contact_phone_number: '+12025550101', contact_phone_type: 'Home' },
          { contact_phone_number: '+12025550102', contact_phone_type: 'Other' },
        ],
        contact_emails: ['ada@example.com'],
        contact_company: 'Analytical Engines',
        contact_role: 'Programmer',
        contact_location: 'London',
        contact_account_number: 'A-17',
        contact_timezone: 'Europe/London',
      },
    });
  });

  it('accepts a display name of 64 characters and refuses one of 65, naming the input field', () => {
    expect(toCampaignInsert({ ...ada, display_name: 'A'.repeat(64) }, noCustom).ok).toBe(true);
    expect(toCampaignInsert({ ...ada, display_name: 'A'.repeat(65) }, noCustom)).toEqual({
      ok: false,
      reasons: ['display_name: longer than 64 characters for a campaign contact (65)'],
    });
  });

  it('accepts a company of 50 characters and refuses one of 51', () => {
    expect(toCampaignInsert({ ...ada, company: 'C'.repeat(50) }, noCustom).ok).toBe(true);
    expect(toCampaignInsert({ ...ada, company: 'C'.repeat(51) }, noCustom)).toEqual({
      ok: false,
      reasons: ['company: longer than 50 characters for a campaign contact (51)'],
    });
  });

  it('gives every limit a contact breaks at once', () => {
    const result = toCampaignInsert(
      {
        ...ada,
        first_name: 'B'.repeat(65),
        last_name: 'L'.repeat(65),
        location: 'x'.repeat(51),
        account_number: '9'.repeat(51),
        role: 'r'.repeat(51),
        emails: ['a@x.com', 'b@x.com', 'c@x.com', 'd@x.com', 'e@x.com'],
      },
      noCustom,
    );
    expect(result).toEqual({
      ok: false,
      reasons: [
        'emails: at most 4 addresses for a campaign contact, got 5',
        'first_name: longer than 64 characters for a campaign contact (65)',
        'last_name: longer than 64 characters for a campaign contact (65)',
        'location: longer than 50 characters for a campaign contact (51)',
        'account_number: longer than 50 characters for a campaign contact (51)',
        'role: longer than 50 characters for a campaign contact (51)',
      ],
    });
  });

  it('refuses a contact with only an e-mail address, saying a campaign needs a phone number', () => {
    expect(toCampaignInsert(draft({ display_name: 'Ada', emails: ['ada@example.com'] }), noCustom)).toEqual({
      ok: false,
      reasons: ['phones: a campaign contact needs a phone number (an e-mail address alone is not enough)'],
    });
  });

  it('refuses a contact without a name, saying how to give one', () => {
    expect(toCampaignInsert(draft({ phones: ada.phones }), noCustom)).toEqual({
      ok: false,
      reasons: ['display_name: missing: give a name, or a first or last name'],
    });
  });

  it('refuses more than five phone numbers', () => {
    const phones = ['0141', '0142', '0143', '0144', '0145', '0146'].map((n) => ({ number: `+1202555${n}`, type: 'other' as const }));
    expect(toCampaignInsert(draft({ display_name: 'Ada', phones }), noCustom)).toEqual({
      ok: false,
      reasons: ['phones: at most 5 phone numbers for a campaign contact, got 6'],
    });
  });

  it('refuses two main numbers in a draft built by hand', () => {
    const phones = [
      { number: '+12025550143', type: 'main' as const },
      { number: '+12025550144', type: 'main' as const },
    ];
    expect(toCampaignInsert(draft({ display_name: 'Ada', phones }), noCustom)).toEqual({
      ok: false,
      reasons: ['phones: only one number may be main'],
    });
  });

  it('accepts an e-mail address of 250 characters and refuses one of 251', () => {
    expect(toCampaignInsert({ ...ada, emails: [emailOfLength(250)] }, noCustom).ok).toBe(true);
    expect(toCampaignInsert({ ...ada, emails: [emailOfLength(251)] }, noCustom)).toEqual({
      ok: false,
      reasons: ['emails: longer than 250 characters for a campaign contact (251)'],
    });
  });

  it('refuses a time zone that is not an IANA name in a draft built by hand', () => {
    expect(toCampaignInsert({ ...ada, timezone: 'Mars/Olympus' }, noCustom)).toEqual({
      ok: false,
      reasons: ["timezone: not an IANA time zone name: 'Mars/Olympus'"],
    });
  });

  it('refuses custom values, saying to insert first and set them with an update', () => {
    const result = toCampaignInsert({ ...ada, custom: [{ name: 'Tier', value: 'Gold' }] }, new Map([['Tier', 'cf-1']]));
    expect(result).toEqual({
      ok: false,
      reasons: ['custom:Tier: campaign contact insert takes no custom fields; insert first, then set them with --mode update'],
    });
  });

  it('leaves out extensions and source fields and says so in notes', () => {
    const result = toCampaignInsert(
      draft({ display_name: 'Ada', phones: [{ number: '+12025550143', type: 'main', extension: '77' }], source_id: 'R4aF' }),
      noCustom,
    );
    expect(result).toEqual({
      ok: true,
      contact: { contact_display_name: 'Ada', contact_phones: [{ contact_phone_number: '+12025550143', contact_phone_type: 'Main' }] },
      notes: [
        'phone: extension 77 of +12025550143 left out: campaign contacts have no extensions',
        'source_id: left out: campaign contacts have no source id',
      ],
    });
  });
});

describe('toCampaignUpdate', () => {
  it('sends only the fields the row gives', () => {
    expect(toCampaignUpdate(draft({ contact_id: 'c-1', company: 'Acme' }), noCustom)).toEqual({
      ok: true,
      contact: { contact_id: 'c-1', contact_company: 'Acme' },
      notes: [],
    });
  });

  it('sends the phones and name when the row gives them', () => {
    expect(toCampaignUpdate({ ...ada, contact_id: 'c-1' }, noCustom)).toEqual({
      ok: true,
      contact: {
        contact_id: 'c-1',
        contact_display_name: 'Ada Lovelace',
        contact_phones: [{ contact_phone_number: '+12025550143', contact_phone_type: 'Main' }],
      },
      notes: [],
    });
  });

  it('resolves custom values to their field ids by name', () => {
    const result = toCampaignUpdate(
      draft({ contact_id: 'c-1', custom: [{ name: 'Tier', value: 'Gold' }, { name: 'Region', value: 'EMEA' }] }),
      new Map([
        ['Region', 'cf-2'],
        ['Tier', 'cf-1'],
      ]),
    );
    expect(result).toEqual({
      ok: true,
      contact: {
        contact_id: 'c-1',
        custom_fields: [
          { custom_field_id: 'cf-1', custom_field_value: 'Gold' },
          { custom_field_id: 'cf-2', custom_field_value: 'EMEA' },
        ],
      },
      notes: [],
    });
  });

  it('refuses a custom field the account does not have', () => {
    const result = toCampaignUpdate(draft({ contact_id: 'c-1', custom: [{ name: 'Tier', value: 'Gold' }] }), noCustom);
    expect(result).toEqual({ ok: false, reasons: ['custom:Tier: no custom field of that name'] });
  });

  it('refuses a custom value longer than 512 characters, naming the field', () => {
    const ids = new Map([['Notes', 'cf-9']]);
    expect(toCampaignUpdate(draft({ contact_id: 'c-1', custom: [{ name: 'Notes', value: 'n'.repeat(512) }] }), ids).ok).toBe(true);
    expect(toCampaignUpdate(draft({ contact_id: 'c-1', custom: [{ name: 'Notes', value: 'n'.repeat(513) }] }), ids)).toEqual({
      ok: false,
      reasons: ['custom:Notes: longer than 512 characters for a campaign contact (513)'],
    });
  });

  it('refuses a row without a contact id', () => {
    expect(toCampaignUpdate(ada, noCustom)).toEqual({
      ok: false,
      reasons: ['contact_id: missing: an update needs the contact id'],
    });
  });

  it('accepts a contact id of 64 characters and refuses one of 65', () => {
    expect(toCampaignUpdate(draft({ contact_id: 'i'.repeat(64) }), noCustom).ok).toBe(true);
    expect(toCampaignUpdate(draft({ contact_id: 'i'.repeat(65) }), noCustom)).toEqual({
      ok: false,
      reasons: ['contact_id: longer than 64 characters for a campaign contact (65)'],
    });
  });

  it('takes an e-mail address longer than an insert would, as the spec allows', () => {
    expect(toCampaignUpdate(draft({ contact_id: 'c-1', emails: [emailOfLength(251)] }), noCustom).ok).toBe(true);
  });

  it('refuses a display name of 65 characters', () => {
    expect(toCampaignUpdate(draft({ contact_id: 'c-1', display_name: 'A'.repeat(65) }), noCustom)).toEqual({
      ok: false,
      reasons: ['display_name: longer than 64 characters for a campaign contact (65)'],
    });
  });
});
