// The types generated code imports (every generated operations.ts): one table entry per
// operation, a request as handlers receive it, and a result as they return it. Self-contained,
// so generated code type-checks wherever it is written, with nothing but this file.

/** One entry of an operation's `security` list: scheme name -> scopes (OpenAPI 3.1 §4.8.30). */
export type SecurityRequirement = Readonly<Record<string, readonly string[]>>;

export type HttpMethod = 'GET' | 'PUT' | 'POST' | 'DELETE' | 'OPTIONS' | 'HEAD' | 'PATCH' | 'TRACE';

/** Response keys: a `4XX` range admits its statuses not documented on their own; `default`
 * admits any status, documented ones included. */
export type StatusRange = '1XX' | '2XX' | '3XX' | '4XX' | '5XX';

/** Documented media types per response status (or range, or `default`). */
export type ResponseMediaTypes = Readonly<Record<string | number, readonly string[]>>;

export interface OperationInfo {
  /** The operationId in the spec (synthesized from method and path when the spec has none). */
  readonly operationId: string;
  readonly method: HttpMethod;
  readonly path: string;
  /** Effective security: the operation's own list, else the root list; `{}` allows anonymous. */
  readonly security: readonly SecurityRequirement[];
  readonly requestContentTypes: readonly string[];
  readonly bodyRequired: boolean;
  /** Media types per documented response; `[]` for a response without content. */
  readonly responses: ResponseMediaTypes;
  /** Documented header names, in lower case, per response that documents any. */
  readonly responseHeaders: Readonly<Record<string | number, readonly string[]>>;
  /** `x-cache-scopes`: what this read's answers depend on; a response cache keeps them until a
   * write changes one of these scopes. Absent: answers are never kept server-side. */
  readonly cacheScopes?: readonly string[];
  /** `x-shared-max-age`: seconds a shared cache may keep an answer to an anonymous request. */
  readonly sharedMaxAge?: number;
  /** `x-invalidates`: the scopes a successful answer of this write has changed. */
  readonly invalidates?: readonly string[];
}

/** A table entry with the place of its operation in the bundled spec: what a mock answers from. */
export interface LocatedOperation extends OperationInfo {
  /** JSON pointer of the operation object: `#/paths/~1items/get`. */
  readonly pointer: string;
}

/** What a handler receives. */
export interface TypedRequest {
  params: unknown;
  query: unknown;
  headers: unknown;
  body: unknown;
  /** This request's id, as logged and sent back in the X-Request-Id header. */
  requestId: string;
  /** The client's IP address (through the proxies the server is told to trust). */
  clientIp: string;
  principal?: unknown;
}

/** What a handler returns: a documented status, its body and headers. */
export interface HandlerResult {
  status: number;
  body?: unknown;
  headers?: Record<string, string | number | undefined>;
  contentType?: string;
}
