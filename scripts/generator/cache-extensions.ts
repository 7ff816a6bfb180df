// Reads the caching extensions of an Operation Object (OpenAPI 3.1 §4.8.10, extended as §4.9
// allows): `x-cache-scopes` on a GET (what its answers depend on, so a server-side cache may keep
// them until one of those scopes changes), `x-shared-max-age` (seconds a shared cache may keep
// an anonymous answer) and `x-invalidates` on a write (the scopes it changes). A scope is a name,
// or a name with path parameters in braces (`article:{slug}`), filled from the request.
import { SpecProblemsError, type Problem } from './lint-findings.js';

export interface CacheExtensions {
  cacheScopes?: string[];
  sharedMaxAge?: number;
  invalidates?: string[];
}

const SCOPE = /^[A-Za-z0-9_.-]+(:(\{[A-Za-z0-9_.-]+\}|[A-Za-z0-9_.-]+))*$/;

export function cacheExtensions(
  operation: Record<string, unknown>,
  method: string,
  pathParameters: readonly string[],
  where: string,
): CacheExtensions {
  const problems: string[] = [];
  const scopes = (key: string): string[] | undefined => {
    const raw = operation[key];
    if (raw === undefined) return undefined;
    if (!Array.isArray(raw) || raw.length === 0) {
      problems.push(`${key} must be a non-empty list of scope names`);
      return undefined;
    }
    for (const scope of raw) {
      if (typeof scope !== 'string' || !SCOPE.test(scope)) {
        problems.push(`${key}: '${String(scope)}' is not a scope (name, or name:{parameter})`);
        continue;
      }
      for (const [, name] of scope.matchAll(/\{([^}]+)\}/g)) {
        if (!pathParameters.includes(name!)) {
          problems.push(`${key}: '${scope}' names {${name}}, which is not a path parameter`);
        }
      }
    }
    return raw as string[];
  };
  const cacheScopes = scopes('x-cache-scopes');
  const invalidates = scopes('x-invalidates');
  const maxAge = operation['x-shared-max-age'];
  if (cacheScopes && method !== 'get') problems.push('x-cache-scopes is for GET operations only');
  if (invalidates && method === 'get') problems.push('x-invalidates is for writes, not GET');
  if (maxAge !== undefined && (!Number.isInteger(maxAge) || (maxAge as number) < 0)) {
    problems.push('x-shared-max-age must be a whole number of seconds, 0 or more');
  }
  if (problems.length > 0) {
    throw new SpecProblemsError(
      'operations',
      problems.map((message): Problem => ({
        severity: 'error',
        rule: 'operations',
        message: `${where}: ${message}`,
      })),
    );
  }
  return {
    ...(cacheScopes && { cacheScopes }),
    ...(typeof maxAge === 'number' && { sharedMaxAge: maxAge }),
    ...(invalidates && { invalidates }),
  };
}
