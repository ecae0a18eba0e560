import type { operations } from '../zoom/generated/contact-center.js';

/** An operationId of the spec, as the generated types name it. */
export type OperationName = keyof operations;

/** The JSON request body of an operation, straight from the generated types. */
export type RequestBody<K extends OperationName> = operations[K] extends {
  requestBody?: { content: { 'application/json': infer B } };
}
  ? B
  : never;

/** The JSON body of one response status of an operation, straight from the generated types. */
export type ResponseBody<K extends OperationName, S extends number> = operations[K] extends {
  responses: { [P in S]: { content: { 'application/json': infer R } } };
}
  ? R
  : never;

/** The query parameters of an operation. */
export type QueryOf<K extends OperationName> = operations[K] extends { parameters: { query?: infer Q } }
  ? NonNullable<Q>
  : never;
