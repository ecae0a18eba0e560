import { attribute, echoMatches, type ContactEcho } from './batch-answer.js';
import { ZoomApiError } from '../zoom/api-error.js';
import type { AddressBookContactInput, AddressBookContactUpdate, ContactCenterClient } from '../zoom/client.js';
import { ZoomNetworkError } from '../zoom/network-error.js';
import { sleep } from '../zoom/backoff.js';
import type { ContactFinder } from './contact-finder.js';
import { refused, wholeBatch, type RowVerdict } from './row-verdict.js';

/**
 * How many times a batch whose outcome is unknown is checked and re-sent before its rows are
 * rejected. Each try fails only if its own connection fails again; at a fault rate of 20 % three
 * tries left a batch rejected in about one run of 1,000 rows in seven (the fault suite saw it).
 */
const MAX_RECOVERIES = 6;

function stripId<C extends { contact_id?: string | undefined }>(contact: C): Omit<C, 'contact_id'> {
  const { contact_id: _, ...rest } = contact;
  return rest;
}

function echoOf(contact: AddressBookContactInput | AddressBookContactUpdate): ContactEcho {
  return {
    display_name: contact.display_name,
    phones: (contact.phones ?? []).flatMap((p) => (p.phone_number ? [p.phone_number] : [])),
    emails: contact.emails ?? [],
  };
}

/**
 * Sends address book batches and says what happened to every contact in them, in order.
 * Zoom's partial failures are mapped back to their rows; a refusal of a whole batch (a 4xx) is
 * every row's reason; what stops the run (daily limit, credentials) is thrown.
 */
export class AddressBookSender {
  /** Write requests a dry run would have sent. */
  plannedRequests = 0;
  /** Contacts sent again after a look-up did not find them. */
  private resentCount = 0;

  constructor(
    private readonly client: ContactCenterClient,
    private readonly addressBookId: string,
    private readonly finder: ContactFinder,
    /** Look up, but write nothing: every write is counted and answered `would …`. */
    private readonly dryRun = false,
  ) {}

  /**
   * Creates the contacts that are not in the book yet and updates those that are, found by any of
   * their numbers or e-mails (or by a contact_id the row gives). A row that matches several
   * contacts is refused: which one to update is the person's call, not ours.
   */
  async upsert(contacts: readonly (AddressBookContactInput & { contact_id?: string | undefined })[]): Promise<RowVerdict[]> {
    const verdicts: (RowVerdict | undefined)[] = contacts.map(() => undefined);
    const toFind = contacts.flatMap((c, i) => (c.contact_id === undefined ? [i] : []));
    const found = await this.finder.find(toFind.map((i) => echoOf(contacts[i]!)));
    const updates: number[] = contacts.flatMap((c, i) => (c.contact_id === undefined ? [] : [i]));
    const creates: number[] = [];
    const ids = new Map<number, string>();
    toFind.forEach((row, k) => {
      const matches = found[k]!;
      if (matches.length === 0) creates.push(row);
      else if (matches.length === 1) {
        updates.push(row);
        ids.set(row, matches[0]!.contact_id ?? '');
      } else {
        const list = matches.map((m) => m.contact_id).join(', ');
        verdicts[row] = refused(`matches ${matches.length} contacts in the address book (${list}): give a contact_id to say which`);
      }
    });
    if (creates.length > 0) {
      const done = await this.create(creates.map((i) => stripId(contacts[i]!)));
      creates.forEach((row, k) => (verdicts[row] = done[k]));
    }
    if (updates.length > 0) {
      const done = await this.update(updates.map((i) => ({ ...contacts[i]!, contact_id: contacts[i]!.contact_id ?? ids.get(i) ?? '' })));
      updates.forEach((row, k) => (verdicts[row] = done[k]));
    }
    return verdicts.map((v) => v ?? refused('no answer for this row'));
  }

