import { describe, expect, it } from 'vitest';
import type { SourceRow } from '../../src/readers/source-row.js';
import { planColumns } from '../../src/transforms/column-mapping.js';
import { toContactDraft } from '../../src/transforms/contact-draft.js';
import { createPhoneNormaliser } from '../../src/transforms/phone.js';

const phones = createPhoneNormaliser({ defaultCountry: 'US' });
const row = (cells: string[]): SourceRow => ({ kind: 'row', origin: { file: 'f.csv', line: 2 }, cells });

describe('toContactDraft with exported files', () => {
  it('takes off the quote an export put before formula-looking text, and only that quote', () => {
    const plan = planColumns(['display_name', 'email', 'company', 'custom:Note']);
    const drafted = toContactDraft(row(["'=SUM(A1)", 'a@example.com', "''-minus", "'@here"]), plan, phones);
    expect(drafted).toMatchObject({ ok: true, draft: { display_name: '=SUM(A1)', company: "'-minus", custom: [{ name: 'Note', value: '@here' }] } });
  });

  it('keeps an ordinary leading quote', () => {
    const plan = planColumns(['display_name', 'email']);
    expect(toContactDraft(row(["'Tis Me", 'a@example.com']), plan, phones)).toMatchObject({ ok: true, draft: { display_name: "'Tis Me" } });
  });

  it('promotes the first number to main for new contacts but not for updates', () => {
    const plan = planColumns(['display_name', 'work_phone']);
    const cells = row(['Ann', '+12127364410']);
    expect(toContactDraft(cells, plan, phones)).toMatchObject({ ok: true, draft: { phones: [{ type: 'main' }] } });
    expect(toContactDraft(cells, plan, phones, { promoteFirstToMain: false })).toMatchObject({ ok: true, draft: { phones: [{ type: 'work' }] } });
  });
});
