import { readFileSync } from 'node:fs';
import { parse } from 'csv-parse/sync';
import { afterAll, describe, expect, it } from 'vitest';
import { planColumns } from '../../src/transforms/column-mapping.js';
import { toContactDraft } from '../../src/transforms/contact-draft.js';
import { resolveCountry, type CountryCode } from '../../src/transforms/country.js';
import { parsePhoneText } from '../../src/transforms/phone-parse.js';
import { PhoneWorkerPool } from '../../src/transforms/phone-pool.js';
import { createPhoneNormaliser } from '../../src/transforms/phone.js';
import { row } from './support.js';

/**
 * Phone numbers as people write them, one row per written form: `expected` is the E.164 number
 * Google's libphonenumber reads (with `;ext=` and the extension when there is one), or
 * `rejected: ` and the reason the row is refused with.
 */
interface WrittenForm {
  readonly form: string;
  readonly input: string;
  readonly country: string;
  readonly expected: string;
}

const corpus = parse(readFileSync(new URL('../../fixtures/phones/written-forms.csv', import.meta.url)), {
  columns: true,
}) as WrittenForm[];

const phones = createPhoneNormaliser({ defaultCountry: 'US', workers: 0 });
const plan = planColumns(['Name', 'Phone', 'Country']);

/** What a row with this phone and country becomes: the number results.csv shows, or the reason. */
function outcome({ input, country }: WrittenForm): string {
  const result = toContactDraft(row(2, 'Ada Lovelace', input, country), plan, phones);
  if (!result.ok) {
    // Kind "phone: not a valid number for US" → "not a valid number for US"
    const kind = result.reasons[0]?.kind ?? '';
    return `rejected: ${kind.replace(/^\w+: /, '')}`;
  }
  const phone = result.draft.phones[0];
  if (phone === undefined) return 'no phone';
  return phone.extension === undefined ? phone.number : `${phone.number};ext=${phone.extension}`;
}

describe('phone numbers as people write them (fixtures/phones/written-forms.csv)', () => {
  it('holds every form the normaliser promises to read, each several times', () => {
    const forms = new Set(corpus.map((r) => r.form));
    expect([...forms].sort()).toEqual([
      'arabic-indic',
      'country-names',
      'excel-quote',
      'extension',
      'float-fraction',
      'float-suffix',
      'full-width',
      'international',
      'international-0',
      'iso-lower-case',
      'label',
      'national',
      'other-scripts',
      'scientific',
      'vanity',
      'words',
    ]);
    for (const form of forms) expect(corpus.filter((r) => r.form === form).length, form).toBeGreaterThanOrEqual(5);
  });

  it('reads every row as Google’s libphonenumber does: 100 % of every form', () => {
    const misses = corpus
      .map((r) => ({ form: r.form, input: r.input, country: r.country, expected: r.expected, got: outcome(r) }))
      .filter((r) => r.got !== r.expected);
    expect(misses).toEqual([]);
  });

  it('holds every example the README’s Phones paragraph gives', () => {
    const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
    const paragraph = readme.slice(readme.indexOf('**Phones**')).split('\n\n')[0]!;
    const examples = [...paragraph.matchAll(/`([^`]+)`/g)].map((m) => m[1]!.replace(/^→ /, ''));
    // Names of things, not examples.
    const words = new Set(['fixtures/phones/written-forms.csv', 'fixtures/rows/cells-as-sent.csv', 'Country', '--country', 'Phone', 'main', 'other', ';', '|', ',', '/', ' or ', ' and ']);
    // Cells of several numbers are whole rows, in the sibling corpus.
    const rows = readFileSync(new URL('../../fixtures/rows/cells-as-sent.csv', import.meta.url), 'utf8');
    const missing = examples.filter(
      (e) => !words.has(e) && !rows.includes(e) && !corpus.some((r) => r.input.includes(e) || r.country === e || r.expected === e),
    );
    expect(examples.length).toBeGreaterThan(15);
    expect(missing).toEqual([]);
  });

  const pool = new PhoneWorkerPool(1);
  afterAll(() => pool.close());

  it('gives the same answer for every row on a worker thread as on the calling thread', async () => {
    const rows = corpus.filter((r) => r.country === '' || resolveCountry(r.country) !== undefined);
    const countries = rows.map((r): CountryCode => (r.country === '' ? 'US' : resolveCountry(r.country)!));
    const threaded = await pool.normalise(
      rows.map((r) => r.input),
      countries,
    );
    expect(threaded).toEqual(rows.map((r, i) => parsePhoneText(r.input, countries[i]!)));
  });
});
