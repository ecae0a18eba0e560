/**
 * The address book's adapter: the contact model with the address book's rules, and the book as
 * the emulator's store holds it.
 */
import fc from 'fast-check';
import type { Bed } from './bed.js';
import { contactOfPerson, identifiedIds, learnContactIds, predictContacts, projectContact, sharedKeys, type ContactModel } from './contact-model.js';
import type { Adapter } from './driver.js';
import { layoutArb } from './files.js';
import { KNOWN_DEFECTS } from './known-defects.js';

const realContacts = (bed: Bed) =>
  bed.emulator.store.addressBookContacts(bed.targetId).map((c) => ({
    id: c.contact_id ?? '',
    name: c.display_name ?? '',
    company: c.company,
    numbers: (c.phones ?? []).map((p) => p.phone_number ?? ''),
    emails: c.emails ?? [],
  }));

const RULES = { created: 'created', needsPhone: false, syncPromotes: true } as const;

export const addressBookAdapter: Adapter<ContactModel> = {
  job: 'address-book',
  modes: ['create', 'update', 'upsert', 'delete', 'sync'],
  // Update needs a contact id column: half the sequences have one.
  layout: layoutArb({ idColumn: fc.boolean() }),
  initial: () => ({ contacts: [] }),
  idModes: ['update'],
  predict: (model, mode, rows, layout, deleteMissing, ids, skip) => predictContacts(model, mode, rows, layout, deleteMissing, ids, skip, RULES),
  project: (model) => model.contacts.map((c) => projectContact({ name: c.name, company: c.company, numbers: c.phones.map((p) => p.number), emails: c.emails })).sort(),
  projectReal: (bed) => realContacts(bed).map(projectContact).sort(),
  projectIds: (bed) => realContacts(bed).map((c) => c.id),
  duplicatesReal(bed, model, mode) {
    if (mode === 'sync' && KNOWN_DEFECTS.syncCreatesWhatCreateRefuses) return [];
    const expected = new Set(sharedKeys(model.contacts.map((c, i) => ({ id: String(i), numbers: c.phones.map((p) => p.number), emails: c.emails }))).map((s) => s.split(' ')[0]));
    return sharedKeys(realContacts(bed)).filter((s) => !expected.has(s.split(' ')[0]));
  },
  learnIds: (model, bed) => learnContactIds(model, realContacts(bed)),
  idOf: (model, person) => contactOfPerson(model, person)?.id,
  identified: identifiedIds,
};
