import { ZoomApiError } from '../zoom/api-error.js';
import type { BookContactFields } from '../transforms/contact-digest.js';
import type { ContactCenterClient } from '../zoom/client.js';
import { maxPageSize } from '../zoom/client.js';
import { ExistingContacts } from './existing-contacts.js';

/**
 * What the finder keeps of a contact: its id, name, numbers and e-mails, and (from a listing) the
 * other fields the listing shows, which an upsert compares with its row.
 */
export interface FoundContact extends BookContactFields {
  readonly contact_id?: string | undefined;
  readonly display_name?: string | undefined;
  readonly phones?: readonly { readonly phone_number?: string | undefined; readonly phone_type?: string | undefined }[] | undefined;
  readonly emails?: readonly string[] | undefined;
}

/** A contact's numbers and e-mails, to look it up by. */
export interface LookupKeys {
  readonly phones: readonly string[];
  readonly emails: readonly string[];
}

/** The list endpoint's filters take at most this many numbers, or e-mails, a call. */
const FILTER_VALUES_PER_CALL = 10;

/**
 * Finds the address book's existing contacts by number or e-mail, for upsert and for delete by
 * number. Two ways, chosen by request count: per-batch look-ups through the list endpoint's
 * filters (10 values a call), or one full listing of the book (300 a page) indexed in memory.
 * It starts with look-ups and switches to the listing as soon as look-ups would cost more than
 * the whole listing — so it never spends more than about twice the cheaper of the two, without
 * having to know the file's size in advance.
 */
export class ContactFinder {
  /** List requests made so far. */
  requests = 0;
  private index: { phones: Map<string, FoundContact[]>; emails: Map<string, FoundContact[]> } | undefined;
  private indexing: Promise<void> | undefined;
  /** Look-up requests decided on but not yet sent: batches run concurrently. */
  private reserved = 0;
  private readonly listingCost: number;
  private idListing: Promise<ExistingContacts> | undefined;
  private readonly deleted = new Set<string>();

  constructor(
    private readonly client: ContactCenterClient,
    private readonly addressBookId: string,
    /** How many contacts the book holds now (from the get address book answer). */
    totalContacts: number,
  ) {
    this.listingCost = Math.max(1, Math.ceil(totalContacts / (maxPageSize('listContacts') ?? 300)));
  }

  /** Whether the finder has switched to a full listing. */
  get usesFullListing(): boolean {
    return this.index !== undefined;
  }

  /**
   * For each entry of `keys`, the existing contacts that have any of its numbers or e-mails.
   * With `live`, always asks the API: the full listing is a snapshot, and a contact that this run
   * may just have created (a batch whose answer was lost) is not in it.
   */
  async find(keys: readonly LookupKeys[], options: { live?: boolean } = {}): Promise<FoundContact[][]> {
    const phones = unique(keys.flatMap((k) => k.phones));
    // The filter matches exactly ("only an exact match is supported"): ask for addresses as they
    // were sent, not case-folded, or a contact this run created could be missed and sent again.
    const emails = unique(keys.flatMap((k) => k.emails));
    const lookups = Math.ceil(phones.length / FILTER_VALUES_PER_CALL) + Math.ceil(emails.length / FILTER_VALUES_PER_CALL);
    if (options.live) return this.answer(keys, await this.lookUp(phones, emails));
    if (this.indexing === undefined && this.requests + this.reserved + lookups > this.listingCost) {
      this.indexing = this.buildIndex();
    }
    let index;
    if (this.indexing !== undefined) {
      await this.indexing;
      index = this.index!;
    } else {
      this.reserved += lookups;
      try {
        index = await this.lookUp(phones, emails);
      } finally {
        this.reserved -= lookups;
      }
    }
    return this.answer(keys, index);
  }

