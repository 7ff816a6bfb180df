// A well-formed request for any operation, built from the examples in the spec, for tests that
// must reach every operation (failure injection, body handling).
import { operationsOf, type Json, type SpecOperation } from './spec.js';

export interface ExampleRequest {
  operation: SpecOperation;
  method: 'get' | 'post' | 'put' | 'patch' | 'delete';
  url: string;
  body: unknown;
  secured: boolean;
  /** Roles (the scopes of its security requirements) one of which the caller needs. */
  roles: string[];
}

export function exampleRequests(spec: Json): ExampleRequest[] {
  return operationsOf(spec).map((operation) => {
    let url = operation.path;
    for (const parameter of operation.parameters) {
      if (parameter.in !== 'path') continue;
      url = url.replace(`{${parameter.name}}`, encodeURIComponent(String(parameter.example)));
    }
    const { security } = operation;
    return {
      operation,
      method: operation.method.toLowerCase() as ExampleRequest['method'],
      url,
      body: operation.requestBody?.example,
      secured:
        security.length > 0 && security.every((requirement) => Object.keys(requirement).length > 0),
      roles: [...new Set(security.flatMap((requirement) => Object.values(requirement).flat()))],
    };
  });
}
