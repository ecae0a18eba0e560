/**
 * A deterministic contacts table for tests that need many rows: row i is always the same, with
 * the forms people write numbers in, a second number on every other row, and 5 % of rows broken
 * (a number that is none, an e-mail without @), so results and rejects both get rows.
 */
const FIRST = ['Ada', 'Ben', 'Chloé', 'Dev', 'Ema', 'Femi', 'Greta', 'Hiro', 'Inés', 'Jon', 'Kofi', 'Lena', 'Mo', 'Nia', 'Omar', 'Pia'];
const LAST = ['Adams', 'Baker', 'Chen', 'Díaz', 'Evans', 'Fischer', 'García', 'Hughes', 'Ivanova', 'Jones', 'Khan', 'López', 'Müller', 'Nowak', "O'Brien", 'Patel'];
const COMPANY = ['Acme Corp', 'Globex', 'Initech', 'Umbrella, Inc.', 'Hooli', 'Say "hi" Ltd', 'Stark & Wayne', '', '=SUM(A1)'];
const AREAS = [201, 202, 206, 212, 213, 214, 305, 312, 313, 314, 404, 408, 412, 415, 503, 512, 602, 617, 646, 702, 713, 718, 773, 801, 804, 818, 857, 907, 917, 919];

export const CONTACT_ROWS_HEADER = ['First Name', 'Last Name', 'Phone', 'Mobile', 'Email', 'Company'];

function phone(k: number): string {
  const area = AREAS[k % AREAS.length]!;
  const rest = Math.floor(k / AREAS.length);
  const exchange = 201 + (rest % 797) === 555 ? 998 : 201 + (rest % 797);
  const subscriber = String(Math.floor(rest / 797) % 10_000).padStart(4, '0');
  return [`(${area}) ${exchange}-${subscriber}`, `+1 ${area} ${exchange} ${subscriber}`, `${area}.${exchange}.${subscriber}`, `1-${area}-${exchange}-${subscriber}`][k % 4]!;
}

/** Row i's cells, in {@link CONTACT_ROWS_HEADER}'s order. */
export function contactRowCells(i: number): string[] {
  const first = FIRST[i % FIRST.length]!;
  const last = LAST[Math.floor(i / FIRST.length) % LAST.length]!;
  const broken = i % 40 === 7;
  const email = `${first}.${last}.${i}@example.com`.toLowerCase().replace(/[^a-z0-9.@]/g, 'x');
  return [
    first,
    last,
    broken ? `555-${i % 100}` : phone(2 * i),
    broken || i % 2 === 0 ? '' : phone(2 * i + 1),
    i % 40 === 27 ? email.replace('@', '.at.') : email,
    COMPANY[i % COMPANY.length]!,
  ];
}

/** The table of `rows` rows as CSV text (RFC 4180 quoting, LF line ends). */
export function contactRowsCsv(rows: number): string {
  const cell = (text: string): string => (/[",\n\r]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text);
  const lines = [CONTACT_ROWS_HEADER.join(',')];
  for (let i = 0; i < rows; i++) lines.push(contactRowCells(i).map(cell).join(','));
  return `${lines.join('\n')}\n`;
}
