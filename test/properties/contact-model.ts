/**
 * The model of a contact target (an address book, or a campaign list): contacts with a name, a
 * company, typed numbers and e-mails, found by any number or e-mail (or by id). What each mode
 * does to a row is written here as the README says it, row by row; the projection compared with
 * the real target is each contact's name, company, numbers and e-mails.
 */
import type { Bed } from './bed.js';
import type { DefectFlag, Expected, Ids, Prediction } from './driver.js';
import { COMPANIES, NAMES, PHONE_COLUMNS, emailOf, importedText, numberOf, typoOf, type Layout, type PhoneType, type RowSpec } from './files.js';
import { KNOWN_DEFECTS } from './known-defects.js';

export interface ModelPhone {
  readonly number: string;
  readonly type: PhoneType | 'other';
}

export interface ModelContact {
  /** The id the target gave it, once learned. */
  id?: string;
  name: string;
  company?: string;
  phones: ModelPhone[];
  emails: string[];
  /** A number a sync created as main though its column said otherwise (issue 25), and that column's type. */
  promoted?: string;
  promotedFrom?: PhoneType | 'other';
}

export interface ContactModel {
  readonly contacts: readonly ModelContact[];
}

/** A row as the import reads it: its fields, or that it is invalid. */
export interface Draft {
  readonly valid: boolean;
  readonly name: string;
  readonly company?: string;
  readonly phones: readonly ModelPhone[];
  readonly emails: readonly string[];
  /** The id cell's text ('' when blank). */
  readonly id: string;
  /** Numbers and e-mails of the row that are valid, even when another cell is not. */
  readonly goodNumbers: readonly string[];
  readonly goodEmails: readonly string[];
  readonly typoId: boolean;
}

/** A row drafted: `idOf` gives the id cell the file was rendered with. */
export function draftOf(row: RowSpec, layout: Layout, idOf: (person: number) => string | undefined): Draft {
  const phones: ModelPhone[] = [];
  let valid = true;
  row.phones.forEach((cell, k) => {
    if (cell === 'bad') valid = false;
    if (cell === 'ok') phones.push({ number: numberOf(row.person, k), type: PHONE_COLUMNS[layout.phoneColumns[k]!]!.type });
  });
  const emails = layout.email && row.email === 'ok' ? [emailOf(row.person)] : [];
  if (layout.email && row.email === 'bad') valid = false;
  const known = layout.idColumn ? idOf(row.person) : undefined;
  const id = known === undefined || row.id === 'blank' ? '' : row.id === 'typo' ? typoOf(known) : known;
  return {
    valid,
    name: importedText(NAMES[row.name]!),
    ...(layout.company && row.company !== null ? { company: importedText(COMPANIES[row.company]!) } : {}),
    phones,
    emails,
    id,
    goodNumbers: phones.map((p) => p.number),
    goodEmails: emails,
    typoId: id !== '' && row.id === 'typo',
  };
}

const clone = (model: ContactModel): ModelContact[] => model.contacts.map((c) => ({ ...c, phones: [...c.phones], emails: [...c.emails] }));

/** The contacts holding any of these numbers or e-mails. */
export function holders(contacts: readonly ModelContact[], numbers: readonly string[], emails: readonly string[]): ModelContact[] {
  const lower = new Set(emails.map((e) => e.toLowerCase()));
  return contacts.filter((c) => c.phones.some((p) => numbers.includes(p.number)) || c.emails.some((e) => lower.has(e.toLowerCase())));
}

/** The person's contact in the model (the first, should the file have made two). */
export function contactOfPerson(model: ContactModel, person: number): ModelContact | undefined {
  return holders(model.contacts, [numberOf(person, 0), numberOf(person, 1)], [emailOf(person)])[0];
}

/** Within-file duplicates: the keys of the rows accepted so far. */
class SeenKeys {
  private readonly keys = new Set<string>();
  /** `byId`: the mode acts on the contact a row's id names (update, upsert, delete), so the id is a key too. */
  constructor(private readonly byId = false) {}
  has(d: Pick<Draft, 'phones' | 'emails' | 'id'>): boolean {
    return d.phones.some((p) => this.keys.has(p.number)) || d.emails.some((e) => this.keys.has(e.toLowerCase())) || (this.byId && d.id !== '' && this.keys.has(`id ${d.id}`));
  }
  add(d: Pick<Draft, 'phones' | 'emails' | 'id'>): void {
    for (const p of d.phones) this.keys.add(p.number);
    for (const e of d.emails) this.keys.add(e.toLowerCase());
    if (this.byId && d.id !== '') this.keys.add(`id ${d.id}`);
  }
}

