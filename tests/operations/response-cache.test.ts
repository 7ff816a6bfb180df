// The response cache never serves a stale write or another caller's view. Each write the spec
// marks with `x-invalidates` is made on one instance after the reads it changes were cached on
// another (both over one database and one Redis: TEST_REDIS_URL, which `make test-redis`
// starts), and the next read there must show it. Without TEST_REDIS_URL the same cases run on
// one instance with the in-process cache. Every warm-up read is checked to be a cache hit, so a
// cache that kept nothing could not pass.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { FastifyInstance } from 'fastify';
import { operations } from '../../generated/operations.js';
import { buildApp } from '../../src/conduit/app.js';
import { contractClient, type ContractClient } from '../harness/contract.js';
import { startService, type TestService } from '../support/app.js';
import { auth, registerAdmin, registerUser, type TestUser } from '../support/fixtures.js';
import { freePort, redisServer, stopProcess } from '../support/redis-server.js';
import {
  addComment,
  articleUrl,
  createArticle,
  favorite,
  follow,
  profileUrl,
  uniqueTag,
  type Article,
} from '../contract/content-fixtures.js';

const redisUrl = process.env.TEST_REDIS_URL;
const where = redisUrl ? 'two instances on one Redis' : 'one instance, in-process cache';

interface Instances {
  /** Where writes go. */
  writer: ContractClient;
  /** Where reads are cached and checked: the other instance on Redis, the same one in memory. */
  reader: ContractClient;
  service: TestService;
  close(): Promise<void>;
}

async function instances(redis: string | undefined, env: Record<string, string> = {}) {
  const service = await startService({
    // A role change must show at once on the other instance too (the role cache is not the
    // response cache's, and has its own documented staleness).
    ROLE_CACHE_SECONDS: '0',
    ...(redis
      ? { REDIS_URL: redis, RESPONSE_CACHE_REDIS_PREFIX: `conduit-test:${randomUUID()}:` }
      : {}),
    ...env,
  });
  let other: FastifyInstance | undefined;
  if (redis) {
    other = await buildApp(service.config, { database: service.database });
    await other.ready();
  }
  return {
    writer: service.api,
    reader: other ? contractClient(other.server) : service.api,
    service,
    async close() {
      await other?.close();
      await service.close();
    },
  } satisfies Instances;
}

let env: Instances;
let author: TestUser;
let fan: TestUser;
let stranger: TestUser;
let admin: TestUser;

beforeAll(async () => {
  env = await instances(redisUrl);
  author = await registerUser(env.writer);
  fan = await registerUser(env.writer);
  stranger = await registerUser(env.writer);
  admin = await registerAdmin(env.writer, env.service.database);
});
afterAll(async () => {
  await env.close();
});

async function hits(client: ContractClient): Promise<number> {
  const metrics = await client.get('/metrics').expect(200);
  const line = /^response_cache_lookups_total\{outcome="hit"\} (\d+)$/m.exec(
    metrics.body as string,
  );
  return Number(line?.[1] ?? 0);
}

type As = TestUser | undefined;
const as = (user: As) => (user ? auth(user) : {});

/** Reads `url` on the reader until its answer comes from the cache, and returns that answer. */
async function cached(url: string, user?: As) {
  await env.reader.get(url).set(as(user));
  const before = await hits(env.reader);
  const res = await env.reader.get(url).set(as(user));
  expect(await hits(env.reader)).toBe(before + 1);
  return res;
}

const read = (url: string, user?: As) => env.reader.get(url).set(as(user));
const slugsOf = (res: { body: { articles?: { slug: string }[] } }) =>
  (res.body.articles ?? []).map((article) => article.slug);

/** Each write of the spec's `x-invalidates`, with a case below that makes it. */
const exercised = new Set<string>();
const write = (operation: string) => {
  exercised.add(operation);
  return operation;
};

