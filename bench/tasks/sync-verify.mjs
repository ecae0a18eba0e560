// After the sync of the changed file: lists the book with the client and compares every contact,
// field by field, with the rows the bench generated (not with anything ccbulk wrote).
// Args: {emu, bookId, rows} where `rows` is the size of the file the book was first loaded from.
import { finish, taskArgs } from '../lib/child.mjs';
import { changedContactRows, phoneE164 } from '../lib/data.mjs';
import { clientFor, resetQuotas } from '../lib/emulator-session.mjs';

const { emu, bookId, rows } = taskArgs();
await resetQuotas(emu);
const client = clientFor(emu, { plan: 'business' });
const byEmail = new Map();
let listed = 0;
let duplicateEmails = 0;
for await (const c of client.listAddressBookContacts(bookId)) {
  listed++;
  for (const e of c.emails ?? []) {
    if (byEmail.has(e)) duplicateEmails++;
    byEmail.set(e, c);
  }
}
await client.close();

const blank = (v) => (v === undefined || v === null ? '' : v);
const phonesText = (phones) => phones.map((p) => `${p.phone_type}:${p.phone_number}`).sort().join(' ');
const mismatches = {};
const examples = [];
let expected = 0;
let missing = 0;
for (const [i, [first, last, , mobile, email, company, title, city]] of changedContactRows(rows)) {
  expected++;
  const c = byEmail.get(email);
  if (c === undefined) {
    missing++;
    if (examples.length < 5) examples.push({ i, problem: 'not in the book' });
    continue;
  }
  const want = {
    first_name: first,
    last_name: last,
    company,
    role: title,
    location: city,
    emails: email,
    phones: phonesText([{ phone_type: 'main', phone_number: phoneE164(2 * i) }, ...(mobile === '' ? [] : [{ phone_type: 'mobile', phone_number: phoneE164(2 * i + 1) }])]),
  };
  const got = {
    first_name: blank(c.first_name),
    last_name: blank(c.last_name),
    company: blank(c.company),
    role: blank(c.role),
    location: blank(c.location),
    emails: (c.emails ?? []).join(' '),
    phones: phonesText(c.phones ?? []),
  };
  for (const field of Object.keys(want)) {
    if (want[field] === got[field]) continue;
    mismatches[field] = (mismatches[field] ?? 0) + 1;
    if (examples.length < 5) examples.push({ i, field, want: want[field], got: got[field] });
  }
}
const fieldMismatches = Object.values(mismatches).reduce((a, b) => a + b, 0);
finish({ expected, listed, missing, extra: listed - (expected - missing), duplicateEmails, mismatches, examples, equal: listed === expected && missing === 0 && fieldMismatches === 0 && duplicateEmails === 0 });
