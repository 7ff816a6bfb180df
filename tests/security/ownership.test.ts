// Ownership and roles at the HTTP boundary: proves that one user cannot change or delete
// another's article or comment (403, content unchanged), that a removed article is hidden from
// everyone but admins, that every operation the spec reserves for admins (found by walking the
// spec's `Token: [admin]` requirements, so new admin operations are covered) answers 403 to a
// plain user and 401 to an anonymous caller without changing anything, and that a demoted admin's
// existing token loses admin access on its very next request.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import supertest from 'supertest';
import { startService, type TestService } from '../support/app.js';
import {
  auth,
  newUserInput,
  registerAdmin,
  registerUser,
  type TestUser,
} from '../support/fixtures.js';
import type { SpecOperation } from '../harness/spec.js';
import {
  expectNothingStored,
  expectUnauthorized,
  type Method,
  requestBodyOf,
  requiredRoles,
  roleOf,
  specOperations,
  urlFor,
} from './support.js';
import { expectProblem } from '../support/problems.js';

let service: TestService;
let admin: TestUser;
/** Owns `article` and `comment`. */
let alice: TestUser;
/** Another plain user, the attacker. */
let bob: TestUser;
let article: { slug: string; title: string; body: string };
let comment: { id: number; body: string };
/** Alice's article and comment she removed herself (soft delete). */
let removedArticle: { slug: string };
let removedComment: { id: number };

const REMOVED_ONLY_TAG = 'only-on-a-removed-article';

beforeAll(async () => {
  service = await startService();
  admin = await registerAdmin(service.api, service.database);
  alice = await registerUser(service.api);
  bob = await registerUser(service.api);
  article = (
    await service.api
      .post('/api/articles')
      .set(auth(alice))
      .send({
        article: {
          title: 'Alice owns this',
          description: 'mine',
          body: 'Original body',
          tagList: ['own'],
        },
      })
      .expect(201)
  ).body.article;
  comment = (
    await service.api
      .post(`/api/articles/${article.slug}/comments`)
      .set(auth(alice))
      .send({ comment: { body: 'Alice’s comment' } })
      .expect(201)
  ).body.comment;
  removedArticle = (
    await service.api
      .post('/api/articles')
      .set(auth(alice))
      .send({
        article: {
          title: 'Removed by Alice',
          description: 'gone',
          body: 'Hidden body',
          tagList: [REMOVED_ONLY_TAG],
        },
      })
      .expect(201)
  ).body.article;
  await service.api.delete(`/api/articles/${removedArticle.slug}`).set(auth(alice)).expect(204);
  removedComment = (
    await service.api
      .post(`/api/articles/${article.slug}/comments`)
      .set(auth(alice))
      .send({ comment: { body: 'Removed comment' } })
      .expect(201)
  ).body.comment;
  await service.api
    .delete(`/api/articles/${article.slug}/comments/${removedComment.id}`)
    .set(auth(alice))
    .expect(204);
});
afterAll(async () => {
  await service.close();
});

const readArticle = async (slug: string) =>
  (await service.api.get(`/api/articles/${slug}`).expect(200)).body.article;

const commentIds = async (slug: string) =>
  (await service.api.get(`/api/articles/${slug}/comments`).expect(200)).body.comments.map(
    (c: { id: number }) => c.id,
  );

