import type { OperationId } from '../zoom/generated/operations.js';
import { CcbulkError } from '../errors.js';
import { formatInstant, parseInstant, splitWindow, windowEnd, type WindowRange } from '../transforms/date-windows.js';
import type { ExportColumnSpec } from '../transforms/export-rows.js';
import { resourceCells } from '../transforms/resource-cells.js';
import { checkResourceQuery, queryFlag } from '../transforms/resource-query.js';
import { fillTemplate } from '../writers/export-path.js';
import { ExportState, type ExportIdentity } from '../writers/export-state.js';
import type { CatalogueEntry } from '../zoom/catalogue-entry.js';
import { ContactCenterClient } from '../zoom/client.js';
import { zoomConfigFromEnv, type ZoomConfig } from '../zoom/config.js';
import { listResource } from '../zoom/list-resource.js';
import { resolvePathId } from '../zoom/resolve.js';
import { findResource } from '../zoom/resource-catalogue.js';
import { restartableInOrder } from './restartable-in-order.js';
import { runExport, type ExportCounters, type ExportJobOptions, type ExportSummary } from './export-job.js';
import { warmExportSink } from '../writers/open-export-sink.js';

/** What to export of a catalogue resource, already checked (see `checkResourceQuery`). */
export interface ResourceExportOptions extends Omit<ExportJobOptions, 'now'> {
  /** Path parameters and id-valued required query parameters, by spec name: ids, or names where the parent list has them. */
  readonly ids?: Readonly<Record<string, string>>;
  /** Query parameters to send, checked against the spec. */
  readonly query?: Readonly<Record<string, unknown>>;
  /** Run over every item of the parent list, into one file with the parent's id column. Default false. */
  readonly each?: boolean;
  /**
   * `last`: export the window since the end of the last complete export of the same resource,
   * target and filters (kept in `.ccbulk-state.json` beside the file) up to now. Default none.
   */
  readonly since?: 'last';
  /** Items per request. Default: the endpoint's largest. */
  readonly pageSize?: number;
  /** The clock: the run's time for `{date}`, the window's end and the state file. Default `new Date()`. */
  readonly clock?: () => Date;
  /** Called after every page with its item count. */
  readonly onPage?: (items: number) => void;
}

/** What a resource export did: the common summary, plus the window and whether there was one. */
export interface ResourceExportSummary extends ExportSummary {
  /** The span exported, `to` inclusive, when the resource is time-ranged and a window was used. */
  readonly window?: WindowRange;
  /** True when `--since last` found nothing new to export (no file was written). */
  readonly upToDate?: boolean;
}

interface Supplier {
  readonly param: string;
  readonly in: 'path' | 'query';
  readonly parent?: string;
  readonly idField?: string;
  readonly nameField?: string;
}

/**
 * Exports one catalogue resource to CSV or XLSX through the export frame (atomic file, `{date}`,
 * `--keep`): resolves ids given by name, fans out over the parent list with `each`, and splits
 * the time window into requests the API accepts. With `since: 'last'` the state file moves on
 * only after the file is complete, so a failed night is exported again by the next.
 */
