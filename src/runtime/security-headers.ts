// Response headers for a public API: helmet's hardening headers, and CORS for an explicit list of
// browser origins only. Register before any route: both work through hooks and route options.
import fastifyCors, { type FastifyCorsOptions } from '@fastify/cors';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import helmet, { type HelmetOptions } from 'helmet';
import { asObject, resolveRefs } from './json-pointer.js';

// JSON and problems need nothing loaded, framed or submitted: the strictest policy there is.
const API_CSP = {
  useDefaults: false,
  directives: {
    defaultSrc: ["'none'"],
    baseUri: ["'none'"],
    formAction: ["'none'"],
    frameAncestors: ["'none'"],
  },
};

// The interactive docs (src/runtime/docs.ts) load their own scripts, styles and the spec from this
// server, and Swagger UI styles elements inline. No upgrade-insecure-requests: on plain HTTP
// (local runs, behind a TLS-terminating proxy on loopback) it would break every asset.
const DOCS_CSP = {
  useDefaults: false,
  directives: {
    defaultSrc: ["'self'"],
    baseUri: ["'self'"],
    connectSrc: ["'self'"],
    fontSrc: ["'self'", 'data:'],
    formAction: ["'self'"],
    frameAncestors: ["'none'"],
    imgSrc: ["'self'", 'data:'],
    objectSrc: ["'none'"],
    scriptSrc: ["'self'"],
    scriptSrcAttr: ["'none'"],
    styleSrc: ["'self'", "'unsafe-inline'"],
  },
};

const DOCS_PREFIX = '/docs';

/** What every API's requests may carry: credentials, a body, the id to quote. */
const BASE_REQUEST_HEADERS = ['Authorization', 'Content-Type', 'X-Request-Id'];

/**
 * The request headers a browser must be allowed to send for the spec's operations: the header
 * parameters of every operation and path (Idempotency-Key, say) and the headers of its apiKey
 * security schemes (X-Api-Key, say). Without them a cross-origin preflight fails.
 */
export function requestHeadersOf(specification: object): string[] {
  const names = new Set<string>();
  const doc = specification as Record<string, unknown>;
  const note = (parameter: unknown) => {
    const resolved = resolveRefs(doc, parameter);
    if (resolved?.['in'] === 'header' && typeof resolved['name'] === 'string') {
      names.add(resolved['name']);
    }
  };
  for (const item of Object.values(asObject(doc['paths']) ?? {})) {
    const path = resolveRefs(doc, item) ?? {};
    for (const value of [path, ...Object.values(path)]) {
      const parameters = asObject(value)?.['parameters'];
      if (Array.isArray(parameters)) parameters.forEach(note);
    }
  }
  const components = asObject(doc['components']);
  for (const scheme of Object.values(asObject(components?.['securitySchemes']) ?? {})) {
    const resolved = resolveRefs(doc, scheme);
    if (resolved?.['type'] === 'apiKey') note(resolved);
  }
  return [...names].sort();
}

export async function registerSecurityHeaders(
  app: FastifyInstance,
  corsOrigins: readonly string[],
  requestHeaders: readonly string[] = [],
): Promise<void> {
  // The headers depend on nothing in the request, so they are computed once per policy:
  // building helmet's middleware for every request cost a tenth of a cached read's time.
  const api = helmetHeaders({ contentSecurityPolicy: API_CSP });
  const docs = helmetHeaders({ contentSecurityPolicy: DOCS_CSP });
  app.addHook('onRequest', (request, reply, done) => {
    const route = request.routeOptions.url ?? '';
    const underDocs = route === DOCS_PREFIX || route.startsWith(`${DOCS_PREFIX}/`);
    reply.headers(underDocs ? docs : api);
    done();
  });
  const allowedHeaders = [...new Set([...BASE_REQUEST_HEADERS, ...requestHeaders])];
  await app.register(fastifyCors, { delegator: corsFor(new Set(corsOrigins), allowedHeaders) });
}

/** The headers helmet's middleware sets for these options, collected from one run of it. */
function helmetHeaders(options: HelmetOptions): Record<string, string> {
  const headers: Record<string, string> = {};
  const response = {
    setHeader: (name: string, value: unknown) => (headers[name] = String(value)),
    removeHeader: (name: string) => delete headers[name],
  };
  helmet(options)({} as never, response as never, () => undefined);
  return headers;
}

/**
 * CORS per request: an allowed Origin gets its own origin back (never `*`), a preflight for the
 * API's methods and headers is answered 204; any other origin gets no CORS header at all, so
 * the browser refuses to hand the response to its script. Requests that are not preflights
 * (no Origin, or OPTIONS without Access-Control-Request-Method) go on to routing, which answers
 * OPTIONS with the usual 405 problem and its Allow header.
 */
function corsFor(allowed: ReadonlySet<string>, allowedHeaders: readonly string[]) {
  return async (request: FastifyRequest): Promise<FastifyCorsOptions> => {
    const origin = request.headers.origin;
    if (origin === undefined || !allowed.has(origin)) return { origin: false };
    return {
      origin,
      preflight: request.headers['access-control-request-method'] !== undefined,
      methods: ['GET', 'HEAD', 'POST', 'PUT', 'DELETE'],
      allowedHeaders: [...allowedHeaders],
      // What a script needs to read: the tag to revalidate with or to send in If-Match, and
      // from errors when to retry, why a token failed, the id to quote when reporting a problem.
      // (Cache-Control is readable without being listed.)
      exposedHeaders: ['ETag', 'Retry-After', 'WWW-Authenticate', 'X-Request-Id'],
      // Tokens travel in the Authorization header, never in cookies.
      credentials: false,
      maxAge: 600,
    };
  };
}
