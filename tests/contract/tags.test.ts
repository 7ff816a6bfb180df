// The tags in use, through HTTP against the spec. The tag list is global: each test uses tags
// of its own and checks their order within the whole list, which the other tests' tags cannot
// change.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { startService, type TestService } from '../support/app.js';
import { auth, registerUser, type TestUser } from '../support/fixtures.js';
import { articleUrl, createArticle, uniqueId } from './content-fixtures.js';
import { expectProblem } from '../support/problems.js';

let service: TestService;
let jake: TestUser;
let bob: TestUser;
beforeAll(async () => {
  service = await startService();
  jake = await registerUser(service.api);
  bob = await registerUser(service.api);
});
afterAll(async () => {
  await service.close();
});

async function allTags(): Promise<string[]> {
  const res = await service.api.get('/api/tags').expect(200);
  expect(res.headers['content-type']).toBe('application/json; charset=utf-8');
  expect(Object.keys(res.body)).toEqual(['tags']);
  const tags = res.body.tags as string[];
  expect(new Set(tags).size).toBe(tags.length);
  return tags;
}

/** The tags in use among `mine`, in the order the list gives them. */
async function tagsAmong(mine: readonly string[]): Promise<string[]> {
  return (await allTags()).filter((tag) => mine.includes(tag));
}

/** Tags named `<label>-<id>` for one test, so that their names sort by label. */
function tagsFor(...labels: string[]): string[] {
  const id = uniqueId();
  return labels.map((label) => `${label}-${id}`);
}

describe('GET /api/tags', () => {
  it('is empty before any article has tags', async () => {
    const fresh = await startService();
    try {
      const empty = await fresh.api.get('/api/tags').expect(200);
      expect(empty.body).toEqual({ tags: [] });
      const author = await registerUser(fresh.api);
      await createArticle(fresh.api, author, { tagList: [] });
      const stillEmpty = await fresh.api.get('/api/tags').expect(200);
      expect(stillEmpty.body).toEqual({ tags: [] });
    } finally {
      await fresh.close();
    }
  });

  it('lists each tag once, most used first, then by name', async () => {
    const [alpha, beta, delta, gamma, zebra] = tagsFor('alpha', 'beta', 'delta', 'gamma', 'zebra');
    await createArticle(service.api, jake, { tagList: [zebra!, beta!, alpha!] });
    await createArticle(service.api, bob, { tagList: [beta!, zebra!] });
    await createArticle(service.api, jake, { tagList: [beta!, gamma!, delta!] });
    await createArticle(service.api, bob, { tagList: [delta!, zebra!, beta!] });
    // beta 4, zebra 3, delta 2, then alpha and gamma once each.
    expect(await tagsAmong([alpha!, beta!, delta!, gamma!, zebra!])).toEqual([
      beta,
      zebra,
      delta,
      alpha,
      gamma,
    ]);
  });

  it('puts tags used more often before tags used less, whatever their names', async () => {
    const [popular, rare] = tagsFor('zz-popular', 'aa-rare');
    await createArticle(service.api, jake, { tagList: [rare!, popular!] });
    await createArticle(service.api, jake, { tagList: [popular!] });
    expect(await tagsAmong([popular!, rare!])).toEqual([popular, rare]);
    await createArticle(service.api, bob, { tagList: [rare!] });
    await createArticle(service.api, bob, { tagList: [rare!] });
    expect(await tagsAmong([popular!, rare!])).toEqual([rare, popular]);
  });

  it('counts a tag given twice on one article once', async () => {
    const [once, twice] = tagsFor('a-once', 'b-twice');
    await createArticle(service.api, jake, { tagList: [once!, ` ${once}`, `${once} `] });
    await createArticle(service.api, jake, { tagList: [twice!] });
    await createArticle(service.api, jake, { tagList: [twice!] });
    expect(await tagsAmong([once!, twice!])).toEqual([twice, once]);
  });

  it('keeps unicode tags and tags that differ only in case', async () => {
    const mine = tagsFor('日本語', '🐉', 'Crème', 'crème');
    await createArticle(service.api, jake, { tagList: mine });
    await createArticle(service.api, jake, { tagList: [mine[0]!] });
    const listed = await tagsAmong(mine);
    expect(listed[0]).toBe(mine[0]);
    expect([...listed].sort()).toEqual([...mine].sort());
  });

  it("drops a tag when its only article is deleted, keeping others' uses", async () => {
    const [lonely, shared] = tagsFor('lonely', 'shared');
    const doomed = await createArticle(service.api, jake, { tagList: [lonely!, shared!] });
    await createArticle(service.api, bob, { tagList: [shared!] });
    expect(await tagsAmong([lonely!, shared!])).toEqual([shared, lonely]);
    await service.api.delete(articleUrl(doomed.slug)).set(auth(jake)).expect(204);
    expect(await tagsAmong([lonely!, shared!])).toEqual([shared]);
  });

  it('follows tag changes made by updates', async () => {
    const [after, before, kept] = tagsFor('after', 'before', 'kept');
    const article = await createArticle(service.api, jake, { tagList: [before!, kept!] });
    await service.api
      .put(articleUrl(article.slug))
      .set(auth(jake))
      .send({ article: { tagList: [kept!, after!] } })
      .expect(200);
    expect(await tagsAmong([after!, before!, kept!])).toEqual([after, kept]);
    await service.api
      .put(articleUrl(article.slug))
      .set(auth(jake))
      .send({ article: { tagList: [] } })
      .expect(200);
    expect(await tagsAmong([after!, before!, kept!])).toEqual([]);
  });

  it('needs no token and ignores one that is sent', async () => {
    const [open] = tagsFor('open');
    await createArticle(service.api, jake, { tagList: [open!] });
    const anonymous = await allTags();
    expect(anonymous).toContain(open);
    const withToken = await service.api.get('/api/tags').set(auth(jake)).expect(200);
    expect(withToken.body.tags).toEqual(anonymous);
    const withBadToken = await service.api
      .get('/api/tags')
      .set('Authorization', 'Token not.a.jwt')
      .expect(200);
    expect(withBadToken.body.tags).toEqual(anonymous);
  });
});