export async function exportCatalogueResource(
  client: ContactCenterClient,
  name: string,
  options: ResourceExportOptions,
): Promise<ResourceExportSummary> {
  const entry = findResource(name);
  warmExportSink(options.out);
  // The resource's own list operation is checked against the token's scopes before any request
  // (a parent list read to resolve a name, or for `each`, meets a missing scope as 4711, fatal).
  await client.requireScopes([entry.operationId as OperationId], `\`ccbulk export ${entry.name}\``);
  const now = (options.clock ?? (() => new Date()))();
  const query: Record<string, unknown> = { ...options.query };
  const suppliers = suppliersOf(entry);

  // ---- the window ----
  let ranges: (WindowRange | undefined)[] = [undefined];
  let span: { start: Date; end: Date } | undefined;
  let state: ExportState | undefined;
  const identity: ExportIdentity = { resource: entry.name, out: options.out, ids: options.ids ?? {}, query: withoutWindow(entry, query) };
  if (entry.window) {
    const w = entry.window;
    const unit = w.granularity === 'date' ? 86_400_000 : 1000;
    const given = (key: string): Date | undefined => {
      const text = query[key];
      if (typeof text !== 'string') return undefined;
      delete query[key];
      return parseInstant(text);
    };
    const from = given(w.from);
    const to = given(w.to);
    if (options.since === 'last') {
      if (to !== undefined) throw new CcbulkError('OPTION_INVALID', `Expected no \`--${w.to.replace(/_/g, '-')}\` with \`--since last\`: the window ends now`);
      state = await ExportState.open(fillTemplate(options.out, now));
      const end = windowEnd(now, w.granularity);
      const start = state.lastEnd(identity) ?? from ?? new Date(end.getTime() - 86_400_000);
      span = { start, end };
    } else if (from !== undefined) {
      span = { start: from, end: to === undefined ? windowEnd(now, w.granularity) : new Date(to.getTime() + unit) };
    } else if (to !== undefined) {
      throw new CcbulkError('OPTION_INVALID', `Expected \`--${w.from.replace(/_/g, '-')}\` with \`--${w.to.replace(/_/g, '-')}\``);
    }
    if (span) {
      ranges = splitWindow(span.start, span.end, w);
      if (ranges.length === 0) {
        return upToDate(entry, options.out, now, span);
      }
    }
  } else if (options.since === 'last') {
    throw new CcbulkError('OPTION_INVALID', `Expected \`--since last\` only for a time-ranged resource; ${entry.name} has no time window`);
  }

  // ---- ids: given, by name, or every parent item ----
  const fixed: Record<string, string> = {};
  let fanOut: { supplier: Supplier; ids: string[] } | undefined;
  for (const supplier of suppliers) {
    const value = options.ids?.[supplier.param];
    if (value !== undefined) {
      fixed[supplier.param] = await resolveId(client, supplier, value);
    } else if (options.each && supplier.parent !== undefined && fanOut === undefined) {
      const parent = findResource(supplier.parent);
      const ids: string[] = [];
      for await (const item of listResource(client, parent, {}, { readAhead: true })) {
        const id = item[supplier.idField ?? ''];
        if (typeof id === 'string' || typeof id === 'number') ids.push(String(id));
      }
      fanOut = { supplier, ids };
    } else if (supplier.in === 'path' || entry.query.some((q) => q.name === supplier.param && q.required)) {
      const how = supplier.parent ? ` (or \`--each\` for every item of ${supplier.parent})` : '';
      throw new CcbulkError('OPTION_INVALID', `Expected \`${queryFlag({ name: supplier.param })}\` to name the ${supplier.param} to export ${entry.name} for${how}, got nothing`);
    }
  }
  if (options.each && fanOut === undefined) {
    throw new CcbulkError('OPTION_INVALID', `Expected \`--each\` only for a nested resource whose parent list is known; ${entry.name} has none left to run over`);
  }

  const counters: ExportCounters = { listingRestarts: 0 };
  const parentColumn = fanOut ? parentColumnName(entry, fanOut.supplier) : undefined;
  const columns: ExportColumnSpec[] = [
    ...(parentColumn ? [{ name: parentColumn, kind: 'phone' as const }] : []),
    ...entry.columns.map((c) => ({ name: c.name, kind: c.kind })),
  ];
  const parents = fanOut ? fanOut.ids : [undefined];

  async function* rows(): AsyncGenerator<readonly string[]> {
    for (const parentId of parents) {
      for (const range of ranges) {
        const ids = { ...fixed, ...(parentId !== undefined && fanOut ? { [fanOut.supplier.param]: parentId } : {}) };
        const path: Record<string, string> = {};
        const q: Record<string, unknown> = { ...query };
        for (const supplier of suppliers) {
          const id = ids[supplier.param];
          if (id === undefined) continue;
          if (supplier.in === 'path') path[supplier.param] = id;
          else q[supplier.param] = id;
        }
        if (range && entry.window) {
          q[entry.window.from] = range.from;
          q[entry.window.to] = range.to;
        }
        const listing = restartableInOrder(() => listResource(client, entry, { path, query: q, pageSize: options.pageSize, onPage: options.onPage }, { readAhead: true }), {
          onRestart: () => counters.listingRestarts++,
        });
        for await (const item of listing) {
          const cells = resourceCells(item, entry.columns);
          yield parentId === undefined ? cells : [parentId, ...cells];
        }
      }
    }
  }

  const summary = await runExport(
    client,
    { name: entry.name, target: { resource: entry.name, ...fixed }, counters },
    { out: options.out, keep: options.keep, bom: options.bom, now, commandLine: options.commandLine },
    (async function* () {
      yield { name: entry.name, columns, rows: rows() };
    })(),
  );
  if (state && span) await state.advance(identity, span.end, now);
  const window = span && entry.window ? { from: formatInstant(span.start, entry.window.granularity), to: formatInstant(new Date(span.end.getTime() - (entry.window.granularity === 'date' ? 86_400_000 : 1000)), entry.window.granularity) } : undefined;
  return { ...summary, ...(window ? { window } : {}) };
}

