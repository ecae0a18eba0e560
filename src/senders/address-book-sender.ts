import { attribute, echoMatches, type ContactEcho } from './batch-answer.js';
import { ZoomApiError } from '../zoom/api-error.js';
import type { AddressBookContactInput, AddressBookContactUpdate, ContactCenterClient } from '../zoom/client.js';
import type { ContactFinder, FoundContact } from './contact-finder.js';
import { reason } from '../reason.js';
import { fieldsOfBookContact } from '../transforms/contact-digest.js';
import { carriedByContact, diffFields, type FieldUpdate } from '../transforms/sync-diff.js';
import { afterUpdate, type BeforeImage } from '../transforms/before-image.js';
import { mergeContactLists } from './contact-lists-merge.js';
import { PlannedWrites } from './planned-writes.js';
import { RecoveringWrite, type Settlement } from './recovery.js';
import { done, refused, wholeBatch, withClears, type RowVerdict } from './row-verdict.js';

function stripId<C extends { contact_id?: string | undefined }>(contact: C): Omit<C, 'contact_id'> {
  const { contact_id: _, ...rest } = contact;
  return rest;
}

/** What Zoom echoes of a contact, sent or stored: its name, numbers and e-mails. */
function echoOf(contact: FoundContact): ContactEcho {
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
  private readonly plan: PlannedWrites | undefined;
  private readonly creates: RecoveringWrite<AddressBookContactInput>;

  constructor(
    private readonly client: ContactCenterClient,
    private readonly addressBookId: string,
    private readonly finder: ContactFinder,
    /** Look up, but write nothing: every write is counted and answered `would …`. */
    dryRun = false,
    /** Upsert replaces a found contact's numbers and e-mails with the row's, instead of adding to them. */
    private readonly replaceLists = false,
  ) {
    this.plan = dryRun ? new PlannedWrites() : undefined;
    this.creates = new RecoveringWrite<AddressBookContactInput>(
      { send: (contacts) => this.sendCreate(contacts), lookUp: (contacts) => this.lookUpCreated(contacts) },
      client.lateArrivalMs,
    );
  }

  /** Write requests a dry run would have sent. */
  get plannedRequests(): number {
    return this.plan?.requests ?? 0;
  }

  /**
   * Creates the contacts that are not in the book yet and updates those that are, found by any of
   * their numbers or e-mails (or by a contact_id the row gives). A row that matches several
   * contacts is refused: which one to update is the person's call, not ours. A contact the row
   * would not change (its fields already the row's) is `unchanged`, and costs no write.
   */
  async upsert(
    contacts: readonly UpsertItem[],
    /** Called once the look-ups are done, before the first write, with the rows written and their before-images. */
    beforeWrite?: (rows: readonly number[], images: readonly BeforeImage[]) => Promise<void>,
  ): Promise<RowVerdict[]> {
    const verdicts: (RowVerdict | undefined)[] = contacts.map(() => undefined);
    const toFind = contacts.flatMap((c, i) => (c.contact_id === undefined ? [i] : []));
    const found = await this.finder.find(toFind.map((i) => echoOf(contacts[i]!)));
    const updates: number[] = contacts.flatMap((c, i) => (c.contact_id === undefined ? [] : [i]));
    const creates: number[] = [];
    const ids = new Map<number, string>();
    const storedOf = new Map<number, FoundContact>();
    toFind.forEach((row, k) => {
      const matches = found[k]!;
      if (matches.length === 0) creates.push(row);
      else if (matches.length === 1) {
        updates.push(row);
        ids.set(row, matches[0]!.contact_id ?? '');
        storedOf.set(row, matches[0]!);
      } else {
        verdicts[row] = matchesSeveral(matches);
      }
    });
    // Merged, not replaced: the contact keeps the numbers and e-mails the row does not give.
    const sendable: number[] = [];
    const payload = new Map<number, AddressBookContactUpdate>();
    const images = new Map<number, BeforeImage>();
    for (const i of updates) {
      const clears = contacts[i]!.clears;
      const contact = { ...withoutClears(contacts[i]!), contact_id: contacts[i]!.contact_id ?? ids.get(i) ?? '' };
      // --replace-lists reads nothing more, unless the run records before-images: a contact named by id is sent as the row gives it.
      const stored = this.replaceLists && beforeWrite === undefined ? storedOf.get(i) : (storedOf.get(i) ?? (await this.storedById(contact.contact_id)));
      let update: AddressBookContactUpdate = contact;
      // Looked up and not there: the API would refuse the update, on this run and every other.
      if (stored === undefined && !this.replaceLists) {
        verdicts[i] = refused('not found: no contact in the address book has this contact_id', contact.contact_id);
        continue;
      }
      if (stored !== undefined && !this.replaceLists) {
        // What the row clears is gone from the contact before the row's lists join it.
        const kept = clears === undefined ? stored : withoutCleared(stored, clears);
        const merged = mergeContactLists(kept, contact);
        if (!merged.ok) {
          verdicts[i] = { ok: false, reasons: merged.reasons };
          continue;
        }
        update = { ...contact, ...merged.lists };
      }
      if (clears !== undefined) update = cleared(update, clears, stored);
      // Nothing to change: no write, and the row says so.
      if (stored !== undefined && changesNothing(stored, update) && !clearsSomething(stored, clears)) verdicts[i] = done('unchanged', contact.contact_id);
      else {
        payload.set(i, update);
        sendable.push(i);
        if (stored !== undefined) {
          const before = fieldsOfBookContact(stored);
          images.set(i, { t: 'update', id: contact.contact_id, before, after: afterUpdate(before, bookFieldUpdate(update)) });
        }
      }
    }
    // A new contact has nothing to clear.
    for (const i of creates) images.set(i, { t: 'create', fields: fieldsOfBookContact(stripId(withoutClears(contacts[i]!))) });
    const writes = [...creates, ...sendable];
    if (writes.length > 0 && beforeWrite !== undefined) {
      // A row named by an id the book does not hold has no image: its update is refused.
      const written = writes.filter((i) => images.has(i));
      await beforeWrite(written, written.map((i) => images.get(i)!));
    }
    if (creates.length > 0) {
      const done = await this.create(creates.map((i) => stripId(withoutClears(contacts[i]!))));
      creates.forEach((row, k) => (verdicts[row] = done[k]));
    }
    if (sendable.length > 0) {
      const done = await this.update(sendable.map((i) => payload.get(i)!));
      sendable.forEach((row, k) => (verdicts[row] = withClears(done[k]!, contacts[row]!.clears?.text)));
    }
    return verdicts.map((v) => v ?? refused('no answer for this row'));
  }

  /** A contact as the book holds it now, by id; none when it is not there (the update then says so). */
  async storedById(contactId: string): Promise<FoundContact | undefined> {
    try {
      return await this.client.getAddressBookContact(this.addressBookId, contactId);
    } catch (error) {
      if (error instanceof ZoomApiError && error.status === 404) return undefined;
      throw error;
    }
  }

  /**
   * Deletes contacts named by id, or found by their numbers or e-mails. A row that matches no
   * contact, or several, is refused with the reason.
   */
  async deleteMatching(
    rows: readonly { contact_id?: string | undefined; phones: readonly string[]; emails: readonly string[] }[],
    /**
     * The rows were sent by an interrupted run that never learned what happened: a contact that
     * is gone now was deleted by that run, and is reported `deleted`, not `not found`.
     */
    options: {
      readonly sentBefore?: boolean;
      /**
       * Called before the delete request, once the look-ups are done, with the rows it deletes and
       * each one's whole contact (a contact named by id is read for it: one request each).
       */
      readonly beforeWrite?: (rows: readonly number[], images: readonly BeforeImage[]) => Promise<void>;
    } = {},
  ): Promise<RowVerdict[]> {
    const gone = (notFound: RowVerdict, id?: string): RowVerdict => (options.sentBefore === true ? done('deleted', id) : notFound);
    const verdicts: (RowVerdict | undefined)[] = rows.map(() => undefined);
    const ids = new Map<number, string>();
    const toFind = rows.flatMap((r, i) => (r.contact_id === undefined ? [i] : []));
    rows.forEach((r, i) => r.contact_id !== undefined && ids.set(i, r.contact_id));
    const found = await this.finder.find(toFind.map((i) => rows[i]!));
    const wholes = new Map<number, FoundContact>();
    toFind.forEach((row, k) => {
      const matches = found[k]!;
      if (matches.length === 1) wholes.set(row, matches[0]!);
      if (matches.length === 1) ids.set(row, matches[0]!.contact_id ?? '');
      else if (matches.length === 0) verdicts[row] = gone(refused('not found: no contact in the address book has these numbers or e-mails'));
      else verdicts[row] = matchesSeveral(matches);
    });
    // An id the row gives is checked: the delete endpoint answers 204 for one that is not there.
    const given = rows.flatMap((r, i) => (r.contact_id === undefined ? [] : [i]));
    const unknown = given.length === 0 ? new Set<string>() : await this.finder.unknownIds(given.map((i) => rows[i]!.contact_id!));
    for (const row of given) {
      if (!unknown.has(rows[row]!.contact_id!)) continue;
      verdicts[row] = gone(refused('not found: no contact in the address book has this contact_id', rows[row]!.contact_id), rows[row]!.contact_id);
      ids.delete(row);
    }
    // Two rows of one batch naming one contact: it is deleted once, and the other row says so.
    const first = new Map<string, number>();
    for (const [row, id] of ids) {
      if (!first.has(id)) first.set(id, row);
      else {
        verdicts[row] = refused('not found: the contact was deleted by an earlier row', id);
        ids.delete(row);
      }
    }
    let targets = [...ids.keys()];
    if (targets.length > 0 && options.beforeWrite !== undefined) {
      const images: BeforeImage[] = [];
      const kept: number[] = [];
      // Contacts named by id are read for their image, together (the limiter paces them).
      const read = await Promise.all(targets.map((row) => wholes.get(row) ?? this.storedById(ids.get(row)!)));
      for (const [k, row] of targets.entries()) {
        const id = ids.get(row)!;
        const whole = read[k];
        // Gone since it was found: nothing to delete, and nothing to record.
        if (whole === undefined) {
          verdicts[row] = gone(refused('not found: no contact in the address book has this contact_id', id), id);
          continue;
        }
        kept.push(row);
        images.push({ t: 'delete', id, before: fieldsOfBookContact(whole) });
      }
      targets = kept;
      if (targets.length > 0) await options.beforeWrite(targets, images);
    }
    if (targets.length > 0) {
      const done = await this.delete(targets.map((i) => ids.get(i)!));
      targets.forEach((row, k) => {
        verdicts[row] = done[k];
        if (done[k]?.ok === true && this.plan === undefined) this.finder.forgetDeleted(ids.get(row)!);
      });
    }
    return verdicts.map((v) => v ?? refused('no answer for this row'));
  }

  /**
   * Creates up to 10 contacts. A batch whose fate is unknown (the connection died after it was
   * sent) is never simply sent again, which could create every contact twice: its contacts are
   * looked up first, and only those not found are sent again.
   */
  async create(contacts: readonly AddressBookContactInput[]): Promise<RowVerdict[]> {
    if (this.plan) return this.plan.answer(contacts.length, 'would create');
    return this.creates.send(contacts);
  }

  /** One create request: a verdict for each row the answer accounts for with certainty. */
  private async sendCreate(contacts: readonly AddressBookContactInput[]): Promise<(RowVerdict | undefined)[]> {
    const answer = await this.client.batchCreateAddressBookContacts(this.addressBookId, contacts);
    const rows = contacts.map(echoOf);
    const created = attribute(rows, answer.contacts ?? [], (row, c) => echoMatches(row, echoOf(c)));
    const invalid = attribute(rows, answer.invalid_contacts ?? [], (row, c) =>
      echoMatches(row, { display_name: c.display_name, phones: c.phone_numbers ?? [], emails: c.emails ?? [] }),
    );
    return contacts.map((_, i) => {
      const made = created.matched.get(i);
      if (made) {
        this.finder.remember(made);
        return done('created', made.contact_id);
      }
      const bad = invalid.matched.get(i);
      if (bad) return refusedByZoom(bad.error_messages);
      return undefined;
    });
  }

  /**
   * Which contacts exist already, asked of the API (not a snapshot): a contact this run may just
   * have created. Public for the single-create lane (`TwoLaneCreates`), which settles its unknown
   * outcomes by this same look-up.
   */
  async lookUpCreated(contacts: readonly AddressBookContactInput[]): Promise<(RowVerdict | undefined)[]> {
    const found = await this.finder.find(contacts.map(echoOf), { live: true });
    return contacts.map((contact, i) => {
      const match = found[i]!.find((c) => echoMatches(echoOf(contact), echoOf(c)));
      return match ? done('created', match.contact_id) : undefined;
    });
  }

  /** Updates up to 50 contacts; a refused one gets Zoom's reasons, the rest are updated. */
  async update(contacts: readonly AddressBookContactUpdate[]): Promise<RowVerdict[]> {
    if (this.plan) return this.plan.answer(contacts.length, 'would update', contacts.map((c) => c.contact_id));
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
      return bad ? refusedByZoom(bad.error_messages) : done('updated', contact.contact_id);
    });
    if (invalid.ambiguous.size > 0 && contacts.length > 1) {
      // Updates are safe to repeat: send the rows Zoom's answer cannot tell apart one by one.
      for (const i of invalid.ambiguous) verdicts[i] = (await this.update([contacts[i]!]))[0]!;
    }
    return verdicts;
  }

  /** Deletes up to 50 contacts by id. Zoom answers 204 whether or not an id was in the book. */
  async delete(contactIds: readonly string[]): Promise<RowVerdict[]> {
    if (this.plan) return this.plan.answer(contactIds.length, 'would delete', contactIds);
    try {
      await this.client.batchDeleteAddressBookContacts(this.addressBookId, contactIds);
      return contactIds.map((id) => done('deleted', id));
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
  async settleCreate(contacts: readonly AddressBookContactInput[]): Promise<Settlement> {
    if (this.plan) return { verdicts: this.plan.answer(contacts.length, 'would create'), found: 0, resent: contacts.length };
    return this.creates.settle(contacts);
  }
}

/**
 * Whether an upsert's update would leave the contact as the book holds it, by the sync's own
 * comparison: every field the update gives equals the contact's, and its lists (merged, or the
 * row's with --replace-lists) are the contact's. Custom fields and a source, which Zoom's listing
 * does not show, cannot be compared: an update that gives them is sent.
 */
/** An upsert's row: the contact as a create takes it, the id it names if any, and what its empty cells clear (`--blanks clear`). */
export type UpsertItem = AddressBookContactInput & { readonly contact_id?: string | undefined; readonly clears?: UpsertClears | undefined };

/** What an upsert row clears of the contact it finds; never sent as it is. */
export interface UpsertClears {
  readonly fields: readonly ('first_name' | 'last_name' | 'company' | 'role' | 'location' | 'timezone' | 'account_number')[];
  readonly phoneTypes: readonly string[];
  readonly emails: boolean;
  /** Custom field ids to empty. */
  readonly customIds: readonly string[];
  /** The clears in words, for the row's status (`location, mobile numbers`). */
  readonly text: string;
}

function withoutClears(item: UpsertItem): AddressBookContactInput & { contact_id?: string | undefined } {
  const { clears: _, ...contact } = item;
  return contact;
}

/** The contact's lists without the kinds of number and the e-mails a row clears. */
function withoutCleared(stored: FoundContact, clears: UpsertClears): FoundContact {
  const types = new Set(clears.phoneTypes);
  return { ...stored, phones: (stored.phones ?? []).filter((p) => !types.has(p.phone_type ?? 'main')), emails: clears.emails ? [] : stored.emails };
}

/** An update with a row's clears in it: text and custom values empty, emptied lists sent empty. */
function cleared(update: AddressBookContactUpdate, clears: UpsertClears, stored: FoundContact | undefined): AddressBookContactUpdate {
  const result: AddressBookContactUpdate = { ...update };
  for (const field of clears.fields) result[field] = '';
  const types = new Set(clears.phoneTypes);
  if (result.phones === undefined && (stored?.phones ?? []).some((p) => types.has(p.phone_type ?? 'main'))) result.phones = [];
  if (clears.emails && result.emails === undefined) result.emails = [];
  if (clears.customIds.length > 0) result.custom_fields = [...(result.custom_fields ?? []), ...clears.customIds.map((id) => ({ custom_field_id: id, custom_field_value: '' }))];
  return result;
}

/** Whether a row's clears empty anything the contact holds (a custom value, unseen in a listing, always counts). */
function clearsSomething(stored: FoundContact, clears: UpsertClears | undefined): boolean {
  if (clears === undefined) return false;
  const types = new Set(clears.phoneTypes);
  return (
    clears.fields.some((f) => (stored[f] ?? '') !== '') ||
    (stored.phones ?? []).some((p) => types.has(p.phone_type ?? 'main')) ||
    (clears.emails && (stored.emails ?? []).length > 0) ||
    clears.customIds.length > 0
  );
}

function changesNothing(stored: FoundContact, update: AddressBookContactUpdate): boolean {
  if (update.custom_fields !== undefined || update.source_id !== undefined || update.source_name !== undefined) return false;
  const carried = carriedByContact({ phones: update.phones !== undefined, emails: update.emails !== undefined });
  return diffFields(fieldsOfBookContact(update), fieldsOfBookContact(stored), carried).changes.length === 0;
}

/** A row that matches several contacts: which one to change is the person's call. */
function matchesSeveral(matches: readonly FoundContact[]): RowVerdict {
  return refused('matches several contacts in the address book: give a contact_id to say which', matches.map((m) => m.contact_id).join(', '));
}

/** Zoom's reasons for refusing one contact, each a reason of its own. */
function refusedByZoom(messages: readonly string[] | undefined): RowVerdict {
  const list = messages !== undefined && messages.length > 0 ? messages : ['refused by Zoom'];
  return { ok: false, reasons: list.map((kind) => reason(kind)) };
}

/**
 * What an address book update request changes, as fields: the scalars it gives, its lists when it
 * gives them. Custom values are left out: the listing does not show them, so the undo can neither
 * check nor restore them.
 */
export function bookFieldUpdate(update: AddressBookContactUpdate): FieldUpdate {
  const given = fieldsOfBookContact(update);
  const scalars: FieldUpdate['scalars'] = {};
  for (const [field, value] of Object.entries(update)) {
    if (typeof value === 'string' && field in given.scalars) scalars[field as keyof FieldUpdate['scalars']] = value;
  }
  return { scalars, ...(update.phones === undefined ? {} : { phones: given.phones }), ...(update.emails === undefined ? {} : { emails: given.emails }), custom: {} };
}