  /**
   * Deletes contacts named by id, or found by their numbers or e-mails. A row that matches no
   * contact, or several, is refused with the reason.
   */
  async deleteMatching(rows: readonly { contact_id?: string | undefined; phones: readonly string[]; emails: readonly string[] }[]): Promise<RowVerdict[]> {
    const verdicts: (RowVerdict | undefined)[] = rows.map(() => undefined);
    const ids = new Map<number, string>();
    const toFind = rows.flatMap((r, i) => (r.contact_id === undefined ? [i] : []));
    rows.forEach((r, i) => r.contact_id !== undefined && ids.set(i, r.contact_id));
    const found = await this.finder.find(toFind.map((i) => rows[i]!));
    toFind.forEach((row, k) => {
      const matches = found[k]!;
      if (matches.length === 1) ids.set(row, matches[0]!.contact_id ?? '');
      else if (matches.length === 0) verdicts[row] = refused('not found: no contact in the address book has these numbers or e-mails');
      else verdicts[row] = refused(`matches ${matches.length} contacts in the address book (${matches.map((m) => m.contact_id).join(', ')}): give a contact_id to say which`);
    });
    const targets = [...ids.keys()];
    if (targets.length > 0) {
      const done = await this.delete(targets.map((i) => ids.get(i)!));
      targets.forEach((row, k) => (verdicts[row] = done[k]));
    }
    return verdicts.map((v) => v ?? refused('no answer for this row'));
  }

  /**
   * Creates up to 10 contacts. A batch whose fate is unknown (the connection died after it was
   * sent) is never simply sent again, which could create every contact twice: its contacts are
   * looked up first, and only those not found are sent again.
   */
  async create(contacts: readonly AddressBookContactInput[], recoveries = 0): Promise<RowVerdict[]> {
    if (this.dryRun) return this.planned(contacts.length, 'would create');
    let answer;
    try {
      answer = await this.client.batchCreateAddressBookContacts(this.addressBookId, contacts);
    } catch (error) {
      if (error instanceof ZoomNetworkError && !error.outcomeKnown && recoveries < MAX_RECOVERIES) {
        // A timed-out request may still be applied: a look-up made before then would miss it.
        if (error.timedOut) await sleep(this.client.lateArrivalMs);
        return this.recoverCreate(contacts, recoveries + 1);
      }
      return wholeBatch(error, contacts.length);
    }
    const rows = contacts.map(echoOf);
    const created = attribute(rows, answer.contacts ?? [], (row, c) =>
      echoMatches(row, { display_name: c.display_name, phones: (c.phones ?? []).flatMap((p) => (p.phone_number ? [p.phone_number] : [])), emails: c.emails ?? [] }),
    );
    const invalid = attribute(rows, answer.invalid_contacts ?? [], (row, c) =>
      echoMatches(row, { display_name: c.display_name, phones: c.phone_numbers ?? [], emails: c.emails ?? [] }),
    );
    const verdicts: (RowVerdict | undefined)[] = contacts.map((_, i) => {
      const made = created.matched.get(i);
      if (made) {
        this.finder.remember(made);
        return { ok: true, status: 'created', id: made.contact_id };
      }
      const bad = invalid.matched.get(i);
      if (bad) return refused((bad.error_messages ?? ['refused by Zoom']).join('; '));
      return undefined;
    });
    // Rows the answer does not account for with certainty: find out whether they were created.
    const unsure = verdicts.flatMap((v, i) => (v === undefined ? [i] : []));
    if (unsure.length > 0) {
      const settled = await this.recoverCreate(unsure.map((i) => contacts[i]!), recoveries + 1);
      unsure.forEach((row, k) => (verdicts[row] = settled[k]));
    }
    return verdicts.map((v) => v ?? refused("not accounted for in Zoom's answer"));
  }

