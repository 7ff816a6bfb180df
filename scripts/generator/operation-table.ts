// Handles Operation Objects (OpenAPI 3.1 §4.8.10) as the runtime routes them: the entry of the
// operation table for each operation of the spec model. operations.ts is this table written as
// TypeScript; the mock server builds it in memory from a spec alone.
import type { SpecModel, SpecOperation } from './spec-model.js';
import type { LocatedOperation, OperationInfo } from '../../src/runtime/types.js';

export type OperationEntry = LocatedOperation;

export function operationEntry(operation: SpecOperation): OperationEntry {
  return {
    operationId: operation.operationId,
    method: operation.method.toUpperCase() as OperationInfo['method'],
    path: operation.path,
    security: operation.security,
    requestContentTypes: operation.requestBody?.contentTypes ?? [],
    bodyRequired: operation.requestBody?.required === true,
    responses: Object.fromEntries(
      operation.responses.map((response) => [
        response.kind === 'range' ? response.key.toUpperCase() : response.key,
        response.contentTypes,
      ]),
    ),
    responseHeaders: Object.fromEntries(
      operation.responses
        .filter((response) => response.headers.length > 0)
        .map((response) => [
          response.kind === 'range' ? response.key.toUpperCase() : response.key,
          response.headers.map((header) => header.name.toLowerCase()),
        ]),
    ),
    ...(operation.cacheScopes && { cacheScopes: operation.cacheScopes }),
    ...(operation.sharedMaxAge !== undefined && { sharedMaxAge: operation.sharedMaxAge }),
    ...(operation.invalidates && { invalidates: operation.invalidates }),
    pointer: operation.pointer,
  };
}

/** Handler name -> entry, in the model's order. */
export function operationTable(model: SpecModel): Record<string, OperationEntry> {
  return Object.fromEntries(model.operations.map((op) => [op.identifier, operationEntry(op)]));
}
