// Comments on articles, through HTTP against the spec.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { startService, type TestService } from '../support/app.js';
import { auth, registerUser, type TestUser } from '../support/fixtures.js';
import {
  addComment,
  articleUrl,
  commentUrl,
  createArticle,
  expectInvalidTokenRefused,
  expectRecentTimestamp,
  expectTokenRequired,
  follow,
  uniqueId,
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

const commentsUrl = (slug: string) => articleUrl(slug, '/comments');

const postComment = (user: TestUser, slug: string, comment: unknown) =>
  service.api.post(commentsUrl(slug)).set(auth(user)).send({ comment });

describe('POST /api/articles/{slug}/comments', () => {
  let article: Article;
  beforeAll(async () => {
    article = await createArticle(service.api, jake);
  });

  it('adds the comment and returns it with 201', async () => {
    const res = await postComment(bob, article.slug, {
      body: 'His name was my name too.',
    }).expect(201);
    expect(res.headers['content-type']).toBe('application/json; charset=utf-8');
    expect(res.body).toEqual({
      comment: {
        id: expect.any(Number),
        createdAt: expect.any(String),
        updatedAt: expect.any(String),
        body: 'His name was my name too.',
        author: { username: bob.username, bio: null, image: null, following: false },
      },
    });
    expect(Number.isInteger(res.body.comment.id)).toBe(true);
    expectRecentTimestamp(res.body.comment.createdAt);
    expectRecentTimestamp(res.body.comment.updatedAt);
    const list = await service.api.get(commentsUrl(article.slug)).expect(200);
    expect(list.body.comments).toContainEqual(res.body.comment);
  });

  it("shows the commenter's profile as the caller sees it", async () => {
    const author = await registerUser(service.api);
    await follow(service.api, bob, author.username);
    const comment = await addComment(service.api, author, article.slug);
    expect(comment.author.following).toBe(false);
    const list = await service.api.get(commentsUrl(article.slug)).set(auth(bob)).expect(200);
    const seen = (list.body.comments as Array<{ id: number; author: { following: boolean } }>).find(
      (c) => c.id === comment.id,
    );
    expect(seen?.author.following).toBe(true);
  });

  it('gives each comment its own id', async () => {
    const first = await addComment(service.api, bob, article.slug, 'same words');
    const second = await addComment(service.api, bob, article.slug, 'same words');
    expect(second.id).not.toBe(first.id);
  });

  it('keeps unicode and long bodies intact, up to the limit', async () => {
    const unicode = `Ünïcödé ✓ 漢字 🐉 "quotes" \\ <script>alert(1)</script>\n\ttabbed`;
    const res = await postComment(carol, article.slug, { body: unicode }).expect(201);
    expect(res.body.comment.body).toBe(unicode);
    const long = await postComment(carol, article.slug, { body: 'c'.repeat(10_000) }).expect(201);
    expect(long.body.comment.body).toHaveLength(10_000);
    const tooLong = await postComment(carol, article.slug, { body: 'c'.repeat(10_001) }).expect(
      422,
    );
    expectProblem(tooLong, 422, {
      errors: { body: ['is too long (maximum is 10000 characters)'] },
    });
  });

  it('comments on articles whose slug has non-ASCII characters', async () => {
    const accented = await createArticle(service.api, jake, {
      title: `Crème brûlée 如何训练 ${uniqueId()}`,
    });
    const comment = await addComment(service.api, bob, accented.slug, 'Délicieux');
    const list = await service.api.get(commentsUrl(accented.slug)).expect(200);
    expect(list.body.comments).toEqual([comment]);
  });

  it('ignores members it does not define', async () => {
    const res = await postComment(bob, article.slug, {
      body: 'Only this counts',
      id: 1,
      author: { username: jake.username },
      createdAt: '2000-01-01T00:00:00.000Z',
    }).expect(201);
    expect(res.body.comment).toMatchObject({
      body: 'Only this counts',
      author: { username: bob.username },
    });
    expectRecentTimestamp(res.body.comment.createdAt);
  });

  it("answers 422 can't be blank for a missing, empty or whitespace-only body", async () => {
    for (const comment of [{}, { body: '' }, { body: '   ' }, { body: '\n\t' }, { body: null }]) {
      const res = await postComment(bob, article.slug, comment).expect(422);
      expectProblem(res, 422, { errors: { body: ["can't be blank"] } });
    }
  });

  it('answers 422 for a wrong type or a missing envelope', async () => {
    const number = await postComment(bob, article.slug, { body: 42 }).expect(422);
    expectProblem(number, 422, { errors: { body: ['must be a string'] } });
    const noEnvelope = await service.api
      .post(commentsUrl(article.slug))
      .set(auth(bob))
      .send({ body: 'hello' })
      .expect(422);
    expectProblem(noEnvelope, 422, { errors: { comment: ["can't be blank"] } });
    const notObject = await postComment(bob, article.slug, 'hello').expect(422);
    expectProblem(notObject, 422, { errors: { comment: ['must be an object'] } });
  });

  it('answers 404 for an unknown article', async () => {
    const res = await postComment(bob, `no-such-article-${uniqueId()}`, { body: 'hi' }).expect(404);
    expectProblem(res, 404, { errors: { article: ['not found'] } });
  });

  it('answers 401 without a valid token, adding nothing', async () => {
    const quiet = await createArticle(service.api, jake);
    await expectTokenRequired(() =>
      service.api.post(commentsUrl(quiet.slug)).send({ comment: { body: 'anonymous' } }),
    );
    const list = await service.api.get(commentsUrl(quiet.slug)).expect(200);
    expect(list.body.comments).toEqual([]);
  });
});

describe('GET /api/articles/{slug}/comments', () => {
  it('lists the comments oldest first, with or without a token', async () => {
    const article = await createArticle(service.api, jake);
    const first = await addComment(service.api, bob, article.slug, 'first');
    const second = await addComment(service.api, carol, article.slug, 'second');
    const third = await addComment(service.api, bob, article.slug, 'third');
    // Comments on other articles stay there.
    await addComment(service.api, bob, (await createArticle(service.api, jake)).slug);

    const anonymous = await service.api.get(commentsUrl(article.slug)).expect(200);
    expect(anonymous.body).toEqual({ comments: [first, second, third], nextCursor: null });
    const asJake = await service.api.get(commentsUrl(article.slug)).set(auth(jake)).expect(200);
    expect(asJake.body).toEqual({ comments: [first, second, third], nextCursor: null });
  });

  it('is empty for an article without comments', async () => {
    const article = await createArticle(service.api, jake);
    const res = await service.api.get(commentsUrl(article.slug)).expect(200);
    expect(res.body).toEqual({ comments: [], nextCursor: null });
  });

  it('tells each caller whether they follow each commenter', async () => {
    const article = await createArticle(service.api, jake);
    const reader = await registerUser(service.api);
    await follow(service.api, reader, bob.username);
    await addComment(service.api, bob, article.slug);
    await addComment(service.api, carol, article.slug);
    const asReader = await service.api.get(commentsUrl(article.slug)).set(auth(reader)).expect(200);
    expect(
      (asReader.body.comments as Array<{ author: { username: string; following: boolean } }>).map(
        (c) => [c.author.username, c.author.following],
      ),
    ).toEqual([
      [bob.username, true],
      [carol.username, false],
    ]);
    const anonymous = await service.api.get(commentsUrl(article.slug)).expect(200);
    expect(
      (anonymous.body.comments as Array<{ author: { following: boolean } }>).map(
        (c) => c.author.following,
      ),
    ).toEqual([false, false]);
  });

  it('answers 404 for an unknown article', async () => {
    const res = await service.api.get(commentsUrl(`no-such-article-${uniqueId()}`)).expect(404);
    expectProblem(res, 404, { errors: { article: ['not found'] } });
  });

  it('answers 401 for a token that is sent but not valid', async () => {
    const article = await createArticle(service.api, jake);
    await expectInvalidTokenRefused(() => service.api.get(commentsUrl(article.slug)));
  });
});

describe('DELETE /api/articles/{slug}/comments/{id}', () => {
  let article: Article;
  beforeAll(async () => {
    article = await createArticle(service.api, jake);
  });

  it('deletes the caller’s own comment, answering 204 with no body', async () => {
    const kept = await addComment(service.api, carol, article.slug);
    const doomed = await addComment(service.api, bob, article.slug);
    const res = await service.api
      .delete(commentUrl(article.slug, doomed.id))
      .set(auth(bob))
      .expect(204);
    expect(res.body).toBe(''); // the raw body: the harness parses only JSON
    const list = await service.api.get(commentsUrl(article.slug)).expect(200);
    const ids = (list.body.comments as Array<{ id: number }>).map((c) => c.id);
    expect(ids).toContain(kept.id);
    expect(ids).not.toContain(doomed.id);
  });

  it('answers 404 the second time', async () => {
    const doomed = await addComment(service.api, bob, article.slug);
    await service.api.delete(commentUrl(article.slug, doomed.id)).set(auth(bob)).expect(204);
    const again = await service.api
      .delete(commentUrl(article.slug, doomed.id))
      .set(auth(bob))
      .expect(404);
    expectProblem(again, 404, { errors: { comment: ['not found'] } });
  });

  it('accepts and ignores a body', async () => {
    const doomed = await addComment(service.api, bob, article.slug);
    await service.api
      .delete(commentUrl(article.slug, doomed.id))
      .set(auth(bob))
      .send({})
      .expect(204);
  });

  it("answers 403 to someone else's delete, also the article's author, keeping the comment", async () => {
    const comment = await addComment(service.api, bob, article.slug);
    for (const user of [carol, jake]) {
      const res = await service.api
        .delete(commentUrl(article.slug, comment.id))
        .set(auth(user))
        .expect(403);
      expectProblem(res, 403, { errors: { comment: ['forbidden'] } });
    }
    const list = await service.api.get(commentsUrl(article.slug)).expect(200);
    expect(list.body.comments).toContainEqual(comment);
  });

  it('answers 404 for an unknown comment or one on another article', async () => {
    const other = await createArticle(service.api, jake);
    const elsewhere = await addComment(service.api, bob, other.slug);
    for (const id of [2147483647, elsewhere.id]) {
      const res = await service.api.delete(commentUrl(article.slug, id)).set(auth(bob)).expect(404);
      expectProblem(res, 404, { errors: { comment: ['not found'] } });
    }
    const list = await service.api.get(commentsUrl(other.slug)).expect(200);
    expect(list.body.comments).toEqual([elsewhere]);
  });

  it('answers 404 for an unknown article', async () => {
    const comment = await addComment(service.api, bob, article.slug);
    const res = await service.api
      .delete(commentUrl(`no-such-article-${uniqueId()}`, comment.id))
      .set(auth(bob))
      .expect(404);
    expectProblem(res, 404, { errors: { article: ['not found'] } });
  });

  it('answers 422 for an id that is not a positive integer', async () => {
    for (const id of ['abc', '1.5', '0', '-1', '2147483648', '12abc']) {
      const res = await service.api.delete(commentUrl(article.slug, id)).set(auth(bob)).expect(422);
      expect(Object.keys(res.body.errors)).toEqual(['id']);
      expect(res.body.type).toBe('/problems/validation-failed');
    }
    const word = await service.api
      .delete(commentUrl(article.slug, 'abc'))
      .set(auth(bob))
      .expect(422);
    expectProblem(word, 422, { errors: { id: ['must be an integer'] } });
  });

  it('answers 401 without a valid token, keeping the comment', async () => {
    const comment = await addComment(service.api, bob, article.slug);
    await expectTokenRequired(() => service.api.delete(commentUrl(article.slug, comment.id)));
    const list = await service.api.get(commentsUrl(article.slug)).expect(200);
    expect(list.body.comments).toContainEqual(comment);
  });
});