describe("another user's article and comment", () => {
  it('B cannot update A’s article: 403, the article is unchanged', async () => {
    const before = await readArticle(article.slug);
    await expectNothingStored(service.database, async () => {
      const res = await service.api
        .put(`/api/articles/${article.slug}`)
        .set(auth(bob))
        .send({ article: { title: 'Taken over', body: 'Bob was here', tagList: ['pwned'] } });
      expectProblem(res, 403, { type: '/problems/forbidden' });
      expect(res.body.errors).toEqual({ article: ['forbidden'] });
    });
    expect(await readArticle(article.slug)).toEqual(before);
  });

  it('B cannot delete A’s article: 403, it is still there', async () => {
    await expectNothingStored(service.database, async () => {
      const res = await service.api.delete(`/api/articles/${article.slug}`).set(auth(bob));
      expectProblem(res, 403, { type: '/problems/forbidden' });
      expect(res.body.errors).toEqual({ article: ['forbidden'] });
    });
    await readArticle(article.slug);
  });

  it('B cannot delete A’s comment: 403, it is still listed', async () => {
    await expectNothingStored(service.database, async () => {
      const res = await service.api
        .delete(`/api/articles/${article.slug}/comments/${comment.id}`)
        .set(auth(bob));
      expectProblem(res, 403, { type: '/problems/forbidden' });
      expect(res.body.errors).toEqual({ comment: ['forbidden'] });
    });
    expect(await commentIds(article.slug)).toContain(comment.id);
  });

  it('owning the article does not give B A’s comment on it: 403', async () => {
    const bobsArticle = (
      await service.api
        .post('/api/articles')
        .set(auth(bob))
        .send({ article: { title: 'Bob’s article', description: 'his', body: 'His body' } })
        .expect(201)
    ).body.article;
    const alicesComment = (
      await service.api
        .post(`/api/articles/${bobsArticle.slug}/comments`)
        .set(auth(alice))
        .send({ comment: { body: 'Alice comments on Bob' } })
        .expect(201)
    ).body.comment;
    await expectNothingStored(service.database, async () => {
      const res = await service.api
        .delete(`/api/articles/${bobsArticle.slug}/comments/${alicesComment.id}`)
        .set(auth(bob));
      expectProblem(res, 403, { type: '/problems/forbidden' });
    });
    expect(await commentIds(bobsArticle.slug)).toContain(alicesComment.id);
  });

  it('A’s comment id under B’s article slug names nothing: 404, it is unchanged', async () => {
    const bobsArticle = (
      await service.api
        .post('/api/articles')
        .set(auth(bob))
        .send({ article: { title: 'Another of Bob’s', description: 'his', body: 'Body' } })
        .expect(201)
    ).body.article;
    await expectNothingStored(service.database, async () => {
      const res = await service.api
        .delete(`/api/articles/${bobsArticle.slug}/comments/${comment.id}`)
        .set(auth(bob));
      expectProblem(res, 404, { type: '/problems/not-found' });
    });
    expect(await commentIds(article.slug)).toContain(comment.id);
  });
});

