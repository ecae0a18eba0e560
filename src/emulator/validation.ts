import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';
import formatsPlugin from 'ajv-formats';
import { specOperation, type JsonSchema } from './spec.js';

/** One schema violation, named the way Zoom names fields: `contacts[0].display_name`. */
export interface FieldError {
  readonly field: string;
  readonly message: string;
  /** The JSON path segments of the offending value, to attribute errors to batch items. */
  readonly path: readonly string[];
  /** The JSON Schema keyword that failed (`required`, `format`, `maxItems`…). */
  readonly keyword: string;
}

// ajv-formats is CommonJS with a default export; under NodeNext the callable sits on `.default`.
const addFormats = ((formatsPlugin as unknown as { default?: typeof formatsPlugin }).default ??
  formatsPlugin) as unknown as (ajv: Ajv) => Ajv;

function createAjv(coerce: boolean): Ajv {
  // strict: false because the spec carries `example`, `x-*` and OpenAPI-only keywords; ajv 8
  // understands OpenAPI's `nullable` natively.
  const ajv = new Ajv({ strict: false, allErrors: true, coerceTypes: coerce ? 'array' : false, logger: false });
  addFormats(ajv);
  return ajv;
}

const bodyAjv = createAjv(false);
// Query strings carry only text: coercion turns `page_size=30` into 30 and a lone value into an array.
const queryAjv = createAjv(true);
const compiled = new Map<string, ValidateFunction>();

function compile(ajv: Ajv, key: string, schema: JsonSchema): ValidateFunction {
  let fn = compiled.get(key);
  if (!fn) {
    fn = ajv.compile(withUniqueEnums(schema) as JsonSchema);
    compiled.set(key, fn);
  }
  return fn;
}

/**
 * The schema with each `enum` listing its values once: the spec repeats some (the user create
 * and update's `add_ons_plan`), and ajv refuses such a schema outright, where a value is either
 * in the list or not.
 */
function withUniqueEnums(schema: unknown): unknown {
  if (Array.isArray(schema)) return schema.map(withUniqueEnums);
  if (typeof schema !== 'object' || schema === null) return schema;
  return Object.fromEntries(
    Object.entries(schema).map(([key, value]) => [key, key === 'enum' && Array.isArray(value) ? [...new Set(value)] : withUniqueEnums(value)]),
  );
}

function toFieldErrors(errors: readonly ErrorObject[] | null | undefined, prefix: string[] = []): FieldError[] {
  return (errors ?? []).map((error) => {
    const path = [...prefix, ...error.instancePath.split('/').slice(1).map(unescapePointer)];
    if (error.keyword === 'required') path.push(String(error.params['missingProperty']));
    const message =
      error.keyword === 'required'
        ? 'is required'
        : error.keyword === 'enum'
          ? `${error.message ?? 'is not allowed'}: ${(error.params['allowedValues'] as unknown[]).join(', ')}`
          : (error.message ?? 'is not valid');
    return { field: fieldName(path), message, path, keyword: error.keyword };
  });
}

function unescapePointer(segment: string): string {
  return segment.replace(/~1/g, '/').replace(/~0/g, '~');
}

/** `['contacts', '0', 'display_name']` → `contacts[0].display_name`. */
export function fieldName(path: readonly string[]): string {
  let out = '';
  for (const segment of path) {
    if (/^\d+$/.test(segment)) out += `[${segment}]`;
    else out += out === '' ? segment : `.${segment}`;
  }
  return out;
}

/** Checks a JSON body against the operation's request schema from the spec. */
export function validateBody(operationId: string, body: unknown): FieldError[] {
  const schema = specOperation(operationId).requestSchema;
  if (!schema) return [];
  const validate = compile(bodyAjv, `body:${operationId}`, schema);
  return validate(body) ? [] : toFieldErrors(validate.errors);
}

/**
 * Reads an operation's query parameters as its spec declares them and checks them. Arrays are
 * accepted both as repeated keys (OpenAPI's default form/explode) and comma-separated.
 */
export function readQuery(
  operationId: string,
  params: URLSearchParams,
): { query: Record<string, unknown>; errors: FieldError[] } {
  const declared = specOperation(operationId).parameters.filter((p) => p.in === 'query');
  const query: Record<string, unknown> = {};
  const properties: Record<string, JsonSchema> = {};
  const required: string[] = [];
  for (const param of declared) {
    properties[param.name] = param.schema ?? {};
    if (param.required) required.push(param.name);
    if (!params.has(param.name)) continue;
    query[param.name] =
      param.schema?.['type'] === 'array'
        ? params.getAll(param.name).flatMap((v) => v.split(',')).filter((v) => v !== '')
        : params.get(param.name);
  }
  // Defaults are applied by the handlers, where the paging rules live, not by ajv.
  const validate = compile(queryAjv, `query:${operationId}`, { type: 'object', properties, required });
  const ok = validate(query);
  return { query, errors: ok ? [] : toFieldErrors(validate.errors) };
}

/**
 * Checks a response body the emulator is about to send against the spec's response schema, so
 * a contract drift shows up in our own tests before the Prism suite finds it.
 */
export function checkResponse(operationId: string, status: number, body: unknown): FieldError[] {
  const schema = specOperation(operationId).responseSchemas.get(status);
  if (!schema) return [];
  const validate = compile(bodyAjv, `response:${operationId}:${status}`, schema);
  return validate(body) ? [] : toFieldErrors(validate.errors);
}