describe('GET /api/tags bounds', () => {
  // A service of its own, so that the whole list is known: 520 tags used once (26 articles of
  // 20), `popular` twice and `pop-up` three times.
  let tagged: TestService;
  const numbered = Array.from({ length: 520 }, (_, i) => `n-${String(i).padStart(3, '0')}`);
  beforeAll(async () => {
    tagged = await startService();
    const author = await registerUser(tagged.api);
    for (let a = 0; a < 26; a += 1) {
      await createArticle(tagged.api, author, { tagList: numbered.slice(a * 20, a * 20 + 20) });
    }
    await createArticle(tagged.api, author, { tagList: ['popular', 'pop-up'] });
    await createArticle(tagged.api, author, { tagList: ['pop-up', 'popular'] });
    await createArticle(tagged.api, author, { tagList: ['pop-up'] });
  });
  afterAll(async () => {
    await tagged.close();
  });

  const tags = async (query: Record<string, string | number> = {}) => {
    const res = await tagged.api.get('/api/tags').query(query).expect(200);
    expect(Object.keys(res.body)).toEqual(['tags']);
    return res.body.tags as string[];
  };

  it('gives a client that sends nothing the 100 most used tags', async () => {
    expect(await tags()).toEqual(['pop-up', 'popular', ...numbered.slice(0, 98)]);
  });

  it('gives `limit` tags, up to 500', async () => {
    expect(await tags({ limit: 1 })).toEqual(['pop-up']);
    expect(await tags({ limit: 3 })).toEqual(['pop-up', 'popular', 'n-000']);
    expect(await tags({ limit: 500 })).toEqual(['pop-up', 'popular', ...numbered.slice(0, 498)]);
  });

  it('keeps, with a prefix, the most used tags that start with it, in exact case', async () => {
    expect(await tags({ prefix: 'pop' })).toEqual(['pop-up', 'popular']);
    expect(await tags({ prefix: 'popu' })).toEqual(['popular']);
    expect(await tags({ prefix: 'Pop' })).toEqual([]);
    expect(await tags({ prefix: 'n-51' })).toEqual(numbered.slice(510));
    expect(await tags({ prefix: 'n-', limit: 2 })).toEqual(['n-000', 'n-001']);
    expect(await tags({ prefix: 'n-_' })).toEqual([]);
    expect(await tags({ prefix: '%' })).toEqual([]);
    expect(await tags({ prefix: 'n-519' })).toEqual(['n-519']);
  });

  it('answers 422 for a limit out of range or a prefix that is empty, too long or has NUL', async () => {
    for (const [search, errors] of [
      ['limit=501', { limit: ['must be less than or equal to 500'] }],
      ['limit=0', { limit: ['must be greater than or equal to 1'] }],
      ['limit=abc', { limit: ['must be an integer'] }],
      ['prefix=', { prefix: ["can't be blank"] }],
      [`prefix=${'p'.repeat(51)}`, { prefix: ['is too long (maximum is 50 characters)'] }],
      ['prefix=a%00', { prefix: ['is invalid'] }],
    ] as const) {
      const res = await tagged.api.get(`/api/tags?${search}`).expect(422);
      expectProblem(res, 422, { errors });
    }
  });
});
