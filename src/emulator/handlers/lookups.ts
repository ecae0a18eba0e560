import { ErrorReply } from '../reply.js';
import type {
  AddressBookContactRecord,
  AddressBookRecord,
  CampaignListRecord,
  EmulatorStore,
  UnitRecord,
} from '../store.js';

/**
 * Finds one record by id, or by name when the request's `*_identifier_type` says so; Zoom's
 * "more than one matching" code when a name is ambiguous, its not-found code otherwise.
 */
function byIdOrName<T>(
  records: Iterable<T>,
  key: string,
  byName: boolean,
  idOf: (r: T) => string,
  nameOf: (r: T) => string,
  ambiguous: ErrorReply,
  missing: ErrorReply,
): T {
  const matches = [...records].filter((r) => (byName ? nameOf(r) === key : idOf(r) === key));
  if (matches.length > 1) throw ambiguous;
  const [found] = matches;
  if (found === undefined) throw missing;
  return found;
}

/** The address book unit `key` names, or Zoom's 404 1901. */
export function findUnit(store: EmulatorStore, key: string, identifierType: unknown = 'id'): UnitRecord {
  return byIdOrName(
    store.unitsById.values(),
    key,
    identifierType === 'name',
    (u) => u.unit_id,
    (u) => u.unit_name,
    new ErrorReply(400, 2008, 'More than one matching address book unit found.'),
    new ErrorReply(404, 1901, `Unit does not exist: ${key}.`),
  );
}

/** The address book `key` names, or Zoom's 404 2001. */
export function findBook(store: EmulatorStore, key: string, identifierType: unknown = 'id'): AddressBookRecord {
  return byIdOrName(
    store.booksById.values(),
    key,
    identifierType === 'name',
    (b) => b.address_book_id,
    (b) => b.address_book_name,
    new ErrorReply(400, 2007, 'More than one matching address book found.'),
    new ErrorReply(404, 2001, `Address book does not exist: ${key}.`),
  );
}

/** A contact of an address book by id (or by e-mail), or Zoom's 404 2101. */
export function findBookContact(
  store: EmulatorStore,
  book: AddressBookRecord,
  key: string,
  identifierType: unknown = 'id',
): AddressBookContactRecord {
  const contact =
    identifierType === 'email'
      ? store.bookContactRecords(book.address_book_id).find((c) => c.emails?.includes(key))
      : store.bookContactsById.get(key);
  if (!contact || contact.address_book_id !== book.address_book_id) {
    throw new ErrorReply(404, 2101, `Contact does not exist: ${key}.`);
  }
  return contact;
}

/** The campaign contact list `key` names, or Zoom's 404 5001. */
export function findList(store: EmulatorStore, key: string, identifierType: unknown = 'id'): CampaignListRecord {
  return byIdOrName(
    store.listsById.values(),
    key,
    identifierType === 'name',
    (l) => l.contact_list_id,
    (l) => l.contact_list_name,
    new ErrorReply(400, 5017, 'More than one matching contact list found.'),
    new ErrorReply(404, 5001, 'Contact list is not found.'),
  );
}

/**
 * The DNC list of the dnc_lists endpoints: a campaign contact list of type `do_not_contact`
 * (the spec has no call that creates DNC lists), or Zoom's 404 5020.
 */
export function findDncList(store: EmulatorStore, key: string): CampaignListRecord {
  const list = store.listsById.get(key);
  if (!list || list.contact_list_type !== 'do_not_contact') {
    throw new ErrorReply(404, 5020, 'DNC list is not found.');
  }
  return list;
}
