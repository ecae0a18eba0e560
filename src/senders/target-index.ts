import { digestOf, fieldsOfDigest, type SyncFields } from '../transforms/contact-digest.js';
import { doubled } from '../transforms/doubled.js';
import { hashString, KeyTable } from '../transforms/key-table.js';
import { PackedStrings } from '../transforms/packed-strings.js';

/** A contact as a listing gives it to the index: its id and its fields. */
export interface ListedContact {
  readonly id: string;
  readonly fields: SyncFields;
}

/**
 * Keys of one kind (ids, account numbers, numbers, lowercased addresses) to the slots holding
 * them, as 64-bit hashes in a {@link KeyTable}: no string or map entry per key. A hash only
 * narrows the search; `holds` checks each slot it gives against the contact itself, so two keys
 * that share a hash never match the wrong contact.
 */
class SlotsByKey {
  readonly #table = new KeyTable();

  /** Adds the keys of the contact in a new slot, each once. */
  add(keys: Iterable<string>, slot: number): void {
    for (const key of new Set(keys)) {
      const [hi, lo] = hashString(key);
      this.#table.add(hi, lo, slot, 0);
    }
  }

  /** The slots holding `key`, in listing order. */
  slots(key: string, holds: (slot: number) => boolean): number[] {
    const [hi, lo] = hashString(key);
    const found: number[] = [];
    this.#table.findEach(hi, lo, (i) => {
      const slot = this.#table.lineAt(i);
      if (holds(slot)) found.push(slot);
    });
    return found.sort((a, b) => a - b);
  }
}

/** The claim of a contact kept by the file but owned by no row: no line is this large. */
const KEPT = 0xffffffff;

/**
 * What a sync knows of its target, read once through the list endpoint at its largest page size:
 * each contact's id and {@link digestOf} digest in a slot, found by id, account number, number
 * or address, and which row of the file claimed it.
 *
 * Memory: per contact, its id and digest as UTF-8 in {@link PackedStrings} (about 180 bytes
 * together) and a few hashed keys in typed arrays (about 20 bytes each), all off the heap: a
 * 200,000-contact book takes about 50 MB that no collection has to mark. Keeping the listing's
 * objects, or a `Map` of strings for each kind of key, took 650 bytes a contact of heap.
 *
 * Claims are by the row's line and survive a second pass over the file: the plan claims first,
 * and the run that follows finds each row owning the same contacts.
 */
export class TargetIndex {
  readonly #ids = new PackedStrings();
  readonly #digests = new PackedStrings();
  #claims = new Uint32Array(1024);
  readonly #byId = new SlotsByKey();
  readonly #byAccount = new SlotsByKey();
  readonly #byPhone = new SlotsByKey();
  readonly #byEmail = new SlotsByKey();
  /** Numbers (`p +1…`) and addresses (`e a@b`) rows' updates take from contacts, by slot, with the taking row's line. */
  readonly #taken = new Map<number, Map<string, number>>();

  /** Reads every contact of a listing into a new index. */
  static async load(listing: AsyncIterable<ListedContact>): Promise<TargetIndex> {
    const index = new TargetIndex();
    for await (const contact of listing) index.add(contact);
    return index;
  }

  /** Contacts held. */
  get size(): number {
    return this.#ids.size;
  }

  /** Adds one contact. */
  add(contact: ListedContact): void {
    const slot = this.#ids.size;
    this.#ids.push(contact.id);
    this.#digests.push(digestOf(contact.fields));
    if (slot >= this.#claims.length) this.#claims = doubled(this.#claims);
    this.#byId.add([contact.id], slot);
    const account = contact.fields.scalars.account_number;
    if (account !== undefined) this.#byAccount.add([account], slot);
    this.#byPhone.add(
      contact.fields.phones.map((p) => p.number),
      slot,
    );
    this.#byEmail.add(
      contact.fields.emails.map((e) => e.toLowerCase()),
      slot,
    );
  }

  /** The slot of a contact id. */
  byId(id: string): number | undefined {
    return this.#byId.slots(id, (slot) => this.#ids.at(slot) === id)[0];
  }

  /** The slots of the contacts with this account number. */
  byAccount(account: string): readonly number[] {
    return this.#byAccount.slots(account, (slot) => this.fieldsAt(slot).scalars.account_number === account);
  }

  /**
   * The slots of the contacts with any of these numbers or (ignoring case) addresses, each once.
   * Given the `line` of the row asking, a number or address an earlier row's update takes from a
   * contact (see {@link forget}) no longer finds it.
   */
  byPhonesOrEmails(phones: readonly string[], emails: readonly string[], line?: number): number[] {
    const found = new Set<number>();
    const still = (slot: number, key: string) => line === undefined || !((this.#taken.get(slot)?.get(key) ?? Infinity) < line);
    for (const p of phones) {
      for (const s of this.#byPhone.slots(p, (slot) => this.fieldsAt(slot).phones.some((q) => q.number === p) && still(slot, `p ${p}`))) found.add(s);
    }
    for (const e of emails) {
      const lower = e.toLowerCase();
      for (const s of this.#byEmail.slots(lower, (slot) => this.fieldsAt(slot).emails.some((f) => f.toLowerCase() === lower) && still(slot, `e ${lower}`))) found.add(s);
    }
    return [...found];
  }

  /**
   * Notes that the row on `line` takes these numbers and addresses from the contact in `slot`
   * (its planned update drops them): rows after it no longer find the contact by them, as they
   * will not the next night. Otherwise a later row giving only the dropped address is refused
   * as matching the earlier row's contact tonight, and created as a new contact tomorrow — the
   * second identical sync would not be a no-op. Kept by line, so the plan's pass and the run's
   * find the same; held only for contacts an update takes something from.
   */
  forget(slot: number, phones: readonly string[], emails: readonly string[], line: number): void {
    if (phones.length === 0 && emails.length === 0) return;
    let taken = this.#taken.get(slot);
    if (taken === undefined) this.#taken.set(slot, (taken = new Map()));
    for (const key of [...phones.map((p) => `p ${p}`), ...emails.map((e) => `e ${e.toLowerCase()}`)]) if (!taken.has(key)) taken.set(key, line);
  }

  /** The contact id in a slot. */
  idAt(slot: number): string {
    return this.#ids.at(slot);
  }

  /** The fields of the contact in a slot, as the listing showed them. */
  fieldsAt(slot: number): SyncFields {
    return fieldsOfDigest(this.#digests.at(slot));
  }

  /** The digest of the contact in a slot. */
  digestAt(slot: number): string {
    return this.#digests.at(slot);
  }

  /**
   * Claims a contact for the row on `line` (1-based): the line of the row that owns it — this
   * one's, unless an earlier row claimed it first (a contact only kept is owned by no row).
   */
  claim(slot: number, line: number): number {
    const owner = this.#claims[slot]!;
    if (owner !== 0 && owner !== KEPT) return owner;
    this.#claims[slot] = line;
    return line;
  }

  /**
   * Marks a contact as named by the file without any row owning it (a rejected row names it by
   * one of its numbers, say): it is not "not in the file", and a row that matches it later still
   * claims it as its own.
   */
  keep(slot: number): void {
    if (this.#claims[slot] === 0) this.#claims[slot] = KEPT;
  }

  /** The slots no row claimed or kept: the contacts not in the file, in listing order. */
  unclaimed(): number[] {
    const slots: number[] = [];
    for (let slot = 0; slot < this.#ids.size; slot++) if (this.#claims[slot] === 0) slots.push(slot);
    return slots;
  }
}
