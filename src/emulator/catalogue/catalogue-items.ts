import type { CatalogueEntry } from '../../zoom/catalogue-entry.js';
import { createPrng } from '../prng.js';
import { specOperation, type JsonSchema } from '../spec.js';
import type { PageSource } from '../paging.js';
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

/**
 * The items of a catalogue listing that holds `count` of them (per UTC day when time-ranged),
 * made only when a page is cut: item n of a listing (of a day) has a seed of its own, so a page
 * of a 200,000-item listing costs what its own items cost. A day's items are stamped evenly
 * through it, in time order; the answer is those inside `span`, day by day.
 */
export function fixedCountItems(
  entry: CatalogueEntry,
  params: Readonly<Record<string, string>>,
  count: number,
  span?: ItemSpan,
): PageSource<Record<string, unknown>> {
  const schema = itemSchemaOf(entry);
  const base = `${entry.operationId}|${JSON.stringify(params)}`;
  const field = entry.window?.itemField;
  const make = (key: string, n: number): Record<string, unknown> => sampleObject(schema, createPrng(seedOf(`${key}|${n}`)), { name: entry.itemsKey, n });
  if (!span || !field) {
    return { length: count, slice: (start, end) => range(start, Math.min(end, count)).map((n) => make(base, n)) };
  }
  const stampOf = (day: number, i: number): number => day * DAY_MS + Math.floor((i * 86_400) / count) * 1000;
  // The first index of a day whose stamp is at or after `ms` (stamps rise with the index).
  const firstAtOrAfter = (day: number, ms: number): number => {
    let [lo, hi] = [0, count];
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (stampOf(day, mid) < ms) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  };
  const days: { day: number; from: number; to: number }[] = [];
  for (let day = Math.floor(span.from / DAY_MS); day <= Math.floor(span.to / DAY_MS); day++) {
    const from = firstAtOrAfter(day, span.from);
    const to = firstAtOrAfter(day, span.to + 1);
    if (to > from) days.push({ day, from, to });
  }
  const length = days.reduce((sum, d) => sum + d.to - d.from, 0);
  return {
    length,
    slice(start, end) {
      const out: Record<string, unknown>[] = [];
      let offset = 0;
      for (const { day, from, to } of days) {
        for (let k = Math.max(start, offset); k < Math.min(end, offset + to - from); k++) {
          const i = from + k - offset;
          const item = make(`${base}|${day}`, i);
          item[field] = `${new Date(stampOf(day, i)).toISOString().slice(0, 19)}Z`;
          out.push(item);
        }
        offset += to - from;
      }
      return out;
    },
  };
}

const range = (from: number, to: number): number[] => Array.from({ length: Math.max(0, to - from) }, (_, k) => from + k);