/** A new contact's numbers: the first is main when no column gave a main one. */
function promotedPhones(phones: readonly ModelPhone[]): ModelPhone[] {
  if (phones.length === 0 || phones.some((p) => p.type === 'main')) return [...phones];
  return [{ ...phones[0]!, type: 'main' }, ...phones.slice(1)];
}

/** Whether a contact with these numbers and e-mails is one the target refuses to hold. */
const keyless = (rules: ContactRules, phones: readonly unknown[], emails: readonly unknown[]) => (rules.needsPhone ? phones.length === 0 : phones.length + emails.length === 0);

const sameSet = (a: readonly string[], b: readonly string[]) => a.length === b.length && [...a].sort().every((x, i) => x === [...b].sort()[i]);

/** What the target's rules are: the address book's and the campaign list's differ a little. */
export interface ContactRules {
  /** Status words: created/inserted. */
  readonly created: string;
  /** Whether a contact needs a phone (campaign lists) or a phone or an e-mail (address books). */
  readonly needsPhone: boolean;
  /** Whether a sync's update of a contact created with a promoted main number is a known defect here. */
  readonly syncPromotes: boolean;
}

/**
 * Predicts a step of a contact target: each row's outcome and the target after it.
 * `today` says whether a known defect's flag makes the model follow today's behaviour.
 */
export function predictContacts(model: ContactModel, mode: string, rows: readonly RowSpec[], layout: Layout, deleteMissing: boolean, ids: Ids, skip: ReadonlySet<number>, rules: ContactRules): Prediction<ContactModel> & { identified: { id: string; knownDefect?: DefectFlag }[] } {
  const before = model.contacts;
  const contacts = clone(model);
  const idOf = (p: number) => ids.get(p);
  const items: Expected[] = [];
  // Found by this suite: two rows for one id were both sent (the first's change lost); now the second is a duplicate.
  const seen = new SeenKeys(['update', 'upsert', 'delete'].includes(mode) && !KNOWN_DEFECTS.updateSameIdTwiceKeepsLast);
  const byId = (id: string) => contacts.find((c) => c.id === id);
  let repeatWritesNothing: boolean | DefectFlag = mode !== 'update';
  const drafts = rows.map((row) => draftOf(row, layout, idOf));

  if (mode === 'create' || mode === 'insert') {
    drafts.forEach((d, k) => {
      const line = k + 2;
      const keyless = rules.needsPhone ? d.phones.length === 0 : d.phones.length + d.emails.length === 0;
      if (!d.valid || keyless || seen.has(d) || holders(before, d.goodNumbers, d.goodEmails).length > 0) {
        if (d.valid && !keyless && !seen.has(d)) seen.add(d);
        return void items.push({ line, outcome: 'rejected' });
      }
      seen.add(d);
      if (skip.has(line)) return void items.push({ line, outcome: 'rejected' });
      contacts.push({ name: d.name, ...(d.company ? { company: d.company } : {}), phones: promotedPhones(d.phones), emails: [...d.emails] });
      items.push({ line, outcome: rules.created });
    });
  } else if (mode === 'upsert') {
    drafts.forEach((d, k) => {
      const line = k + 2;
      if (!d.valid || d.phones.length + d.emails.length === 0 || seen.has(d)) return void items.push({ line, outcome: 'rejected' });
      seen.add(d);
      if (skip.has(line)) return void items.push({ line, outcome: 'rejected' });
      const found = d.id !== '' ? [byId(d.id)].filter((c) => c !== undefined) : holders(contacts, d.goodNumbers, d.goodEmails);
      if (found.length > 1 || (d.id !== '' && found.length === 0)) return void items.push({ line, outcome: 'rejected' });
      const c = found[0];
      if (c === undefined) {
        contacts.push({ name: d.name, ...(d.company ? { company: d.company } : {}), phones: promotedPhones(d.phones), emails: [...d.emails] });
        return void items.push({ line, outcome: rules.created });
      }
      // An upsert's row is shaped as a create's: its first number is main when none is (the merge
      // adds it as main only if the contact has no main number yet).
      const newPhones = promotedPhones(d.phones).filter((p) => !c.phones.some((q) => q.number === p.number));
      const newEmails = d.emails.filter((e) => !c.emails.some((f) => f.toLowerCase() === e.toLowerCase()));
      const changes = c.name !== d.name || (d.company !== undefined && d.company !== c.company) || newPhones.length > 0 || newEmails.length > 0;
      c.name = d.name;
      if (d.company !== undefined) c.company = d.company;
      const hasMain = c.phones.some((p) => p.type === 'main');
      c.phones.push(...newPhones.map((p) => (p.type === 'main' && hasMain ? { ...p, type: 'other' as const } : p)));
      c.emails.push(...newEmails);
      if (changes) items.push({ line, outcome: 'updated' });
      else {
        items.push({ line, outcome: 'unchanged', knownDefect: 'upsertReportsUnchangedAsUpdated' });
        repeatWritesNothing = 'upsertReportsUnchangedAsUpdated';
      }
    });
  } else if (mode === 'update') {
    drafts.forEach((d, k) => {
      const line = k + 2;
      // A valid row's numbers, e-mails and id make later rows duplicates, whether or not its id is found.
      if (!d.valid || d.id === '' || seen.has(d)) return void items.push({ line, outcome: 'rejected' });
      seen.add(d);
      if (skip.has(line)) return void items.push({ line, outcome: 'rejected' });
      const c = byId(d.id);
      if (c === undefined) return void items.push({ line, outcome: 'rejected' });
      if (keyless(rules, d.phones.length > 0 ? d.phones : c.phones, d.emails.length > 0 ? d.emails : c.emails)) return void items.push({ line, outcome: 'rejected' });
      c.name = d.name;
      if (d.company !== undefined) c.company = d.company;
      if (d.phones.length > 0) c.phones = [...d.phones];
      if (d.emails.length > 0) c.emails = [...d.emails];
      items.push({ line, outcome: 'updated' });
    });
  } else if (mode === 'delete') {
    drafts.forEach((d, k) => {
      const line = k + 2;
      if (!d.valid || seen.has(d)) return void items.push({ line, outcome: 'rejected' });
      seen.add(d);
      if (skip.has(line)) return void items.push({ line, outcome: 'rejected' });
      const found = d.id !== '' ? [byId(d.id)].filter((c) => c !== undefined) : holders(contacts, d.goodNumbers, d.goodEmails);
      // Found by this suite: a resumed delete reports a row whose contact was never there as deleted.
      if (found.length === 0) return void items.push({ line, outcome: 'rejected', orIfResumed: { outcome: 'deleted', knownDefect: 'resumedDeleteReportsAbsentAsDeleted' } });
      for (const c of found) contacts.splice(contacts.indexOf(c), 1);
      items.push({ line, outcome: 'deleted' });
    });
  } else {
    return { ...predictSync(model, contacts, drafts, layout, deleteMissing, skip, rules), identified: identifiedBy(model, drafts) };
  }
  return { next: { contacts }, items, repeatWritesNothing, identified: [] };
}

