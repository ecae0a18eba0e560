import { CcbulkError } from '../errors.js';
import type { CatalogueEntry } from './catalogue-entry.js';
import { catalogue } from './generated/catalogue.js';

export type { CatalogueEntry } from './catalogue-entry.js';
export { catalogue } from './generated/catalogue.js';

const byName = new Map(catalogue.map((entry) => [entry.name, entry]));

/** The catalogue entry of a resource, or an OPTION_INVALID error naming the closest names. */
export function findResource(name: string): CatalogueEntry {
  const entry = byName.get(name);
  if (entry) return entry;
  const near = catalogue.filter((e) => e.name.includes(name) || name.includes(e.name)).map((e) => e.name).slice(0, 5);
  const hint = near.length > 0 ? ` (did you mean ${near.join(', ')}?)` : ' (`ccbulk export --list` shows them all)';
  throw new CcbulkError('OPTION_INVALID', `Expected a resource of the catalogue, got \`${name}\`${hint}`);
}
