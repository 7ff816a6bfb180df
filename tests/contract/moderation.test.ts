// Soft delete and moderation through HTTP against the spec: removed articles and comments are
// hidden from everyone but admins, and admins restore them with everything attached.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { startService, type TestService } from '../support/app.js';
import { auth, registerAdmin, registerUser, type TestUser } from '../support/fixtures.js';
import {
  addComment,
  articleUrl,
  commentUrl,
  createArticle,
  expectAdminOnly,
  expectTokenRequired,
  favorite,
  follow,
  uniqueTag,
} from './content-fixtures.js';
import { expectProblem } from '../support/problems.js';

let service: TestService;
let admin: TestUser;
let author: TestUser;
let reader: TestUser;
beforeAll(async () => {
  service = await startService();
  admin = await registerAdmin(service.api, service.database);
  author = await registerUser(service.api);
  reader = await registerUser(service.api);
  await follow(service.api, reader, author.username);
});
afterAll(async () => {
  await service.close();
});

const adminArticleUrl = (slug: string, rest = '') =>
  `/api/admin/articles/${encodeURIComponent(slug)}${rest}`;
const adminCommentUrl = (slug: string, id: number | string, rest = '') =>
  adminArticleUrl(slug, `/comments/${encodeURIComponent(String(id))}${rest}`);

/** What a caller (anonymous when `user` is undefined) can see of an article, everywhere. */
async function visibility(slug: string, tag: string, user?: TestUser) {
  const as = <T extends { set(name: string, value: string): T }>(request: T) =>
    user ? request.set('Authorization', `Token ${user.token}`) : request;
  const single = await as(service.api.get(articleUrl(slug)));
  const listed = await as(service.api.get('/api/articles').query({ tag }));
  const byAuthor = await as(service.api.get('/api/articles').query({ author: author.username }));
  const tags = await service.api.get('/api/tags').expect(200);
  return {
    single: single.status,
    removedAt: single.body.article?.removedAt,
    listed: listed.body.articlesCount as number,
    byAuthor: (byAuthor.body.articles as Array<{ slug: string }>).some((a) => a.slug === slug),
    tagListed: (tags.body.tags as string[]).includes(tag),
  };
}

