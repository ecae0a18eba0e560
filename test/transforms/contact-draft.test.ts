import { describe, expect, it } from 'vitest';
import { planColumns } from '../../src/transforms/column-mapping.js';
import { toContactDraft } from '../../src/transforms/contact-draft.js';
import { createPhoneNormaliser } from '../../src/transforms/phone.js';
import { row } from './support.js';

const phones = createPhoneNormaliser({ defaultCountry: 'US' });

function draftOf(header: string[], ...cells: string[]) {
  return toContactDraft(row(2, ...cells), planColumns(header), phones);
}

describe('toContactDraft', () => {
  it('cleans a whole row into a draft', () => {
    const result = draftOf(
      ['Name', 'Phone', 'Mobile', 'Email', 'Company', 'Title', 'City', 'Time Zone', 'custom:Tier', 'Notes'],
      ' Ada Lovelace ',
      '(202) 555-0143',
      '202 555 0199',
      ' Ada@Example.COM ',
      'Analytical Engines',
      'Programmer',
      'London',
      'europe/london',
      'Gold',
      'ignored but listed',
    );
    expect(result).toEqual({
      ok: true,
      draft: {
        display_name: 'Ada Lovelace',
        phones: [
          { number: '+12025550143', type: 'main' },
          { number: '+12025550199', type: 'mobile' },
        ],
        emails: ['Ada@example.com'],
        company: 'Analytical Engines',
        role: 'Programmer',
        location: 'London',
        timezone: 'Europe/London',
        custom: [{ name: 'Tier', value: 'Gold' }],
      },
    });
  });

  it('builds the display name from first and last names when there is no name column', () => {
    const result = draftOf(['First Name', 'Last Name', 'Email'], 'Grace', 'Hopper', 'grace@example.com');
    expect(result.ok && result.draft).toMatchObject({ display_name: 'Grace Hopper', first_name: 'Grace', last_name: 'Hopper' });
  });

  it('builds the display name from first and last names when the name cell is empty', () => {
    const result = draftOf(['Name', 'First Name', 'Last Name'], '  ', '', 'Hopper');
    expect(result.ok && result.draft.display_name).toBe('Hopper');
  });

  it('treats empty cells as not given', () => {
    const result = draftOf(['Name', 'Phone', 'Email', 'Company', 'custom:Tier'], 'Ada', '', '  ', '', '');
    expect(result).toEqual({ ok: true, draft: { display_name: 'Ada', phones: [], emails: [], custom: [] } });
  });

  it('gives every reason of a failing row at once, and the numbers and e-mails it could read all the same', () => {
    const result = draftOf(['Name', 'Phone', 'Email', 'Mobile', 'Time Zone'], 'Bob', '555-12', 'bob@', '202-555-0143', 'Mars/Olympus');
    expect(result).toEqual({
      ok: false,
      reasons: ["phone: not a valid number for US: '555-12'", "email: invalid format: 'bob@'", "timezone: not an IANA time zone name: 'Mars/Olympus'"],
      readable: { phones: ['+12025550143'], emails: [] },
    });
  });

  it('makes the first number main when no column gives a main number', () => {
    const result = draftOf(['Name', 'Work Phone', 'Mobile'], 'Ada', '202-555-0143', '202-555-0199');
    expect(result.ok && result.draft.phones).toEqual([
      { number: '+12025550143', type: 'main' },
      { number: '+12025550199', type: 'mobile' },
    ]);
  });

  it('keeps the leftmost number first and main when a main column comes later', () => {
    const result = draftOf(['Name', 'Mobile', 'Phone'], 'Ada', '202-555-0199', '202-555-0143');
    expect(result.ok && result.draft.phones).toEqual([
      { number: '+12025550199', type: 'mobile' },
      { number: '+12025550143', type: 'main' },
    ]);
  });

  it('splits a cell with several numbers, keeping only the first of a phone cell main', () => {
    const result = draftOf(['Name', 'Phone', 'Mobile'], 'Ada', '202-555-0143; 202-555-0144 | 202-555-0145', '202-555-0199\n202-555-0198');
    expect(result.ok && result.draft.phones).toEqual([
      { number: '+12025550143', type: 'main' },
      { number: '+12025550144', type: 'other' },
      { number: '+12025550145', type: 'other' },
      { number: '+12025550199', type: 'mobile' },
      { number: '+12025550198', type: 'mobile' },
    ]);
  });

  it('keeps a number given twice in a row once, in its first place and type', () => {
    const result = draftOf(['Name', 'Mobile', 'Phone', 'Work Phone'], 'Ada', '202-555-0143', '(202) 555-0143', '+1 202 555 0143');
    expect(result.ok && result.draft.phones).toEqual([{ number: '+12025550143', type: 'main' }]);
  });

  it('keeps an extension with its number', () => {
    const result = draftOf(['Name', 'Work Phone'], 'Ada', '202-555-0143 ext. 77');
    expect(result.ok && result.draft.phones).toEqual([{ number: '+12025550143', type: 'main', extension: '77' }]);
  });

  it('keeps an address given twice once, ignoring case', () => {
    const result = draftOf(['Name', 'Email', 'Email 2', 'Email 3'], 'Ada', 'ada@example.com', 'ADA@example.com', 'ada@work.example');
    expect(result.ok && result.draft.emails).toEqual(['ada@example.com', 'ada@work.example']);
  });

  it('reads national numbers in the row’s country, given by code or by name', () => {
    const byCode = draftOf(['Name', 'Phone', 'Country'], 'Ada', '020 7946 0958', 'gb');
    const byName = draftOf(['Name', 'Phone', 'Country'], 'Ada', '020 7946 0958', 'United Kingdom');
    for (const result of [byCode, byName]) {
      expect(result.ok && result.draft).toMatchObject({ country: 'GB', phones: [{ number: '+442079460958' }] });
    }
  });

  it('rejects a row whose country is unknown, without guessing at its numbers', () => {
    expect(draftOf(['Name', 'Phone', 'Country'], 'Ada', '555-12', 'Atlantis')).toEqual({
      ok: false,
      reasons: ["country: unknown country: 'Atlantis'"],
      readable: { phones: [], emails: [] },
    });
  });

  it('names the column kind of an invalid number and the country it was read in', () => {
    expect(draftOf(['Name', 'Mobile', 'Country'], 'Ada', '07700 900123', 'UK')).toEqual({
      ok: false,
      reasons: ["mobile: not a valid number for GB: '07700 900123'"],
      readable: { phones: [], emails: [] },
    });
  });

  it('reports each invalid number of a multi-number cell', () => {
    const result = draftOf(['Name', 'Phone'], 'Ada', '555-12; 202-555-0143; 12');
    expect(result).toEqual({
      ok: false,
      reasons: ["phone: not a valid number for US: '555-12'", "phone: not a valid number for US: '12'"],
      readable: { phones: ['+12025550143'], emails: [] },
    });
  });

  it('ignores underscore columns of a re-run rejects file', () => {
    const result = draftOf(['_line', '_stage', '_reason', 'Name', 'Email'], '7', 'validate', "email: invalid format: 'x'", 'Ada', 'ada@example.com');
    expect(result).toEqual({ ok: true, draft: { display_name: 'Ada', phones: [], emails: ['ada@example.com'], custom: [] } });
  });

  it('keeps ids and source fields as given', () => {
    const result = draftOf(['contact_id', 'source_id', 'source_name', 'account_number', 'name'], 'c-1', 'R4aF', 'salesforce', '00123', 'Ada');
    expect(result.ok && result.draft).toMatchObject({ contact_id: 'c-1', source_id: 'R4aF', source_name: 'salesforce', account_number: '00123' });
  });

  it('lists, with blanks clear, what the empty cells of the columns the file has clear, and nothing of columns it lacks', () => {
    const plan = planColumns(['Name', 'Phone', 'Mobile', 'Email', 'Company', 'Title', 'custom:Tier']);
    const cleared = toContactDraft(row(2, 'Ada', '202-555-0143', '', '', ' ', 'Countess', ''), plan, phones, { blanks: 'clear' });
    expect(cleared.ok && cleared.draft.cleared).toEqual({ fields: ['company'], phoneTypes: ['mobile'], emails: true, custom: ['Tier'] });
    const kept = toContactDraft(row(2, 'Ada', '202-555-0143', '', '', '', 'Countess', ''), plan, phones);
    expect(kept.ok && kept.draft.cleared).toBeUndefined();
    const full = toContactDraft(row(2, 'Ada', '202-555-0143', '202-555-0199', 'a@example.com', 'Engines', 'Countess', 'Gold'), plan, phones, { blanks: 'clear' });
    expect(full.ok && full.draft.cleared).toBeUndefined();
  });
});
