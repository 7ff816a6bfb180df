// A well-formed request for any operation, built from the examples in the spec, for tests that
// must reach every operation (failure injection, body handling).
import { deref, operationsOf, type Json, type SpecOperation } from './spec.js';

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
    const parameters = (operation.operation.parameters ?? []) as Json[];
    for (const raw of parameters) {
      const { value: parameter } = deref(spec, raw, operation.pointer);
      if (parameter.in !== 'path') continue;
      url = url.replace(
        `{${String(parameter.name)}}`,
        encodeURIComponent(String(parameter.example)),
      );
    }
    const requestBody = operation.operation.requestBody
      ? deref(spec, operation.operation.requestBody, operation.pointer).value
      : undefined;
    const media = (requestBody?.content as Json | undefined)?.['application/json'] as
      Json | undefined;
    const security = (operation.operation.security ?? spec.security ?? []) as Json[];
    return {
      operation,
      method: operation.method.toLowerCase() as ExampleRequest['method'],
      url,
      body: media?.example,
      secured:
        security.length > 0 && security.every((requirement) => Object.keys(requirement).length > 0),
      roles: [
        ...new Set(
          security.flatMap((requirement) => Object.values(requirement).flat() as string[]),
        ),
      ],
    };
  });
}