describe('members a client may not set', () => {
  const FOREIGN = () => ({
    id: 1,
    slug: 'hijacked-slug',
    author: { username: bob.username, following: true },
    authorId: 1,
    favorited: true,
    favoritesCount: 1000,
    createdAt: '2000-01-01T00:00:00.000Z',
    updatedAt: '2000-01-01T00:00:00.000Z',
    removedAt: '2000-01-01T00:00:00.000Z',
  });

  it('creating an article with author, slug, counts or removal members: they are ignored', async () => {
    const res = await service.api
      .post('/api/articles')
      .set(auth(alice))
      .send({ article: { title: 'Plain title', description: 'd', body: 'b', ...FOREIGN() } });
    if (res.status === 422) return expectProblem(res, 422);
    expect(res.status).toBe(201);
    const created = res.body.article;
    expect(created.slug).not.toBe('hijacked-slug');
    expect(created).toMatchObject({ favorited: false, favoritesCount: 0 });
    expect(created.author.username).toBe(alice.username);
    expect(created.removedAt).toBeUndefined();
    expect(created.createdAt).not.toBe('2000-01-01T00:00:00.000Z');
    await readArticle(created.slug);
    await service.api.get('/api/articles/hijacked-slug').expect(404);
  });

  it('updating an article with those members changes only what may change', async () => {
    const before = await readArticle(article.slug);
    const res = await service.api
      .put(`/api/articles/${article.slug}`)
      .set(auth(alice))
      .send({ article: { description: 'changed by its owner', ...FOREIGN() } });
    if (res.status === 422) return expectProblem(res, 422);
    expect(res.status).toBe(200);
    const after = await readArticle(article.slug);
    expect(after).toMatchObject({
      slug: before.slug,
      description: 'changed by its owner',
      favoritesCount: before.favoritesCount,
      createdAt: before.createdAt,
      author: { username: alice.username },
    });
    expect(after.removedAt).toBeUndefined();
  });

  it('commenting with author or article members: the comment is the caller’s, on that article', async () => {
    const res = await service.api
      .post(`/api/articles/${article.slug}/comments`)
      .set(auth(bob))
      .send({
        comment: { body: 'Bob’s own words', author: { username: alice.username }, articleId: 999 },
      });
    if (res.status === 422) return expectProblem(res, 422);
    expect(res.status).toBe(201);
    expect(res.body.comment.author.username).toBe(bob.username);
    expect(await commentIds(article.slug)).toContain(res.body.comment.id);
  });

  it('B cannot take A’s email or username, in any case: 409, nothing stored changes', async () => {
    await expectNothingStored(service.database, async () => {
      for (const user of [
        { email: alice.email.toUpperCase() },
        { email: alice.email },
        { username: alice.username.toUpperCase() },
        { username: alice.username },
      ]) {
        const res = await service.api.put('/api/user').set(auth(bob)).send({ user });
        expectProblem(res, 409, { type: '/problems/conflict' });
        const register = await service.api
          .post('/api/users')
          .send({ user: { ...newUserInput(), ...user } });
        expectProblem(register, 409, { type: '/problems/conflict' });
      }
    });
    await service.api
      .post('/api/users/login')
      .send({ user: { email: alice.email, password: alice.password } })
      .expect(200);
  });
});

describe('removed (soft-deleted) content', () => {
  it('is hidden from everyone but admins, its author included', async () => {
    for (const headers of [{}, auth(bob), auth(alice)]) {
      const res = await service.api.get(`/api/articles/${removedArticle.slug}`).set(headers);
      expectProblem(res, 404, { type: '/problems/not-found' });
      const list = await service.api.get(`/api/articles?limit=100`).set(headers).expect(200);
      const slugs = list.body.articles.map((a: { slug: string }) => a.slug);
      expect(slugs).not.toContain(removedArticle.slug);
      const comments = await service.api
        .get(`/api/articles/${article.slug}/comments`)
        .set(headers)
        .expect(200);
      expect(comments.body.comments.map((c: { id: number }) => c.id)).not.toContain(
        removedComment.id,
      );
    }
    const seenByAdmin = await service.api
      .get(`/api/articles/${removedArticle.slug}`)
      .set(auth(admin))
      .expect(200);
    expect(seenByAdmin.body.article.removedAt).toEqual(expect.any(String));
  });

  it('cannot be favorited, commented on or deleted again by anyone but admins: 404', async () => {
    const base = `/api/articles/${removedArticle.slug}`;
    for (const user of [bob, alice]) {
      await expectNothingStored(service.database, async () => {
        for (const res of [
          await service.api.post(`${base}/favorite`).set(auth(user)),
          await service.api.delete(`${base}/favorite`).set(auth(user)),
          await service.api.get(`${base}/comments`).set(auth(user)),
          await service.api
            .post(`${base}/comments`)
            .set(auth(user))
            .send({ comment: { body: 'on a removed article' } }),
          await service.api.delete(base).set(auth(user)),
          await service.api
            .delete(`/api/articles/${article.slug}/comments/${removedComment.id}`)
            .set(auth(user)),
        ]) {
          expectProblem(res, 404, { type: '/problems/not-found' });
        }
      });
    }
  });

  it('does not show in a follower’s feed, nor its tags in the tag list', async () => {
    await service.api.post(`/api/profiles/${alice.username}/follow`).set(auth(bob)).expect(200);
    const feed = await service.api.get('/api/articles/feed?limit=100').set(auth(bob)).expect(200);
    const slugs = feed.body.articles.map((a: { slug: string }) => a.slug);
    expect(slugs).toContain(article.slug);
    expect(slugs).not.toContain(removedArticle.slug);
    for (const headers of [{}, auth(bob), auth(alice)]) {
      const tags = await service.api.get('/api/tags').set(headers).expect(200);
      expect(tags.body.tags).toContain('own');
      expect(tags.body.tags).not.toContain(REMOVED_ONLY_TAG);
      const byTag = await service.api
        .get(`/api/articles?tag=${REMOVED_ONLY_TAG}`)
        .set(headers)
        .expect(200);
      expect(byTag.body.articlesCount).toBe(0);
    }
  });

  it('cannot be changed by its author once removed: 404, nothing stored changes', async () => {
    await expectNothingStored(service.database, async () => {
      const res = await service.api
        .put(`/api/articles/${removedArticle.slug}`)
        .set(auth(alice))
        .send({ article: { body: 'edited after removal' } });
      expectProblem(res, 404, { type: '/problems/not-found' });
    });
  });
});

