import { describe, expect, it } from 'vitest';
import { CcbulkError } from '../../src/errors.js';
import { CANONICAL_FIELDS } from '../../src/transforms/canonical-fields.js';
import { mappingProblems, planColumns } from '../../src/transforms/column-mapping.js';

function fieldOf(header: string): string | undefined {
  const role = planColumns([header]).columns[0];
  return role?.kind === 'field' ? role.field : undefined;
}

describe('planColumns', () => {
  it.each([
    ['Display Name', 'display_name'],
    ['Full Name', 'display_name'],
    ['name', 'display_name'],
    ['First Name', 'first_name'],
    ['given_name', 'first_name'],
    ['LAST NAME', 'last_name'],
    ['Surname', 'last_name'],
    ['Family-Name', 'last_name'],
    ['Phone', 'phone'],
    ['Main Phone', 'phone'],
    ['Telephone', 'phone'],
    ['Phone Number', 'phone'],
    ['phone_number', 'phone'],
    ['Mobile', 'mobile'],
    ['Cell', 'mobile'],
    ['Work Phone', 'work_phone'],
    ['Business Phone', 'work_phone'],
    ['Home Phone', 'home_phone'],
    ['Other Phone', 'other_phone'],
    ['Email', 'email'],
    ['E-mail', 'email'],
    ['Email Address', 'email'],
    ['email 2', 'email_2'],
    ['E-mail Address 3', 'email_3'],
    ['Email4', 'email_4'],
    ['Company', 'company'],
    ['Organization', 'company'],
    ['Role', 'role'],
    ['Title', 'role'],
    ['Job Title', 'role'],
    ['Location', 'location'],
    ['City', 'location'],
    ['Time Zone', 'timezone'],
    ['Account Number', 'account_number'],
    ['Country', 'country'],
    ['Contact ID', 'contact_id'],
    ['Source ID', 'source_id'],
    ['Source Name', 'source_name'],
    ['  email.address  ', 'email'],
  ])('maps the header %j to %s', (header, field) => {
    expect(fieldOf(header)).toBe(field);
  });

  it('maps every canonical field name to itself, so an exported file re-imports as it is', () => {
    for (const field of CANONICAL_FIELDS) expect(fieldOf(field)).toBe(field);
  });

  it('lists columns it does not know as unmapped rather than dropping them', () => {
    const plan = planColumns(['Name', 'Favourite Colour', '', 'Phone']);
    expect(plan.unmapped).toEqual(['Favourite Colour', '(column 3, no header)']);
    expect(plan.columns[1]).toEqual({ kind: 'unmapped' });
    expect(plan.fields).toEqual({ display_name: 0, phone: 3 });
  });

  it('does not map a fifth e-mail column', () => {
    expect(fieldOf('email 5')).toBeUndefined();
  });

  it('ignores columns starting with an underscore, such as a rejects file’s own columns', () => {
    const plan = planColumns(['_line', '_stage', '_reason', 'name']);
    expect(plan.columns.slice(0, 3)).toEqual([{ kind: 'ignored' }, { kind: 'ignored' }, { kind: 'ignored' }]);
    expect(plan.unmapped).toEqual([]);
  });

  it('treats custom:<name> columns as custom fields and lists their names', () => {
    const plan = planColumns(['name', 'custom:Tier', 'Custom: Preferred Agent ']);
    expect(plan.custom).toEqual(['Tier', 'Preferred Agent']);
    expect(plan.customColumns).toEqual([
      { name: 'Tier', index: 1 },
      { name: 'Preferred Agent', index: 2 },
    ]);
  });

  it('maps a second column for the phone field (`Phone,Main Phone`, `Phone,Phone`) as other_phone rather than drop its numbers', () => {
    for (const header of [['Phone', 'Main Phone'], ['Phone', 'Phone'], ['Phone', 'Telephone']]) {
      const plan = planColumns(header);
      expect(plan.fields).toMatchObject({ phone: 0, other_phone: 1 });
      expect(plan.unmapped).toEqual([]);
      expect(plan.conflicts).toEqual([]);
    }
  });

  it('maps further e-mail columns to email_2, email_3 … in turn', () => {
    const plan = planColumns(['Email', 'E-mail', 'Email 2']);
    expect(plan.fields).toMatchObject({ email: 0, email_2: 1, email_3: 2 });
  });

  it('says which field a third phone column would feed, and which column has it, when no phone field is left', () => {
    const plan = planColumns(['Phone', 'Phone', 'Phone']);
    expect(plan.columns[2]).toEqual({ kind: 'unmapped', conflictsWith: 0 });
    expect(plan.unmapped).toEqual(['Phone (also maps to phone, already taken by Phone)']);
    expect(plan.conflicts).toEqual([{ field: 'phone', keptHeader: 'Phone', droppedHeader: 'Phone' }]);
  });

  it('lets an override win over an automatic mapping of the same field, the automatic column becoming other_phone', () => {
    const plan = planColumns(['Phone', 'Tel (direct)'], { 'Tel (direct)': 'phone' });
    expect(plan.fields).toMatchObject({ phone: 1, other_phone: 0 });
    expect(plan.unmapped).toEqual([]);
  });

  it('does not hand a field the mapping file gives a column to a second automatic column', () => {
    const plan = planColumns(['Phone', 'Telephone', 'Alt'], { Alt: 'other_phone' });
    expect(plan.fields).toMatchObject({ phone: 0, other_phone: 2 });
    expect(plan.unmapped).toEqual(['Telephone (also maps to phone, already taken by Phone)']);
  });

  it('maps a column to a custom field or skips it when the override says so', () => {
    const plan = planColumns(['Name', 'Tier', 'Notes'], { Tier: 'custom:Customer Tier', Notes: null });
    expect(plan.custom).toEqual(['Customer Tier']);
    expect(plan.columns[2]).toEqual({ kind: 'ignored' });
    expect(plan.unmapped).toEqual([]);
  });

  it('matches override headers ignoring case and surrounding spaces', () => {
    expect(planColumns(['Handy'], { ' handy ': 'mobile' }).fields).toEqual({ mobile: 0 });
  });

  it('throws MAPPING_INVALID naming unknown fields and missing headers, listing valid fields', () => {
    let error: unknown;
    try {
      planColumns(['Name', 'Tel'], { Tel: 'phone_nr', Fax: 'other_phone' });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(CcbulkError);
    const { code, message } = error as CcbulkError;
    expect(code).toBe('MAPPING_INVALID');
    expect(message).toContain('`Tel` maps to unknown field `phone_nr`');
    expect(message).toContain('header `Fax` is not in the file');
    expect(message).toContain('work_phone');
    expect(message).toContain('custom:<Field name>');
  });

  it('throws MAPPING_INVALID when two overrides map to the same field', () => {
    expect(() => planColumns(['A', 'B'], { A: 'email', B: 'email' })).toThrow(/`A` and `B` both map to `email`/);
  });

  it('throws MAPPING_INVALID when the mapping is not an object of strings', () => {
    expect(() => planColumns(['A'], { A: 3 })).toThrow(CcbulkError);
    expect(() => planColumns(['A'], ['A'])).toThrow(/Expected the column mapping/);
  });
});

describe('mappingProblems', () => {
  it('names each problem with its header and field, as data a door shows beside the column', () => {
    expect(mappingProblems(['Name', 'Tel', 'Mail'], { Tel: 'phon', Fax: 'other_phone', Name: 'email', Mail: 'email' })).toEqual([
      { kind: 'unknown field', header: 'Tel', field: 'phon', text: '`Tel` maps to unknown field `phon`' },
      { kind: 'header not in file', header: 'Fax', text: 'header `Fax` is not in the file' },
      { kind: 'field mapped twice', header: 'Mail', field: 'email', other: 'Name', text: '`Name` and `Mail` both map to `email`' },
    ]);
  });

  it('has nothing to say of a mapping planColumns takes', () => {
    expect(mappingProblems(['Name', 'Tel'], { Tel: 'phone', Name: null })).toEqual([]);
  });
});
