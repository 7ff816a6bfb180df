// Publishing, reading, changing and deleting articles, through HTTP against the spec.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { startService, type TestService } from '../support/app.js';
import { auth, registerUser, type TestUser } from '../support/fixtures.js';
import {
  addComment,
  articleUrl,
  createArticle,
  expectInvalidTokenRefused,
  expectRecentTimestamp,
  expectTokenRequired,
  favorite,
  follow,
  newArticleInput,
  uniqueId,
  uniqueTag,
  type Article,
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

const post = (user: TestUser, article: unknown) =>
  service.api.post('/api/articles').set(auth(user)).send({ article });

const put = (user: TestUser, slug: string, article: unknown) =>
  service.api.put(articleUrl(slug)).set(auth(user)).send({ article });

describe('POST /api/articles', () => {
  it('publishes the article with a slug made from the title', async () => {
    const input = {
      title: 'How to Train Your Dragon',
      description: 'Ever wonder how?',
      body: 'You have to believe',
      tagList: ['reactjs', 'angularjs', 'dragons'],
    };
    const res = await post(jake, input).expect(201);
    expect(res.headers['content-type']).toBe('application/json; charset=utf-8');
    expect(res.body).toEqual({
      article: {
        slug: 'how-to-train-your-dragon',
        ...input,
        createdAt: expect.any(String),
        updatedAt: expect.any(String),
        favorited: false,
        favoritesCount: 0,
        author: { username: jake.username, bio: null, image: null, following: false },
      },
    });
    expectRecentTimestamp(res.body.article.createdAt);
    expectRecentTimestamp(res.body.article.updatedAt);
    expect(Date.parse(res.body.article.updatedAt)).toBeGreaterThanOrEqual(
      Date.parse(res.body.article.createdAt),
    );
  });

  it('gives a second article with the same title a distinct slug', async () => {
    const title = `Same Title ${uniqueId()}`;
    const base = title.toLowerCase().replace(/ /g, '-');
    const first = await createArticle(service.api, jake, { title });
    const second = await createArticle(service.api, bob, { title });
    const third = await createArticle(service.api, jake, { title });
    expect(first.slug).toBe(base);
    expect(second.slug).toMatch(new RegExp(`^${base}-[a-z0-9]{6}$`));
    expect(third.slug).toMatch(new RegExp(`^${base}-[a-z0-9]{6}$`));
    expect(new Set([first.slug, second.slug, third.slug]).size).toBe(3);
    for (const article of [first, second, third]) {
      const res = await service.api.get(articleUrl(article.slug)).expect(200);
      expect(res.body.article).toMatchObject({ slug: article.slug, body: article.body });
    }
  });

  it('gives distinct slugs to articles with the same title published at once', async () => {
    const title = `Race ${uniqueId()}`;
    const responses = await Promise.all(
      Array.from({ length: 5 }, () => post(jake, newArticleInput({ title })).expect(201)),
    );
    const slugs = responses.map((res) => res.body.article.slug as string);
    expect(new Set(slugs).size).toBe(5);
  });

  it('keeps tags in the given order, trimmed, each once where it first appears', async () => {
    const a = uniqueTag('a');
    const b = uniqueTag('b');
    const c = uniqueTag('c');
    const article = await createArticle(service.api, jake, {
      tagList: [` ${c}`, a, `${b}  `, c, `\t${a}\n`, b],
    });
    expect(article.tagList).toEqual([c, a, b]);
    const res = await service.api.get(articleUrl(article.slug)).expect(200);
    expect(res.body.article.tagList).toEqual([c, a, b]);
  });

  it('keeps the case of tags (tags match exactly)', async () => {
    const tag = uniqueTag('Dragons');
    const article = await createArticle(service.api, jake, { tagList: [tag, tag.toLowerCase()] });
    expect(article.tagList).toEqual([tag, tag.toLowerCase()]);
  });

  it('has an empty tag list when none is given', async () => {
    const { title, description, body } = newArticleInput();
    const res = await post(jake, { title, description, body }).expect(201);
    expect(res.body.article.tagList).toEqual([]);
    const empty = await post(jake, newArticleInput({ tagList: [] })).expect(201);
    expect(empty.body.article.tagList).toEqual([]);
  });

  it('ignores members it does not define, and never stores them', async () => {
    const input = newArticleInput();
    const res = await service.api
      .post('/api/articles')
      .set(auth(jake))
      .send({
        article: {
          ...input,
          slug: 'chosen-by-the-client',
          favorited: true,
          favoritesCount: 99,
          createdAt: '2000-01-01T00:00:00.000Z',
          author: { username: bob.username },
          authorId: 1,
          id: 1,
        },
        user: { username: bob.username },
      })
      .expect(201);
    expect(res.body.article).toMatchObject({
      title: input.title,
      favorited: false,
      favoritesCount: 0,
      author: { username: jake.username },
    });
    expect(res.body.article.slug).not.toBe('chosen-by-the-client');
    expectRecentTimestamp(res.body.article.createdAt);
    await service.api.get(articleUrl('chosen-by-the-client')).expect(404);
    const stored = await service.api.get(articleUrl(res.body.article.slug)).expect(200);
    expect(stored.body.article).toEqual(res.body.article);
  });

  it('keeps unicode titles, bodies and tags intact, with slugs that find the article', async () => {
    const cases = [
      { title: `Crème brûlée ${uniqueId()}`, tagList: ['cuisine', 'crème'] },
      { title: '如何训练你的龙', tagList: ['日本語', '中文'] },
      { title: 'Ünïcödé — “quoted” & emoji 🐉', tagList: ['🐉', 'Ωmega'] },
      { title: '🐉🐉🐉', tagList: [] },
      { title: '¿Qué? 100% / 50# yes & no', tagList: [] },
    ];
    for (const { title, tagList } of cases) {
      const body = `Ünïcödé ✓ 漢字 🐉 "quotes" \\ <b>html</b>\n\tindented ${title}`;
      const created = await createArticle(service.api, jake, { title, body, tagList });
      expect(created).toMatchObject({ title, body, tagList });
      // A slug is one path segment: nothing a URL would split or misread.
      expect(created.slug).not.toMatch(/[\s/?#%\\]/);
      expect(created.slug.length).toBeGreaterThan(0);
      const res = await service.api.get(articleUrl(created.slug)).expect(200);
      expect(res.body.article).toEqual(created);
    }
  });

  it('makes the slug of an accented title usable in a URL', async () => {
    const created = await createArticle(service.api, jake, { title: 'Crème brûlée' });
    expect(created.slug).toMatch(/^cr[eè]me-br[uû]l[eé]e(-[a-z0-9]{6})?$/);
    await service.api.get(articleUrl(created.slug)).expect(200);
  });

  it('gives titles that read like another route a slug that finds the article', async () => {
    // GET /api/articles/feed is the feed: an article titled "Feed" must not be hidden behind it.
    for (const title of ['Feed', 'feed', 'FEED!']) {
      const created = await createArticle(service.api, jake, { title });
      const res = await service.api.get(articleUrl(created.slug)).expect(200);
      expect(res.body.article).toEqual(created);
    }
  });

  it('accepts fields at their maximum length and rejects them one over', async () => {
    const atLimit = newArticleInput({
      title: `${uniqueId()} ${'T'.repeat(200)}`.slice(0, 200),
      description: 'd'.repeat(1000),
      body: 'b'.repeat(100_000),
      tagList: Array.from({ length: 20 }, (_, i) => `${i}-${'x'.repeat(48)}`.slice(0, 50)),
    });
    const created = await post(jake, atLimit).expect(201);
    expect(created.body.article).toMatchObject(atLimit);
    const fetched = await service.api.get(articleUrl(created.body.article.slug)).expect(200);
    expect(fetched.body.article.body).toHaveLength(100_000);
    expect(fetched.body.article.tagList).toHaveLength(20);

    const cases: Array<[Record<string, unknown>, Record<string, string[]>]> = [
      [{ title: 't'.repeat(201) }, { title: ['is too long (maximum is 200 characters)'] }],
      [
        { description: 'd'.repeat(1001) },
        { description: ['is too long (maximum is 1000 characters)'] },
      ],
      [{ body: 'b'.repeat(100_001) }, { body: ['is too long (maximum is 100000 characters)'] }],
      [{ tagList: ['x'.repeat(51)] }, { tagList: ['is too long (maximum is 50 characters)'] }],
    ];
    for (const [change, errors] of cases) {
      const res = await post(jake, { ...newArticleInput(), ...change }).expect(422);
      expectProblem(res, 422, { errors });
    }
    const tooMany = await post(
      jake,
      newArticleInput({ tagList: Array.from({ length: 21 }, (_, i) => `tag-${i}`) }),
    ).expect(422);
    expect(Object.keys(tooMany.body.errors)).toEqual(['tagList']);
  });

  it("answers 422 can't be blank for missing, empty and whitespace-only fields", async () => {
    const missing = await post(jake, {}).expect(422);
    expectProblem(missing, 422, {
      errors: {
        title: ["can't be blank"],
        description: ["can't be blank"],
        body: ["can't be blank"],
      },
    });
    expect(missing.body.instance).toBe('/api/articles');
    for (const blank of ['', '   ', '\n\t ']) {
      const res = await post(jake, { ...newArticleInput(), title: blank }).expect(422);
      expectProblem(res, 422, { errors: { title: ["can't be blank"] } });
    }
    const allBlank = await post(jake, { title: ' ', description: '', body: '\n' }).expect(422);
    expectProblem(allBlank, 422, {
      errors: {
        title: ["can't be blank"],
        description: ["can't be blank"],
        body: ["can't be blank"],
      },
    });
    const nullTitle = await post(jake, { ...newArticleInput(), title: null }).expect(422);
    expectProblem(nullTitle, 422, { errors: { title: ["can't be blank"] } });
  });

  it('answers 422 without the article envelope', async () => {
    const res = await service.api.post('/api/articles').set(auth(jake)).send({}).expect(422);
    expectProblem(res, 422, { errors: { article: ["can't be blank"] } });
    const notObject = await post(jake, 'How to train your dragon').expect(422);
    expectProblem(notObject, 422, { errors: { article: ['must be an object'] } });
    const array = await service.api.post('/api/articles').set(auth(jake)).send([]).expect(422);
    expect(array.body.errors).toEqual({ body: ['must be an object'] });
  });

  it('answers 422 for values of the wrong type', async () => {
    const cases: Array<[Record<string, unknown>, Record<string, string[]>]> = [
      [{ title: 42 }, { title: ['must be a string'] }],
      [{ description: true }, { description: ['must be a string'] }],
      [{ body: ['text'] }, { body: ['must be a string'] }],
      [{ tagList: 'dragons' }, { tagList: ['must be an array'] }],
      [{ tagList: 'dragons,training' }, { tagList: ['must be an array'] }],
      [{ tagList: { 0: 'dragons' } }, { tagList: ['must be an array'] }],
      [{ tagList: ['dragons', 7] }, { tagList: ['must be a string'] }],
    ];
    for (const [change, errors] of cases) {
      const res = await post(jake, { ...newArticleInput(), ...change }).expect(422);
      expectProblem(res, 422, { errors });
    }
  });

  it('answers 422 for blank tags', async () => {
    for (const tag of ['', '   ']) {
      const res = await post(jake, newArticleInput({ tagList: ['fine', tag] })).expect(422);
      expect(Object.keys(res.body.errors)).toEqual(['tagList']);
    }
  });

  it('publishes nothing when the request is refused', async () => {
    const title = `Refused ${uniqueId()}`;
    await post(jake, { title, description: 'd', body: '' }).expect(422);
    await service.api
      .post('/api/articles')
      .send({ article: newArticleInput({ title }) })
      .expect(401);
    const slug = title.toLowerCase().replace(/ /g, '-');
    await service.api.get(articleUrl(slug)).expect(404);
  });

  it('answers 401 without a valid token', async () => {
    await expectTokenRequired(() =>
      service.api.post('/api/articles').send({ article: newArticleInput() }),
    );
  });
});

describe('GET /api/articles/{slug}', () => {
  let article: Article;
  beforeAll(async () => {
    const author = await registerUser(service.api);
    await service.api
      .put('/api/user')
      .set(auth(author))
      .send({ user: { bio: 'Dragon trainer', image: 'https://example.com/a.png' } })
      .expect(200);
    article = await createArticle(service.api, author, { tagList: ['dragons', 'training'] });
  });

  it('returns the article with its body to anyone', async () => {
    const res = await service.api.get(articleUrl(article.slug)).expect(200);
    expect(res.body).toEqual({ article });
    expect(res.body.article.author).toMatchObject({
      bio: 'Dragon trainer',
      image: 'https://example.com/a.png',
      following: false,
    });
  });

  it('tells each caller whether they favorited it and follow its author', async () => {
    const fan = await registerUser(service.api);
    await favorite(service.api, fan, article.slug);
    await follow(service.api, fan, article.author.username);

    const asFan = await service.api.get(articleUrl(article.slug)).set(auth(fan)).expect(200);
    expect(asFan.body.article).toMatchObject({
      favorited: true,
      favoritesCount: 1,
      author: { following: true },
    });
    const asCarol = await service.api.get(articleUrl(article.slug)).set(auth(carol)).expect(200);
    expect(asCarol.body.article).toMatchObject({
      favorited: false,
      favoritesCount: 1,
      author: { following: false },
    });
    const anonymous = await service.api.get(articleUrl(article.slug)).expect(200);
    expect(anonymous.body.article).toMatchObject({
      favorited: false,
      favoritesCount: 1,
      author: { following: false },
    });
  });

  it('answers 404 for an unknown slug', async () => {
    for (const slug of [`no-such-article-${uniqueId()}`, `${article.slug}-x`, 'crème-brûlée-∞']) {
      const res = await service.api.get(articleUrl(slug)).expect(404);
      expectProblem(res, 404, { errors: { article: ['not found'] } });
      expect(res.body.instance).toBe(articleUrl(slug));
    }
  });

  it('answers 401 for a token that is sent but not valid', async () => {
    await expectInvalidTokenRefused(() => service.api.get(articleUrl(article.slug)));
  });
});

describe('PUT /api/articles/{slug}', () => {
  it('changes only the members sent and keeps the slug', async () => {
    const original = await createArticle(service.api, jake, { tagList: ['keep'] });
    const res = await put(jake, original.slug, { title: 'Did you train your dragon?' }).expect(200);
    expect(res.body.article).toEqual({
      ...original,
      title: 'Did you train your dragon?',
      updatedAt: expect.any(String),
    });
    expect(Date.parse(res.body.article.updatedAt)).toBeGreaterThanOrEqual(
      Date.parse(original.updatedAt),
    );
    const fetched = await service.api.get(articleUrl(original.slug)).expect(200);
    expect(fetched.body.article).toEqual(res.body.article);

    const body = await put(jake, original.slug, {
      description: 'New description',
      body: 'New body 🐉',
    }).expect(200);
    expect(body.body.article).toMatchObject({
      slug: original.slug,
      title: 'Did you train your dragon?',
      description: 'New description',
      body: 'New body 🐉',
      tagList: ['keep'],
      createdAt: original.createdAt,
    });
  });

  it('does not free or move the slug when the title changes', async () => {
    const title = `Renamed ${uniqueId()}`;
    const original = await createArticle(service.api, jake, { title });
    await put(jake, original.slug, { title: `Something else ${uniqueId()}` }).expect(200);
    // A new article with the old title must not take the old article's slug.
    const newcomer = await createArticle(service.api, bob, { title });
    expect(newcomer.slug).not.toBe(original.slug);
    const old = await service.api.get(articleUrl(original.slug)).expect(200);
    expect(old.body.article.author.username).toBe(jake.username);
  });

  it('replaces the tags with tagList, trimmed and each once', async () => {
    const original = await createArticle(service.api, jake, { tagList: ['old', 'kept'] });
    const res = await put(jake, original.slug, { tagList: ['kept', ' new ', 'kept'] }).expect(200);
    expect(res.body.article.tagList).toEqual(['kept', 'new']);
    const cleared = await put(jake, original.slug, { tagList: [] }).expect(200);
    expect(cleared.body.article.tagList).toEqual([]);
    const fetched = await service.api.get(articleUrl(original.slug)).expect(200);
    expect(fetched.body.article.tagList).toEqual([]);
  });

  it('ignores members it does not define', async () => {
    const original = await createArticle(service.api, jake);
    const res = await put(jake, original.slug, {
      title: 'Changed',
      slug: 'hijacked',
      favoritesCount: 50,
      author: { username: bob.username },
      createdAt: '2000-01-01T00:00:00.000Z',
    }).expect(200);
    expect(res.body.article).toMatchObject({
      slug: original.slug,
      title: 'Changed',
      favoritesCount: 0,
      createdAt: original.createdAt,
      author: { username: jake.username },
    });
    await service.api.get(articleUrl('hijacked')).expect(404);
  });

  it('keeps favorites and the caller’s view of them', async () => {
    const original = await createArticle(service.api, jake);
    await favorite(service.api, jake, original.slug);
    await favorite(service.api, bob, original.slug);
    const res = await put(jake, original.slug, { body: 'edited' }).expect(200);
    expect(res.body.article).toMatchObject({ favorited: true, favoritesCount: 2 });
  });

  it('answers 422 for an empty change or one with only unknown members', async () => {
    const original = await createArticle(service.api, jake);
    const empty = await put(jake, original.slug, {}).expect(422);
    expect(Object.keys(empty.body.errors)).toEqual(['article']);
    const unknownOnly = await put(jake, original.slug, { slug: 'x', foo: 1 }).expect(422);
    expect(Object.keys(unknownOnly.body.errors)).toEqual(['article']);
    const noEnvelope = await service.api
      .put(articleUrl(original.slug))
      .set(auth(jake))
      .send({ title: 'x' })
      .expect(422);
    expectProblem(noEnvelope, 422, { errors: { article: ["can't be blank"] } });
    const fetched = await service.api.get(articleUrl(original.slug)).expect(200);
    expect(fetched.body.article).toEqual(original);
  });

  it('answers 422 for blank, too long and mistyped values, changing nothing', async () => {
    const original = await createArticle(service.api, jake);
    const cases: Array<[Record<string, unknown>, Record<string, string[]>]> = [
      [{ title: '' }, { title: ["can't be blank"] }],
      [{ title: '   ' }, { title: ["can't be blank"] }],
      [{ title: null }, { title: ["can't be blank"] }],
      [{ body: ' \n ' }, { body: ["can't be blank"] }],
      [{ description: '' }, { description: ["can't be blank"] }],
      [{ title: 't'.repeat(201) }, { title: ['is too long (maximum is 200 characters)'] }],
      [{ title: 42 }, { title: ['must be a string'] }],
      [{ tagList: 'dragons' }, { tagList: ['must be an array'] }],
      [{ tagList: [1] }, { tagList: ['must be a string'] }],
      [{ title: 'Valid title', body: '' }, { body: ["can't be blank"] }],
    ];
    for (const [change, errors] of cases) {
      const res = await put(jake, original.slug, change).expect(422);
      expectProblem(res, 422, { errors });
    }
    const fetched = await service.api.get(articleUrl(original.slug)).expect(200);
    expect(fetched.body.article).toEqual(original);
  });

  it("answers 403 to someone else's change, changing nothing", async () => {
    const original = await createArticle(service.api, jake);
    const res = await put(bob, original.slug, { title: 'Hijacked' }).expect(403);
    expectProblem(res, 403, { errors: { article: ['forbidden'] } });
    expect(res.body.instance).toBe(articleUrl(original.slug));
    const fetched = await service.api.get(articleUrl(original.slug)).expect(200);
    expect(fetched.body.article.title).toBe(original.title);
  });

  it('answers 404 for an unknown slug', async () => {
    const res = await put(jake, `no-such-article-${uniqueId()}`, { title: 'x' }).expect(404);
    expectProblem(res, 404, { errors: { article: ['not found'] } });
  });

  it('answers 401 without a valid token', async () => {
    const original = await createArticle(service.api, jake);
    await expectTokenRequired(() =>
      service.api.put(articleUrl(original.slug)).send({ article: { title: 'x' } }),
    );
    const fetched = await service.api.get(articleUrl(original.slug)).expect(200);
    expect(fetched.body.article.title).toBe(original.title);
  });
});

describe('DELETE /api/articles/{slug}', () => {
  it('deletes the article with its comments and favorites, answering 204 with no body', async () => {
    const title = `Doomed ${uniqueId()}`;
    const tag = uniqueTag('doomed');
    const doomed = await createArticle(service.api, jake, { title, tagList: [tag] });
    await addComment(service.api, bob, doomed.slug, 'First!');
    await favorite(service.api, carol, doomed.slug);

    const res = await service.api.delete(articleUrl(doomed.slug)).set(auth(jake)).expect(204);
    expect(res.body).toBe(''); // the raw body: the harness parses only JSON
    expect(res.headers['content-type']).toBeUndefined();

    const gone = await service.api.get(articleUrl(doomed.slug)).expect(404);
    expectProblem(gone, 404, { errors: { article: ['not found'] } });
    await service.api.get(articleUrl(doomed.slug, '/comments')).expect(404);
    const favorites = await service.api
      .get(`/api/articles?favorited=${encodeURIComponent(carol.username)}&tag=${tag}`)
      .expect(200);
    expect(favorites.body).toMatchObject({ articles: [], articlesCount: 0 });

    // An article published later under the same title starts with no comments or favorites,
    // whatever slug it gets.
    const successor = await createArticle(service.api, jake, { title });
    expect(successor.favoritesCount).toBe(0);
    const comments = await service.api.get(articleUrl(successor.slug, '/comments')).expect(200);
    expect(comments.body.comments).toEqual([]);
  });

  it('answers 404 the second time', async () => {
    const doomed = await createArticle(service.api, jake);
    await service.api.delete(articleUrl(doomed.slug)).set(auth(jake)).expect(204);
    const again = await service.api.delete(articleUrl(doomed.slug)).set(auth(jake)).expect(404);
    expectProblem(again, 404, { errors: { article: ['not found'] } });
  });

  it('accepts and ignores a body', async () => {
    const doomed = await createArticle(service.api, jake);
    await service.api
      .delete(articleUrl(doomed.slug))
      .set(auth(jake))
      .set('Content-Type', 'application/json')
      .send('')
      .expect(204);
    const other = await createArticle(service.api, jake);
    await service.api.delete(articleUrl(other.slug)).set(auth(jake)).send({}).expect(204);
  });

  it("answers 403 to someone else's delete, keeping the article", async () => {
    const kept = await createArticle(service.api, jake);
    const res = await service.api.delete(articleUrl(kept.slug)).set(auth(bob)).expect(403);
    expectProblem(res, 403, { errors: { article: ['forbidden'] } });
    await service.api.get(articleUrl(kept.slug)).expect(200);
  });

  it('answers 404 for an unknown slug', async () => {
    const res = await service.api
      .delete(articleUrl(`no-such-article-${uniqueId()}`))
      .set(auth(jake))
      .expect(404);
    expectProblem(res, 404, { errors: { article: ['not found'] } });
  });

  it('answers 401 without a valid token, keeping the article', async () => {
    const kept = await createArticle(service.api, jake);
    await expectTokenRequired(() => service.api.delete(articleUrl(kept.slug)));
    await service.api.get(articleUrl(kept.slug)).expect(200);
  });
});