// Every operation the spec reserves for a role, with its path parameters pointing at real
// content, so a missing check would act on something.
const adminOperations = specOperations.filter((op) => requiredRoles(op).includes('admin'));

function adminRequest(operation: SpecOperation, headers: Record<string, string>) {
  const restores = /restore/i.test(operation.operationId);
  const url = urlFor(operation, {
    slug: restores && !/comment/i.test(operation.operationId) ? removedArticle.slug : article.slug,
    id: restores ? removedComment.id : comment.id,
    // A user asking to promote themselves.
    username: bob.username,
  });
  const method = operation.method.toLowerCase() as Method;
  const request = service.api[method](url).set(headers);
  const body = requestBodyOf(operation);
  return body ? request.send(body.example as object) : request;
}

describe('operations that need the admin role', () => {
  it('the spec reserves the administration operations for admins', () => {
    expect(adminOperations.map((op) => op.operationId)).toEqual(
      expect.arrayContaining([
        'ListUsers',
        'ChangeUserRole',
        'RemoveArticle',
        'RestoreArticle',
        'RemoveComment',
        'RestoreComment',
        'ListAuditEvents',
      ]),
    );
    for (const operation of specOperations.filter((op) => op.path.startsWith('/api/admin/'))) {
      expect([operation.operationId, requiredRoles(operation)]).toEqual([
        operation.operationId,
        ['admin'],
      ]);
    }
  });

  it.each(adminOperations.map((op) => [op.operationId, op] as const))(
    '%s: 403 to a user with a valid token, nothing changes',
    async (_id, operation) => {
      await expectNothingStored(
        service.database,
        async () => {
          const res = await adminRequest(operation, auth(bob));
          expectProblem(res, 403, { type: '/problems/forbidden' });
        },
        { audit: true },
      );
      expect(await roleOf(service.database, bob.username)).toBe('user');
    },
  );

  it.each(adminOperations.map((op) => [op.operationId, op] as const))(
    '%s: 401 to an anonymous caller, nothing changes',
    async (_id, operation) => {
      await expectNothingStored(
        service.database,
        async () => expectUnauthorized(await adminRequest(operation, {}), 'is missing'),
        { audit: true },
      );
    },
  );

  it('the removed article and comment stay removed, the others stay visible', async () => {
    const stored = await service.database.articles.findBySlug(removedArticle.slug, undefined, {
      includeRemoved: true,
    });
    expect(stored?.removedAt).toBeInstanceOf(Date);
    await readArticle(article.slug);
    expect(await commentIds(article.slug)).toContain(comment.id);
    expect(await commentIds(article.slug)).not.toContain(removedComment.id);
  });
});

