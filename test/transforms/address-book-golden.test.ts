import { describe, expect, it } from 'vitest';
import { formatReasons } from '../../src/reason.js';
import {
  DuplicateIndex,
  createPhoneNormaliser,
  planColumns,
  toAddressBookCreate,
} from '../../src/transforms/index.js';
import { contactRowPlan } from '../../src/transforms/contact-row.js';
import { row } from './support.js';

// A small realistic export, as a reader would yield it: a CRM's headers, mixed national and
// international numbers, a rejects file's leftover column, and the usual mistakes.
const header = ['_reason', 'Full Name', 'First Name', 'Last Name', 'Phone', 'Mobile', 'E-mail', 'Email 2', 'Organization', 'Job Title', 'Country', 'Time Zone', 'custom:Tier', 'Fax'];
const rows = [
  row(2, '', 'Ada Lovelace', 'Ada', 'Lovelace', '020 7946 0958', '07911 123456', 'ada@Example.com', '', 'Analytical Engines', 'Programmer', 'United Kingdom', 'Europe/London', 'Gold', ''),
  row(3, '', '', 'Grace', 'Hopper', '(202) 555-0143 x12', '', 'grace@navy.example', 'GRACE@navy.example', 'US Navy', 'Rear Admiral', '', 'America/New_York', '', '555-0000'),
  row(4, 'old reason', 'Bob', '', '', '555-12', '', 'bob@', '', '', '', '', '', '', ''),
  row(5, '', 'Lin', '', '', '+49 30 901820', '011 33 1 42 68 53 00', '', '', '', '', 'DE', 'Mars/Olympus', '', ''),
  row(6, '', 'Ada again', '', '', '+44 20 7946 0958', '', '', '', '', '', '', '', '', ''),
  row(7, '', 'Nobody', '', '', '', '', '', '', '', '', '', '', 'Silver', ''),
  row(8, '', 'Hans', '', '', '030 901821', '', 'hans@example.de', '', '', '', 'Deutschland', '', '', ''),
];

/**
 * One line per row: accepted with its contact, or rejected with its reasons. Each row goes
 * through the import's own row planner (draft, shape) and duplicate check, as the address book
 * import runs them, so this golden list cannot drift from what the import does.
 */
function run(): string[] {
  const plan = planColumns(header);
  const phones = createPhoneNormaliser({ defaultCountry: 'US' });
  const seen = new DuplicateIndex();
  const customIds = new Map([['Tier', 'cf-tier']]);
  return rows.map((r) => {
    let notes: readonly string[] = [];
    const [planned] = contactRowPlan(r, plan, phones, (draft) => {
      const shaped = toAddressBookCreate(draft, customIds);
      if (!shaped.ok) return shaped;
      notes = shaped.notes;
      return { ok: true, item: shaped.contact };
    });
    if (planned === undefined) return `${r.origin.line} planned nothing`;
    if (!planned.ok) return `${r.origin.line} rejected: ${formatReasons(planned.reasons)}`;
    const duplicate = seen.claim(r.origin, planned.keys);
    if (duplicate !== undefined) return `${r.origin.line} rejected: ${duplicate.reason}`;
    const noted = notes.length > 0 ? ` (${notes.join('; ')})` : '';
    return `${r.origin.line} ok: ${JSON.stringify(planned.item)}${noted}`;
  });
}

describe('address book contacts from a small export', () => {
  it('lists the columns nothing reads', () => {
    expect(planColumns(header).unmapped).toEqual(['Fax']);
  });

  it('turns each row into the expected contact or rejection', () => {
    expect(run()).toEqual([
      '2 ok: {"display_name":"Ada Lovelace","first_name":"Ada","last_name":"Lovelace","phones":[{"phone_number":"+442079460958","phone_type":"main"},{"phone_number":"+447911123456","phone_type":"mobile"}],"emails":["ada@example.com"],"timezone":"Europe/London","company":"Analytical Engines","role":"Programmer","custom_fields":[{"custom_field_id":"cf-tier","custom_field_value":"Gold"}]}',
      '3 ok: {"display_name":"Grace Hopper","first_name":"Grace","last_name":"Hopper","phones":[{"phone_number":"+12025550143","phone_type":"main"}],"emails":["grace@navy.example"],"timezone":"America/New_York","company":"US Navy","role":"Rear Admiral"} (phone: extension 12 of +12025550143 left out: address book contacts have no extensions)',
      "4 rejected: phone: not a valid number for US: '555-12'; email: invalid format: 'bob@'",
      "5 rejected: timezone: not an IANA time zone name: 'Mars/Olympus'",
      '6 rejected: duplicate of line 2',
      '7 rejected: phones: a contact needs a phone number or an e-mail address',
      '8 ok: {"display_name":"Hans","phones":[{"phone_number":"+4930901821","phone_type":"main"}],"emails":["hans@example.de"]}',
    ]);
  });
});
