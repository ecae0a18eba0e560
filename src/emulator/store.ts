import type { RequestBody, SuccessBody } from '../zoom/operation-types.js';
import type { Prng } from './prng.js';
import { RosterStore } from './roster-store.js';

/** An address book unit as `getUnit` answers it. */
export type UnitRecord = SuccessBody<'getUnit'> & { unit_id: string; unit_name: string };

/** An address book as the emulator keeps it (`getAddressBook`'s shape without the counts). */
export type AddressBookRecord = Omit<SuccessBody<'getAddressBook'>, 'total_contacts' | 'unit_name'> & {
  address_book_id: string;
  address_book_name: string;
  unit_id: string;
};

/** One custom field value on a contact, as the batch requests carry it. */
export interface CustomFieldValue {
  custom_field_id: string;
  custom_field_value: string;
}

type AbContactView = SuccessBody<'getContact'>;

/**
 * An address book contact as the emulator keeps it: `getContact`'s fields without the derived
 * ones, plus what only the batch requests carry (source and custom field values).
 */
export type AddressBookContactRecord = Omit<
  AbContactView,
  'address_book_id' | 'address_book_name' | 'custom_fields_url' | 'phone_numbers' | 'variables'
> & {
  address_book_id: string;
  source_id?: string;
  source_name?: string;
  custom_fields: CustomFieldValue[];
};

/** An address book custom field (`Createacustomfield`'s answer, with its books as ids). */
export type AddressBookCustomFieldRecord = Omit<SuccessBody<'Createacustomfield'>, 'address_books'> & {
  address_book_ids: string[];
};

/** A campaign contact list or DNC list. */
export type CampaignListRecord = SuccessBody<'getCampaignContactList'> & {
  contact_list_type: 'contact' | 'do_not_contact';
};

/** A contact on a campaign contact list, as `getCampaignContactListContact` answers it. */
export type CampaignContactRecord = SuccessBody<'getCampaignContactListContact'> & {
  custom_fields: CustomFieldValue[];
};

/** A campaign contact custom field. */
export type CampaignCustomFieldRecord = SuccessBody<'createACampaignContactCustomField'>;

/** A phone on a DNC list. */
export interface DncPhoneRecord {
  phone_id: string;
  phone_number: string;
}

/** Input of one address book contact creation, as the batch request carries it. */
export type AddressBookContactInput = NonNullable<RequestBody<'batchCreateContact'>['contacts']>[number];

/**
 * The emulator's account: everything the API calls created, in creation order (Maps keep
 * insertion order, which is what makes paging stable). Read helpers return copies so a test
 * comparing them with the CLI's output cannot disturb the state.
 */
export class EmulatorStore {
  readonly unitsById = new Map<string, UnitRecord>();
  readonly booksById = new Map<string, AddressBookRecord>();
  /** Contacts by id across all address books; `address_book_id` says where each lives. */
  readonly bookContactsById = new Map<string, AddressBookContactRecord>();
  readonly bookCustomFieldsById = new Map<string, AddressBookCustomFieldRecord>();
  readonly listsById = new Map<string, CampaignListRecord>();
  /** Campaign contacts by id across all lists, with the list each is on. */
  readonly campaignContactsById = new Map<string, { listId: string; contact: CampaignContactRecord }>();
  readonly campaignCustomFieldsById = new Map<string, CampaignCustomFieldRecord>();
  /** DNC phones by list id, each list's phones by phone id. */
  readonly dncPhonesByList = new Map<string, Map<string, DncPhoneRecord>>();

  /** Contact Center users, queues, teams, roles, skills and their assignments. */
  readonly roster: RosterStore;

  constructor(private readonly prng: Prng) {
    this.roster = new RosterStore(() => this.prng.id());
  }

  /** A fresh Zoom-like id. */
  newId(): string {
    return this.prng.id();
  }

  /** All address book units. */
  units(): UnitRecord[] {
    return [...this.unitsById.values()].map(copy);
  }

  /** All address books, or those of one unit. */
  addressBooks(unitId?: string): AddressBookRecord[] {
    return [...this.booksById.values()].filter((b) => unitId === undefined || b.unit_id === unitId).map(copy);
  }

  /** The contacts of an address book in creation order; empty if the book does not exist. */
  addressBookContacts(addressBookId: string): AddressBookContactRecord[] {
    return this.bookContactRecords(addressBookId).map(copy);
  }

  /** The live contact records of a book, in creation order (for handlers). */
  bookContactRecords(addressBookId: string): AddressBookContactRecord[] {
    return [...this.bookContactsById.values()].filter((c) => c.address_book_id === addressBookId);
  }

  /** All address book custom fields. */
  addressBookCustomFields(): AddressBookCustomFieldRecord[] {
    return [...this.bookCustomFieldsById.values()].map(copy);
  }

  /** Campaign contact lists, optionally of one type (`do_not_contact` lists are the DNC lists). */
  campaignContactLists(type?: CampaignListRecord['contact_list_type']): CampaignListRecord[] {
    return [...this.listsById.values()].filter((l) => type === undefined || l.contact_list_type === type).map(copy);
  }

  /** The contacts on a campaign contact list in creation order; empty if there is no such list. */
  campaignContacts(contactListId: string): CampaignContactRecord[] {
    return this.campaignContactRecords(contactListId).map(copy);
  }

  /** The live contact records of a campaign list, in creation order (for handlers). */
  campaignContactRecords(contactListId: string): CampaignContactRecord[] {
    const out: CampaignContactRecord[] = [];
    for (const { listId, contact } of this.campaignContactsById.values()) if (listId === contactListId) out.push(contact);
    return out;
  }

  /** All campaign contact custom fields. */
  campaignCustomFields(): CampaignCustomFieldRecord[] {
    return [...this.campaignCustomFieldsById.values()].map(copy);
  }

  /** The phones on a DNC list in the order they were added; empty if there is no such list. */
  dncPhones(dncListId: string): DncPhoneRecord[] {
    return [...(this.dncPhonesByList.get(dncListId)?.values() ?? [])].map(copy);
  }

  /** Everything, as plain JSON, for `GET /_emulator/state` and for debugging a failing test. */
  snapshot(): Record<string, unknown> {
    return {
      units: this.units(),
      address_books: this.addressBooks().map((b) => ({ ...b, contacts: this.addressBookContacts(b.address_book_id) })),
      address_book_custom_fields: this.addressBookCustomFields(),
      campaign_contact_lists: this.campaignContactLists().map((l) => ({
        ...l,
        contacts: this.campaignContacts(l.contact_list_id),
        dnc_phones: l.contact_list_type === 'do_not_contact' ? this.dncPhones(l.contact_list_id) : undefined,
      })),
      campaign_custom_fields: this.campaignCustomFields(),
      ...(this.roster.active ? { roster: this.roster.snapshot() } : {}),
    };
  }

  /** Forgets everything. */
  clear(): void {
    this.unitsById.clear();
    this.booksById.clear();
    this.bookContactsById.clear();
    this.bookCustomFieldsById.clear();
    this.listsById.clear();
    this.campaignContactsById.clear();
    this.campaignCustomFieldsById.clear();
    this.dncPhonesByList.clear();
    this.roster.clear();
  }
}

function copy<T>(value: T): T {
  return structuredClone(value);
}