describe('other spellings of an admin path', () => {
  // None may reach an admin operation without the role: each is either the operation itself
  // (and refused) or no route at all.
  const SPELLINGS = [
    '/api/ADMIN/users',
    '/api/admin/Users',
    '/API/ADMIN/USERS',
    '/api//admin/users',
    '//api/admin/users',
    '/api/admin/%75sers',
    '/api/./admin/users',
    '/api/articles/../admin/users',
    '/api/admin/users;role=admin',
    '/api/admin/users%20',
    '/api/admin/users.json',
  ];
  // The router serves no path with a trailing slash; the contract harness would take these for
  // the operation without it, so they are checked below only.
  const TRAILING = ['/api/admin/users/', '/api/admin/audit-log/'];

  it('GET with a user token: 403 or 404, never 2xx', async () => {
    for (const path of SPELLINGS) {
      const res = await service.api.get(path).set(auth(bob));
      expect([path, [403, 404].includes(res.status)]).toEqual([path, true]);
      expectProblem(res, res.status);
    }
  });

  it('GET and HEAD with a user token or none: never 2xx', async () => {
    // HEAD is not in the spec and its answers have no body for the contract client to check,
    // so these go through plain Supertest.
    const agent = supertest(service.app.server);
    for (const path of [...SPELLINGS, ...TRAILING, '/api/admin/users', '/api/admin/audit-log']) {
      for (const method of ['get', 'head'] as const) {
        const withUser = await agent[method](path).set(auth(bob));
        const anonymous = await agent[method](path);
        const refused =
          [403, 404].includes(withUser.status) && [401, 404].includes(anonymous.status);
        expect([method, path, withUser.status, anonymous.status, refused]).toEqual([
          method,
          path,
          withUser.status,
          anonymous.status,
          true,
        ]);
      }
    }
  });
});

describe('a demoted admin', () => {
  it('gets 403 on every admin operation with the token it already holds', async () => {
    const deputy = await registerUser(service.api);
    const promoted = await service.api
      .put(`/api/admin/users/${deputy.username}/role`)
      .set(auth(admin))
      .send({ role: 'admin' })
      .expect(200);
    expect(promoted.body.user).toMatchObject({ username: deputy.username, role: 'admin' });
    // The same token now reaches admin operations...
    await service.api.get('/api/admin/users').set(auth(deputy)).expect(200);
    await service.api.get('/api/admin/audit-log').set(auth(deputy)).expect(200);

    const demoted = await service.api
      .put(`/api/admin/users/${deputy.username}/role`)
      .set(auth(admin))
      .send({ role: 'user' })
      .expect(200);
    expect(demoted.body.user.role).toBe('user');

    // ...and not one request later.
    for (const operation of adminOperations) {
      await expectNothingStored(service.database, async () => {
        expectProblem(await adminRequest(operation, auth(deputy)), 403, {
          type: '/problems/forbidden',
        });
      });
    }
    const me = await service.api.get('/api/user').set(auth(deputy)).expect(200);
    expect(me.body.user.role).toBe('user');
    expect(await roleOf(service.database, deputy.username)).toBe('user');
  });
});

describe('the control case', () => {
  // Shows the 403s and 401s above come from the role check alone: the same requests, from an
  // admin, act on the content they name. (Last, since it changes that content.)
  it('an admin sending the same requests succeeds', async () => {
    const weight = (op: SpecOperation) =>
      /^Remove/.test(op.operationId) ? (/Comment/.test(op.operationId) ? 1 : 2) : 0;
    for (const operation of [...adminOperations].sort((a, b) => weight(a) - weight(b))) {
      const res = await adminRequest(operation, auth(admin));
      expect([operation.operationId, res.status < 300]).toEqual([operation.operationId, true]);
    }
    expect(await roleOf(service.database, bob.username)).toBe('admin');
  });
});