/** A sync: rows matched by contact_id (when the file has that column) or numbers and e-mails. */
function predictSync(model: ContactModel, contacts: ModelContact[], drafts: readonly Draft[], layout: Layout, deleteMissing: boolean, skip: ReadonlySet<number>, rules: ContactRules): Prediction<ContactModel> {
  const items: Expected[] = [];
  const claimed = new Set<ModelContact>();
  const seen = new SeenKeys();
  const byId = (id: string) => contacts.find((c) => c.id === id);
  let repeatWritesNothing: boolean | DefectFlag = true;
  const carried = new Set<string>(layout.phoneColumns.map((c) => PHONE_COLUMNS[c]!.type));
  if (carried.has('main')) carried.add('other');
  const created: ModelContact[] = [];
  // Rows are matched against the target as read before the run, as the sync reads it, less what
  // earlier rows' updates took from a contact (found by this suite: a key taken tonight matched
  // tonight and not tomorrow).
  const atStart = contacts.map((c) => ({ c, phones: [...c.phones], emails: [...c.emails] }));
  const heldAtStart = (numbers: readonly string[], emails: readonly string[]) => {
    const lower = new Set(emails.map((e) => e.toLowerCase()));
    const stillHas = (s: (typeof atStart)[number], number: string) => s.phones.some((p) => p.number === number) && s.c.phones.some((p) => p.number === number);
    const stillHasEmail = (s: (typeof atStart)[number], email: string) => s.emails.some((e) => e.toLowerCase() === email) && s.c.emails.some((e) => e.toLowerCase() === email);
    return atStart.filter((s) => numbers.some((n) => stillHas(s, n)) || [...lower].some((e) => stillHasEmail(s, e))).map((s) => s.c);
  };
  drafts.forEach((d, k) => {
    const line = k + 2;
    if (!d.valid) {
      if (layout.idColumn && d.id !== '' && byId(d.id)) claimed.add(byId(d.id)!);
      return void items.push({ line, outcome: 'rejected' });
    }
    let found: ModelContact[];
    if (layout.idColumn && d.id !== '') {
      const c = byId(d.id);
      if (c === undefined) return void items.push({ line, outcome: 'rejected' });
      found = [c];
    } else found = heldAtStart(d.goodNumbers, d.goodEmails);
    if (found.length > 1) {
      for (const c of found) claimed.add(c);
      return void items.push({ line, outcome: 'rejected' });
    }
    const c = found[0];
    if (c === undefined) {
      const keyless = rules.needsPhone ? d.phones.length === 0 : d.phones.length + d.emails.length === 0;
      // A row for a new contact that cannot be created still claims its keys: a later row for
      // the same contact is its duplicate, as on a night when the contact exists (found by this suite).
      if (keyless && !seen.has(d) && !KNOWN_DEFECTS.syncRefusedNewRowClaimsNothing) seen.add(d);
      if (seen.has(d) || keyless) return void items.push({ line, outcome: 'rejected' });
      seen.add(d);
      if (skip.has(line)) return void items.push({ line, outcome: 'rejected' });
      const promoted = promotedPhones(d.phones);
      const made: ModelContact = { name: d.name, ...(d.company ? { company: d.company } : {}), phones: [...d.phones], emails: [...d.emails] };
      // A sync creates a row with no main number with its first number main, as a create does
      // (and the next night's comparison knows it: see the update below).
      if (rules.syncPromotes && promoted[0] !== undefined && promoted[0].type !== d.phones[0]?.type) {
        made.promoted = promoted[0].number;
        made.promotedFrom = d.phones[0]!.type;
        made.phones = promoted;
      }
      created.push(made);
      contacts.push(made);
      return void items.push({ line, outcome: rules.created });
    }
    if (claimed.has(c)) return void items.push({ line, outcome: 'rejected' });
    claimed.add(c);
    // A matched row's numbers and e-mails are keys too: a later row giving one is its duplicate
    // (found by this suite: a later new row with an e-mail this row gave its contact made a second holder).
    if (!KNOWN_DEFECTS.syncMatchedRowClaimsNoKeys) {
      if (seen.has(d)) return void items.push({ line, outcome: 'rejected' });
      seen.add(d);
    }
    if (skip.has(line)) return void items.push({ line, outcome: 'rejected' });
    let changed = c.name !== d.name || (d.company !== undefined && d.company !== c.company);
    // A row with no main number matches a contact that holds its first number as main (a create
    // made it so): compared, and sent, as that create would send it.
    const first = d.phones[0];
    const mainHeld = first !== undefined && !d.phones.some((p) => p.type === 'main') && c.phones.some((p) => p.number === first.number && p.type === 'main');
    const wanted: ModelPhone[] = mainHeld ? [{ ...first, type: 'main' }, ...d.phones.slice(1)] : [...d.phones];
    const types: ReadonlySet<string> = mainHeld ? new Set([...carried, 'main']) : carried;
    const had = c.phones.filter((p) => types.has(p.type));
    const key = (p: ModelPhone) => `${p.number} ${p.type}`;
    const numbers = new Set(wanted.map((p) => p.number));
    const phonesChange = !sameSet(had.map(key), wanted.map(key));
    const nextPhones = phonesChange ? [...wanted, ...c.phones.filter((p) => !types.has(p.type) && !numbers.has(p.number))] : c.phones;
    const emailsChange = layout.email && !sameSet(c.emails.map((e) => e.toLowerCase()), d.emails.map((e) => e.toLowerCase()));
    const nextEmails = emailsChange ? [...d.emails] : c.emails;
    // A contact cannot lose its last number (campaign) or its last number and e-mail (address
    // book): the plan refuses the row (found by this suite: it sent the update, refused every night).
    if ((phonesChange || emailsChange) && keyless(rules, nextPhones, nextEmails)) {
      if (KNOWN_DEFECTS.syncSendsUpdateTheApiRefuses) repeatWritesNothing = 'syncSendsUpdateTheApiRefuses';
      return void items.push({ line, outcome: 'rejected' });
    }
    if (phonesChange || emailsChange) changed = true;
    c.phones = nextPhones;
    c.emails = nextEmails;
    delete c.promoted;
    delete c.promotedFrom;
    c.name = d.name;
    if (d.company !== undefined) c.company = d.company;
    items.push({ line, outcome: changed ? 'updated' : 'unchanged' });
  });
  // A contact a rejected row names by a valid number or e-mail, or by a typo'd id's numbers, is in the file too.
  if (deleteMissing) {
    const keep = new Set<ModelContact>(claimed);
    for (const { contact, knownDefect } of identifiedContacts(model, contacts, drafts)) {
      if (knownDefect === undefined || !KNOWN_DEFECTS[knownDefect]) keep.add(contact);
    }
    for (const c of [...contacts]) if (!keep.has(c) && !created.includes(c)) contacts.splice(contacts.indexOf(c), 1);
  }
  // The next night's files are rendered with the ids of the contacts of this one.
  void model;
  return { next: { contacts }, items, repeatWritesNothing };
}

