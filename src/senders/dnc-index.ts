import type { ContactCenterClient } from '../zoom/client.js';

/**
 * A DNC list's numbers and their `phone_id`s, read by listing the list (100 a page). The
 * delete endpoint takes ids, not numbers, and a DNC scrub needs every number: both read the list
 * once, up front.
 */
export class DncIndex {
  private constructor(
    /** E.164 number → phone_id. */
    readonly ids: ReadonlyMap<string, string>,
  ) {}

  /** Lists the whole DNC list now. */
  static async load(client: ContactCenterClient, dncListId: string): Promise<DncIndex> {
    const ids = new Map<string, string>();
    for await (const phone of client.listDncPhones(dncListId)) ids.set(phone.phone_number, phone.phone_id);
    return new DncIndex(ids);
  }

  /** Whether `number` is on the list. */
  has(number: string): boolean {
    return this.ids.has(number);
  }
}
