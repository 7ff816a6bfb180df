// Article lists and the feed: filters, ordering, counts and both ways of paging, through HTTP
// against the spec.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { startService, type TestService } from '../support/app.js';
import { auth, registerUser, type TestUser } from '../support/fixtures.js';
import {
  articleUrl,
  createArticle,
  createArticles,
  expectInvalidTokenRefused,
  expectTokenRequired,
  favorite,
  follow,
  unfollow,
  uniqueTag,
  type ArticleSummary,
} from './content-fixtures.js';
import { expectProblem } from '../support/problems.js';

let service: TestService;
let jake: TestUser;
let bob: TestUser;
let carol: TestUser;
beforeAll(async () => {
  service = await startService();
  jake = await registerUser(service.api);
  bob = await registerUser(service.api);
  carol = await registerUser(service.api);
});
afterAll(async () => {
  await service.close();
});

interface Page {
  articles: ArticleSummary[];
  articlesCount: number;
  nextCursor: string | null;
}

const query = (params: Record<string, string | number>) =>
  new URLSearchParams(
    Object.entries(params).map(([k, v]): [string, string] => [k, String(v)]),
  ).toString();

async function list(params: Record<string, string | number>, user?: TestUser): Promise<Page> {
  const request = service.api.get(`/api/articles?${query(params)}`);
  if (user) request.set(auth(user));
  return (await request.expect(200)).body as Page;
}

async function feed(user: TestUser, params: Record<string, string | number> = {}): Promise<Page> {
  const res = await service.api
    .get(`/api/articles/feed?${query(params)}`)
    .set(auth(user))
    .expect(200);
  return res.body as Page;
}

const slugsOf = (page: Page) => page.articles.map((article) => article.slug);

/** Follows nextCursor to the end; returns every page. */
async function allPages(
  load: (params: Record<string, string | number>) => Promise<Page>,
  limit: number,
): Promise<Page[]> {
  const pages = [await load({ limit })];
  for (let cursor = pages[0]!.nextCursor; cursor !== null; cursor = pages.at(-1)!.nextCursor) {
    pages.push(await load({ limit, cursor }));
    if (pages.length > 50) throw new Error('nextCursor never ends');
  }
  return pages;
}

