import type { RateLabel } from './rate-plans.js';

/** A query parameter of a list endpoint, as the spec declares it. */
export interface CatalogueQueryParam {
  readonly name: string;
  readonly required: boolean;
  /** The JSON type of the value (of each element, for arrays). */
  readonly type: string;
  /** Repeated parameter (`queue_ids=a&queue_ids=b`); the CLI takes a comma-separated list. */
  readonly array: boolean;
  readonly enum?: readonly (string | number | boolean)[];
  /** `date`, `date-time`, `email`, `int32`… when the spec states one. */
  readonly format?: string;
  readonly pattern?: string;
  readonly default?: unknown;
  readonly minimum?: number;
  readonly maximum?: number;
  readonly maxItems?: number;
  readonly deprecated?: boolean;
  readonly example?: unknown;
  /** The first sentence of the spec's description, for `--help`. */
  readonly description: string;
  /** For an id-valued required parameter: the resource whose items supply it. */
  readonly parent?: string;
  readonly idField?: string;
  readonly nameField?: string;
}

/** A path parameter and, where one can be found, the list that supplies its values. */
export interface CataloguePathParam {
  readonly name: string;
  /** The resource whose items carry this id (`queues` for `{queueId}`). */
  readonly parent?: string;
  /** The parent item's field holding the id (`queue_id`). */
  readonly idField?: string;
  /** The parent item's field holding a name, so the parameter can be given by name. */
  readonly nameField?: string;
}

/**
 * One column of a resource's export. `scalar` cells hold the value; `list` cells an array of
 * values joined with `; `; `json` cells an array of objects (or an object nested too deep) as
 * JSON text.
 */
export interface CatalogueColumn {
  /** The header: the property path joined with dots (`queue.name`). */
  readonly name: string;
  readonly path: readonly string[];
  readonly shape: 'scalar' | 'list' | 'json';
  /** The schema type, `string[]` for lists, `json` for JSON cells. */
  readonly type: string;
  /** `phone` columns (ids, numbers) are kept as text by spreadsheets. */
  readonly kind: 'text' | 'phone';
}

/** The time window of a time-ranged resource: the parameters `--since last` fills. */
export interface CatalogueWindow {
  readonly from: string;
  readonly to: string;
  /** `date`: whole days, `to` inclusive; `date-time`: seconds, `to` inclusive. */
  readonly granularity: 'date' | 'date-time';
  /** The longest range one request may ask for, from the spec's descriptions ("one month"). */
  readonly maxMonths?: number;
  readonly maxDays?: number;
  /** The item field that carries the time the window filters on. */
  readonly itemField?: string;
}

/** One exportable resource: a paginated list endpoint of the spec. */
export interface CatalogueEntry {
  /** Stable CLI name, from the path (`queues`, `queues-agents`, `reports-v2-agent-performance`). */
  readonly name: string;
  readonly operationId: string;
  readonly path: string;
  readonly tag: string;
  readonly summary: string;
  readonly label: RateLabel;
  /** The answer's property holding the page's items. */
  readonly itemsKey: string;
  readonly pageSize: { readonly min: number; readonly max: number; readonly default: number };
  readonly pathParams: readonly CataloguePathParam[];
  /** Query parameters, paging ones excluded. */
  readonly query: readonly CatalogueQueryParam[];
  readonly window?: CatalogueWindow;
  readonly columns: readonly CatalogueColumn[];
}
