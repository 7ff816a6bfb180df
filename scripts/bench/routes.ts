// The routes a run measures, in order (reads, then writes, so the reads see the seeded data
// only), each a pure function from the request number to the request: the writes spread over
// many accounts and articles, and a run can replay the same sequence.
export const ROUTE_KEYS = [
  'list',
  'list-auth',
  'article',
  'tags',
  'feed',
  'create',
  'comment',
  'favorite',
] as const;
export type RouteKey = (typeof ROUTE_KEYS)[number];

/** Who and what the requests use, from the seeded data. */
export interface Scenario {
  /** The article GET /api/articles/{slug} reads. */
  slug: string;
  /** Follows several authors (the yardstick's one author), enough for a full feed page. */
  readerToken: string;
  /** The writes rotate over these accounts... */
  writerTokens: string[];
  /** ...and these articles: favorite k is (writer k mod W, article k div W), new until W x T. */
  targetSlugs: string[];
  /** Makes article titles unique across data sets on one server. */
  runId: string;
}

export interface Request {
  path: string;
  headers: Record<string, string>;
  body?: string;
}

export interface RouteSpec {
  key: RouteKey;
  /** As the report names it, e.g. "POST /api/articles/{slug}/favorite". */
  name: string;
  method: 'GET' | 'POST';
  /** The route as Fastify declares it, for the floor server: "/api/articles/:slug". */
  pattern: string;
  request(k: number): Request;
}

/** Request `k` of a route as it goes on the wire: method, path, every header, body. */
export function wireRequest(route: RouteSpec, k: number) {
  const { path, headers, body } = route.request(k);
  return {
    method: route.method,
    path,
    headers: {
      accept: 'application/json',
      ...(body !== undefined && { 'content-type': 'application/json' }),
      ...headers,
    },
    ...(body !== undefined && { body }),
  };
}

const token = (value: string) => ({ authorization: `Token ${value}` });
const at = <T>(items: readonly T[], index: number): T => items[index % items.length] as T;

export function routeSpecs(scenario: Scenario, keys: readonly RouteKey[]): RouteSpec[] {
  const { writerTokens: writers, targetSlugs: targets } = scenario;
  const writer = (k: number) => token(at(writers, k));
  const target = (k: number) => encodeURIComponent(at(targets, Math.floor(k / writers.length)));
  const fixed =
    (path: string, headers: Record<string, string> = {}) =>
    () => ({ path, headers });
  const all: RouteSpec[] = [
    {
      key: 'list',
      name: 'GET /api/articles?limit=20',
      method: 'GET',
      pattern: '/api/articles',
      request: fixed('/api/articles?limit=20'),
    },
    {
      key: 'list-auth',
      name: 'GET /api/articles?limit=20 (token)',
      method: 'GET',
      pattern: '/api/articles',
      request: fixed('/api/articles?limit=20', token(scenario.readerToken)),
    },
    {
      key: 'article',
      name: 'GET /api/articles/{slug}',
      method: 'GET',
      pattern: '/api/articles/:slug',
      request: fixed(`/api/articles/${encodeURIComponent(scenario.slug)}`),
    },
    {
      key: 'tags',
      name: 'GET /api/tags',
      method: 'GET',
      pattern: '/api/tags',
      request: fixed('/api/tags'),
    },
    {
      key: 'feed',
      name: 'GET /api/articles/feed',
      method: 'GET',
      pattern: '/api/articles/feed',
      request: fixed('/api/articles/feed', token(scenario.readerToken)),
    },
    {
      key: 'create',
      name: 'POST /api/articles',
      method: 'POST',
      pattern: '/api/articles',
      request: (k) => ({
        path: '/api/articles',
        headers: writer(k),
        body: JSON.stringify({
          article: {
            title: `Benchmark notes ${scenario.runId} ${k}`,
            description: 'What a benchmark run writes, one article per request.',
            body: 'Measure before you optimize.\n\n## Results\n\nSmall, reversible steps win.',
            tagList: ['benchmark', 'performance', 'node'],
          },
        }),
      }),
    },
    {
      key: 'comment',
      name: 'POST /api/articles/{slug}/comments',
      method: 'POST',
      pattern: '/api/articles/:slug/comments',
      request: (k) => ({
        path: `/api/articles/${target(k)}/comments`,
        headers: writer(k),
        body: JSON.stringify({ comment: { body: `Thanks, this helped (${k}).` } }),
      }),
    },
    {
      key: 'favorite',
      name: 'POST /api/articles/{slug}/favorite',
      method: 'POST',
      pattern: '/api/articles/:slug/favorite',
      request: (k) => ({ path: `/api/articles/${target(k)}/favorite`, headers: writer(k) }),
    },
  ];
  return all.filter((route) => keys.includes(route.key));
}