/** The contacts rows identify by a valid number or e-mail or an id, with the known defect that deletes them today. */
function identifiedContacts(model: ContactModel, contacts: readonly ModelContact[], drafts: readonly Draft[]): { contact: ModelContact; knownDefect?: DefectFlag }[] {
  const out: { contact: ModelContact; knownDefect?: DefectFlag }[] = [];
  for (const d of drafts) {
    const byId = d.id === '' ? undefined : contacts.find((c) => c.id === d.id);
    if (byId) out.push({ contact: byId });
    const flag: DefectFlag | undefined = d.typoId ? 'deleteMissingDeletesTypoedIdRow' : !d.valid ? 'deleteMissingDeletesRejectedRowsContact' : undefined;
    for (const c of holders(contacts, d.goodNumbers, d.goodEmails)) out.push({ contact: c, ...(flag ? { knownDefect: flag } : {}) });
  }
  void model;
  // A contact named without a defect's help keeps no flag.
  const plain = new Set(out.filter((o) => o.knownDefect === undefined).map((o) => o.contact));
  return out.filter((o) => o.knownDefect === undefined || !plain.has(o.contact));
}

/** Ids of the contacts the rows of a file identify (for the check after a --delete-missing sync). */
export function identifiedIds(model: ContactModel, rows: readonly RowSpec[], layout: Layout, ids: Ids): { id: string; knownDefect?: DefectFlag }[] {
  return identifiedBy(model, rows.map((row) => draftOf(row, layout, (p) => ids.get(p))));
}

