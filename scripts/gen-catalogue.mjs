// Generates src/zoom/generated/catalogue.ts and docs/catalogue.md from the spec: every GET
// operation that pages with `next_page_token` and answers with an array of items, as a resource
// `ccbulk export <name>` can write to a spreadsheet. Names, columns, parameters, parents and time
// windows all come from the spec, so a new list endpoint in the spec is a new export after
// `npm run gen:types`, with no code typed by hand.
import { readFileSync, writeFileSync, mkdirSync } from 'node:fs';

const specPath = new URL('../spec/contact-center.openapi.json', import.meta.url);
const outPath = new URL('../src/zoom/generated/catalogue.ts', import.meta.url);
const docsPath = new URL('../docs/catalogue.md', import.meta.url);
const spec = JSON.parse(readFileSync(specPath, 'utf8'));
const labelPattern = /Rate Limit Label[^`]*`(LIGHT|MEDIUM|HEAVY|RESOURCE-INTENSIVE)`/;
const PREFIX = '/contact_center/';
// Nested objects deeper than this become one JSON column: a spreadsheet of 40 dotted columns
// from one sub-sub-object helps nobody.
const MAX_DEPTH = 3;

/** The first sentence of a description, markdown links and emphasis removed, for --help. */
function shortText(text) {
  const plain = String(text ?? '')
    .replace(/\[([^\]]*)\]\([^)]*\)/g, '$1')
    .replace(/\*\*|`/g, '')
    .replace(/\s+/g, ' ')
    .trim();
  const sentence = /^(.*?[.!?])(\s|$)/.exec(plain)?.[1] ?? plain;
  return sentence.length > 140 ? `${sentence.slice(0, 137)}...` : sentence;
}

const kebab = (text) => text.replace(/([a-z0-9])([A-Z])/g, '$1-$2').replace(/[_\s]+/g, '-').toLowerCase();
const singular = (word) => word.replace(/ies$/, 'y').replace(/(x|ch|sh|ss)es$/, '$1').replace(/s$/, '');
/** `queueId` → `queue`, `cc_queue_id` → `queue`, `business_hour_id` → `business_hour`. */
const baseOf = (param) => kebab(param).replace(/-/g, '_').replace(/^cc_/, '').replace(/_id$/, '');

/** Columns of an item schema: nested objects as dotted names, arrays as one cell each. */
function columnsOf(schema, prefix = [], depth = 0) {
  const out = [];
  for (const [key, prop] of Object.entries(schema.properties ?? {})) {
    const path = [...prefix, key];
    const name = path.join('.');
    if (prop.type === 'object' && prop.properties && depth < MAX_DEPTH) {
      out.push(...columnsOf(prop, path, depth + 1));
      continue;
    }
    let shape = 'scalar';
    if (prop.type === 'object') shape = 'json';
    if (prop.type === 'array') shape = ['object', 'array'].includes(prop.items?.type) || prop.items?.properties ? 'json' : 'list';
    const type = shape === 'scalar' ? (prop.type ?? 'string') : shape === 'list' ? `${prop.items?.type ?? 'string'}[]` : 'json';
    // Ids and numbers are text in a spreadsheet: Excel would turn 0012 into 12 and
    // 14155550123 into 1.41556E+10.
    const textual = prop.type === 'string' && /(^|_)(id|ids|phone|number|numbers|ani|dnis|caller_id|mobile|fax)$|phone|_number/.test(key);
    out.push({ name, path, shape, type, kind: textual ? 'phone' : 'text' });
  }
  return out;
}

function paramOf(p) {
  const s = p.schema ?? {};
  const isArray = s.type === 'array';
  const inner = isArray ? (s.items ?? {}) : s;
  const param = { name: p.name, required: p.required === true, type: inner.type ?? 'string', array: isArray };
  if (inner.enum) param.enum = inner.enum;
  if (inner.format && inner.format !== 'string') param.format = inner.format;
  if (inner.pattern) param.pattern = inner.pattern;
  if (s.default !== undefined) param.default = s.default;
  if (inner.minimum !== undefined) param.minimum = inner.minimum;
  if (inner.maximum !== undefined) param.maximum = inner.maximum;
  if (s.maxItems !== undefined) param.maxItems = s.maxItems;
  if (s.deprecated || p.deprecated) param.deprecated = true;
  if (inner.example !== undefined) param.example = inner.example;
  param.description = shortText(p.description);
  return param;
}

const WINDOW_PAIRS = [
  ['start_time_from', 'start_time_to', 'start_time'],
  ['enter_time_from', 'enter_time_to', 'enter_time'],
  ['from', 'to', undefined],
];

