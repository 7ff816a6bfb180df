// Validators and conditional requests as the spec declares them: every read's 200 carries a
// strong ETag and answers If-None-Match with 304; Cache-Control and Vary say who may keep a
// copy; If-Match keeps an article change from overwriting one the client has not seen.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { startService, type TestService } from '../support/app.js';
import { auth, registerAdmin, registerUser, type TestUser } from '../support/fixtures.js';
import { expectProblem } from '../support/problems.js';
import {
  addComment,
  articleUrl,
  createArticle,
  favorite,
  follow,
  profileUrl,
  type Article,
} from './content-fixtures.js';

let service: TestService;
let author: TestUser;
let reader: TestUser;
let admin: TestUser;
let article: Article;

beforeAll(async () => {
  service = await startService();
  author = await registerUser(service.api);
  reader = await registerUser(service.api);
  admin = await registerAdmin(service.api, service.database);
  article = await createArticle(service.api, author, { tagList: ['caching'] });
  await addComment(service.api, reader, article.slug);
  await follow(service.api, reader, author.username);
});
afterAll(async () => {
  await service.close();
});

type Caller = 'anonymous' | 'reader' | 'admin';

/** Every read with an ETag: a URL, and who may read it. */
const reads: [operation: string, url: () => string, caller: Caller][] = [
  ['GetArticles', () => '/api/articles?limit=5', 'anonymous'],
  ['GetArticlesFeed', () => '/api/articles/feed', 'reader'],
  ['GetArticle', () => articleUrl(article.slug), 'anonymous'],
  ['GetArticleComments', () => articleUrl(article.slug, '/comments'), 'anonymous'],
  ['GetProfileByUsername', () => profileUrl(author.username), 'anonymous'],
  ['GetTags', () => '/api/tags', 'anonymous'],
  ['GetCurrentUser', () => '/api/user', 'reader'],
  ['ListUsers', () => '/api/admin/users', 'admin'],
  ['ListAuditEvents', () => '/api/admin/audit-log', 'admin'],
  ['GetHealth', () => '/health', 'anonymous'],
  ['GetReadiness', () => '/ready', 'anonymous'],
];

const credentials = (caller: Caller): Record<string, string> =>
  caller === 'reader' ? auth(reader) : caller === 'admin' ? auth(admin) : {};

const STRONG_TAG = /^"[\w-]+"$/;

describe.each(reads)('%s', (_operation, url, caller) => {
  it('tags its 200 and answers 304, with no body, to a client holding that tag', async () => {
    const first = await service.api.get(url()).set(credentials(caller)).expect(200);
    const etag = first.headers['etag'] as string;
    expect(etag).toMatch(STRONG_TAG);
    const again = await service.api
      .get(url())
      .set({ ...credentials(caller), 'If-None-Match': etag })
      .expect(304);
    expect(again.text ?? '').toBe('');
    expect(again.headers['content-length'] ?? '0').toBe('0');
    expect(again.headers['etag']).toBe(etag);
    expect(again.headers['cache-control']).toBe(first.headers['cache-control']);
  });
});

describe('If-None-Match', () => {
  const articleTag = async () =>
    (await service.api.get(articleUrl(article.slug)).expect(200)).headers['etag'] as string;

  it('matches weakly: W/ on the held tag, lists and * all hold the body back', async () => {
    const etag = await articleTag();
    for (const header of [`W/${etag}`, `"other", ${etag}`, '*']) {
      await service.api.get(articleUrl(article.slug)).set('If-None-Match', header).expect(304);
    }
  });

  it('answers 200 with the body for a tag that is not current, or malformed', async () => {
    for (const header of ['"not-the-tag"', 'not-quoted', 'W/"x"', '', 'x'.repeat(4000)]) {
      const res = await service.api
        .get(articleUrl(article.slug))
        .set('If-None-Match', header)
        .expect(200);
      expect(res.body.article.slug).toBe(article.slug);
    }
  });

  it('answers 200 with a new tag once the resource changed', async () => {
    const mine = await createArticle(service.api, author);
    const before = await service.api.get(articleUrl(mine.slug)).expect(200);
    await favorite(service.api, reader, mine.slug);
    const after = await service.api
      .get(articleUrl(mine.slug))
      .set('If-None-Match', before.headers['etag'] as string)
      .expect(200);
    expect(after.headers['etag']).not.toBe(before.headers['etag']);
    expect(after.body.article.favoritesCount).toBe(1);
  });

  it("gives each caller the tag of their own view: another's tag is not theirs", async () => {
    const theirs = await service.api.get(articleUrl(article.slug)).set(auth(reader)).expect(200);
    const anonymous = await service.api
      .get(articleUrl(article.slug))
      .set('If-None-Match', theirs.headers['etag'] as string)
      .expect(200);
    expect(anonymous.body.article.author.following).toBe(false);
    expect(theirs.body.article.author.following).toBe(true);
  });
});

