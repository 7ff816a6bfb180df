// What the benchmark measures: the data it seeds, the user it logs in as, and the routes it
// loads, in order.
import { openDatabase } from '../../src/models/database.js';
import type { SeedSizes } from '../seed/data.js';
import { createSeedServices, seed, type SeedResult } from '../seed/seed.js';
import type { RouteSpec } from './load.js';

export const BENCH_SIZES: SeedSizes = {
  users: 50,
  articles: 1000,
  tagsPerArticle: 5,
  favoritesPerArticle: 3,
  commentsPerArticle: 2,
  followsPerUser: 8,
};

/** Migrates and seeds the database at `databaseUrl`, then closes it for the server to open. */
export async function seedDatabase(
  databaseUrl: string,
  sizes: SeedSizes,
  randomSeed: number,
  onPhaseDone?: (phase: string, count: number) => void,
): Promise<SeedResult> {
  const database = await openDatabase(databaseUrl);
  try {
    await database.migrate();
    return await seed(createSeedServices(database), sizes, {
      randomSeed,
      ...(onPhaseDone && {
        onProgress: (phase: string, done: number, total: number) => {
          if (done === total) onPhaseDone(phase, total);
        },
      }),
    });
  } finally {
    await database.close();
  }
}

/** Logs in through the API and returns the token. */
export async function logIn(baseUrl: string, email: string, password: string): Promise<string> {
  const response = await fetch(`${baseUrl}/api/users/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ user: { email, password } }),
  });
  const body = (await response.json()) as { user?: { token?: unknown } };
  const token = body.user?.token;
  if (!response.ok || typeof token !== 'string') {
    throw new Error(`login as ${email} failed: HTTP ${response.status} ${JSON.stringify(body)}`);
  }
  return token;
}

/** Articles with unique titles: a run id and a counter. */
function articleBodies(): () => string {
  const run = Date.now().toString(36);
  let count = 0;
  return () => {
    count += 1;
    return JSON.stringify({
      article: {
        title: `Load test notes ${run}-${count}`,
        description: 'What a benchmark run writes, one article per request.',
        body:
          'Measure before you optimize; our intuition was wrong more often than not.\n\n' +
          '## Results\n\nSmall, reversible steps beat big rewrites every time.',
        tagList: ['benchmark', 'performance', 'node'],
      },
    });
  };
}

/** The routes, in the order they run; writes come last so reads see the seeded data only. */
export function benchRoutes(slug: string, token: string): RouteSpec[] {
  const authorization = { authorization: `Token ${token}` };
  return [
    { name: 'GET /api/articles', method: 'GET', path: '/api/articles' },
    {
      name: 'GET /api/articles/{slug}',
      method: 'GET',
      path: `/api/articles/${encodeURIComponent(slug)}`,
    },
    {
      name: 'GET /api/articles/feed',
      method: 'GET',
      path: '/api/articles/feed',
      headers: authorization,
    },
    {
      name: 'POST /api/articles',
      method: 'POST',
      path: '/api/articles',
      headers: authorization,
      body: articleBodies(),
    },
  ];
}
