import { digestOf, fieldsOfDigest, type SyncFields } from '../transforms/contact-digest.js';

/** A contact as a listing gives it to the index: its id and its fields. */
export interface ListedContact {
  readonly id: string;
  readonly fields: SyncFields;
}

// A key maps to one slot, or (rarely: two contacts sharing a number) to several.
type Slots = number | number[];

function add(map: Map<string, Slots>, key: string, slot: number): void {
  const had = map.get(key);
  if (had === undefined) map.set(key, slot);
  else if (typeof had === 'number') {
    if (had !== slot) map.set(key, [had, slot]);
  } else if (!had.includes(slot)) had.push(slot);
}

function slotsOf(map: Map<string, Slots>, key: string): readonly number[] {
  const had = map.get(key);
  return had === undefined ? [] : typeof had === 'number' ? [had] : had;
}

/**
 * What a sync knows of its target, read once through the list endpoint at its largest page size:
 * each contact's id and {@link digestOf} digest in a slot, found by id, account number, number
 * or address, and which row of the file claimed it. Only strings and small numbers are kept, not
 * the listing's objects: a 200,000-contact book takes a few tens of megabytes.
 *
 * Claims are by the row's line and survive a second pass over the file: the plan claims first,
 * and the run that follows finds each row owning the same contacts.
 */
export class TargetIndex {
  readonly #ids: string[] = [];
  readonly #digests: string[] = [];
  #claims: Uint32Array = new Uint32Array(1024);
  readonly #byId = new Map<string, number>();
  readonly #byAccount = new Map<string, Slots>();
  readonly #byPhone = new Map<string, Slots>();
  readonly #byEmail = new Map<string, Slots>();

  /** Reads every contact of a listing into a new index. */
  static async load(listing: AsyncIterable<ListedContact>): Promise<TargetIndex> {
    const index = new TargetIndex();
    for await (const contact of listing) index.add(contact);
    return index;
  }

  /** Contacts held. */
  get size(): number {
    return this.#ids.length;
  }

  /** Adds one contact. */
  add(contact: ListedContact): void {
    const slot = this.#ids.length;
    this.#ids.push(contact.id);
    this.#digests.push(digestOf(contact.fields));
    if (slot >= this.#claims.length) {
      const grown = new Uint32Array(this.#claims.length * 2);
      grown.set(this.#claims);
      this.#claims = grown;
    }
    this.#byId.set(contact.id, slot);
    const account = contact.fields.scalars.account_number;
    if (account !== undefined) add(this.#byAccount, account, slot);
    for (const p of contact.fields.phones) add(this.#byPhone, p.number, slot);
    for (const e of contact.fields.emails) add(this.#byEmail, e.toLowerCase(), slot);
  }

  /** The slot of a contact id. */
  byId(id: string): number | undefined {
    return this.#byId.get(id);
  }

  /** The slots of the contacts with this account number. */
  byAccount(account: string): readonly number[] {
    return slotsOf(this.#byAccount, account);
  }

  /** The slots of the contacts with any of these numbers or (ignoring case) addresses, each once. */
  byPhonesOrEmails(phones: readonly string[], emails: readonly string[]): number[] {
    const found = new Set<number>();
    for (const p of phones) for (const s of slotsOf(this.#byPhone, p)) found.add(s);
    for (const e of emails) for (const s of slotsOf(this.#byEmail, e.toLowerCase())) found.add(s);
    return [...found];
  }

  /** The contact id in a slot. */
  idAt(slot: number): string {
    return this.#ids[slot]!;
  }

  /** The fields of the contact in a slot, as the listing showed them. */
  fieldsAt(slot: number): SyncFields {
    return fieldsOfDigest(this.#digests[slot]!);
  }

  /** The digest of the contact in a slot. */
  digestAt(slot: number): string {
    return this.#digests[slot]!;
  }

  /**
   * Claims a contact for the row on `line` (1-based): the line of the row that owns it — this
   * one's, unless an earlier row claimed it first.
   */
  claim(slot: number, line: number): number {
    const owner = this.#claims[slot]!;
    if (owner !== 0) return owner;
    this.#claims[slot] = line;
    return line;
  }

  /** The slots no row claimed: the contacts not in the file, in listing order. */
  unclaimed(): number[] {
    const slots: number[] = [];
    for (let slot = 0; slot < this.#ids.length; slot++) if (this.#claims[slot] === 0) slots.push(slot);
    return slots;
  }
}
