import type { Prng } from '../prng.js';
import type { JsonSchema } from '../spec.js';

/** What a sample needs besides its schema: the property's name (ids, e-mails, phones look alike by name). */
export interface SampleHint {
  readonly name: string;
  /** Sequence number of the item, so e-mails and names differ between items. */
  readonly n: number;
}

const WORDS = ['Alpha', 'Bravo', 'Cedar', 'Delta', 'Ember', 'Fjord', 'Gale', 'Harbor', 'Iris', 'Juniper'];
const BASE_TIME = Date.UTC(2024, 0, 1);

/**
 * A value valid under `schema` (the spec's OpenAPI 3.0 subset: types, formats, enums, bounds,
 * lengths, item counts), drawn from `prng` so a seed replays it. Ids are fresh random ids, and
 * e-mails, phones and times look like Zoom's. A property whose `pattern` no value of its
 * documented format can match is left out when optional (see `satisfiable`).
 */
export function sampleValue(schema: JsonSchema, prng: Prng, hint: SampleHint, depth = 0): unknown {
  const type = schema['type'];
  const enumValues = schema['enum'];
  if (Array.isArray(enumValues) && enumValues.length > 0) return enumValues[Math.floor(prng.next() * enumValues.length)];
  if (type === 'object' || (type === undefined && schema['properties'])) return sampleObject(schema, prng, hint, depth);
  if (type === 'array') {
    const min = num(schema['minItems']) ?? 0;
    const max = Math.min(num(schema['maxItems']) ?? 3, Math.max(min, depth > 2 ? min : 3));
    const count = min + Math.floor(prng.next() * (max - min + 1));
    const items = (schema['items'] as JsonSchema | undefined) ?? { type: 'string' };
    const out: unknown[] = [];
    for (let i = 0; i < count; i++) out.push(sampleValue(items, prng, { name: hint.name, n: hint.n * 10 + i }, depth + 1));
    // uniqueItems on enum arrays: drop repeats rather than fail validation.
    return schema['uniqueItems'] ? [...new Map(out.map((v) => [JSON.stringify(v), v])).values()] : out;
  }
  if (type === 'integer' || type === 'number') {
    const min = num(schema['minimum']) ?? 0;
    const max = num(schema['maximum']) ?? Math.max(min + 1000, 1000);
    const value = min + prng.next() * (max - min);
    return type === 'integer' ? Math.floor(value) : Math.round(value * 100) / 100;
  }
  if (type === 'boolean') return prng.next() < 0.5;
  return sampleString(schema, prng, hint);
}

/** An object with every property the schema lists (nested objects too), optional unsatisfiable ones left out. */
export function sampleObject(schema: JsonSchema, prng: Prng, hint: SampleHint, depth = 0): Record<string, unknown> {
  const properties = (schema['properties'] as Record<string, JsonSchema> | undefined) ?? {};
  const required = new Set((schema['required'] as string[] | undefined) ?? []);
  const out: Record<string, unknown> = {};
  for (const [name, prop] of Object.entries(properties)) {
    if (!satisfiable(prop) && !required.has(name)) continue;
    out[name] = sampleValue(prop, prng, { name, n: hint.n }, depth + 1);
  }
  return out;
}

/** False for a string schema whose `pattern` rejects every value of its own `format` (a pattern written as a picture, `YYYY-MM-DD…`). */
export function satisfiable(schema: JsonSchema): boolean {
  const pattern = schema['pattern'];
  if (typeof pattern !== 'string') return true;
  if (schema['format'] === 'date-time') return new RegExp(pattern).test('2024-01-01T00:00:00Z');
  if (schema['format'] === 'date') return new RegExp(pattern).test('2024-01-01');
  return true;
}

function sampleString(schema: JsonSchema, prng: Prng, hint: SampleHint): string {
  const format = schema['format'];
  const maxLength = num(schema['maxLength']) ?? 200;
  const minLength = num(schema['minLength']) ?? 0;
  const name = hint.name.toLowerCase();
  const pattern = typeof schema['pattern'] === 'string' ? schema['pattern'] : undefined;
  let text: string;
  if (format === 'date-time') text = `${new Date(BASE_TIME + Math.floor(prng.next() * 365 * 86_400) * 1000).toISOString().slice(0, 19)}Z`;
  else if (format === 'date') text = new Date(BASE_TIME + Math.floor(prng.next() * 365) * 86_400_000).toISOString().slice(0, 10);
  else if (format === 'email' || /email/.test(name)) text = `user${hint.n}.${prng.id(4).toLowerCase().replace(/[^a-z0-9]/g, 'x')}@example.com`;
  else if (format === 'ipv4' || /ip_address/.test(name)) text = `10.${Math.floor(prng.next() * 256)}.${Math.floor(prng.next() * 256)}.${1 + Math.floor(prng.next() * 254)}`;
  else if (pattern?.includes('[0-9A-Fa-f]{2}')) text = Array.from({ length: 6 }, () => Math.floor(prng.next() * 256).toString(16).padStart(2, '0')).join(':');
  else if (/(^|_)id$|_ids?$/.test(name)) text = prng.id(22);
  else if (/phone|number|ani|dnis|caller/.test(name) && String(schema['example'] ?? '+').startsWith('+')) text = `+1415${String(Math.floor(prng.next() * 1e7)).padStart(7, '0')}`;
  else if (/name/.test(name)) text = `${WORDS[hint.n % WORDS.length]} ${hint.n}`;
  else if (typeof schema['example'] === 'string' && schema['example'] !== '') text = schema['example'];
  else text = `${WORDS[Math.floor(prng.next() * WORDS.length)]} ${prng.id(6)}`;
  if (text.length > maxLength) text = text.slice(0, maxLength);
  while (text.length < minLength) text += 'x';
  return text;
}

function num(value: unknown): number | undefined {
  return typeof value === 'number' ? value : undefined;
}
