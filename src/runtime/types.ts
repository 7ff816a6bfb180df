// The shapes the generated operation table and handlers have (generated/operations.ts), as the
// runtime reads them: one table entry per operation, a request as handlers receive it, and a
// result as they return it.
import type { SecurityRequirement } from './security.js';

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