describe('GET /api/articles', () => {
  it('lists articles newest first, without their bodies', async () => {
    const tag = uniqueTag('order');
    const [first, second, third] = await createArticles(service.api, jake, 3, { tagList: [tag] });
    const page = await list({ tag });
    expect(slugsOf(page)).toEqual([third!.slug, second!.slug, first!.slug]);
    expect(page.articlesCount).toBe(3);
    expect(page.nextCursor).toBeNull();
    const { body: _body, ...summary } = third!;
    expect(page.articles[0]).toEqual(summary);
    for (const article of page.articles) expect(article).not.toHaveProperty('body');
  });

  it('answers 200 with an empty page when nothing matches', async () => {
    const filters: Array<Record<string, string>> = [
      { tag: uniqueTag('unused') },
      { author: `nobody-${uniqueTag()}` },
      { favorited: `nobody-${uniqueTag()}` },
      { favorited: carol.username, tag: uniqueTag() },
    ];
    for (const params of filters) {
      expect(await list(params)).toEqual({ articles: [], articlesCount: 0, nextCursor: null });
    }
  });

  it('returns 20 articles by default and counts every match, not the page', async () => {
    const tag = uniqueTag('default-limit');
    const articles = await createArticles(service.api, bob, 25, { tagList: [tag] });
    const newestFirst = articles.map((a) => a.slug).reverse();

    const first = await list({ tag });
    expect(slugsOf(first)).toEqual(newestFirst.slice(0, 20));
    expect(first.articlesCount).toBe(25);
    expect(typeof first.nextCursor).toBe('string');

    const everything = await list({ tag, limit: 100 });
    expect(slugsOf(everything)).toEqual(newestFirst);
    expect(everything.nextCursor).toBeNull();

    const one = await list({ tag, limit: 1 });
    expect(slugsOf(one)).toEqual(newestFirst.slice(0, 1));
    expect(one.articlesCount).toBe(25);
  });

  it('pages with offset', async () => {
    const tag = uniqueTag('offset');
    const articles = await createArticles(service.api, jake, 7, { tagList: [tag] });
    const newestFirst = articles.map((a) => a.slug).reverse();

    const middle = await list({ tag, limit: 3, offset: 2 });
    expect(slugsOf(middle)).toEqual(newestFirst.slice(2, 5));
    expect(middle.articlesCount).toBe(7);
    // nextCursor continues after an offset page too.
    const after = await list({ tag, limit: 3, cursor: middle.nextCursor! });
    expect(slugsOf(after)).toEqual(newestFirst.slice(5));
    expect(after.nextCursor).toBeNull();
    const last = await list({ tag, limit: 3, offset: 6 });
    expect(slugsOf(last)).toEqual(newestFirst.slice(6));
    expect(last.nextCursor).toBeNull();
    const beyond = await list({ tag, offset: 7 });
    expect(beyond).toEqual({ articles: [], articlesCount: 7, nextCursor: null });
    const zero = await list({ tag, offset: 0, limit: 2 });
    expect(slugsOf(zero)).toEqual(newestFirst.slice(0, 2));
    const farthest = await list({ tag, offset: 1_000_000 });
    expect(farthest).toEqual({ articles: [], articlesCount: 7, nextCursor: null });
  });

  it('pages with nextCursor through every article once, in order', async () => {
    const tag = uniqueTag('cursor');
    const articles = await createArticles(service.api, jake, 7, { tagList: [tag] });
    const newestFirst = articles.map((a) => a.slug).reverse();

    const pages = await allPages((params) => list({ tag, ...params }), 3);
    expect(pages.map(slugsOf)).toEqual([
      newestFirst.slice(0, 3),
      newestFirst.slice(3, 6),
      newestFirst.slice(6),
    ]);
    for (const page of pages) expect(page.articlesCount).toBe(7);
    expect(pages.at(-1)!.nextCursor).toBeNull();
  });

  it('gives no nextCursor when the last page is exactly full', async () => {
    const tag = uniqueTag('exact');
    await createArticles(service.api, jake, 4, { tagList: [tag] });
    const pages = await allPages((params) => list({ tag, ...params }), 2);
    expect(pages.map((page) => page.articles.length)).toEqual([2, 2]);
    expect((await list({ tag, limit: 4 })).nextCursor).toBeNull();
  });

  it('neither skips nor repeats articles published between pages, unlike offset', async () => {
    const tag = uniqueTag('stable');
    const articles = await createArticles(service.api, jake, 6, { tagList: [tag] });
    const newestFirst = articles.map((a) => a.slug).reverse();

    const first = await list({ tag, limit: 2 });
    expect(slugsOf(first)).toEqual(newestFirst.slice(0, 2));
    const latecomer = await createArticle(service.api, bob, { tagList: [tag] });

    const seen = [...slugsOf(first)];
    let cursor = first.nextCursor;
    while (cursor !== null) {
      const page = await list({ tag, limit: 2, cursor });
      expect(page.articlesCount).toBe(7);
      seen.push(...slugsOf(page));
      cursor = page.nextCursor;
    }
    expect(seen).toEqual(newestFirst);
    expect(seen).not.toContain(latecomer.slug);

    // Offset paging, by contrast, shows the second article again.
    const byOffset = await list({ tag, limit: 2, offset: 2 });
    expect(slugsOf(byOffset)).toEqual([newestFirst[1], newestFirst[2]]);
    // And the latecomer is first on a fresh first page.
    expect(slugsOf(await list({ tag, limit: 2 }))[0]).toBe(latecomer.slug);
  });

  it('keeps a cursor working after the article it stopped at is deleted', async () => {
    const tag = uniqueTag('deleted');
    const articles = await createArticles(service.api, jake, 5, { tagList: [tag] });
    const newestFirst = articles.map((a) => a.slug).reverse();
    const first = await list({ tag, limit: 2 });
    await service.api.delete(articleUrl(newestFirst[1]!)).set(auth(jake)).expect(204);
    const second = await list({ tag, limit: 2, cursor: first.nextCursor! });
    expect(slugsOf(second)).toEqual(newestFirst.slice(2, 4));
    expect(second.articlesCount).toBe(4);
  });

  it('filters by tag, exactly', async () => {
    const tag = uniqueTag('Exact');
    const other = uniqueTag('other');
    const tagged = await createArticle(service.api, jake, { tagList: [other, tag] });
    await createArticle(service.api, jake, { tagList: [other] });
    await createArticle(service.api, jake, { tagList: [tag.toLowerCase()] });
    const page = await list({ tag });
    expect(slugsOf(page)).toEqual([tagged.slug]);
    expect(page.articles[0]!.tagList).toEqual([other, tag]);
    expect((await list({ tag: tag.toUpperCase() })).articlesCount).toBe(0);
  });

  it('filters by unicode tags', async () => {
    const tag = `日本語-${uniqueTag('ü')}`;
    const article = await createArticle(service.api, jake, { tagList: [tag, '🐉'] });
    expect(slugsOf(await list({ tag }))).toEqual([article.slug]);
    const raw = await service.api.get(`/api/articles?tag=${encodeURIComponent(tag)}`).expect(200);
    expect(raw.body.articlesCount).toBe(1);
  });

  it('filters by author, ignoring case', async () => {
    const author = await registerUser(service.api, { username: `Émile-${uniqueTag('Ω')}` });
    const tag = uniqueTag('author');
    const mine = await createArticles(service.api, author, 2, { tagList: [tag] });
    await createArticle(service.api, jake, { tagList: [tag] });
    const spellings = [
      author.username,
      author.username.toUpperCase(),
      author.username.toLowerCase(),
    ];
    for (const spelling of spellings) {
      const page = await list({ author: spelling });
      expect(slugsOf(page)).toEqual([mine[1]!.slug, mine[0]!.slug]);
      expect(page.articlesCount).toBe(2);
      for (const article of page.articles) expect(article.author.username).toBe(author.username);
    }
  });

  it('filters by the user who favorited, ignoring case', async () => {
    const fan = await registerUser(service.api);
    const tag = uniqueTag('fav');
    const [a, b, c] = await createArticles(service.api, jake, 3, { tagList: [tag] });
    await favorite(service.api, fan, a!.slug);
    await favorite(service.api, fan, c!.slug);
    await favorite(service.api, carol, b!.slug);
    for (const spelling of [fan.username, fan.username.toUpperCase()]) {
      const page = await list({ favorited: spelling });
      expect(slugsOf(page)).toEqual([c!.slug, a!.slug]);
      expect(page.articlesCount).toBe(2);
    }
    // Anonymous callers see the favorites count but not favorited.
    const page = await list({ favorited: fan.username });
    expect(page.articles.map((x) => [x.favorited, x.favoritesCount])).toEqual([
      [false, 1],
      [false, 1],
    ]);
    // The fan sees their own favorites as favorited.
    const asFan = await list({ favorited: fan.username }, fan);
    expect(asFan.articles.every((x) => x.favorited)).toBe(true);
  });

  it('combines tag, author and favorited', async () => {
    const author = await registerUser(service.api);
    const fan = await registerUser(service.api);
    const tag = uniqueTag('combo');
    const hit = await createArticle(service.api, author, { tagList: [tag] });
    const wrongTag = await createArticle(service.api, author, { tagList: [uniqueTag()] });
    const wrongAuthor = await createArticle(service.api, jake, { tagList: [tag] });
    const notFavorited = await createArticle(service.api, author, { tagList: [tag] });
    for (const article of [hit, wrongTag, wrongAuthor]) {
      await favorite(service.api, fan, article.slug);
    }

    expect(slugsOf(await list({ tag, author: author.username }))).toEqual([
      notFavorited.slug,
      hit.slug,
    ]);
    expect(slugsOf(await list({ tag, favorited: fan.username }))).toEqual([
      wrongAuthor.slug,
      hit.slug,
    ]);
    expect(slugsOf(await list({ author: author.username, favorited: fan.username }))).toEqual([
      wrongTag.slug,
      hit.slug,
    ]);
    const all = await list({
      tag,
      author: author.username.toUpperCase(),
      favorited: fan.username.toUpperCase(),
    });
    expect(all).toMatchObject({ articlesCount: 1, nextCursor: null });
    expect(slugsOf(all)).toEqual([hit.slug]);
  });

  it('pages filtered lists with a cursor, counting only matches', async () => {
    const author = await registerUser(service.api);
    const tag = uniqueTag('filtered-cursor');
    const articles = await createArticles(service.api, author, 5, { tagList: [tag] });
    await createArticles(service.api, jake, 2, { tagList: [tag] });
    const pages = await allPages((params) => list({ tag, author: author.username, ...params }), 2);
    expect(pages.flatMap(slugsOf)).toEqual(articles.map((a) => a.slug).reverse());
    for (const page of pages) expect(page.articlesCount).toBe(5);
  });

  it('tells each caller whether they favorited each article and follow its author', async () => {
    const author = await registerUser(service.api);
    const fan = await registerUser(service.api);
    const tag = uniqueTag('viewer');
    const [liked, other] = await createArticles(service.api, author, 2, { tagList: [tag] });
    await favorite(service.api, fan, liked!.slug);
    await follow(service.api, fan, author.username);

    const asFan = await list({ tag }, fan);
    expect(asFan.articles.map((a) => [a.slug, a.favorited, a.author.following])).toEqual([
      [other!.slug, false, true],
      [liked!.slug, true, true],
    ]);
    const asCarol = await list({ tag }, carol);
    expect(
      asCarol.articles.map((a) => [a.favorited, a.favoritesCount, a.author.following]),
    ).toEqual([
      [false, 0, false],
      [false, 1, false],
    ]);
    const anonymous = await list({ tag });
    expect(anonymous.articles).toEqual(asCarol.articles);
  });

  it('answers 422 for limits and offsets out of range or not integers', async () => {
    const cases: Array<[string, Record<string, string[]>]> = [
      ['limit=0', { limit: ['must be greater than or equal to 1'] }],
      ['limit=-1', { limit: ['must be greater than or equal to 1'] }],
      ['limit=101', { limit: ['must be less than or equal to 100'] }],
      ['limit=abc', { limit: ['must be an integer'] }],
      ['limit=1.5', { limit: ['must be an integer'] }],
      ['offset=-1', { offset: ['must be greater than or equal to 0'] }],
      ['offset=abc', { offset: ['must be an integer'] }],
      ['offset=1000001', { offset: ['must be less than or equal to 1000000'] }],
    ];
    for (const [search, errors] of cases) {
      const res = await service.api.get(`/api/articles?${search}`).expect(422);
      expectProblem(res, 422, { errors });
      expect(res.body.instance).toBe('/api/articles');
    }
    for (const search of ['limit=', 'limit=1&limit=2', 'limit=0&offset=-1']) {
      const res = await service.api.get(`/api/articles?${search}`).expect(422);
      expect(res.body.errors).toHaveProperty('limit');
    }
  });

  it('answers 422 for filters that are empty or too long', async () => {
    for (const [search, field] of [
      ['tag=', 'tag'],
      [`tag=${'t'.repeat(51)}`, 'tag'],
      ['author=', 'author'],
      [`author=${'a'.repeat(41)}`, 'author'],
      ['favorited=', 'favorited'],
      [`favorited=${'f'.repeat(41)}`, 'favorited'],
    ] as const) {
      const res = await service.api.get(`/api/articles?${search}`).expect(422);
      expect(Object.keys(res.body.errors)).toEqual([field]);
    }
  });

  it('answers 422 for offset and cursor together', async () => {
    const tag = uniqueTag('both');
    await createArticles(service.api, jake, 3, { tagList: [tag] });
    const { nextCursor } = await list({ tag, limit: 1 });
    expect(nextCursor).not.toBeNull();
    for (const offset of [0, 1]) {
      const res = await service.api
        .get(`/api/articles?${query({ tag, cursor: nextCursor!, offset })}`)
        .expect(422);
      expectProblem(res, 422, { errors: { cursor: [expect.any(String)] } });
    }
  });

  it('answers 422 for a malformed cursor', async () => {
    const b64 = (value: string) => Buffer.from(value).toString('base64url');
    const malformed = [
      'not-a-cursor',
      '!!!',
      b64('{}'),
      b64('[]'),
      b64('null'),
      b64('{"c":"yesterday","i":1}'),
      b64('{"c":"2026-01-01T00:00:00.000Z","i":"1"}'),
      b64('{"c":"2026-01-01T00:00:00.000Z","i":-1}'),
      b64('{"c":"2026-01-01T00:00:00.000Z","i":1.5}'),
      b64('{"c":"2026-01-01T00:00:00.000Z","i":1e400}'),
    ];
    for (const cursor of malformed) {
      const res = await service.api.get(`/api/articles?${query({ cursor })}`).expect(422);
      expectProblem(res, 422, { errors: { cursor: ['is invalid'] } });
    }
    const tooLong = await service.api.get(`/api/articles?cursor=${'a'.repeat(201)}`).expect(422);
    expect(Object.keys(tooLong.body.errors)).toEqual(['cursor']);
    const empty = await service.api.get('/api/articles?cursor=').expect(422);
    expect(Object.keys(empty.body.errors)).toEqual(['cursor']);
  });

  it('answers 401 for a token that is sent but not valid', async () => {
    await expectInvalidTokenRefused(() => service.api.get('/api/articles'));
  });
});

