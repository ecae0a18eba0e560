import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { CANONICAL_FIELDS } from '../../src/transforms/canonical-fields.js';
import { normaliseHeader, planColumns } from '../../src/transforms/column-mapping.js';
import { allHeaderWords, HEADER_LANGUAGES, headerWords, headerWordsMarkdown, type HeaderLanguage } from '../../src/transforms/header-words.js';

const languages = Object.keys(HEADER_LANGUAGES) as HeaderLanguage[];

/** The field a header maps to on its own, or `unmapped`. */
function fieldOf(header: string): string {
  const role = planColumns([header]).columns[0];
  return role?.kind === 'field' ? role.field : (role?.kind ?? 'none');
}

describe('header words in the languages people write them in', () => {
  it('has words for every canonical field in every language the README names', () => {
    const missing = CANONICAL_FIELDS.flatMap((field) => languages.filter((l) => headerWords(field, l).length === 0).map((l) => `${field} ${l}`));
    expect(missing).toEqual([]);
  });

  it('maps every word of every language to its field, and no spelling to two fields', () => {
    const wrong = allHeaderWords().filter(({ field, word }) => fieldOf(word) !== field);
    expect(wrong).toEqual([]);
    const fieldsBySpelling = new Map<string, Set<string>>();
    for (const { field, word } of allHeaderWords()) {
      const key = normaliseHeader(word);
      expect(key, word).not.toBe('');
      fieldsBySpelling.set(key, (fieldsBySpelling.get(key) ?? new Set()).add(field));
    }
    expect([...fieldsBySpelling].filter(([, fields]) => fields.size > 1)).toEqual([]);
  });

  it.each([
    ['Téléphone', 'phone'],
    ['Portable', 'mobile'],
    ['Courriel', 'email'],
    ['Handynummer', 'mobile'],
    ['Telefonnummer', 'phone'],
    ['Teléfono móvil', 'mobile'],
    ['Correo electrónico', 'email'],
    ['Telemóvel', 'mobile'],
    ['電話番号', 'phone'],
    ['携帯電話', 'mobile'],
    ['手机号码', 'mobile'],
    ['邮箱', 'email'],
    ['手機號碼', 'mobile'],
    ['電子郵件', 'email'],
    ['Prénom', 'first_name'],
    ['Nom', 'last_name'],
    ['Achternaam', 'last_name'],
    ['Cognome', 'last_name'],
    ['Società', 'company'],
    ['Zeitzone', 'timezone'],
    ['País', 'country'],
    ['Courriel 2', 'email_2'],
    ['メールアドレス3', 'email_3'],
  ])('maps %j to %s', (header, field) => {
    expect(fieldOf(header)).toBe(field);
  });

  it.each([
    ['TÉLÉPHONE', 'phone'],
    ['telephone', 'phone'],
    ['ＴＥＬ', 'phone'],
    ['ﾒｰﾙｱﾄﾞﾚｽ', 'email'],
    ['E_MAIL-ADRESSE', 'email'],
    ['  n° de compte ', 'account_number'],
    ['携帯電話：', 'mobile'],
    ['Teléfono (móvil)', 'mobile'],
  ])('ignores case, accents, width and punctuation: %j is %s', (header, field) => {
    expect(fieldOf(header)).toBe(field);
  });

  it('reports two columns claiming one field as it does in English: the next free e-mail, then unmapped', () => {
    const plan = planColumns(['Courriel', 'E-Mail', 'Correo electrónico', '邮箱', 'メール']);
    expect(plan.fields).toMatchObject({ email: 0, email_2: 1, email_3: 2, email_4: 3 });
    expect(plan.unmapped).toEqual(['メール (also maps to email, already taken by Courriel)']);
  });

  it('gives the README the table the words make (node scripts/gen-readme-header-words.mjs writes it)', () => {
    const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
    const block = /<!-- header-words:start -->\n([\s\S]*?)\n<!-- header-words:end -->/.exec(readme)?.[1];
    expect(block).toBe(headerWordsMarkdown());
  });
});