  private answer(keys: readonly LookupKeys[], index: { phones: Map<string, FoundContact[]>; emails: Map<string, FoundContact[]> }): FoundContact[][] {
    return keys.map((k) => {
      const found = new Map<string, FoundContact>();
      for (const p of k.phones) for (const c of index.phones.get(p) ?? []) found.set(c.contact_id ?? '', c);
      for (const e of k.emails) for (const c of index.emails.get(e.toLowerCase()) ?? []) found.set(c.contact_id ?? '', c);
      return [...found.values()];
    });
  }

  /**
   * Which of `ids` name no contact of the book. Zoom's batch delete answers 204 for an id that is
   * not there, so a delete by id asks first: one get per id while that is cheaper than a full
   * listing of the book, then (as `find` does) one listing, kept, of the ids alone.
   */
  async unknownIds(ids: readonly string[]): Promise<Set<string>> {
    const asked = unique(ids).filter((id) => !this.deleted.has(id));
    if (this.idListing === undefined && this.requests + this.reserved + asked.length > this.listingCost) {
      this.idListing = ExistingContacts.ofAddressBook(this.client, this.addressBookId).then((listing) => {
        this.requests += listing.requests;
        return listing;
      });
    }
    const unknown = new Set(ids.filter((id) => this.deleted.has(id)));
    if (this.idListing !== undefined) {
      const listing = await this.idListing;
      for (const id of asked) if (!listing.has(id)) unknown.add(id);
      return unknown;
    }
    this.reserved += asked.length;
    try {
      for (const id of asked) {
        this.requests++;
        try {
          await this.client.getAddressBookContact(this.addressBookId, id);
        } catch (error) {
          if (error instanceof ZoomApiError && error.status === 404) unknown.add(id);
          else throw error;
        }
      }
    } finally {
      this.reserved -= asked.length;
    }
    return unknown;
  }

  /** Notes a contact this run deleted: a later row naming it finds nothing. */
  forgetDeleted(contactId: string): void {
    this.deleted.add(contactId);
  }

  /** Keeps a full index current after this run created a contact. */
  remember(contact: FoundContact): void {
    if (this.index) addTo(this.index, contact);
  }

  private async lookUp(phones: readonly string[], emails: readonly string[]) {
    const found = { phones: new Map<string, FoundContact[]>(), emails: new Map<string, FoundContact[]>() };
    for (let i = 0; i < phones.length; i += FILTER_VALUES_PER_CALL) {
      await this.collect({ phoneNumbers: phones.slice(i, i + FILTER_VALUES_PER_CALL) }, found);
    }
    for (let i = 0; i < emails.length; i += FILTER_VALUES_PER_CALL) {
      await this.collect({ emails: emails.slice(i, i + FILTER_VALUES_PER_CALL) }, found);
    }
    return found;
  }

  private async collect(filter: { phoneNumbers?: string[]; emails?: string[] }, into: Parameters<typeof addTo>[0]): Promise<void> {
    this.requests++;
    for await (const contact of this.client.listAddressBookContacts(this.addressBookId, filter)) addTo(into, contact);
  }

  private async buildIndex(): Promise<void> {
    const index = { phones: new Map<string, FoundContact[]>(), emails: new Map<string, FoundContact[]>() };
    const pageSize = maxPageSize('listContacts') ?? 300;
    let seen = 0;
    for await (const contact of this.client.listAddressBookContacts(this.addressBookId)) {
      if (seen++ % pageSize === 0) this.requests++;
      addTo(index, contact);
    }
    if (seen === 0) this.requests++;
    this.index = index;
  }
}

function addTo(index: { phones: Map<string, FoundContact[]>; emails: Map<string, FoundContact[]> }, contact: FoundContact): void {
  for (const p of contact.phones ?? []) if (p.phone_number) push(index.phones, p.phone_number, contact);
  for (const e of contact.emails ?? []) push(index.emails, e.toLowerCase(), contact);
}

function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

function unique(values: readonly string[]): string[] {
  return [...new Set(values)];
}
