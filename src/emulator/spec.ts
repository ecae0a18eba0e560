import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** A JSON Schema object as the spec writes it (OpenAPI 3.0 flavour). */
export type JsonSchema = Record<string, unknown>;

/** One query or path parameter of an operation. */
export interface SpecParameter {
  readonly name: string;
  readonly in: 'query' | 'path' | 'header' | 'cookie';
  readonly required?: boolean;
  readonly schema?: JsonSchema;
}

/** The parts of one spec operation the emulator reads. */
export interface SpecOperation {
  readonly operationId: string;
  readonly method: string;
  readonly path: string;
  readonly parameters: readonly SpecParameter[];
  readonly requestSchema: JsonSchema | undefined;
  /** Response JSON schemas by status code, for the ones that have a body. */
  readonly responseSchemas: ReadonlyMap<number, JsonSchema>;
}

const SPEC_RELATIVE = join('spec', 'contact-center.openapi.json');

/**
 * Finds the spec by walking up from this module's folder, so the same code works from `src/`
 * under vitest and from `dist/` after tsc (and from an installed package, which ships `spec/`).
 */
export function findSpecFile(start: string = dirname(fileURLToPath(import.meta.url))): string {
  let dir = start;
  for (;;) {
    const candidate = join(dir, SPEC_RELATIVE);
    if (existsSync(candidate)) return candidate;
    const parent = dirname(dir);
    if (parent === dir) throw new Error(`Could not find ${SPEC_RELATIVE} above ${start}`);
    dir = parent;
  }
}

let cached: Map<string, SpecOperation> | undefined;

/** Every operation of the spec by operationId; parsed once per process (the file is 1.9 MB). */
export function loadSpecOperations(): ReadonlyMap<string, SpecOperation> {
  if (cached) return cached;
  const doc = JSON.parse(readFileSync(findSpecFile(), 'utf8')) as {
    paths: Record<string, Record<string, unknown>>;
  };
  const ops = new Map<string, SpecOperation>();
  for (const [path, item] of Object.entries(doc.paths)) {
    const shared = (item['parameters'] as SpecParameter[] | undefined) ?? [];
    for (const [method, raw] of Object.entries(item)) {
      if (typeof raw !== 'object' || raw === null || !('operationId' in raw)) continue;
      const op = raw as {
        operationId: string;
        parameters?: SpecParameter[];
        requestBody?: { content?: Record<string, { schema?: JsonSchema }> };
        responses?: Record<string, { content?: Record<string, { schema?: JsonSchema }> }>;
      };
      const responseSchemas = new Map<number, JsonSchema>();
      for (const [status, response] of Object.entries(op.responses ?? {})) {
        const schema = response.content?.['application/json']?.schema;
        if (schema) responseSchemas.set(Number(status), schema);
      }
      ops.set(op.operationId, {
        operationId: op.operationId,
        method: method.toUpperCase(),
        path,
        parameters: [...shared, ...(op.parameters ?? [])],
        requestSchema: op.requestBody?.content?.['application/json']?.schema,
        responseSchemas,
      });
    }
  }
  cached = ops;
  return ops;
}

/** The spec operation of an id, or a thrown error naming it: a typo here is a bug, not data. */
export function specOperation(operationId: string): SpecOperation {
  const op = loadSpecOperations().get(operationId);
  if (!op) throw new Error(`The spec has no operation \`${operationId}\``);
  return op;
}
