import type { operations } from './generated/contact-center.js';
import type { OperationId } from './generated/operations.js';

// Every operationId the table knows must be an operation of the generated types, and vice versa.
type _Check = [OperationId extends keyof operations ? true : never, keyof operations extends OperationId ? true : never];
export type { _Check };

type Op<Id extends OperationId> = operations[Id];
type JsonContent<T> = T extends { content: { 'application/json': infer B } } ? B : undefined;

/** Path parameters of an operation, or `never` when its path has none. */
export type PathParams<Id extends OperationId> = Op<Id>['parameters'] extends { path: infer P } ? P : never;

/** Query parameters of an operation. */
export type QueryParams<Id extends OperationId> = Op<Id>['parameters'] extends { query?: infer Q } ? NonNullable<Q> : never;

/** JSON request body of an operation. */
export type RequestBody<Id extends OperationId> = Op<Id> extends { requestBody?: infer R } ? JsonContent<NonNullable<R>> : never;

type SuccessStatus = 200 | 201 | 204;

/** JSON body of an operation's success answer (`undefined` for 204 and empty answers). */
export type SuccessBody<Id extends OperationId> = {
  [S in SuccessStatus & keyof Op<Id>['responses']]: JsonContent<Op<Id>['responses'][S]>;
}[SuccessStatus & keyof Op<Id>['responses']];

/** An element of an array-typed property `K` of `T` (e.g. a page's items). */
export type ItemOf<T, K extends keyof NonNullable<T>> = NonNullable<NonNullable<T>[K]> extends ReadonlyArray<infer E> ? E : never;
