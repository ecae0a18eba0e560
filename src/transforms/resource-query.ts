import type { CatalogueEntry, CatalogueQueryParam } from '../zoom/catalogue-entry.js';
import { parseInstant } from './date-windows.js';

/** The command-line flag of a parameter: `queue_ids` → `--queue-ids`, `queueId` → `--queue-id`. */
export function queryFlag(param: Pick<CatalogueQueryParam, 'name'>): string {
  return `--${param.name.replace(/([a-z0-9])([A-Z])/g, '$1-$2').replace(/_/g, '-').toLowerCase()}`;
}

/** What a person asked for, checked against the spec: the query to send, or every problem. */
export type QueryCheck =
  | { readonly ok: true; readonly query: Readonly<Record<string, unknown>> }
  | { readonly ok: false; readonly problems: readonly string[] };

/**
 * Checks option values (text, by parameter name) against the resource's query parameters as the
 * spec declares them — required, type, enum, format, pattern, bounds, list length — and turns
 * them into the values to send (numbers, booleans, arrays). Runs before any request, so a typo
 * costs nothing. `supplied` names parameters the caller fills itself (the time window, `--each`).
 */
export function checkResourceQuery(
  entry: CatalogueEntry,
  given: Readonly<Record<string, string | undefined>>,
  supplied: ReadonlySet<string> = new Set(),
): QueryCheck {
  const query: Record<string, unknown> = {};
  const problems: string[] = [];
  for (const param of entry.query) {
    const text = given[param.name];
    if (text === undefined) {
      if (param.required && !supplied.has(param.name)) {
        problems.push(`Expected \`${queryFlag(param)}\` (required by ${entry.name}) to be ${describeValue(param)}, got nothing`);
      }
      continue;
    }
    const parts = param.array ? text.split(',').map((s) => s.trim()).filter((s) => s !== '') : [text];
    if (param.array && param.maxItems !== undefined && parts.length > param.maxItems) {
      problems.push(`Expected \`${queryFlag(param)}\` to be at most ${param.maxItems} values, got ${parts.length}`);
      continue;
    }
    const values: unknown[] = [];
    for (const part of parts) {
      const value = checkValue(param, part);
      if (value === undefined) problems.push(`Expected \`${queryFlag(param)}\` to be ${describeValue(param)}, got \`${part}\``);
      else values.push(value);
    }
    query[param.name] = param.array ? values : values[0];
  }
  return problems.length > 0 ? { ok: false, problems } : { ok: true, query };
}

/** How a parameter's allowed values read in a message or in `--help`. */
export function describeValue(param: CatalogueQueryParam): string {
  const many = param.array ? 'a comma-separated list of ' : '';
  if (param.enum) return `${many}${param.array ? 'values from' : 'one of'} ${param.enum.join(', ')}`;
  if (param.type === 'integer') {
    const range = param.minimum !== undefined && param.maximum !== undefined ? ` from ${param.minimum} to ${param.maximum}` : '';
    return `${many}${param.array ? 'integers' : 'an integer'}${range}`;
  }
  if (param.type === 'number') return `${many}a number`;
  if (param.type === 'boolean') return 'true or false';
  if (param.format === 'date') return `${many}a date (yyyy-MM-dd)`;
  if (param.format === 'date-time' || isTimeParam(param)) return `${many}a date (yyyy-MM-dd) or date-time (yyyy-MM-ddTHH:mm:ssZ)`;
  if (param.format === 'email') return `${many}an e-mail address`;
  return param.array ? 'a comma-separated list' : 'a text';
}

/** `from`, `to`, `start_time_from`…: parameters the spec documents as dates though it types them as text. */
function isTimeParam(param: CatalogueQueryParam): boolean {
  return /(^|_)(from|to)$/.test(param.name) && param.type === 'string' && param.enum === undefined;
}

function checkValue(param: CatalogueQueryParam, text: string): unknown {
  let value: unknown = text;
  if (param.enum) {
    const match = param.enum.find((e) => String(e) === text);
    if (match === undefined) return undefined;
    value = match;
  } else if (param.type === 'integer' || param.type === 'number') {
    const n = Number(text);
    if (text.trim() === '' || !Number.isFinite(n) || (param.type === 'integer' && !Number.isInteger(n))) return undefined;
    if ((param.minimum !== undefined && n < param.minimum) || (param.maximum !== undefined && n > param.maximum)) return undefined;
    value = n;
  } else if (param.type === 'boolean') {
    if (text !== 'true' && text !== 'false') return undefined;
    value = text === 'true';
  } else if (param.format === 'date') {
    if (!/^\d{4}-\d\d-\d\d$/.test(text) || parseInstant(text) === undefined) return undefined;
  } else if (param.format === 'date-time' || isTimeParam(param)) {
    if (parseInstant(text) === undefined) return undefined;
  } else if (param.format === 'email') {
    if (!/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(text)) return undefined;
  }
  if (param.pattern !== undefined && typeof value === 'string' && !new RegExp(param.pattern).test(value)) return undefined;
  return value;
}