describe('GET /api/articles/feed', () => {
  let reader: TestUser;
  let followedA: TestUser;
  let followedB: TestUser;
  let stranger: TestUser;
  beforeAll(async () => {
    reader = await registerUser(service.api);
    followedA = await registerUser(service.api);
    followedB = await registerUser(service.api);
    stranger = await registerUser(service.api);
  });

  it('is empty for someone who follows no one', async () => {
    const lonely = await registerUser(service.api);
    await createArticle(service.api, lonely);
    expect(await feed(lonely)).toEqual({ articles: [], articlesCount: 0, nextCursor: null });
  });

  it('lists only articles by followed authors, newest first, without bodies', async () => {
    await follow(service.api, reader, followedA.username);
    await follow(service.api, reader, followedB.username.toUpperCase());
    const a1 = await createArticle(service.api, followedA);
    await createArticle(service.api, stranger);
    const b1 = await createArticle(service.api, followedB);
    await createArticle(service.api, reader);
    const a2 = await createArticle(service.api, followedA);

    const page = await feed(reader);
    expect(slugsOf(page)).toEqual([a2.slug, b1.slug, a1.slug]);
    expect(page.articlesCount).toBe(3);
    expect(page.nextCursor).toBeNull();
    for (const article of page.articles) {
      expect(article).not.toHaveProperty('body');
      expect(article.author.following).toBe(true);
    }
    const { body: _body, ...summary } = a2;
    expect(page.articles[0]).toEqual({
      ...summary,
      author: { ...summary.author, following: true },
    });
  });

  it('is personal: another follower of other authors sees another feed', async () => {
    const other = await registerUser(service.api);
    await follow(service.api, other, stranger.username);
    const strangers = await createArticle(service.api, stranger);
    const page = await feed(other);
    expect(slugsOf(page)[0]).toBe(strangers.slug);
    expect(page.articles.every((a) => a.author.username === stranger.username)).toBe(true);
    expect(slugsOf(await feed(reader))).not.toContain(strangers.slug);
  });

  it('shows whether the reader favorited each article', async () => {
    const fan = await registerUser(service.api);
    const author = await registerUser(service.api);
    await follow(service.api, fan, author.username);
    const [liked, skipped] = await createArticles(service.api, author, 2);
    await favorite(service.api, fan, liked!.slug);
    await favorite(service.api, carol, skipped!.slug);
    const page = await feed(fan);
    expect(page.articles.map((a) => [a.slug, a.favorited, a.favoritesCount])).toEqual([
      [skipped!.slug, false, 1],
      [liked!.slug, true, 1],
    ]);
  });

  it('drops an author’s articles after unfollowing', async () => {
    const fickle = await registerUser(service.api);
    const author = await registerUser(service.api);
    await follow(service.api, fickle, author.username);
    await createArticle(service.api, author);
    expect((await feed(fickle)).articlesCount).toBe(1);
    await unfollow(service.api, fickle, author.username);
    expect(await feed(fickle)).toEqual({ articles: [], articlesCount: 0, nextCursor: null });
  });

  it('pages with limit, offset and cursor', async () => {
    const pager = await registerUser(service.api);
    const author = await registerUser(service.api);
    await follow(service.api, pager, author.username);
    const articles = await createArticles(service.api, author, 5);
    const newestFirst = articles.map((a) => a.slug).reverse();

    const first = await feed(pager, { limit: 2 });
    expect(slugsOf(first)).toEqual(newestFirst.slice(0, 2));
    expect(first.articlesCount).toBe(5);
    expect(slugsOf(await feed(pager, { limit: 2, offset: 4 }))).toEqual(newestFirst.slice(4));

    await createArticle(service.api, author);
    const pages = [first];
    for (let cursor = first.nextCursor; cursor !== null; cursor = pages.at(-1)!.nextCursor) {
      pages.push(await feed(pager, { limit: 2, cursor }));
    }
    expect(pages.flatMap(slugsOf)).toEqual(newestFirst);
    expect(pages.at(-1)!.articlesCount).toBe(6);
  });

  it('returns 20 articles by default', async () => {
    const pager = await registerUser(service.api);
    const author = await registerUser(service.api);
    await follow(service.api, pager, author.username);
    await createArticles(service.api, author, 21);
    const page = await feed(pager);
    expect(page.articles).toHaveLength(20);
    expect(page.articlesCount).toBe(21);
    expect(page.nextCursor).not.toBeNull();
  });

  it('answers 422 for bad paging parameters', async () => {
    const cases: Array<[string, Record<string, unknown>]> = [
      ['limit=0', { limit: ['must be greater than or equal to 1'] }],
      ['limit=101', { limit: ['must be less than or equal to 100'] }],
      ['limit=abc', { limit: ['must be an integer'] }],
      ['offset=-1', { offset: ['must be greater than or equal to 0'] }],
      ['cursor=not-a-cursor', { cursor: ['is invalid'] }],
    ];
    for (const [search, errors] of cases) {
      const res = await service.api
        .get(`/api/articles/feed?${search}`)
        .set(auth(reader))
        .expect(422);
      expectProblem(res, 422, { errors });
      expect(res.body.instance).toBe('/api/articles/feed');
    }
    const { nextCursor } = await list({ limit: 1 });
    const both = await service.api
      .get(`/api/articles/feed?${query({ offset: 0, cursor: nextCursor! })}`)
      .set(auth(reader))
      .expect(422);
    expectProblem(both, 422, { errors: { cursor: [expect.any(String)] } });
  });

  it('answers 401 without a valid token', async () => {
    await expectTokenRequired(() => service.api.get('/api/articles/feed'));
    // Authentication comes before parameter validation.
    await service.api.get('/api/articles/feed?limit=0').expect(401);
  });
});
