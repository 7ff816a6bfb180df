// Removing and restoring articles and comments, on the backend TEST_DATABASE_URL names (see
// openBackendDatabase). The tests run in order: remove, look from every side, restore.
import type { ArticleFilter, ArticleRecord } from '../../../src/conduit/models/articles.js';
import type { CommentRecord } from '../../../src/conduit/models/comments.js';
import type { Database } from '../../../src/conduit/models/database.js';
import { NotFoundError } from '../../../src/conduit/models/domain-errors.js';
import type { UserRecord } from '../../../src/conduit/models/users.js';
import {
  createArticle,
  createUser,
  openBackendDatabase,
  type BackendDatabase,
} from './repositories.js';

let opened: BackendDatabase;
let database: Database;
let alice: UserRecord;
let bob: UserRecord;
let kept: ArticleRecord;
/** As bob saw it before it was removed. */
let doomed: ArticleRecord;
/** Newest first, as pages give them: carol's, then bob's. */
let doomedComments: CommentRecord[];

const REMOVED_AT = new Date('2026-06-01T12:00:00.000Z');

// Two articles by alice, sharing a tag; bob follows alice, favorites both and comments on both.
beforeAll(async () => {
  opened = await openBackendDatabase();
  ({ database } = opened);
  alice = await createUser(database, 'Alice');
  bob = await createUser(database, 'Bob');
  const carol = await createUser(database, 'Carol');
  kept = await createArticle(database, alice.id, ['shared', 'kept-only'], 'kept');
  const created = await createArticle(database, alice.id, ['shared', 'doomed-only'], 'doomed');
  await database.profiles.follow(bob.id, alice.id);
  for (const article of [kept, created]) {
    await database.articles.favorite(bob.id, article.id);
    await database.comments.create({ articleId: article.id, authorId: bob.id, body: 'by bob' });
  }
  await database.comments.create({ articleId: created.id, authorId: carol.id, body: 'by carol' });
  doomed = (await database.articles.findBySlug(created.slug, bob.id))!;
  doomedComments = await database.comments.pageForArticle(doomed.id, { limit: 10 }, bob.id);
});

afterAll(async () => {
  await opened.close();
});

const FILTERS: [string, () => ArticleFilter][] = [
  ['no filter', () => ({})],
  ['tag', () => ({ tag: 'shared' })],
  ['author', () => ({ author: 'alice' })],
  ['favoritedBy', () => ({ favoritedBy: 'bob' })],
  ['the feed', () => ({ followedBy: bob.id })],
];

async function titles(filter: ArticleFilter, includeRemoved?: boolean) {
  const options = includeRemoved === undefined ? undefined : { includeRemoved };
  const { articles, articlesCount } = await database.articles.list(
    filter,
    { limit: 10 },
    bob.id,
    options,
  );
  expect(articlesCount).toBe(articles.length);
  return articles.map((article) => article.title);
}

