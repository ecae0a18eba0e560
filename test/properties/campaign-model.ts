/**
 * The campaign contact list's adapter: the contact model with the campaign list's rules (a
 * contact needs a phone; inserts are `inserted`), and the list as the emulator's store holds it.
 */
import fc from 'fast-check';
import type { Bed } from './bed.js';
import { contactOfPerson, identifiedIds, learnContactIds, predictContacts, projectContact, sharedKeys, type ContactModel } from './contact-model.js';
import type { Adapter } from './driver.js';
import { layoutArb } from './files.js';
import { KNOWN_DEFECTS } from './known-defects.js';

const realContacts = (bed: Bed) =>
  bed.emulator.store.campaignContacts(bed.targetId).map((c) => ({
    id: c.contact_id ?? '',
    name: c.contact_display_name ?? '',
    company: c.contact_company,
    numbers: (c.contact_phones ?? []).map((p) => p.contact_phone_number ?? ''),
    emails: c.contact_emails ?? [],
  }));

const RULES = { created: 'inserted', needsPhone: true, syncPromotes: true } as const;

export const campaignAdapter: Adapter<ContactModel> = {
  job: 'campaign-contacts',
  modes: ['insert', 'update', 'sync'],
  idModes: ['update'],
  layout: layoutArb({ idColumn: fc.boolean() }),
  initial: () => ({ contacts: [] }),
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
