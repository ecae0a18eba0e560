// Deterministic bench data: the same index always gives the same row, so every measurement and
// its baseline see the same input without a file being kept anywhere. Nothing here is committed
// output: callers write into a temporary directory.
import { createWriteStream } from 'node:fs';
import { once } from 'node:events';

/** The CSV/XLSX header every generated contact table has (8 columns). */
export const CONTACT_HEADER = ['First Name', 'Last Name', 'Phone', 'Mobile', 'Email', 'Company', 'Job Title', 'City'];

const FIRST = ['Ada', 'Ben', 'Chloé', 'Dev', 'Ema', 'Femi', 'Greta', 'Hiro', 'Inés', 'Jon', 'Kofi', 'Lena', 'Mo', 'Nia', 'Omar', 'Pia'];
const LAST = ['Adams', 'Baker', 'Chen', 'Díaz', 'Evans', 'Fischer', 'García', 'Hughes', 'Ivanova', 'Jones', 'Khan', 'López', 'Müller', 'Nowak', "O'Brien", 'Patel'];
const COMPANY = ['Acme Corp', 'Globex', 'Initech', 'Umbrella, Inc.', 'Hooli', 'Vandelay Industries', 'Stark & Wayne', ''];
const TITLE = ['Buyer', 'CTO', 'Office manager', 'Sales lead', 'Nurse', '', 'Engineer', 'Owner'];
const CITY = ['Austin', 'Boston', 'Chicago', 'Denver', 'Miami', 'Portland', 'Seattle', 'New York'];

// Area codes in service (libphonenumber's full metadata accepts them); exchanges 201–998 without 555.
const AREAS = [201, 202, 206, 212, 213, 214, 305, 312, 313, 314, 404, 408, 412, 415, 503, 512, 602, 617, 646, 702, 713, 718, 773, 801, 804, 818, 857, 907, 917, 919];

/** The k-th US number, unique for every k below 20 million: [area, exchange, subscriber]. */
function usParts(k) {
  const area = AREAS[k % AREAS.length];
  const rest = Math.floor(k / AREAS.length);
  let exchange = 201 + (rest % 797);
  if (exchange === 555) exchange = 998;
  const subscriber = Math.floor(rest / 797) % 10_000;
  return [area, exchange, String(subscriber).padStart(4, '0')];
}

/** The k-th number written as people write them: four national and international styles. */
export function phoneText(k) {
  const [a, e, s] = usParts(k);
  switch (k % 4) {
    case 0:
      return `(${a}) ${e}-${s}`;
    case 1:
      return `+1 ${a} ${e} ${s}`;
    case 2:
      return `${a}.${e}.${s}`;
    default:
      return `1-${a}-${e}-${s}`;
  }
}

/** The k-th number in E.164, as an export holds it. */
export function phoneE164(k) {
  const [a, e, s] = usParts(k);
  return `+1${a}${e}${s}`;
}

/**
 * Contact row i: 8 cells, one phone always and a mobile on every other row. With `invalid`,
 * 5 % of rows are broken: one in 40 has a phone that is no number, one in 40 a bad e-mail.
 */
export function contactRow(i, { invalid = false, e164 = false } = {}) {
  const first = FIRST[i % FIRST.length];
  const last = LAST[Math.floor(i / FIRST.length) % LAST.length];
  const phone = e164 ? phoneE164 : phoneText;
  let main = phone(2 * i);
  const mobile = i % 2 === 1 ? phone(2 * i + 1) : '';
  let email = `${first}.${last}.${i}@example.com`.toLowerCase().replace(/[^a-z0-9.@]/g, 'x');
  if (invalid && i % 40 === 7) main = `555-${i % 100}`;
  if (invalid && i % 40 === 27) email = email.replace('@', '.at.');
  return [first, last, main, invalid && i % 40 === 7 ? '' : mobile, email, COMPANY[i % COMPANY.length], TITLE[(i >> 3) % TITLE.length], CITY[(i >> 5) % CITY.length]];
}

/** The phone cells row i carries (what a phone validator sees for it). */
export function rowPhones(i, options) {
  const row = contactRow(i, options);
  return [row[2], row[3]].filter((p) => p !== '');
}

const csvCell = (text) => (/[",\n\r]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text);

/** Writes `rows` lines to a CSV file, header first, with back-pressure. */
export async function writeCsv(path, header, rows, rowAt) {
  const out = createWriteStream(path);
  const lines = [header.map(csvCell).join(',')];
  const flush = async () => {
    if (!out.write(`${lines.join('\n')}\n`)) await once(out, 'drain');
    lines.length = 0;
  };
  for (let i = 0; i < rows; i++) {
    lines.push(rowAt(i).map(csvCell).join(','));
    if (lines.length >= 5000) await flush();
  }
  if (lines.length > 0) await flush();
  out.end();
  await once(out, 'finish');
}

/** A contacts CSV of `rows` rows (see {@link contactRow}). */
export function writeContactsCsv(path, rows, options = {}) {
  return writeCsv(path, CONTACT_HEADER, rows, (i) => contactRow(i, options));
}

/** A DNC CSV: one `Phone` column, `rows` distinct numbers (offset so they differ from contacts'). */
export function writeDncCsv(path, rows) {
  return writeCsv(path, ['Phone'], rows, (i) => [phoneText(5_000_000 + i)]);
}

/**
 * The rows of the sync bench's changed file, for a book loaded from `writeContactsCsv(…, rows)`:
 * one row in 100 dropped (i % 100 = 3), one in 100 with its company and city changed
 * (i % 100 = 5), and rows/100 new rows after the last. Yields [i, cells].
 */
export function* changedContactRows(rows) {
  for (let i = 0; i < rows; i++) {
    if (i % 100 === 3) continue;
    const row = contactRow(i);
    if (i % 100 === 5) {
      row[5] = 'Changed Co';
      row[7] = 'Changed City';
    }
    yield [i, row];
  }
  const added = Math.round(rows / 100);
  for (let i = rows; i < rows + added; i++) yield [i, contactRow(i)];
}

/** The sync bench's changed file (see {@link changedContactRows}); resolves with its row count. */
export async function writeChangedContactsCsv(path, rows) {
  const all = [...changedContactRows(rows)].map(([, cells]) => cells);
  await writeCsv(path, CONTACT_HEADER, all.length, (k) => all[k]);
  return all.length;
}
