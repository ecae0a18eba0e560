import type { Reason } from '../reason.js';
import type { DuplicateKeys } from '../transforms/duplicates.js';
import { KeyTable, addressKeyInto, hashString, numberKeyInto } from '../transforms/key-table.js';
import type { ContactCenterClient } from '../zoom/client.js';
import { maxPageSize } from '../zoom/client.js';

/** A contact as a listing gives it, reduced to what identifies it. */
interface Listed {
  readonly id: string | undefined;
  readonly phones: readonly string[];
  readonly emails: readonly string[];
}

/**
 * The contacts a target (an address book, a campaign contact list) holds before an import
 * creates into it, read once by a full listing, to refuse a row whose number or e-mail already
 * belongs to one: running the same file twice must never create every contact again (a
 * campaign would dial them twice).
 *
 * Memory: numbers, addresses and ids go into {@link KeyTable}s as 64-bit keys (numbers exactly,
 * addresses and ids hashed), each naming the contact by its place in one array of ids: about
 * 10–20 bytes a key plus the id's string, some 15–25 MB for a book of 200,000 contacts, where
 * the listing's objects kept whole take several hundred.
 */
export class ExistingContacts {
  readonly #phones = new KeyTable();
  readonly #emails = new KeyTable();
  readonly #idKeys = new KeyTable();
  readonly #ids: string[] = [];
  // Where each key is worked out: [high, low].
  readonly #key = new Uint32Array(2);
  /** Ids this run deleted: the listing is a snapshot, and they are gone now. */
  readonly #gone = new Set<string>();

  #requests = 0;

  private constructor() {}

  /** List requests the listing took (its pages). */
  get requests(): number {
    return this.#requests;
  }

  /** Contacts held. */
  get size(): number {
    return this.#ids.length;
  }

  /** Reads every contact of an address book (300 a page, the endpoint's most). */
  static async ofAddressBook(client: ContactCenterClient, addressBookId: string): Promise<ExistingContacts> {
    return ExistingContacts.#read(maxPageSize('listContacts') ?? 300, async function* () {
      for await (const c of client.listAddressBookContacts(addressBookId)) {
        yield { id: c.contact_id, phones: (c.phones ?? []).flatMap((p) => (p.phone_number ? [p.phone_number] : [])), emails: c.emails ?? [] };
      }
    });
  }

  /** Reads every contact of a campaign contact list (100 a page, the endpoint's most). */
  static async ofCampaignList(client: ContactCenterClient, contactListId: string): Promise<ExistingContacts> {
    return ExistingContacts.#read(maxPageSize('listCampaignContactListContacts') ?? 100, async function* () {
      for await (const c of client.listCampaignContacts(contactListId)) {
        yield {
          id: c.contact_id,
          phones: (c.contact_phones ?? []).flatMap((p) => (p.contact_phone_number ? [p.contact_phone_number] : [])),
          emails: c.contact_emails ?? [],
        };
      }
    });
  }

  static async #read(pageSize: number, contacts: () => AsyncGenerator<Listed>): Promise<ExistingContacts> {
    const index = new ExistingContacts();
    // Indexed as the pages come, so the listing's objects never pile up.
    for await (const contact of contacts()) index.#add(contact);
    index.#requests = Math.max(1, Math.ceil(index.size / pageSize));
    return index;
  }

  /** The id of a contact that has any of `keys`' numbers or e-mails, if one has. */
  holderOf(keys: DuplicateKeys): string | undefined {
    const key = this.#key;
    for (const p of keys.phones) {
      numberKeyInto(p.number, key);
      const slot = this.#phones.find(key[0]!, key[1]!);
      if (slot >= 0) return this.#live(slot, this.#phones);
    }
    for (const e of keys.emails) {
      addressKeyInto(e, key);
      const slot = this.#emails.find(key[0]!, key[1]!);
      if (slot >= 0) return this.#live(slot, this.#emails);
    }
    return undefined;
  }

  /** Whether a contact with this id was listed (and this run has not deleted it). */
  has(contactId: string): boolean {
    if (this.#gone.has(contactId)) return false;
    const [hi, lo] = hashString(contactId);
    const slot = this.#idKeys.find(hi, lo);
    return slot >= 0 && this.#ids[this.#idKeys.lineAt(slot)] === contactId;
  }

  /** Notes a contact this run deleted. */
  forget(contactId: string): void {
    this.#gone.add(contactId);
  }

  #live(slot: number, table: KeyTable): string | undefined {
    const id = this.#ids[table.lineAt(slot)];
    return id !== undefined && !this.#gone.has(id) ? id : undefined;
  }

  #add(contact: Listed): void {
    const ordinal = this.#ids.length;
    this.#ids.push(contact.id ?? '');
    if (contact.id !== undefined) {
      const [hi, lo] = hashString(contact.id);
      if (this.#idKeys.find(hi, lo) < 0) this.#idKeys.add(hi, lo, ordinal, 0);
    }
    // A number or address two contacts share names the first: either is proof the row is there.
    const key = this.#key;
    for (const number of contact.phones) {
      numberKeyInto(number, key);
      if (this.#phones.find(key[0]!, key[1]!) < 0) this.#phones.add(key[0]!, key[1]!, ordinal, 0);
    }
    for (const email of contact.emails) {
      addressKeyInto(email, key);
      if (this.#emails.find(key[0]!, key[1]!) < 0) this.#emails.add(key[0]!, key[1]!, ordinal, 0);
    }
  }
}

/**
 * The refusal of a row a contact in the target already has a number or e-mail of, naming the
 * contact: kind `already in the address book`, text `already in the address book (contact …)`.
 */
export function alreadyIn(target: 'the address book' | 'the campaign list', contactId: string | undefined): Reason | undefined {
  if (contactId === undefined) return undefined;
  const kind = target === 'the address book' ? 'already in the address book' : 'already on the campaign list';
  return { kind, text: `${kind} (contact ${contactId})` };
}