describe('articles', () => {
  it.each(FILTERS)('lists both before the removal (%s)', async (_name, filter) => {
    expect(await titles(filter())).toEqual(['doomed', 'kept']);
    expect(await database.tags.list({ limit: 100 })).toEqual([
      'shared',
      'doomed-only',
      'kept-only',
    ]);
  });

  it('remove keeps the first time when repeated', async () => {
    await database.articles.remove(doomed.id, REMOVED_AT);
    await database.articles.remove(doomed.id, new Date('2026-07-01T00:00:00.000Z'));
    const found = await database.articles.findBySlug(doomed.slug, bob.id, {
      includeRemoved: true,
    });
    expect(found?.removedAt).toEqual(REMOVED_AT);
  });

  it.each(FILTERS)(
    'leaves a removed article out of lists and counts (%s)',
    async (_name, filter) => {
      expect(await titles(filter())).toEqual(['kept']);
      expect(await titles(filter(), false)).toEqual(['kept']);
    },
  );

  it.each(FILTERS)('lists it with includeRemoved (%s)', async (_name, filter) => {
    const { articles, articlesCount } = await database.articles.list(
      filter(),
      { limit: 10 },
      bob.id,
      { includeRemoved: true },
    );
    expect(articlesCount).toBe(2);
    expect(articles.map((a) => [a.title, a.removedAt])).toEqual([
      ['doomed', REMOVED_AT],
      ['kept', null],
    ]);
  });

  it('findBySlug finds it only with includeRemoved, favorites and tags intact', async () => {
    expect(await database.articles.findBySlug(doomed.slug, bob.id)).toBeUndefined();
    expect(await database.articles.findBySlug(doomed.slug)).toBeUndefined();
    const found = await database.articles.findBySlug(doomed.slug, bob.id, {
      includeRemoved: true,
    });
    expect(found).toEqual({ ...doomed, removedAt: REMOVED_AT });
    expect(await database.articles.findBySlug(kept.slug, bob.id)).toMatchObject({
      title: 'kept',
      removedAt: null,
    });
  });

  it('does not count its tags', async () => {
    // shared is used by one article left, as often as kept-only, so the name decides.
    expect(await database.tags.list({ limit: 100 })).toEqual(['kept-only', 'shared']);
  });

  it('cannot be favorited', async () => {
    const carol = (await database.users.findByUsername('carol'))!;
    await expect(database.articles.favorite(carol.id, doomed.id)).rejects.toEqual(
      new NotFoundError('article'),
    );
    const found = await database.articles.findBySlug(doomed.slug, carol.id, {
      includeRemoved: true,
    });
    expect(found).toMatchObject({ favorited: false, favoritesCount: 1 });
  });

  it('keeps its comments, which the repository still lists', async () => {
    expect(await database.comments.pageForArticle(doomed.id, { limit: 10 }, bob.id)).toEqual(
      doomedComments,
    );
  });

  it('restore brings it back as it was, favorites, tags and comments included', async () => {
    await database.articles.restore(doomed.id);
    await database.articles.restore(doomed.id);
    expect(await database.articles.findBySlug(doomed.slug, bob.id)).toEqual(doomed);
    for (const [, filter] of FILTERS) expect(await titles(filter())).toEqual(['doomed', 'kept']);
    expect(await database.tags.list({ limit: 100 })).toEqual([
      'shared',
      'doomed-only',
      'kept-only',
    ]);
    expect(await database.comments.pageForArticle(doomed.id, { limit: 10 }, bob.id)).toEqual(
      doomedComments,
    );
  });

  it('remove and restore of a missing article change nothing', async () => {
    await expect(database.articles.remove(999_999, REMOVED_AT)).resolves.toBeUndefined();
    await expect(database.articles.restore(999_999)).resolves.toBeUndefined();
  });
});

describe('comments', () => {
  it('remove hides a comment from the list and find; includeRemoved shows it', async () => {
    // first: bob's, the older; second: carol's.
    const [second, first] = doomedComments as [CommentRecord, CommentRecord];
    await database.comments.remove(first.id, REMOVED_AT);
    await database.comments.remove(first.id, new Date('2026-07-01T00:00:00.000Z'));

    expect(await database.comments.pageForArticle(doomed.id, { limit: 10 }, bob.id)).toEqual([
      second,
    ]);
    expect(await database.comments.find(first.id)).toBeUndefined();
    expect(await database.comments.find(first.id, { includeRemoved: false })).toBeUndefined();
    expect(await database.comments.find(first.id, { includeRemoved: true })).toEqual({
      id: first.id,
      articleId: doomed.id,
      authorId: bob.id,
      removedAt: REMOVED_AT,
    });
    expect(await database.comments.find(second.id)).toEqual({
      id: second.id,
      articleId: doomed.id,
      authorId: second.author.id,
      removedAt: null,
    });
    const all = await database.comments.pageForArticle(doomed.id, { limit: 10 }, bob.id, {
      includeRemoved: true,
    });
    expect(all).toEqual([second, { ...first, removedAt: REMOVED_AT }]);
  });

  it('restore brings it back as it was', async () => {
    const [, first] = doomedComments as [CommentRecord, CommentRecord];
    await database.comments.restore(first.id);
    await database.comments.restore(first.id);
    expect(await database.comments.pageForArticle(doomed.id, { limit: 10 }, bob.id)).toEqual(
      doomedComments,
    );
    expect((await database.comments.find(first.id))?.removedAt).toBeNull();
  });

  it('remove and restore of a missing comment change nothing', async () => {
    await expect(database.comments.remove(999_999, REMOVED_AT)).resolves.toBeUndefined();
    await expect(database.comments.restore(999_999)).resolves.toBeUndefined();
  });
});
