import { describe, expect, it } from 'vitest';
import { planColumns } from '../../src/transforms/column-mapping.js';
import { toContactDraft } from '../../src/transforms/contact-draft.js';
import { EXPORT_COLUMNS } from '../../src/transforms/export-columns.js';
import { phoneTypeOfLabel } from '../../src/transforms/phone-labels.js';
import { createPhoneNormaliser } from '../../src/transforms/phone.js';
import { row } from './support.js';

const phones = createPhoneNormaliser({ defaultCountry: 'US', workers: 0 });

describe('the column sets of the products people export contacts from', () => {
  it('maps every header each product documents to its field, each on its own', () => {
    const wrong = Object.entries(EXPORT_COLUMNS).flatMap(([product, columns]) =>
      Object.entries(columns).flatMap(([header, field]) => {
        const role = planColumns([header]).columns[0];
        return role?.kind === 'field' && role.field === field ? [] : [`${product}: ${header} → ${JSON.stringify(role)}`];
      }),
    );
    expect(wrong).toEqual([]);
  });

  it("lets Outlook's Title (a salutation) yield the role to its Job Title, wherever the columns stand", () => {
    expect(planColumns(['Title', 'Job Title']).fields.role).toBe(1);
    expect(planColumns(['Job Title', 'Title']).fields.role).toBe(0);
    expect(planColumns(['Title']).fields.role).toBe(0);
  });

  it("gives Google's Phone N - Value columns the free phone fields and reads their Type columns with them, not on their own", () => {
    const plan = planColumns(['Name', 'Phone 1 - Type', 'Phone 1 - Value', 'Phone 2 - Label', 'Phone 2 - Value', 'E-mail 1 - Label', 'E-mail 1 - Value']);
    expect(plan.fields).toMatchObject({ display_name: 0, phone: 2, mobile: 4, email: 6 });
    expect(plan.phoneTypeColumns).toEqual({ phone: 1, mobile: 3 });
    expect(plan.columns[1]).toEqual({ kind: 'ignored' });
    expect(plan.columns[5]).toEqual({ kind: 'ignored' });
    expect(plan.unmapped).toEqual([]);
  });

  it('leaves a sixth Google phone column unmapped and says so: a contact holds five numbers', () => {
    const header = ['Name', 'Phone'];
    for (let n = 1; n <= 5; n++) header.push(`Phone ${n} - Type`, `Phone ${n} - Value`);
    expect(planColumns(header).unmapped).toEqual(['Phone 5 - Value']);
  });

  it('gives each number the kind its label cell names, row by row, in the languages headers are known in', () => {
    const plan = planColumns(['Name', 'Phone 1 - Type', 'Phone 1 - Value', 'Phone 2 - Type', 'Phone 2 - Value']);
    const draft = (t1: string, t2: string) => {
      // As an update reads them: a create would make the first number main when none is.
      const result = toContactDraft(row(2, 'Ada', t1, '202-555-0143', t2, '202-555-0144'), plan, phones, { promoteFirstToMain: false });
      return result.ok ? result.draft.phones.map((p) => p.type) : result.reasons;
    };
    expect(draft('* Work', 'Mobile')).toEqual(['work', 'mobile']);
    expect(draft('Home', 'Main')).toEqual(['home', 'main']);
    expect(draft('Work Fax', 'Portable')).toEqual(['other', 'mobile']);
    expect(draft('', 'Google Voice')).toEqual(['other', 'other']);
  });

  it.each([
    ['Mobile', 'mobile'],
    ['* Mobile', 'mobile'],
    ['work', 'work'],
    ['HOME', 'home'],
    ['Main', 'main'],
    ['Other', 'other'],
    ['Pager', 'other'],
    ['携帯', 'mobile'],
    ['', 'other'],
  ])('reads the label %j as %s', (label, type) => {
    expect(phoneTypeOfLabel(label)).toBe(type);
  });
});