describe(`after a write, the next read sees it (${where})`, () => {
  let article: Article;
  let tag: string;
  beforeAll(async () => {
    tag = uniqueTag('cache');
    article = await createArticle(env.writer, author, { tagList: [tag] });
  });

  it(write('CreateArticle'), async () => {
    const newTag = uniqueTag('new');
    expect((await cached('/api/articles?limit=100')).status).toBe(200);
    expect((await cached('/api/tags?limit=500')).body.tags).not.toContain(newTag);
    const created = await createArticle(env.writer, author, { tagList: [newTag] });
    expect(slugsOf(await read('/api/articles?limit=100'))).toContain(created.slug);
    expect((await read('/api/tags?limit=500')).body.tags).toContain(newTag);
  });

  it(write('UpdateArticle'), async () => {
    await cached(articleUrl(article.slug));
    await cached(`/api/articles?tag=${tag}`);
    await env.writer
      .put(articleUrl(article.slug))
      .set(auth(author))
      .send({ article: { title: `Retitled ${randomUUID()}`, tagList: [tag, 'retagged'] } })
      .expect(200);
    const single = await read(articleUrl(article.slug)).expect(200);
    expect(single.body.article.title).toMatch(/^Retitled/);
    const listed = await read(`/api/articles?tag=${tag}`).expect(200);
    expect(listed.body.articles[0].title).toBe(single.body.article.title);
    expect(listed.body.articles[0].tagList).toEqual([tag, 'retagged']);
  });

  it(`${write('CreateArticleFavorite')} and ${write('DeleteArticleFavorite')}`, async () => {
    const url = articleUrl(article.slug);
    expect((await cached(url, fan)).body.article.favorited).toBe(false);
    expect((await cached(url)).body.article.favoritesCount).toBe(0);
    await cached(`/api/articles?favorited=${fan.username}`);
    await favorite(env.writer, fan, article.slug);
    expect((await read(url, fan)).body.article).toMatchObject({
      favorited: true,
      favoritesCount: 1,
    });
    expect((await read(url)).body.article.favoritesCount).toBe(1);
    expect(slugsOf(await read(`/api/articles?favorited=${fan.username}`))).toEqual([article.slug]);
    await cached(url, fan);
    await env.writer.delete(articleUrl(article.slug, '/favorite')).set(auth(fan)).expect(200);
    expect((await read(url, fan)).body.article).toMatchObject({
      favorited: false,
      favoritesCount: 0,
    });
    expect(slugsOf(await read(`/api/articles?favorited=${fan.username}`))).toEqual([]);
  });

  it(`${write('FollowUserByUsername')} and ${write('UnfollowUserByUsername')}`, async () => {
    const profile = profileUrl(author.username);
    expect((await cached(profile, fan)).body.profile.following).toBe(false);
    expect((await cached('/api/articles/feed', fan)).body.articles).toEqual([]);
    expect((await cached(articleUrl(article.slug), fan)).body.article.author.following).toBe(false);
    await follow(env.writer, fan, author.username);
    expect((await read(profile, fan)).body.profile.following).toBe(true);
    expect(slugsOf(await read('/api/articles/feed', fan))).toContain(article.slug);
    expect((await read(articleUrl(article.slug), fan)).body.article.author.following).toBe(true);
    await cached(profile, fan);
    await env.writer.delete(profileUrl(author.username, '/follow')).set(auth(fan)).expect(200);
    expect((await read(profile, fan)).body.profile.following).toBe(false);
    expect((await read('/api/articles/feed', fan)).body.articles).toEqual([]);
  });

  it(`${write('CreateArticleComment')} and ${write('DeleteArticleComment')}`, async () => {
    const url = articleUrl(article.slug, '/comments');
    expect((await cached(url)).body.comments).toEqual([]);
    const comment = await addComment(env.writer, fan, article.slug);
    expect((await read(url)).body.comments.map((c: { id: number }) => c.id)).toEqual([comment.id]);
    await cached(url);
    await env.writer
      .delete(articleUrl(article.slug, `/comments/${comment.id}`))
      .set(auth(fan))
      .expect(204);
    expect((await read(url)).body.comments).toEqual([]);
  });

  it(`${write('RemoveComment')} and ${write('RestoreComment')}`, async () => {
    const url = articleUrl(article.slug, '/comments');
    const comment = await addComment(env.writer, fan, article.slug);
    const admin_ = `/api/admin/articles/${encodeURIComponent(article.slug)}/comments/${comment.id}`;
    expect((await cached(url)).body.comments).toHaveLength(1);
    await env.writer.delete(admin_).set(auth(admin)).expect(204);
    expect((await read(url)).body.comments).toEqual([]);
    await cached(url);
    await env.writer.post(`${admin_}/restore`).set(auth(admin)).expect(200);
    expect((await read(url)).body.comments).toHaveLength(1);
  });

  it(write('UpdateCurrentUser'), async () => {
    const bio = `Bio ${randomUUID()}`;
    await cached(profileUrl(author.username));
    await cached(articleUrl(article.slug));
    await cached(`/api/articles?author=${author.username}`);
    await env.writer.put('/api/user').set(auth(author)).send({ user: { bio } }).expect(200);
    expect((await read(profileUrl(author.username))).body.profile.bio).toBe(bio);
    expect((await read(articleUrl(article.slug))).body.article.author.bio).toBe(bio);
    const listed = await read(`/api/articles?author=${author.username}`);
    expect(listed.body.articles.every((a: Article) => a.author.bio === bio)).toBe(true);
  });

  it(write('ChangeUserRole'), async () => {
    // A removed article is seen by admins only: once promoted, the stranger sees it.
    const hidden = await createArticle(env.writer, author);
    const adminUrl = `/api/admin/articles/${encodeURIComponent(hidden.slug)}`;
    await env.writer.delete(adminUrl).set(auth(admin)).expect(204);
    await read(articleUrl(hidden.slug), stranger).expect(404);
    await cached(`/api/articles?author=${author.username}&limit=100`, stranger);
    await env.writer
      .put(`/api/admin/users/${encodeURIComponent(stranger.username)}/role`)
      .set(auth(admin))
      .send({ role: 'admin' })
      .expect(200);
    await read(articleUrl(hidden.slug), stranger).expect(200);
    const listed = await read(`/api/articles?author=${author.username}&limit=100`, stranger);
    expect(slugsOf(listed)).toContain(hidden.slug);
  });
});