describe('Cache-Control and Vary', () => {
  it('lets shared caches keep anonymous reads briefly, and varies on Authorization', async () => {
    const res = await service.api.get(articleUrl(article.slug)).expect(200);
    expect(res.headers['cache-control']).toBe('public, max-age=5');
    expect(res.headers['vary']).toMatch(/\bAuthorization\b/);
  });

  it("keeps a caller's reads private, to be revalidated before each use", async () => {
    for (const path of [articleUrl(article.slug), '/api/articles/feed', '/api/user']) {
      const res = await service.api.get(path).set(auth(reader)).expect(200);
      expect(res.headers['cache-control']).toBe('private, no-cache');
      expect(res.headers['vary']).toMatch(/\bAuthorization\b/);
    }
  });

  it('does not vary reads that ignore credentials, and never stores metrics or writes', async () => {
    const tags = await service.api.get('/api/tags').set(auth(reader)).expect(200);
    expect(tags.headers['cache-control']).toBe('public, max-age=5');
    expect(tags.headers['vary'] ?? '').not.toMatch(/Authorization/);
    const metrics = await service.api.get('/metrics').expect(200);
    expect(metrics.headers['cache-control']).toBe('no-store');
    expect(metrics.headers['etag']).toBeUndefined();
    const login = await service.api
      .post('/api/users/login')
      .send({ user: { email: reader.email, password: reader.password } })
      .expect(200);
    expect(login.headers['cache-control']).toBe('no-store');
  });
});

describe('If-Match on PUT and DELETE /api/articles/{slug}', () => {
  const read = async (slug: string) =>
    (await service.api.get(articleUrl(slug)).set(auth(author)).expect(200)).headers[
      'etag'
    ] as string;

  it('changes the article when it is as the client read it, and tags the answer', async () => {
    const mine = await createArticle(service.api, author);
    const etag = await read(mine.slug);
    const res = await service.api
      .put(articleUrl(mine.slug))
      .set({ ...auth(author), 'If-Match': etag })
      .send({ article: { body: 'second draft' } })
      .expect(200);
    expect(res.body.article.body).toBe('second draft');
    // The answer's tag is the one the next read gives: a client can chain changes on it.
    expect(res.headers['etag']).toBe(await read(mine.slug));
    await service.api
      .put(articleUrl(mine.slug))
      .set({ ...auth(author), 'If-Match': res.headers['etag'] as string })
      .send({ article: { body: 'third draft' } })
      .expect(200);
  });

  it('answers 412 and changes nothing when the article changed since it was read', async () => {
    const mine = await createArticle(service.api, author);
    const stale = await read(mine.slug);
    await service.api
      .put(articleUrl(mine.slug))
      .set(auth(author))
      .send({ article: { body: 'a change from another tab' } })
      .expect(200);
    const res = await service.api
      .put(articleUrl(mine.slug))
      .set({ ...auth(author), 'If-Match': stale })
      .send({ article: { body: 'would overwrite it' } });
    expectProblem(res, 412, { type: '/problems/precondition-failed' });
    const now = await service.api.get(articleUrl(mine.slug)).expect(200);
    expect(now.body.article.body).toBe('a change from another tab');
  });

  it('lets one of two changes sent at once with the same tag through, and refuses the other', async () => {
    const mine = await createArticle(service.api, author);
    const etag = await read(mine.slug);
    const send = (body: string) =>
      service.api
        .put(articleUrl(mine.slug))
        .set({ ...auth(author), 'If-Match': etag })
        .send({ article: { body } });
    const answers = await Promise.all([send('first'), send('second')]);
    expect(answers.map((res) => res.status).sort()).toEqual([200, 412]);
    const winner = answers.find((res) => res.status === 200)!;
    const now = await service.api.get(articleUrl(mine.slug)).expect(200);
    expect(now.body.article.body).toBe(winner.body.article.body);
  });

  it('never lets a weak tag through, and lets * through for any article', async () => {
    const mine = await createArticle(service.api, author);
    const etag = await read(mine.slug);
    const weak = await service.api
      .put(articleUrl(mine.slug))
      .set({ ...auth(author), 'If-Match': `W/${etag}` })
      .send({ article: { body: 'weak' } });
    expectProblem(weak, 412, { type: '/problems/precondition-failed' });
    await service.api
      .put(articleUrl(mine.slug))
      .set({ ...auth(author), 'If-Match': '*' })
      .send({ article: { body: 'any' } })
      .expect(200);
  });

  it('answers 412 to a DELETE of a changed article and keeps it; deletes an unchanged one', async () => {
    const mine = await createArticle(service.api, author);
    const stale = await read(mine.slug);
    await favorite(service.api, reader, mine.slug);
    const refused = await service.api
      .delete(articleUrl(mine.slug))
      .set({ ...auth(author), 'If-Match': stale });
    expectProblem(refused, 412, { type: '/problems/precondition-failed' });
    await service.api.get(articleUrl(mine.slug)).expect(200);
    await service.api
      .delete(articleUrl(mine.slug))
      .set({ ...auth(author), 'If-Match': await read(mine.slug) })
      .expect(204);
    await service.api.get(articleUrl(mine.slug)).expect(404);
  });

  it('checks ownership before the tag: a stranger gets 403 whatever tag they send', async () => {
    const res = await service.api
      .put(articleUrl(article.slug))
      .set({ ...auth(reader), 'If-Match': '"stale"' })
      .send({ article: { body: 'not mine' } });
    expectProblem(res, 403, { type: '/problems/forbidden' });
  });
});