/** The time window a resource is filtered by, if it has a usable one. */
function windowOf(params, rawParams, itemSchema) {
  for (const [fromName, toName, field] of WINDOW_PAIRS) {
    const from = params.find((p) => p.name === fromName);
    const to = params.find((p) => p.name === toName);
    if (!from || !to || from.deprecated) continue;
    const granularity =
      from.format === 'date' ? 'date' : from.format === 'date-time' ? 'date-time' : /^\d{4}-\d\d-\d\d$/.test(String(from.example ?? '')) ? 'date' : 'date-time';
    const sample = granularity === 'date' ? '2024-01-01' : '2024-01-01T00:00:00Z';
    // A pattern the documented format cannot match (`YYYY-MM-DDTHH:MM:SSZ` taken literally)
    // makes every value invalid; such a window cannot be used.
    if ([from, to].some((p) => p.pattern !== undefined && !new RegExp(p.pattern).test(sample))) continue;
    const text = rawParams.filter((p) => p.name === fromName || p.name === toName).map((p) => p.description ?? '').join(' ');
    const window = { from: fromName, to: toName, granularity };
    if (/\bmonth\b/i.test(text)) window.maxMonths = 1;
    const days = /(\d+)\s+days?\b/i.exec(text);
    if (days && !window.maxMonths) window.maxDays = Number(days[1]);
    const props = itemSchema.properties ?? {};
    const timeField =
      (field && props[field] ? field : undefined) ??
      Object.entries(props).find(([k, v]) => v.type === 'string' && (v.format === 'date-time' || /(_time|_date|date_time)$/.test(k)) && !v.pattern)?.[0];
    if (timeField) window.itemField = timeField;
    return window;
  }
  return undefined;
}

const entries = [];
for (const [path, item] of Object.entries(spec.paths)) {
  const op = item.get;
  if (!op?.operationId) continue;
  const rawParams = [...(item.parameters ?? []), ...(op.parameters ?? [])];
  if (!rawParams.some((p) => p.in === 'query' && p.name === 'next_page_token')) continue;
  const body = op.responses?.['200']?.content?.['application/json']?.schema;
  const arrays = Object.entries(body?.properties ?? {}).filter(([, v]) => v.type === 'array' && v.items?.type === 'object');
  if (arrays.length !== 1) continue;
  const [itemsKey, arraySchema] = arrays[0];
  const match = labelPattern.exec(op.description ?? '');
  if (!match) throw new Error(`GET ${path}: no Rate Limit Label in its description`);
  const pageSizeParam = rawParams.find((p) => p.in === 'query' && p.name === 'page_size')?.schema ?? {};
  const answerSize = body.properties?.page_size ?? {};
  const query = rawParams.filter((p) => p.in === 'query' && !['page_size', 'next_page_token'].includes(p.name)).map(paramOf);
  const tag = op.tags?.[0] ?? '';
  entries.push({
    path,
    operationId: op.operationId,
    tag,
    summary: shortText(op.summary),
    label: match[1],
    itemsKey,
    pageSize: {
      min: pageSizeParam.minimum ?? 1,
      // Where the parameter and the answer disagree, the smaller: an answer may not say more than its schema allows.
      max: Math.min(pageSizeParam.maximum ?? Infinity, answerSize.maximum ?? Infinity, pageSizeParam.maximum ?? answerSize.maximum ?? 300),
      default: pageSizeParam.default ?? answerSize.default ?? 30,
    },
    query,
    pathParams: rawParams.filter((p) => p.in === 'path').map((p) => ({ name: p.name })),
    window: windowOf(query, rawParams, arraySchema.items),
    columns: columnsOf(arraySchema.items),
  });
}

// ---- names: from the path, with the Reports tags' own prefix ----
function baseName(entry) {
  const segments = entry.path.slice(PREFIX.length).split('/').filter((s) => !s.startsWith('{'));
  const report = /^Reports V(\d)/.exec(entry.tag);
  if (report) {
    const rest = segments.filter((s) => !['analytics', 'dataset', 'historical', 'reports'].includes(s));
    return `reports-v${report[1]}-${rest.map(kebab).join('-')}`;
  }
  return segments.map(kebab).join('-');
}
const byBase = new Map();
for (const entry of entries) byBase.set(baseName(entry), [...(byBase.get(baseName(entry)) ?? []), entry]);
for (const [base, group] of byBase) {
  for (const entry of group) {
    const own = entry.pathParams.map((p) => baseOf(p.name).replace(/_/g, '-'));
    // Two paths that differ only by a path parameter: the nested one says by what.
    entry.name = group.length > 1 && own.length > 0 ? `${base}-by-${own.join('-')}` : base;
  }
}
const names = new Set();
for (const entry of entries) {
  if (names.has(entry.name)) throw new Error(`Two resources would be called ${entry.name}`);
  names.add(entry.name);
}

