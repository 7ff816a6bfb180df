// Pages of an article's comments and single comments as pages show them, on the backend
// TEST_DATABASE_URL names (see openBackendDatabase).
import type { ArticleRecord } from '../../../src/conduit/models/articles.js';
import type { CommentPage, CommentRecord } from '../../../src/conduit/models/comments.js';
import type { Database } from '../../../src/conduit/models/database.js';
import type { UserRecord } from '../../../src/conduit/models/users.js';
import {
  createArticle,
  createUser,
  openBackendDatabase,
  type BackendDatabase,
} from './repositories.js';

let opened: BackendDatabase;
let database: Database;
let author: UserRecord;
let reader: UserRecord;

beforeAll(async () => {
  opened = await openBackendDatabase();
  ({ database } = opened);
  author = await createUser(database, 'Author');
  reader = await createUser(database, 'Reader');
  await database.profiles.follow(reader.id, author.id);
});

afterAll(async () => {
  await opened.close();
});

async function comment(article: ArticleRecord, body: string, by = author) {
  return database.comments.create({ articleId: article.id, authorId: by.id, body });
}

const bodies = (comments: CommentRecord[]) => comments.map((c) => c.body);

/** Every page of `limit` from the newest, each continuing before the last one's oldest. */
async function allPages(articleId: number, limit: number, viewerId?: number) {
  const pages: CommentRecord[][] = [];
  let page: CommentPage = { limit };
  for (;;) {
    const comments = await database.comments.pageForArticle(articleId, page, viewerId);
    pages.push(comments);
    const oldest = comments.at(-1);
    if (comments.length < limit || oldest === undefined) return pages;
    page = { limit, before: oldest };
  }
}

describe('pageForArticle', () => {
  let article: ArticleRecord;

  // Seven comments; c and d, and e and f, were posted in the same millisecond, so ids settle
  // their order; g is the oldest though its id is the newest.
  beforeAll(async () => {
    article = await createArticle(database, author.id);
    const at = (iso: string) => async (created: CommentRecord) =>
      opened.setCreatedAt('comments', created.id, iso);
    await comment(article, 'a').then(at('2026-01-01T00:00:06.000Z'));
    await comment(article, 'b').then(at('2026-01-01T00:00:05.000Z'));
    await comment(article, 'c').then(at('2026-01-01T00:00:04.000Z'));
    await comment(article, 'd').then(at('2026-01-01T00:00:04.000Z'));
    await comment(article, 'e').then(at('2026-01-01T00:00:03.000Z'));
    await comment(article, 'f').then(at('2026-01-01T00:00:03.000Z'));
    await comment(article, 'g').then(at('2026-01-01T00:00:01.000Z'));
    await comment(await createArticle(database, author.id), 'elsewhere');
  });

  it('gives the newest comments first, createdAt then id, up to the limit', async () => {
    const all = await database.comments.pageForArticle(article.id, { limit: 100 });
    expect(bodies(all)).toEqual(['a', 'b', 'd', 'c', 'f', 'e', 'g']);
    const first = await database.comments.pageForArticle(article.id, { limit: 3 });
    expect(bodies(first)).toEqual(['a', 'b', 'd']);
  });

  it('continues strictly before a position, ties included, with no skips or repeats', async () => {
    for (const limit of [1, 2, 3, 6, 7, 8]) {
      const pages = await allPages(article.id, limit);
      expect(bodies(pages.flat())).toEqual(['a', 'b', 'd', 'c', 'f', 'e', 'g']);
    }
    const all = await database.comments.pageForArticle(article.id, { limit: 100 });
    const [, , d] = all as [CommentRecord, CommentRecord, CommentRecord];
    const afterD = await database.comments.pageForArticle(article.id, { limit: 2, before: d });
    expect(bodies(afterD)).toEqual(['c', 'f']);
    const beforeEvery = { createdAt: new Date('2026-01-01T00:00:00.000Z'), id: 1 };
    expect(
      await database.comments.pageForArticle(article.id, { limit: 5, before: beforeEvery }),
    ).toEqual([]);
  });

  it('keeps the pages after a position as they were when newer comments are added', async () => {
    const thread = await createArticle(database, author.id);
    for (const body of ['1', '2', '3', '4', '5']) await comment(thread, body);
    const first = await database.comments.pageForArticle(thread.id, { limit: 2 });
    expect(bodies(first)).toEqual(['5', '4']);
    await comment(thread, 'late');
    const next = await database.comments.pageForArticle(thread.id, { limit: 2, before: first[1]! });
    expect(bodies(next)).toEqual(['3', '2']);
    expect(bodies(await database.comments.pageForArticle(thread.id, { limit: 1 }))).toEqual([
      'late',
    ]);
  });

  it('leaves removed comments out unless includeRemoved, and shows the viewer their follows', async () => {
    const thread = await createArticle(database, author.id);
    const kept = await comment(thread, 'kept');
    const removed = await comment(thread, 'removed', reader);
    await comment(thread, 'newest');
    await database.comments.remove(removed.id, new Date('2026-06-01T00:00:00.000Z'));
    const seen = await database.comments.pageForArticle(thread.id, { limit: 10 }, reader.id);
    expect(bodies(seen)).toEqual(['newest', 'kept']);
    expect(seen.map((c) => c.author.following)).toEqual([true, true]);
    const anonymous = await database.comments.pageForArticle(thread.id, { limit: 10 });
    expect(anonymous.map((c) => c.author.following)).toEqual([false, false]);
    const admin = await database.comments.pageForArticle(thread.id, { limit: 2 }, reader.id, {
      includeRemoved: true,
    });
    expect(bodies(admin)).toEqual(['newest', 'removed']);
    expect(admin[1]).toMatchObject({
      removedAt: new Date('2026-06-01T00:00:00.000Z'),
      author: { following: false },
    });
    const older = await database.comments.pageForArticle(
      thread.id,
      { limit: 2, before: admin[1]! },
      reader.id,
      { includeRemoved: true },
    );
    expect(older.map((c) => [c.id, c.author.following])).toEqual([[kept.id, true]]);
  });

  it('is empty for an article without comments or a missing one', async () => {
    const quiet = await createArticle(database, author.id);
    expect(await database.comments.pageForArticle(quiet.id, { limit: 10 })).toEqual([]);
    expect(await database.comments.pageForArticle(999_999, { limit: 10 })).toEqual([]);
  });
});

describe('findWithAuthor', () => {
  it('reads one comment as a page shows it, removed ones only with includeRemoved', async () => {
    const thread = await createArticle(database, author.id);
    const created = await comment(thread, 'one');
    const [listed] = await database.comments.pageForArticle(thread.id, { limit: 1 }, reader.id);
    expect(await database.comments.findWithAuthor(created.id, reader.id)).toEqual(listed);
    expect(await database.comments.findWithAuthor(created.id)).toEqual({
      ...listed,
      author: { ...listed!.author, following: false },
    });
    const at = new Date('2026-06-01T00:00:00.000Z');
    await database.comments.remove(created.id, at);
    expect(await database.comments.findWithAuthor(created.id, reader.id)).toBeUndefined();
    expect(
      await database.comments.findWithAuthor(created.id, reader.id, { includeRemoved: true }),
    ).toEqual({ ...listed, removedAt: at });
    expect(await database.comments.findWithAuthor(999_999)).toBeUndefined();
  });
});