describe(`a removed article is gone from every cached read at once (${where})`, () => {
  let gone: Article;
  let tag: string;
  const reads = () =>
    [
      [articleUrl(gone.slug), undefined],
      [articleUrl(gone.slug, '/comments'), undefined],
      ['/api/articles?limit=100', undefined],
      [`/api/articles?tag=${tag}`, undefined],
      [`/api/articles?author=${author.username}&limit=100`, fan],
      [`/api/articles?favorited=${fan.username}`, undefined],
      ['/api/articles/feed?limit=100', fan],
    ] as const;

  beforeAll(async () => {
    tag = uniqueTag('gone');
    gone = await createArticle(env.writer, author, { tagList: [tag] });
    await favorite(env.writer, fan, gone.slug);
    await follow(env.writer, fan, author.username);
    await addComment(env.writer, fan, gone.slug);
  });

  async function expectEverywhere(present: boolean) {
    for (const [url, user] of reads()) {
      const res = await read(url, user);
      if (url.endsWith(encodeURIComponent(gone.slug)) || url.endsWith('/comments')) {
        expect([url, res.status]).toEqual([url, present ? 200 : 404]);
      } else {
        expect([url, slugsOf(res).includes(gone.slug)]).toEqual([url, present]);
      }
    }
    const tags = (await read('/api/tags?limit=500')).body.tags as string[];
    expect(tags.includes(tag)).toBe(present);
  }

  async function warmAll() {
    for (const [url, user] of reads()) await cached(url, user);
    await cached('/api/tags?limit=500');
  }

  it(`by its author (${write('DeleteArticle')}), by an admin (${write('RemoveArticle')}), and back (${write('RestoreArticle')})`, async () => {
    await warmAll();
    await expectEverywhere(true);
    await env.writer
      .delete(`/api/admin/articles/${encodeURIComponent(gone.slug)}`)
      .set(auth(admin))
      .expect(204);
    await expectEverywhere(false);
    await env.writer
      .post(`/api/admin/articles/${encodeURIComponent(gone.slug)}/restore`)
      .set(auth(admin))
      .expect(200);
    await expectEverywhere(true);
    await warmAll();
    await env.writer.delete(articleUrl(gone.slug)).set(auth(author)).expect(204);
    await expectEverywhere(false);
  });
});

describe(`per-viewer fields never cross viewers (${where})`, () => {
  it("serves nobody else the favorited and following of a caller's cached answer", async () => {
    const article = await createArticle(env.writer, author);
    await favorite(env.writer, fan, article.slug);
    await follow(env.writer, fan, author.username);
    const url = articleUrl(article.slug);
    const mine = (await cached(url, fan)).body.article;
    expect(mine).toMatchObject({ favorited: true, author: { following: true } });
    for (const other of [stranger, undefined]) {
      const theirs = (await read(url, other)).body.article;
      expect(theirs).toMatchObject({ favorited: false, author: { following: false } });
      const list = await read(`/api/articles?author=${author.username}&limit=100`, other);
      const entry = list.body.articles.find((a: Article) => a.slug === article.slug);
      expect(entry).toMatchObject({ favorited: false, author: { following: false } });
      const profile = await read(profileUrl(author.username), other);
      expect(profile.body.profile.following).toBe(false);
    }
  });
});

it('covers every write the spec says invalidates the cache', () => {
  const writes = Object.values(operations)
    .filter((info) => 'invalidates' in info)
    .map((info) => info.operationId);
  expect([...exercised].sort()).toEqual(writes.sort());
});

const onRedis = redisUrl ? describe : describe.skip;

onRedis('when Redis stops mid-run', () => {
  it('reads and writes keep working from the database, and nothing stale is served', async () => {
    const port = await freePort();
    let server = await redisServer(port);
    const pair = await instances(`redis://127.0.0.1:${port}`);
    try {
      const writer = await registerUser(pair.writer);
      const article = await createArticle(pair.writer, writer);
      const url = articleUrl(article.slug);
      await pair.reader.get(url).expect(200);
      await pair.reader.get(url).expect(200);
      await stopProcess(server);
      for (let i = 0; i < 5; i += 1) {
        const title = `Offline ${i}`;
        await pair.writer.put(url).set(auth(writer)).send({ article: { title } }).expect(200);
        expect((await pair.reader.get(url).expect(200)).body.article.title).toBe(title);
        await pair.reader.get('/api/tags').expect(200);
      }
      // An empty Redis on the same port: the instances reconnect and cache again.
      server = await redisServer(port);
      const deadline = Date.now() + 10_000;
      const before = await hits(pair.reader);
      while ((await hits(pair.reader)) === before && Date.now() < deadline) {
        await pair.reader.get(url).expect(200);
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      expect(await hits(pair.reader)).toBeGreaterThan(before);
      expect((await pair.reader.get(url).expect(200)).body.article.title).toBe('Offline 4');
    } finally {
      await pair.close();
      await stopProcess(server);
    }
  });
});
