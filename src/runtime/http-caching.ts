// HTTP caching as the spec declares it (RFC 9110 §8.8, §13; RFC 9111 §5.2): a strong ETag over
// the bytes of every answer whose documented response declares one, Cache-Control and Vary
// where declared, and the conditional requests that use them. If-None-Match is answered here
// for every read; If-Match needs the resource's current state, so the API checks it
// (`ifMatchHolds`).
import { createHash } from 'node:crypto';
import type { FastifyRequest } from 'fastify';
import type { OperationInfo } from './types.js';
import { asObject, type Json, resolveRefs } from './json-pointer.js';

/** Response headers the runtime sets, so handlers need not (the generator makes them optional). */
export const RUNTIME_RESPONSE_HEADERS: ReadonlySet<string> = new Set([
  'etag',
  'cache-control',
  'vary',
]);

/** A strong entity tag: a digest of exactly these bytes, so two equal tags mean equal bodies. */
export function entityTag(payload: string): string {
  return `"${createHash('sha256').update(payload).digest('base64url')}"`;
}

/** The tags of an If-None-Match or If-Match list; `*` stays `*`. Malformed members are dropped. */
function listedTags(header: string): { any: boolean; tags: { weak: boolean; opaque: string }[] } {
  if (header.trim() === '*') return { any: true, tags: [] };
  const tags = [...header.matchAll(/(W\/)?("[^"]*")/g)].map((match) => ({
    weak: match[1] !== undefined,
    opaque: match[2]!,
  }));
  return { any: false, tags };
}

/** If-None-Match holds back the body when it names the current tag (weak comparison, §13.1.2). */
export function noneMatchHits(header: string | undefined, etag: string): boolean {
  if (header === undefined) return false;
  const { any, tags } = listedTags(header);
  const current = etag.replace(/^W\//, '');
  return any || tags.some((tag) => tag.opaque === current);
}

/** If-Match lets a change through only when it names the current tag (strong comparison,
 * §13.1.1): a weak tag never matches. Absent, it holds. */
export function ifMatchHolds(header: string | undefined, currentEtag: string | undefined): boolean {
  if (header === undefined) return true;
  const { any, tags } = listedTags(header);
  if (currentEtag === undefined) return false;
  return any || tags.some((tag) => !tag.weak && tag.opaque === currentEtag);
}

/** What the runtime adds to one operation's answers. */
export interface CachingPolicy {
  /** The header values for an answer with this status, by whether the caller sent credentials. */
  headersFor(status: number, authenticated: boolean): Record<string, string>;
  /** Whether an answer with this status carries an ETag (so If-None-Match applies). */
  tags(status: number): boolean;
}

/**
 * From the operation's documented response headers: ETag where declared; for reads,
 * `private, no-cache` when the caller was authenticated (the answer is theirs), else `public`
 * for the operation's `x-shared-max-age`; `no-store` for writes, whose answers are one caller's
 * and one moment's, and for reads documented without an ETag.
 * Vary names the headers that carry credentials for the operation's security schemes.
 */
export function cachingPolicy(info: OperationInfo, specification: object): CachingPolicy {
  const read = info.method === 'GET' || info.method === 'HEAD';
  const vary = credentialHeaders(specification, info).join(', ');
  const shared =
    info.sharedMaxAge && info.sharedMaxAge > 0
      ? `public, max-age=${info.sharedMaxAge}`
      : 'public, no-cache';
  const declared = (status: number) =>
    info.responseHeaders[status] ?? info.responseHeaders[`${String(status)[0]}XX`] ?? [];
  return {
    tags: (status) => declared(status).includes('etag'),
    headersFor(status, authenticated) {
      const names = declared(status);
      const headers: Record<string, string> = {};
      if (names.includes('cache-control')) {
        // Without a validator a kept copy could never be revalidated: a read documented with
        // no ETag (one that differs on every read) is not kept either.
        headers['cache-control'] = !(read && names.includes('etag'))
          ? 'no-store'
          : authenticated
            ? 'private, no-cache'
            : shared;
      }
      if (names.includes('vary') && vary !== '') headers['vary'] = vary;
      return headers;
    },
  };
}

/** The request headers that carry the credentials of the operation's schemes (§4.8.27). */
function credentialHeaders(specification: object, info: OperationInfo): string[] {
  const doc = specification as Json;
  const schemes = asObject(asObject(doc['components'])?.['securitySchemes']) ?? {};
  const names = new Set<string>();
  for (const requirement of info.security) {
    for (const name of Object.keys(requirement)) {
      const scheme = resolveRefs(doc, schemes[name]);
      const type = scheme?.['type'];
      if (type === 'http' || type === 'oauth2' || type === 'openIdConnect')
        names.add('Authorization');
      else if (type === 'apiKey' && scheme?.['in'] === 'header') names.add(String(scheme['name']));
      else if (type === 'apiKey' && scheme?.['in'] === 'cookie') names.add('Cookie');
    }
  }
  return [...names];
}

/** Adds values to a Vary header already set (CORS sets `Origin`), each once. */
export function mergedVary(existing: unknown, added: string): string {
  const seen = new Map<string, string>();
  for (const value of [String(existing ?? ''), added].join(',').split(',')) {
    const name = value.trim();
    if (name !== '' && !seen.has(name.toLowerCase())) seen.set(name.toLowerCase(), name);
  }
  return [...seen.values()].join(', ');
}

/** The headers the runtime adds to any answer of the API's operations (the replay of a kept
 * answer, say), the ETag included: operationId, request, status, payload -> headers. */
export function answerHeaders(
  operations: Readonly<Record<string, OperationInfo>>,
  specification: object,
) {
  const policies = new Map(
    Object.values(operations).map((info) => [info.operationId, cachingPolicy(info, specification)]),
  );
  return (operationId: string, request: FastifyRequest, status: number, payload: string) => {
    const policy = policies.get(operationId);
    if (!policy) return {};
    const authenticated = (request as { principal?: unknown }).principal !== undefined;
    return {
      ...policy.headersFor(status, authenticated),
      ...(policy.tags(status) && payload !== '' ? { etag: entityTag(payload) } : {}),
    };
  };
}