// ---- parents: which list supplies a path parameter (or an id-valued required query parameter) ----
const roots = entries.filter((e) => e.pathParams.length === 0 && !e.query.some((q) => q.required));
function parentFor(entry, paramName, fieldPreference) {
  const base = baseOf(paramName);
  const template = entry.path.slice(0, entry.path.indexOf(`{${paramName}}`) - 1);
  const singularPath = (e) => e.path.slice(PREFIX.length).split('/').map(singular).join('_');
  const hasField = (e, f) => e.columns.some((c) => c.name === f);
  let parent = roots.find((e) => e.path === template);
  parent ??= roots.filter((e) => singularPath(e).endsWith(base) && hasField(e, `${base}_id`)).sort((a, b) => a.path.length - b.path.length)[0];
  parent ??= roots.filter((e) => e.columns[0]?.name === `${base}_id`).sort((a, b) => a.path.length - b.path.length)[0];
  if (!parent || parent === entry) return {};
  const idField = [fieldPreference, `${base}_id`, 'id'].find((f) => f && hasField(parent, f));
  if (!idField) return {};
  const nameField = [`${base}_name`, 'name', 'display_name'].find((f) => hasField(parent, f));
  return { parent: parent.name, idField, ...(nameField ? { nameField } : {}) };
}
for (const entry of entries) {
  entry.pathParams = entry.pathParams.map((p) => ({ name: p.name, ...parentFor(entry, p.name) }));
  for (const q of entry.query) {
    if (q.required && /_id$/.test(q.name) && !q.array) Object.assign(q, parentFor(entry, q.name, q.name));
  }
}

entries.sort((a, b) => a.name.localeCompare(b.name));
const literal = JSON.stringify(
  entries.map(({ path, operationId, name, tag, summary, label, itemsKey, pageSize, query, pathParams, window, columns }) => ({
    name,
    operationId,
    path,
    tag,
    summary,
    label,
    itemsKey,
    pageSize,
    pathParams,
    query,
    ...(window ? { window } : {}),
    columns,
  })),
  null,
  1,
);
writeFileSync(
  outPath,
  `// Generated by scripts/gen-catalogue.mjs from spec/contact-center.openapi.json. Do not edit.\n\n` +
    `import type { CatalogueEntry } from '../catalogue-entry.js';\n\n` +
    `/** Every paginated list endpoint of the spec, as an exportable resource, sorted by name. */\n` +
    `export const catalogue: readonly CatalogueEntry[] = ${literal};\n`,
);

// ---- docs ----
const rows = entries.map((e) => {
  const needs = [
    ...e.pathParams.map((p) => `\`{${p.name}}\`${p.parent ? ` ← \`${p.parent}\`` : ''}`),
    ...e.query.filter((q) => q.required).map((q) => `\`--${kebab(q.name)}\`${q.parent ? ` ← \`${q.parent}\`` : ''}`),
  ].join(', ');
  const window = e.window ? `\`${e.window.from}\`/\`${e.window.to}\` (${e.window.granularity}${e.window.maxMonths ? ', ≤ 1 month' : ''})` : '';
  return `| \`${e.name}\` | ${e.label} | ${e.pageSize.max} | ${needs} | ${window} | ${e.columns.length} | \`GET ${e.path.slice(PREFIX.length - 1)}\` |`;
});
mkdirSync(new URL('../docs/', import.meta.url), { recursive: true });
writeFileSync(
  docsPath,
  `<!-- Generated by scripts/gen-catalogue.mjs from spec/contact-center.openapi.json. Do not edit. -->\n\n` +
    `# Export catalogue\n\n` +
    `Every paginated list endpoint of the Contact Center API, as \`ccbulk export <resource> --out FILE\` exports it ` +
    `(${entries.length} resources). \`ccbulk export <resource> --help\` lists each one's options and their allowed values; ` +
    `\`ccbulk export --list --json\` prints this table as JSON.\n\n` +
    `- **Needs**: path parameters (given by id, or by name where the list after ← has a name field; \`--each\` runs over every item of that list) and required options.\n` +
    `- **Window**: the parameters \`--since last\` fills for incremental exports, and the longest range one request may ask for (longer windows are split).\n` +
    `- **Columns**: nested objects become dotted columns (\`queue.name\`), arrays of values one cell joined with \`; \`, arrays of objects one cell of JSON text.\n\n` +
    `| Resource | Rate label | Page size | Needs | Window | Columns | Endpoint |\n|---|---|---|---|---|---|---|\n` +
    rows.join('\n') +
    '\n',
);
console.log(`catalogue.ts: ${entries.length} resources`);
