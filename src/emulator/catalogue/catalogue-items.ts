import type { CatalogueEntry } from '../../zoom/catalogue-entry.js';
import { createPrng } from '../prng.js';
import { specOperation, type JsonSchema } from '../spec.js';
import { sampleObject } from './sample-value.js';

const DAY_MS = 86_400_000;
/** Items a list of things (queues, users…) holds: enough for a few pages at a small page size. */
const MIN_ITEMS = 3;
const MAX_EXTRA_ITEMS = 23;
/** Items a time-ranged resource holds per UTC day. */
const MAX_ITEMS_PER_DAY = 8;

/** The inclusive time span a request asks for, in epoch ms. */
export interface ItemSpan {
  readonly from: number;
  readonly to: number;
}

/** FNV-1a over a text: the seed of one listing's items, so they are the same on every page and every run. */
export function seedOf(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash;
}

/** The item schema of a catalogue resource, from the spec. */
export function itemSchemaOf(entry: CatalogueEntry): JsonSchema {
  const page = specOperation(entry.operationId).responseSchemas.get(200) ?? {};
  const array = (page['properties'] as Record<string, JsonSchema> | undefined)?.[entry.itemsKey] ?? {};
  return (array['items'] as JsonSchema | undefined) ?? {};
}

/**
 * The items a catalogue resource lists for one set of path ids, generated from its item schema
 * and a seed of the operation and ids: the emulated account holds them without storing them.
 * A time-ranged resource holds items day by day (each day seeded on its own, so a day's items do
 * not depend on the range asked), each stamped inside its day in the window's item field; the
 * answer is those inside `span`, in time order.
 */
export function catalogueItems(entry: CatalogueEntry, params: Readonly<Record<string, string>>, span?: ItemSpan): Record<string, unknown>[] {
  const schema = itemSchemaOf(entry);
  const base = `${entry.operationId}|${JSON.stringify(params)}`;
  const field = entry.window?.itemField;
  if (!span || !field) {
    const prng = createPrng(seedOf(base));
    const count = MIN_ITEMS + Math.floor(prng.next() * (MAX_EXTRA_ITEMS + 1));
    return Array.from({ length: count }, (_, n) => sampleObject(schema, prng, { name: entry.itemsKey, n }));
  }
  const out: Record<string, unknown>[] = [];
  for (let day = Math.floor(span.from / DAY_MS); day <= Math.floor(span.to / DAY_MS); day++) {
    const prng = createPrng(seedOf(`${base}|${day}`));
    const count = Math.floor(prng.next() * (MAX_ITEMS_PER_DAY + 1));
    const stamps = Array.from({ length: count }, () => day * DAY_MS + Math.floor(prng.next() * 86_400) * 1000).sort((a, b) => a - b);
    stamps.forEach((stamp, i) => {
      // Drawn whether or not it is in the span, so the day's other items stay the same.
      const item = sampleObject(schema, prng, { name: entry.itemsKey, n: day * 100 + i });
      item[field] = `${new Date(stamp).toISOString().slice(0, 19)}Z`;
      if (stamp >= span.from && stamp <= span.to) out.push(item);
    });
  }
  return out;
}
