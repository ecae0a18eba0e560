import { nearestNames, orList } from './nearest-names.js';

/** An item of the account a roster cell can name: a queue, team, role, skill or region. */
export interface NamedItem {
  readonly id: string;
  readonly name: string;
}

/** What a name in a cell resolved to. */
export type Resolved = { readonly ok: true; readonly item: NamedItem } | { readonly ok: false; readonly problem: string };

/** A name as the account's names are compared: case- and space-insensitively. */
export function nameKey(name: string): string {
  return name.trim().replace(/\s+/g, ' ').toLowerCase();
}

/**
 * The account's queues (or teams, roles, skills) by name, to resolve the names of a file once:
 * case- and space-insensitively, or by id. An unknown name is refused with the nearest names
 * ("no queue 'Sales EU' — did you mean 'Sales - EU'?"); a name two items share is refused as
 * ambiguous, and the cell can give the id instead.
 */
export class NameIndex {
  private readonly byKey = new Map<string, NamedItem[]>();
  private readonly byId = new Map<string, NamedItem>();

  /** `what` names the kind in messages (`queue`, `skill`). */
  constructor(
    readonly what: string,
    items: Iterable<NamedItem>,
  ) {
    for (const item of items) {
      this.byId.set(item.id, item);
      const key = nameKey(item.name);
      const same = this.byKey.get(key);
      if (same) same.push(item);
      else this.byKey.set(key, [item]);
    }
  }

  /** The item `text` names, by name or by id. */
  resolve(text: string): Resolved {
    const matches = this.byKey.get(nameKey(text)) ?? [];
    if (matches.length === 1) return { ok: true, item: matches[0]! };
    const byId = this.byId.get(text.trim());
    if (byId !== undefined) return { ok: true, item: byId };
    if (matches.length > 1) {
      const ids = matches.map((m) => m.id).join(', ');
      return { ok: false, problem: `${matches.length} ${this.what}s are called '${text}': give the id of the one meant (${ids})` };
    }
    const near = nearestNames(nameKey(text), this.names(), 3);
    const hint = near.length === 0 ? '' : ` — did you mean ${orList(near.map((n) => `'${n}'`))}?`;
    return { ok: false, problem: `no ${this.what} '${text}'${hint}` };
  }

  /**
   * How a file names the item with `id`: its name, or its id when another item shares the name
   * (the name alone would be refused as ambiguous).
   */
  nameForFile(id: string): string {
    const item = this.byId.get(id);
    if (item === undefined) return id;
    return (this.byKey.get(nameKey(item.name))?.length ?? 0) > 1 ? id : item.name;
  }

  /** The item with `id`, if the account has it. */
  byIdOf(id: string): NamedItem | undefined {
    return this.byId.get(id);
  }

  /** Every name, once each, as the account spells them. */
  private *names(): Iterable<string> {
    for (const items of this.byKey.values()) yield items[0]!.name;
  }
}