function identifiedBy(model: ContactModel, drafts: readonly Draft[]): { id: string; knownDefect?: DefectFlag }[] {
  return identifiedContacts(model, model.contacts, drafts)
    .filter((o) => o.contact.id !== undefined)
    .map((o) => ({ id: o.contact.id!, ...(o.knownDefect ? { knownDefect: o.knownDefect } : {}) }));
}

/** One canonical line per contact: name, company, numbers, e-mails. */
export function projectContact(c: { name: string; company?: string | undefined; numbers: readonly string[]; emails: readonly string[] }): string {
  return JSON.stringify([c.name, c.company ?? '', [...c.numbers].sort(), c.emails.map((e) => e.toLowerCase()).sort()]);
}

/** Contacts that share a number or e-mail with another, as text. */
export function sharedKeys(contacts: readonly { id: string; numbers: readonly string[]; emails: readonly string[] }[]): string[] {
  const owner = new Map<string, string>();
  const out: string[] = [];
  for (const c of contacts) {
    for (const key of [...c.numbers, ...c.emails.map((e) => e.toLowerCase())]) {
      const other = owner.get(key);
      if (other !== undefined && other !== c.id) out.push(`${key} on ${other} and ${c.id}`);
      owner.set(key, c.id);
    }
  }
  return out;
}

/** Learns ids: each model contact gets the id of the real contact holding its numbers and e-mails. */
export function learnContactIds(model: ContactModel, real: readonly { id: string; numbers: readonly string[]; emails: readonly string[] }[]): void {
  for (const c of model.contacts) {
    const match = real.find((r) => c.phones.every((p) => r.numbers.includes(p.number)) && c.emails.every((e) => r.emails.map((x) => x.toLowerCase()).includes(e.toLowerCase())) && (c.phones.length > 0 || c.emails.length > 0));
    if (match) c.id = match.id;
  }
}

export type { Bed };