/**
 * `exportCatalogueResource` with its own client, for library callers: from `config`, or from the
 * environment (`ZOOM_ACCOUNT_ID`, …) when none is given. The client is closed at the end.
 */
export async function exportResource(
  name: string,
  options: ResourceExportOptions & { readonly config?: ZoomConfig; readonly client?: ContactCenterClient },
): Promise<ResourceExportSummary> {
  if (options.client) return exportCatalogueResource(options.client, name, options);
  const client = new ContactCenterClient(options.config ?? zoomConfigFromEnv());
  try {
    return await exportCatalogueResource(client, name, options);
  } finally {
    await client.close();
  }
}

/**
 * The parameters a person gave for a resource (path and query, by spec name, as text), split into
 * the ids {@link exportCatalogueResource} resolves and the query checked against the spec: what
 * every door does with them, `ccbulk export <resource>` and the page alike.
 *
 * @throws CcbulkError `OPTION_INVALID` naming each value the spec refuses and each required one missing.
 */
export function resourceParameters(
  entry: CatalogueEntry,
  given: Readonly<Record<string, string | undefined>>,
): { readonly ids: Record<string, string>; readonly query: Record<string, unknown> } {
  const suppliers = suppliersOf(entry);
  const rest: Record<string, string | undefined> = { ...given };
  const ids: Record<string, string> = {};
  for (const s of suppliers) {
    const value = rest[s.param];
    if (value !== undefined) ids[s.param] = value;
    delete rest[s.param];
  }
  const checked = checkResourceQuery(entry, rest, new Set(suppliers.map((s) => s.param)));
  if (!checked.ok) throw new CcbulkError('OPTION_INVALID', checked.problems.join('; '));
  return { ids, query: checked.query };
}

/** The parameters whose values are ids from another list: path parameters and required `…_id` query parameters. */
export function suppliersOf(entry: CatalogueEntry): Supplier[] {
  return [
    ...entry.pathParams.map((p) => ({ param: p.name, in: 'path' as const, parent: p.parent, idField: p.idField, nameField: p.nameField })),
    ...entry.query
      .filter((q) => q.parent !== undefined)
      .map((q) => ({ param: q.name, in: 'query' as const, parent: q.parent, idField: q.idField, nameField: q.nameField })),
  ];
}

function parentColumnName(entry: CatalogueEntry, supplier: Supplier): string {
  const base = supplier.idField ?? supplier.param;
  return entry.columns.some((c) => c.name === base) ? `parent.${base}` : base;
}

/** An id as given, or the id of the parent item whose name it is. */
async function resolveId(client: ContactCenterClient, supplier: Supplier, value: string): Promise<string> {
  // No parent list to search, but Zoom itself finds an address book or DNC list by name.
  if (supplier.parent === undefined) return (await resolvePathId(client, supplier.param, value, queryFlag({ name: supplier.param }))) ?? value;
  if (supplier.nameField === undefined || supplier.idField === undefined) return value;
  let byName: string | undefined;
  for await (const item of listResource(client, findResource(supplier.parent), {}, { readAhead: true })) {
    if (String(item[supplier.idField]) === value) return value;
    if (byName === undefined && item[supplier.nameField] === value) byName = String(item[supplier.idField]);
  }
  if (byName !== undefined) return byName;
  throw new CcbulkError('TARGET_NOT_FOUND', `Expected \`${queryFlag({ name: supplier.param })}\` to be a ${supplier.idField} or ${supplier.nameField} of ${supplier.parent}, got \`${value}\``);
}

function withoutWindow(entry: CatalogueEntry, query: Readonly<Record<string, unknown>>): Record<string, unknown> {
  const { [entry.window?.from ?? '']: _from, [entry.window?.to ?? '']: _to, ...rest } = query;
  return rest;
}

function upToDate(entry: CatalogueEntry, out: string, now: Date, span: { start: Date; end: Date }): ResourceExportSummary {
  const at = formatInstant(span.start, entry.window?.granularity ?? 'date-time');
  return {
    job: entry.name,
    target: { resource: entry.name },
    file: fillTemplate(out, now),
    rows: 0,
    sheets: {},
    requests: 0,
    retries: 0,
    rateLimited: 0,
    elapsedMs: 0,
    deleted: [],
    listingRestarts: 0,
    window: { from: at, to: at },
    upToDate: true,
  };
}