  /** Updates up to 50 contacts; a refused one gets Zoom's reasons, the rest are updated. */
  async update(contacts: readonly AddressBookContactUpdate[]): Promise<RowVerdict[]> {
    if (this.dryRun) return this.planned(contacts.length, 'would update', contacts.map((c) => c.contact_id));
    let answer;
    try {
      answer = await this.client.batchUpdateAddressBookContacts(this.addressBookId, contacts);
    } catch (error) {
      return wholeBatch(error, contacts.length);
    }
    const rows = contacts.map(echoOf);
    const invalid = attribute(rows, answer.invalid_contacts ?? [], (row, c) =>
      echoMatches(row, { display_name: c.display_name, phones: c.phone_numbers ?? [], emails: c.emails ?? [] }),
    );
    const verdicts: RowVerdict[] = contacts.map((contact, i) => {
      const bad = invalid.matched.get(i);
      return bad ? refused((bad.error_messages ?? ['refused by Zoom']).join('; ')) : { ok: true, status: 'updated', id: contact.contact_id };
    });
    if (invalid.ambiguous.size > 0 && contacts.length > 1) {
      // Updates are safe to repeat: send the rows Zoom's answer cannot tell apart one by one.
      for (const i of invalid.ambiguous) verdicts[i] = (await this.update([contacts[i]!]))[0]!;
    }
    return verdicts;
  }

  /** Deletes up to 50 contacts by id. Zoom answers 204 whether or not an id was in the book. */
  async delete(contactIds: readonly string[]): Promise<RowVerdict[]> {
    if (this.dryRun) return this.planned(contactIds.length, 'would delete', contactIds);
    try {
      await this.client.batchDeleteAddressBookContacts(this.addressBookId, contactIds);
      return contactIds.map((id) => ({ ok: true, status: 'deleted', id }));
    } catch (error) {
      if (error instanceof ZoomApiError && !error.retryable && contactIds.length > 1) {
        // One bad id refuses the whole batch: find it by sending them one by one.
        const verdicts: RowVerdict[] = [];
        for (const id of contactIds) verdicts.push(...(await this.delete([id])));
        return verdicts;
      }
      return wholeBatch(error, contactIds.length);
    }
  }

  /**
   * Settles a batch an interrupted run sent without learning what happened: its contacts are
   * looked up, and only those not found are created.
   */
  async settleCreate(contacts: readonly AddressBookContactInput[]): Promise<{ verdicts: RowVerdict[]; found: number; resent: number }> {
    if (this.dryRun) return { verdicts: this.planned(contacts.length, 'would create'), found: 0, resent: contacts.length };
    const before = this.resentCount;
    const verdicts = await this.recoverCreate(contacts, 1);
    const resent = this.resentCount - before;
    return { verdicts, found: contacts.length - resent, resent };
  }

  private async recoverCreate(contacts: readonly AddressBookContactInput[], recoveries: number): Promise<RowVerdict[]> {
    const found = await this.finder.find(contacts.map(echoOf), { live: true });
    const verdicts: (RowVerdict | undefined)[] = contacts.map((contact, i) => {
      const match = found[i]!.find((c) =>
        echoMatches(echoOf(contact), { display_name: c.display_name, phones: (c.phones ?? []).flatMap((p) => (p.phone_number ? [p.phone_number] : [])), emails: c.emails ?? [] }),
      );
      return match ? { ok: true, status: 'created', id: match.contact_id } : undefined;
    });
    const missing = verdicts.flatMap((v, i) => (v === undefined ? [i] : []));
    this.resentCount += missing.length;
    if (missing.length > 0) {
      if (recoveries > MAX_RECOVERIES) {
        for (const i of missing) verdicts[i] = refused('outcome unknown: the connection failed after sending, repeatedly');
      } else {
        const again = await this.create(missing.map((i) => contacts[i]!), recoveries);
        missing.forEach((row, k) => (verdicts[row] = again[k]));
      }
    }
    return verdicts.map((v) => v ?? refused('outcome unknown'));
  }

  private planned(size: number, status: string, ids: readonly (string | undefined)[] = []): RowVerdict[] {
    this.plannedRequests++;
    return Array.from({ length: size }, (_, i) => ({ ok: true, status, id: ids[i] }));
  }
}
