// The benchmark's pieces its figures depend on (scripts/bench/): options as documented, writes
// that are new rows, and bulk-seeded data that the services read as if they had written it.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { openDatabase } from '../../../src/conduit/models/backends.js';
import type { Database } from '../../../src/conduit/models/database.js';
import { openConnection } from '../../../src/conduit/models/prisma/connect.js';
import { createServices } from '../../../src/conduit/services/index.js';
import { parseOptions } from '../../../scripts/bench/options.js';
import { routeSpecs } from '../../../scripts/bench/routes.js';
import { planBulk } from '../../../scripts/seed/bulk-plan.js';
import { writeBulkPlan } from '../../../scripts/seed/bulk-sql.js';
import { createPostgresDatabase, sqlTestUrl } from '../../support/test-database.js';

describe('bench options', () => {
  it('defaults to the documented run, and --quick to a smoke run', () => {
    const full = parseOptions([], '/repo');
    expect(full).toMatchObject({ durationSeconds: 10, warmupSeconds: 3, connections: 50 });
    expect(full.dataSets.map((set) => set.name)).toEqual(['yardstick', '1k', '100k']);
    expect(full.backends).toEqual(['embedded', 'postgres']);
    const quick = parseOptions(['--quick', '--duration', '4'], '/repo');
    expect(quick).toMatchObject({ durationSeconds: 4, rounds: 1, backends: ['embedded'] });
  });

  it('measures the routes and the response cache, on both stores, unless told otherwise', () => {
    expect(parseOptions([], '/')).toMatchObject({
      sections: ['routes', 'cache'],
      cacheStores: ['memory', 'redis'],
    });
    const cacheOnly = parseOptions(['--only', 'cache', '--cache-stores', 'memory'], '/');
    expect(cacheOnly).toMatchObject({ sections: ['cache'], cacheStores: ['memory'] });
    // Another server's cache is not ours to turn on and off.
    expect(parseOptions(['--url', 'http://127.0.0.1:8080'], '/').sections).toEqual(['routes']);
    const other = ['--url', 'http://127.0.0.1:8080', '--only', 'cache'];
    expect(() => parseOptions(other, '/')).toThrow(/not a URL/);
    expect(() => parseOptions(['--cache-stores', 'disk'], '/')).toThrow(/memory, redis/);
  });

  it('loads 127.0.0.1 only, and seeds a server by URL with at most 10k articles', () => {
    expect(parseOptions(['--url', 'http://localhost:8080'], '/').url).toBe('http://127.0.0.1:8080');
    expect(() => parseOptions(['--url', 'http://10.0.0.2:8080'], '/')).toThrow(/127\.0\.0\.1/);
    const big = ['--url', 'http://127.0.0.1:8080', '--sizes', '100k'];
    expect(() => parseOptions(big, '/')).toThrow(/at most 10k/);
    expect(() => parseOptions(['--sizes', 'huge'], '/')).toThrow(/unknown size/);
  });

  it('runs MariaDB when asked, seeded through the API, so with at most 10k articles', () => {
    const asked = parseOptions(['--backends', 'mariadb', '--sizes', 'yardstick,1k'], '/');
    expect(asked.backends).toEqual(['mariadb']);
    const big = ['--backends', 'embedded,mariadb', '--sizes', '100k'];
    expect(() => parseOptions(big, '/')).toThrow(/mariadb .* at most 10k/);
    expect(parseOptions(['--backends', 'postgres', '--sizes', '100k'], '/').backends).toEqual([
      'postgres',
    ]);
  });
});

it('favorites are a new (account, article) pair on every request until the pairs run out', () => {
  const scenario = {
    slug: 'a',
    readerToken: 'reader',
    writerTokens: ['w1', 'w2', 'w3'],
    targetSlugs: ['a', 'b', 'c', 'd'],
    runId: 'x',
  };
  const [favorite] = routeSpecs(scenario, ['favorite']);
  const pairs = Array.from({ length: 12 }, (_, k) => {
    const request = favorite!.request(k);
    return `${request.headers.authorization} ${request.path}`;
  });
  expect(new Set(pairs).size).toBe(12);
  expect(favorite!.request(12)).toEqual(favorite!.request(0));
});

describe('bulk seed', () => {
  const sizes = {
    users: 40,
    articles: 300,
    tagsPerArticle: 4,
    favoritesPerArticle: 5,
    commentsPerArticle: 3,
    followsPerUser: 6,
  };
  const plan = planBulk(sizes, 7);
  let database: Database;
  let drop: () => Promise<void>;
  let written: Awaited<ReturnType<typeof writeBulkPlan>>;
  beforeAll(async () => {
    const created = await createPostgresDatabase(sqlTestUrl());
    drop = created.drop;
    const connection = await openConnection(created.url);
    try {
      written = await writeBulkPlan(connection.executor, plan, 'scrypt$1$1$1$c2FsdA==$a2V5');
    } finally {
      await connection.close();
    }
    database = await openDatabase(created.url);
  });
  afterAll(async () => {
    await database.close();
    await drop();
  });

  it('is the same data for the same seed, whatever the batch size', () => {
    const slugs = (size: number) =>
      [...planBulk(sizes, 7).batches(size)].flatMap((batch) => batch.articles.map((a) => a.slug));
    expect(slugs(7)).toEqual(slugs(1000));
    expect(new Set(slugs(50)).size).toBe(sizes.articles);
  });

  it('is read by the services as their own: lists, feed, tags, favorites', async () => {
    const services = createServices(database, { refreshTokenTtlSeconds: 60 });
    const page = await services.articles.list({}, { limit: 20 });
    expect(page.articlesCount).toBe(sizes.articles);
    expect(page.articles[0]?.slug).toBe(written.slugs.at(-1));
    const feed = await services.articles.list({ followedBy: 1 }, { limit: 20 });
    expect(feed.articles).toHaveLength(20);
    expect(await services.tags.list({ limit: 500 })).toHaveLength(
      Math.min(500, written.counts.tags),
    );
    const favorites = [...plan.batches(1000)].flatMap((batch) => batch.favorites);
    const first = favorites[0]!;
    const article = await services.articles.get(written.slugs[first.article - 1]!);
    const expected = favorites.filter((favorite) => favorite.article === first.article).length;
    expect(article.favoritesCount).toBe(expected);
  });

  it('leaves the id sequences past the rows it wrote', async () => {
    const services = createServices(database, { refreshTokenTtlSeconds: 60 });
    const user = await services.users.register({
      username: 'after-seed',
      email: 'after-seed@example.com',
      password: 'after-seed-password',
    });
    expect(user.id).toBe(sizes.users + 1);
    const article = await services.articles.create(user.id, {
      title: 'After the seed',
      description: 'd',
      body: 'b',
      tagList: ['fresh-tag'],
    });
    expect(article.slug).toBe('after-the-seed');
    await services.comments.add(user.id, article.slug, 'A comment after the seed.');
  });
});
