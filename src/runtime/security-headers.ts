// Response headers for a public API: helmet's hardening headers, and CORS for an explicit list of
// browser origins only. Register before any route: both work through hooks and route options.
import fastifyCors, { type FastifyCorsOptions } from '@fastify/cors';
import fastifyHelmet from '@fastify/helmet';
import type { FastifyInstance, FastifyRequest } from 'fastify';
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
  // Routes added from here on under /docs get the docs policy; the rest get the API's.
  app.addHook('onRoute', (route) => {
    if (route.url === DOCS_PREFIX || route.url.startsWith(`${DOCS_PREFIX}/`)) {
      route.config = { ...route.config, helmet: { contentSecurityPolicy: DOCS_CSP } } as never;
    }
  });
  await app.register(fastifyHelmet, { contentSecurityPolicy: API_CSP });
  const allowedHeaders = [...new Set([...BASE_REQUEST_HEADERS, ...requestHeaders])];
  await app.register(fastifyCors, { delegator: corsFor(new Set(corsOrigins), allowedHeaders) });
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
      // What a script needs to read from errors: when to retry, why a token failed, the id to
      // quote when reporting a problem.
      exposedHeaders: ['Retry-After', 'WWW-Authenticate', 'X-Request-Id'],
      // Tokens travel in the Authorization header, never in cookies.
      credentials: false,
      maxAge: 600,
    };
  };
}
