import path from 'node:path';
import { exportCatalogueResource, resourceParameters, suppliersOf, type ResourceExportSummary } from '../pipelines/export-resource.js';
import { describeValue, queryFlag } from '../transforms/resource-query.js';
import type { ContactCenterClient } from '../zoom/client.js';
import { PATH_IDS_BY_NAME } from '../zoom/resolve.js';
import { catalogue, findResource } from '../zoom/resource-catalogue.js';

/** A parameter the page asks for before it exports a resource: a path parameter, or a required query one. */
export interface UiResourceParam {
  /** The spec's name, as the page sends it back. */
  readonly name: string;
  /** The command line's flag for it (`--queue-id`), so the page and `--help` name it alike. */
  readonly flag: string;
  /** What it takes, in words: "a queue_id or queue_name of queues", "one of voice, chat…". */
  readonly hint: string;
  /** Allowed values, when the spec lists them. */
  readonly choices?: readonly string[] | undefined;
}

/** One resource of the catalogue, as the page's picker lists it. */
export interface UiResource {
  readonly name: string;
  /** The spec's tag, which groups the picker. */
  readonly group: string;
  readonly summary: string;
  readonly params: readonly UiResourceParam[];
  /** The parent list `--each` runs over, when the resource has one. */
  readonly each?: string | undefined;
}

/** Every resource of the export catalogue, with the parameters it needs, for the page's picker. */
export function resourcesForPage(): UiResource[] {
  return catalogue.map((entry) => {
    const suppliers = suppliersOf(entry);
    const byName = (param: string) => {
      const s = suppliers.find((x) => x.param === param);
      if (s?.parent !== undefined) return s.nameField ? `a ${s.idField} or ${s.nameField} of ${s.parent}` : `a ${s.idField ?? 'id'} of ${s.parent}`;
      return param in PATH_IDS_BY_NAME ? `the ${PATH_IDS_BY_NAME[param]}'s id or name` : 'an id';
    };
    const params: UiResourceParam[] = [
      ...entry.pathParams.map((p) => ({ name: p.name, flag: queryFlag(p), hint: byName(p.name) })),
      ...entry.query
        .filter((q) => q.required)
        .map((q) => ({ name: q.name, flag: queryFlag(q), hint: q.parent !== undefined ? byName(q.name) : describeValue(q), choices: q.enum?.map(String) })),
    ];
    return { name: entry.name, group: entry.tag, summary: entry.summary, params, each: suppliers.find((x) => x.parent !== undefined)?.parent };
  });
}

/**
 * Exports a catalogue resource to `dir`, as `ccbulk export <resource>` does: the same parameter
 * checks, the same pipeline (ids given by name resolved, pages followed, the file written under a
 * temporary name and renamed when complete). The file is named after the resource and the time.
 *
 * @throws CcbulkError `OPTION_INVALID` for an unknown resource, or parameters the spec refuses.
 */
export async function exportResourceFromPage(
  client: ContactCenterClient,
  dir: string,
  request: {
    readonly resource: string;
    readonly params: Readonly<Record<string, string>>;
    readonly format: 'csv' | 'xlsx';
    /** `--each`: every item of the parent list, into one file. */
    readonly each: boolean;
  },
): Promise<ResourceExportSummary> {
  const entry = findResource(request.resource);
  const given = Object.fromEntries(Object.entries(request.params).map(([k, v]) => [k, v.trim()]).filter(([, v]) => v !== ''));
  const { ids, query } = resourceParameters(entry, given);
  const out = path.join(dir, `${entry.name}-${new Date().toISOString().replace(/[:.]/g, '-')}.${request.format}`);
  return exportCatalogueResource(client, entry.name, { out, bom: request.format === 'csv', ids, query, each: request.each, commandLine: undefined });
}
