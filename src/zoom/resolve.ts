import { CcbulkError } from '../errors.js';
import { ZoomApiError } from './api-error.js';
import type { ContactCenterClient } from './client.js';

/** An address book as an import needs it. */
export interface ResolvedAddressBook {
  readonly id: string;
  readonly name: string;
  readonly totalContacts: number;
}

/** A campaign contact list (or DNC list) as an import needs it. */
export interface ResolvedContactList {
  readonly id: string;
  readonly name: string;
  readonly type: string;
  /** How many contacts (a DNC list: numbers) it holds, as Zoom counts them; undefined when not said. */
  readonly size?: number | undefined;
}

/**
 * Tries `get` by id, then by name: a 404 means "not this way". Zoom's 2007 (several named alike)
 * and a miss both ways are clear usage errors.
 */
async function byIdThenName<T>(what: string, flag: string, idOrName: string, get: (byName: boolean) => Promise<T>, idOf: (item: T) => string | undefined): Promise<T> {
  // A value with a character no id has ('Demo contacts') is looked up by name alone: asking
  // for it by id first cost every such run a round trip (a 404) before its first write.
  for (const byName of NEVER_AN_ID.test(idOrName) ? [true] : [false, true]) {
    try {
      const found = await get(byName);
      if (!byName && LOOKS_LIKE_AN_ID.test(idOrName)) await refuseAlsoAName(what, flag, idOrName, idOf(found), get, idOf);
      return found;
    } catch (error) {
      if (error instanceof CcbulkError && error.code === 'TARGET_AMBIGUOUS') throw error;
      if (error instanceof ZoomApiError && error.zoomCode === 2007) {
        throw new CcbulkError('TARGET_AMBIGUOUS', `More than one ${what} is named '${idOrName}': give its id with ${flag}`);
      }
      if (!(error instanceof ZoomApiError) || error.status !== 404) throw error;
    }
  }
  throw new CcbulkError('TARGET_NOT_FOUND', `No ${what} has the id or name '${idOrName}'`);
}

/** A character Zoom's ids never hold: a value with one is a name. */
const NEVER_AN_ID = /[^A-Za-z0-9_-]/;

/** Zoom's ids: 16 or more letters, digits, `-` and `_` (a name that looks like one is checked both ways). */
const LOOKS_LIKE_AN_ID = /^[A-Za-z0-9_-]{16,}$/;

/**
 * Refuses a value that is one item's id and another's name: which one the person meant is not
 * for ccbulk to guess (it would write to the first without a word). Costs one look-up by name,
 * only for a value found by id that could also be a name.
 */
async function refuseAlsoAName<T>(what: string, flag: string, value: string, foundId: string | undefined, get: (byName: boolean) => Promise<T>, idOf: (item: T) => string | undefined): Promise<void> {
  let named: T;
  try {
    named = await get(true);
  } catch (error) {
    if (error instanceof ZoomApiError && error.zoomCode === 2007) named = undefined as T;
    else if (error instanceof ZoomApiError && error.status === 404) return;
    else throw error;
  }
  const otherId = named === undefined ? 'several' : idOf(named);
  if (otherId === foundId) return;
  throw new CcbulkError(
    'TARGET_AMBIGUOUS',
    `'${value}' is the id of one ${what} and the name of ${otherId === 'several' ? 'others' : `another (id ${otherId})`}: give the id of the one you mean with ${flag}, or rename one`,
  );
}

/** The address book named by id, else by name; `flag` is the option that named it. */
export async function resolveAddressBook(client: ContactCenterClient, idOrName: string, flag = '--book'): Promise<ResolvedAddressBook> {
  const book = await byIdThenName('address book', flag, idOrName, (byName) => client.getAddressBook(idOrName, { byName }), (b) => b.address_book_id);
  return { id: book.address_book_id ?? idOrName, name: book.address_book_name ?? '', totalContacts: book.total_contacts ?? 0 };
}

/**
 * The campaign contact list named by id, else by name, checked to be of the `type` the job
 * needs: a DNC list is a contact list of type `do_not_contact`.
 */
export async function resolveContactList(
  client: ContactCenterClient,
  idOrName: string,
  type: 'contact' | 'do_not_contact',
  flag = '--list',
): Promise<ResolvedContactList> {
  const what = type === 'contact' ? 'campaign contact list' : 'DNC list';
  const list = await byIdThenName(what, flag, idOrName, (byName) => client.getCampaignContactList(idOrName, { byName }), (l) => l.contact_list_id);
  const actual = list.contact_list_type ?? 'contact';
  if (actual !== type) {
    const other = actual === 'contact' ? 'a campaign contact list' : 'a DNC list';
    throw new CcbulkError('TARGET_NOT_FOUND', `'${idOrName}' is ${other}, not a ${what} (${flag})`);
  }
  return { id: list.contact_list_id ?? idOrName, name: list.contact_list_name ?? '', type: actual, size: list.contacts_count };
}

/**
 * Path parameters whose item Zoom finds by name as well as by id (`…_identifier_type=name`),
 * though no parent list of them can be read whole to look the name up: the address book of
 * `address_books/{addressBookId}/contacts` (address books are listed per unit) and the DNC list
 * of `dnc_lists/{dncListId}/phones` (a campaign contact list of type `do_not_contact`). What
 * each names, for help texts.
 */
export const PATH_IDS_BY_NAME: Readonly<Record<string, string>> = { addressBookId: 'address book', dncListId: 'DNC list' };

/**
 * The id of the item a {@link PATH_IDS_BY_NAME} parameter names by id or by name, as the contact
 * exports resolve `--book` and `--list`; undefined for any other parameter. `flag` is the option
 * that named it, for the messages.
 */
export async function resolvePathId(client: ContactCenterClient, param: string, idOrName: string, flag: string): Promise<string | undefined> {
  switch (param) {
    case 'addressBookId':
      return (await resolveAddressBook(client, idOrName, flag)).id;
    case 'dncListId':
      return (await resolveContactList(client, idOrName, 'do_not_contact', flag)).id;
    default:
      return undefined;
  }
}

/**
 * Custom field ids by name, from a listing of the definitions; an unknown name stops the run
 * before any write.
 */
export async function resolveCustomFieldIds(
  what: string,
  names: readonly string[],
  list: () => AsyncIterable<{ custom_field_name?: string | undefined; custom_field_id?: string | undefined }>,
): Promise<Map<string, string>> {
  const ids = new Map<string, string>();
  if (names.length === 0) return ids;
  const known = new Map<string, string>();
  for await (const field of list()) {
    if (field.custom_field_name && field.custom_field_id) known.set(field.custom_field_name, field.custom_field_id);
  }
  const unknown = names.filter((n) => !known.has(n));
  if (unknown.length > 0) {
    const there = known.size === 0 ? 'the account has none' : `there are: ${[...known.keys()].join(', ')}`;
    throw new CcbulkError('MAPPING_INVALID', `Unknown ${what} custom field${unknown.length > 1 ? 's' : ''} ${unknown.map((n) => `'${n}'`).join(', ')}; ${there}`);
  }
  for (const name of names) ids.set(name, known.get(name)!);
  return ids;
}
