// Handles the Paths Object (OpenAPI 3.1 §4.8.8), through openapi-typescript's `paths` type.
// Renders client.ts: a typed client for frontends, openapi-fetch over the generated
// `paths` types, so every call is checked against the spec at compile time.
import type { OpenApiDocument } from './bundle.js';

export function renderClient(document: OpenApiDocument): string {
  const title = String((document.info as { title?: unknown } | undefined)?.title ?? 'the API');
  return `/**
 * Typed client for ${title.replace(/\*\//g, '* /')}: paths, parameters, bodies and responses all
 * come from the spec. Needs the \`openapi-fetch\` package.
 *
 *   const api = createApiClient({ baseUrl: 'http://127.0.0.1:3000' });
 *   const { data, error, response } = await api.GET('/api/articles', {
 *     params: { query: { limit: 10 } },
 *   });
 */
import createClient, { type ClientOptions, type Middleware } from 'openapi-fetch';
import type { paths } from './types.js';

export type { components, paths } from './types.js';

export interface ApiClientOptions extends ClientOptions {
  /** The Authorization header value (e.g. \`Token <jwt>\`); a function is asked on every request. */
  authorization?: string | (() => string | undefined);
}

export function createApiClient({ authorization, ...options }: ApiClientOptions = {}) {
  const client = createClient<paths>(options);
  if (authorization !== undefined) {
    const middleware: Middleware = {
      onRequest({ request }) {
        const value = typeof authorization === 'function' ? authorization() : authorization;
        if (value) request.headers.set('Authorization', value);
        return request;
      },
    };
    client.use(middleware);
  }
  return client;
}

export type ApiClient = ReturnType<typeof createApiClient>;
`;
}
