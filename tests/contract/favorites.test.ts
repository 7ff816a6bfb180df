// Favoriting and unfavoriting articles, through HTTP against the spec.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { startService, type TestService } from '../support/app.js';
import { auth, registerUser, type TestUser } from '../support/fixtures.js';
import {
  articleUrl,
  createArticle,
  expectTokenRequired,
  favorite,
  uniqueId,
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

const favoriteUrl = (slug: string) => articleUrl(slug, '/favorite');

/** Every body a client may send to an operation that takes none. */
const bodies: Array<[string, (request: ReturnType<TestService['api']['post']>) => unknown]> = [
  ['no body', (request) => request],
  ['an empty JSON body', (request) => request.set('Content-Type', 'application/json').send('')],
  ['{}', (request) => request.send({})],
  ['an unrelated object', (request) => request.send({ article: { favoritesCount: 100 } })],
  ['a JSON array', (request) => request.send([1, 2, 3])],
  ['malformed JSON', (request) => request.set('Content-Type', 'application/json').send('{"a": ')],
  ['text', (request) => request.set('Content-Type', 'text/plain').send('please')],
];

describe('POST /api/articles/{slug}/favorite', () => {
  it('favorites the article and returns it with its body', async () => {
    const article = await createArticle(service.api, jake);
    const res = await service.api.post(favoriteUrl(article.slug)).set(auth(bob)).expect(200);
    expect(res.body).toEqual({
      article: {
        ...article,
        updatedAt: expect.any(String),
        favorited: true,
        favoritesCount: 1,
      },
    });
    const fetched = await service.api.get(articleUrl(article.slug)).set(auth(bob)).expect(200);
    expect(fetched.body.article).toMatchObject({ favorited: true, favoritesCount: 1 });
  });

  it('is idempotent', async () => {
    const article = await createArticle(service.api, jake);
    for (let i = 0; i < 3; i += 1) {
      const res = await service.api.post(favoriteUrl(article.slug)).set(auth(bob)).expect(200);
      expect(res.body.article).toMatchObject({ favorited: true, favoritesCount: 1 });
    }
  });

  it('is idempotent when the same user favorites several times at once', async () => {
    const article = await createArticle(service.api, jake);
    const responses = await Promise.all(
      Array.from({ length: 5 }, () =>
        service.api.post(favoriteUrl(article.slug)).set(auth(bob)).expect(200),
      ),
    );
    for (const res of responses) expect(res.body.article.favorited).toBe(true);
    const fetched = await service.api.get(articleUrl(article.slug)).expect(200);
    expect(fetched.body.article.favoritesCount).toBe(1);
  });

  it('counts every user and tells each caller their own state', async () => {
    const article = await createArticle(service.api, jake);
    await favorite(service.api, bob, article.slug);
    const res = await service.api.post(favoriteUrl(article.slug)).set(auth(carol)).expect(200);
    expect(res.body.article).toMatchObject({ favorited: true, favoritesCount: 2 });

    const asJake = await service.api.get(articleUrl(article.slug)).set(auth(jake)).expect(200);
    expect(asJake.body.article).toMatchObject({ favorited: false, favoritesCount: 2 });
    const asBob = await service.api.get(articleUrl(article.slug)).set(auth(bob)).expect(200);
    expect(asBob.body.article).toMatchObject({ favorited: true, favoritesCount: 2 });
    const anonymous = await service.api.get(articleUrl(article.slug)).expect(200);
    expect(anonymous.body.article).toMatchObject({ favorited: false, favoritesCount: 2 });
  });

  it('lets authors favorite their own article', async () => {
    const article = await createArticle(service.api, jake);
    const res = await service.api.post(favoriteUrl(article.slug)).set(auth(jake)).expect(200);
    expect(res.body.article).toMatchObject({ favorited: true, favoritesCount: 1 });
  });

  it('favorites articles whose slug has non-ASCII characters', async () => {
    const article = await createArticle(service.api, jake, {
      title: `Crème brûlée 如何 ${uniqueId()}`,
    });
    const res = await service.api.post(favoriteUrl(article.slug)).set(auth(bob)).expect(200);
    expect(res.body.article).toMatchObject({ slug: article.slug, favorited: true });
  });

  it('accepts and ignores any body', async () => {
    const article = await createArticle(service.api, jake);
    const fans: TestUser[] = [];
    for (const [name, withBody] of bodies) {
      const fan = await registerUser(service.api);
      fans.push(fan);
      const request = service.api.post(favoriteUrl(article.slug)).set(auth(fan));
      withBody(request);
      const res = await request;
      expect([name, res.status]).toEqual([name, 200]);
      expect(res.body.article).toMatchObject({ favorited: true, favoritesCount: fans.length });
    }
  });

  it('answers 404 for an unknown slug', async () => {
    const res = await service.api
      .post(favoriteUrl(`no-such-article-${uniqueId()}`))
      .set(auth(bob))
      .expect(404);
    expectProblem(res, 404, { errors: { article: ['not found'] } });
  });

  it('answers 404 for a deleted article', async () => {
    const article = await createArticle(service.api, jake);
    await service.api.delete(articleUrl(article.slug)).set(auth(jake)).expect(204);
    const res = await service.api.post(favoriteUrl(article.slug)).set(auth(bob)).expect(404);
    expectProblem(res, 404, { errors: { article: ['not found'] } });
  });

  it('answers 401 without a valid token, favoriting nothing', async () => {
    const article = await createArticle(service.api, jake);
    await expectTokenRequired(() => service.api.post(favoriteUrl(article.slug)));
    const fetched = await service.api.get(articleUrl(article.slug)).expect(200);
    expect(fetched.body.article.favoritesCount).toBe(0);
  });
});

describe('DELETE /api/articles/{slug}/favorite', () => {
  it('unfavorites the article and returns it', async () => {
    const article = await createArticle(service.api, jake);
    await favorite(service.api, bob, article.slug);
    await favorite(service.api, carol, article.slug);
    const res = await service.api.delete(favoriteUrl(article.slug)).set(auth(bob)).expect(200);
    expect(res.body).toEqual({
      article: {
        ...article,
        updatedAt: expect.any(String),
        favorited: false,
        favoritesCount: 1,
      },
    });
    const asCarol = await service.api.get(articleUrl(article.slug)).set(auth(carol)).expect(200);
    expect(asCarol.body.article).toMatchObject({ favorited: true, favoritesCount: 1 });
  });

  it('is idempotent, also for an article never favorited', async () => {
    const article = await createArticle(service.api, jake);
    await favorite(service.api, bob, article.slug);
    for (let i = 0; i < 2; i += 1) {
      const res = await service.api.delete(favoriteUrl(article.slug)).set(auth(bob)).expect(200);
      expect(res.body.article).toMatchObject({ favorited: false, favoritesCount: 0 });
    }
    const never = await service.api.delete(favoriteUrl(article.slug)).set(auth(carol)).expect(200);
    expect(never.body.article).toMatchObject({ favorited: false, favoritesCount: 0 });
  });

  it('accepts and ignores any body', async () => {
    const article = await createArticle(service.api, jake);
    for (const [name, withBody] of bodies) {
      await favorite(service.api, bob, article.slug);
      const request = service.api.delete(favoriteUrl(article.slug)).set(auth(bob));
      withBody(request);
      const res = await request;
      expect([name, res.status]).toEqual([name, 200]);
      expect(res.body.article).toMatchObject({ favorited: false, favoritesCount: 0 });
    }
  });

  it('answers 404 for an unknown slug', async () => {
    const res = await service.api
      .delete(favoriteUrl(`no-such-article-${uniqueId()}`))
      .set(auth(bob))
      .expect(404);
    expectProblem(res, 404, { errors: { article: ['not found'] } });
  });

  it('answers 401 without a valid token, unfavoriting nothing', async () => {
    const article = await createArticle(service.api, jake);
    await favorite(service.api, bob, article.slug);
    await expectTokenRequired(() => service.api.delete(favoriteUrl(article.slug)));
    const fetched = await service.api.get(articleUrl(article.slug)).expect(200);
    expect(fetched.body.article.favoritesCount).toBe(1);
  });
});