describe('removing and restoring articles', () => {
  it('hides a removed article from everyone but admins, and restores it intact', async () => {
    const tag = uniqueTag('moderated');
    const article = await createArticle(service.api, author, { tagList: [tag] });
    await favorite(service.api, reader, article.slug);
    const comment = await addComment(service.api, reader, article.slug);

    await service.api.delete(adminArticleUrl(article.slug)).set(auth(admin)).expect(204);
    for (const viewer of [undefined, author, reader]) {
      expect(await visibility(article.slug, tag, viewer)).toEqual({
        single: 404,
        removedAt: undefined,
        listed: 0,
        byAuthor: false,
        tagListed: false,
      });
    }
    const feed = await service.api.get('/api/articles/feed').set(auth(reader)).expect(200);
    expect(feed.body.articles.some((a: { slug: string }) => a.slug === article.slug)).toBe(false);
    await service.api.get(articleUrl(article.slug, '/comments')).expect(404);
    await service.api.post(articleUrl(article.slug, '/favorite')).set(auth(reader)).expect(404);

    const seenByAdmin = await visibility(article.slug, tag, admin);
    expect(seenByAdmin).toMatchObject({ single: 200, listed: 1, byAuthor: true });
    expect(Date.parse(seenByAdmin.removedAt)).not.toBeNaN();
    const adminComments = await service.api
      .get(articleUrl(article.slug, '/comments'))
      .set(auth(admin))
      .expect(200);
    expect(adminComments.body.comments.map((c: { id: number }) => c.id)).toEqual([comment.id]);

    // Removing again changes nothing.
    await service.api.delete(adminArticleUrl(article.slug)).set(auth(admin)).expect(204);

    const restored = await service.api
      .post(adminArticleUrl(article.slug, '/restore'))
      .set(auth(admin))
      .expect(200);
    expect(restored.body.article).toMatchObject({ slug: article.slug, favoritesCount: 1 });
    expect(restored.body.article).not.toHaveProperty('removedAt');
    expect(await visibility(article.slug, tag, reader)).toMatchObject({
      single: 200,
      listed: 1,
      tagListed: true,
    });
    const comments = await service.api.get(articleUrl(article.slug, '/comments')).expect(200);
    expect(comments.body.comments.map((c: { id: number }) => c.id)).toEqual([comment.id]);
    const seen = await service.api.get(articleUrl(article.slug)).set(auth(reader)).expect(200);
    expect(seen.body.article.favorited).toBe(true);
  });

  it("makes an author's delete a removal an admin can undo", async () => {
    const article = await createArticle(service.api, author);
    await service.api.delete(articleUrl(article.slug)).set(auth(author)).expect(204);
    await service.api.get(articleUrl(article.slug)).set(auth(author)).expect(404);
    await service.api.delete(articleUrl(article.slug)).set(auth(author)).expect(404);
    await service.api.post(adminArticleUrl(article.slug, '/restore')).set(auth(admin)).expect(200);
    await service.api.get(articleUrl(article.slug)).expect(200);
  });

  it('audits removals and restorations with the admin and the request', async () => {
    const article = await createArticle(service.api, author);
    const removal = await service.api
      .delete(adminArticleUrl(article.slug))
      .set(auth(admin))
      .expect(204);
    const restoral = await service.api
      .post(adminArticleUrl(article.slug, '/restore'))
      .set(auth(admin))
      .expect(200);
    // Restoring a visible article records nothing more.
    await service.api.post(adminArticleUrl(article.slug, '/restore')).set(auth(admin)).expect(200);
    const log = await service.api.get('/api/admin/audit-log').set(auth(admin)).expect(200);
    const mine = log.body.events.filter(
      (event: { target: string }) => event.target === `article:${article.slug}`,
    );
    expect(mine).toEqual([
      expect.objectContaining({
        action: 'article.restored',
        actor: admin.username,
        requestId: restoral.headers['x-request-id'],
      }),
      expect.objectContaining({
        action: 'article.removed',
        actor: admin.username,
        requestId: removal.headers['x-request-id'],
      }),
    ]);
  });

  it('answers 404 for an unknown article', async () => {
    const gone = await service.api
      .delete(adminArticleUrl('no-such-article'))
      .set(auth(admin))
      .expect(404);
    expectProblem(gone, 404, { errors: { article: ['not found'] } });
    await service.api
      .post(adminArticleUrl('no-such-article', '/restore'))
      .set(auth(admin))
      .expect(404);
  });

  it('is for admins only, even for the author', async () => {
    const article = await createArticle(service.api, author);
    expectAdminOnly(await service.api.delete(adminArticleUrl(article.slug)).set(auth(author)));
    expectAdminOnly(
      await service.api.post(adminArticleUrl(article.slug, '/restore')).set(auth(author)),
    );
    await expectTokenRequired(() => service.api.delete(adminArticleUrl(article.slug)));
    await expectTokenRequired(() => service.api.post(adminArticleUrl(article.slug, '/restore')));
    await service.api.get(articleUrl(article.slug)).expect(200);
  });
});

describe('removing and restoring comments', () => {
  it('hides a removed comment from everyone but admins, and restores it', async () => {
    const article = await createArticle(service.api, author);
    const kept = await addComment(service.api, reader, article.slug, 'kept');
    const removedComment = await addComment(service.api, reader, article.slug, 'removed');
    await service.api
      .delete(adminCommentUrl(article.slug, removedComment.id))
      .set(auth(admin))
      .expect(204);
    for (const viewer of [undefined, reader, author]) {
      const request = service.api.get(articleUrl(article.slug, '/comments'));
      const res = await (viewer ? request.set(auth(viewer)) : request).expect(200);
      expect(res.body.comments.map((c: { id: number }) => c.id)).toEqual([kept.id]);
    }
    const asAdmin = await service.api
      .get(articleUrl(article.slug, '/comments'))
      .set(auth(admin))
      .expect(200);
    expect(asAdmin.body.comments).toEqual([
      kept,
      { ...removedComment, removedAt: expect.any(String) },
    ]);
    // Its author can no longer delete it either: it is gone for them.
    await service.api
      .delete(commentUrl(article.slug, removedComment.id))
      .set(auth(reader))
      .expect(404);

    const restored = await service.api
      .post(adminCommentUrl(article.slug, removedComment.id, '/restore'))
      .set(auth(admin))
      .expect(200);
    expect(restored.body.comment).toEqual(removedComment);
    const after = await service.api.get(articleUrl(article.slug, '/comments')).expect(200);
    expect(after.body.comments.map((c: { id: number }) => c.id)).toEqual([
      kept.id,
      removedComment.id,
    ]);
    const log = await service.api.get('/api/admin/audit-log').set(auth(admin)).expect(200);
    expect(
      log.body.events
        .filter((event: { target: string }) => event.target === `comment:${removedComment.id}`)
        .map((event: { action: string; actor: string }) => [event.action, event.actor]),
    ).toEqual([
      ['comment.restored', admin.username],
      ['comment.removed', admin.username],
    ]);
  });

  it("makes an author's delete a removal an admin can undo", async () => {
    const article = await createArticle(service.api, author);
    const comment = await addComment(service.api, reader, article.slug);
    await service.api.delete(commentUrl(article.slug, comment.id)).set(auth(reader)).expect(204);
    const hidden = await service.api.get(articleUrl(article.slug, '/comments')).expect(200);
    expect(hidden.body.comments).toEqual([]);
    await service.api
      .post(adminCommentUrl(article.slug, comment.id, '/restore'))
      .set(auth(admin))
      .expect(200);
    const back = await service.api.get(articleUrl(article.slug, '/comments')).expect(200);
    expect(back.body.comments).toEqual([comment]);
  });

  it('answers 404 for a comment of another article, 422 for a non-numeric id', async () => {
    const article = await createArticle(service.api, author);
    const other = await createArticle(service.api, author);
    const comment = await addComment(service.api, reader, other.slug);
    const wrong = await service.api
      .delete(adminCommentUrl(article.slug, comment.id))
      .set(auth(admin))
      .expect(404);
    expectProblem(wrong, 404, { errors: { comment: ['not found'] } });
    await service.api
      .post(adminCommentUrl(article.slug, comment.id, '/restore'))
      .set(auth(admin))
      .expect(404);
    for (const url of [
      adminCommentUrl(article.slug, 'abc'),
      adminCommentUrl(article.slug, 'abc', '/restore'),
    ]) {
      const method = url.endsWith('/restore') ? 'post' : 'delete';
      const res = await service.api[method](url).set(auth(admin)).expect(422);
      expectProblem(res, 422, { errors: { id: [expect.any(String)] } });
    }
  });

  it('is for admins only', async () => {
    const article = await createArticle(service.api, author);
    const comment = await addComment(service.api, reader, article.slug);
    expectAdminOnly(
      await service.api.delete(adminCommentUrl(article.slug, comment.id)).set(auth(author)),
    );
    expectAdminOnly(
      await service.api
        .post(adminCommentUrl(article.slug, comment.id, '/restore'))
        .set(auth(reader)),
    );
    await expectTokenRequired(() => service.api.delete(adminCommentUrl(article.slug, comment.id)));
    await expectTokenRequired(() =>
      service.api.post(adminCommentUrl(article.slug, comment.id, '/restore')),
    );
  });
});
