// Proves each read is one SQL statement (a list page's count included), whatever the number of
// rows, the filters and the viewer: the statements the database receives are reported
// by the onQuery hook of openPrismaDatabase, at the driver adapter.
import type { ArticleFilter } from '../../../src/models/articles.js';
import type { UserRecord } from '../../../src/models/users.js';
import { createArticle, createUser, openTestDatabase, type TestDatabase } from './repositories.js';

let database: TestDatabase;
let statements: string[] = [];

beforeAll(async () => {
  database = await openTestDatabase({ onQuery: (sql) => statements.push(sql) });
});

afterAll(async () => {
  await database.close();
});

/** The statements `work` sends to the database. */
async function statementsOf(work: () => Promise<unknown>): Promise<string[]> {
  statements = [];
  await work();
  return statements;
}

describe('articles.list', () => {
  let viewer: UserRecord;

  // 40 articles by 4 authors the viewer follows, each with 3 tags and 3 favorites (one of them
  // the viewer's), so every relation a summary reads has rows on every article.
  beforeAll(async () => {
    viewer = await createUser(database, 'Viewer');
    const authors = await Promise.all(['W1', 'W2', 'W3', 'W4'].map((n) => createUser(database, n)));
    const fans = await Promise.all(['F1', 'F2'].map((n) => createUser(database, n)));
    for (const author of authors) await database.profiles.follow(viewer.id, author.id);
    for (let i = 0; i < 40; i += 1) {
      const author = authors[i % authors.length]!;
      const article = await createArticle(database, author.id, ['common', `t${i % 5}`, `u${i}`]);
      for (const fan of [viewer, ...fans]) await database.articles.favorite(fan.id, article.id);
    }
  });

  // The page, with authors, tags, favorite counts, the viewer's flags and the count in it.
  it.each<['viewer' | 'anonymous', number, string, (viewerId: number) => ArticleFilter]>([
    ['viewer', 1, 'no filter', () => ({})],
    ['anonymous', 1, 'no filter', () => ({})],
    ['viewer', 1, 'the feed', (viewerId) => ({ followedBy: viewerId })],
    [
      'viewer',
      1,
      'feed, tag and favorited',
      (id) => ({ followedBy: id, tag: 'common', favoritedBy: 'F1' }),
    ],
    ['anonymous', 1, 'author and tag', () => ({ author: 'w1', tag: 'common' })],
  ])('%s: %i statements for 2 or 40 articles, %s', async (who, expected, name, filter) => {
    const viewerId = who === 'viewer' ? viewer.id : undefined;
    // W1 wrote every fourth article.
    const total = name === 'author and tag' ? 10 : 40;
    const list = async (limit: number) => {
      const result = await database.articles.list(filter(viewer.id), { limit }, viewerId);
      expect(result.articles).toHaveLength(Math.min(limit, total));
      expect(result.articlesCount).toBe(total);
      for (const article of result.articles) {
        expect(article.tagList).toHaveLength(3);
        expect(article.favoritesCount).toBe(3);
        expect(article.favorited).toBe(viewerId !== undefined);
        expect(article.author.following).toBe(viewerId !== undefined);
      }
    };
    const small = await statementsOf(() => list(2));
    const large = await statementsOf(() => list(40));
    expect(small).toHaveLength(expected);
    // The same statement: the page size is a parameter.
    expect(large).toEqual(small);
  });

  it('findBySlug reads one article in one statement', async () => {
    const { articles } = await database.articles.list({}, { limit: 1 });
    const read = await statementsOf(() =>
      database.articles.findBySlug(articles[0]!.slug, viewer.id),
    );
    expect(read).toHaveLength(1);
  });
});

describe('tags.list and profiles.findByUsername', () => {
  it('read in one statement each', async () => {
    const viewer = await createUser(database, 'TagViewer');
    const author = await createUser(database, 'TagAuthor');
    await database.profiles.follow(viewer.id, author.id);
    await createArticle(database, author.id, ['one', 'two']);
    const tags = await statementsOf(async () => {
      expect(await database.tags.list()).toEqual(expect.arrayContaining(['one', 'two']));
    });
    const profile = await statementsOf(async () => {
      const found = await database.profiles.findByUsername('tagauthor', viewer.id);
      expect(found).toMatchObject({ username: 'TagAuthor', following: true });
    });
    expect(tags).toHaveLength(1);
    expect(profile).toHaveLength(1);
  });
});

describe('comments.listForArticle', () => {
  it('runs one statement for 2 or 40 comments', async () => {
    const viewer = await createUser(database, 'Reader');
    const author = await createUser(database, 'Poster');
    const commenters = await Promise.all(
      ['C1', 'C2', 'C3', 'C4'].map((n) => createUser(database, n)),
    );
    for (const commenter of commenters) await database.profiles.follow(viewer.id, commenter.id);
    const few = await createArticle(database, author.id);
    const many = await createArticle(database, author.id);
    for (let i = 0; i < 40; i += 1) {
      const authorId = commenters[i % commenters.length]!.id;
      if (i < 2) await database.comments.create({ articleId: few.id, authorId, body: `c${i}` });
      await database.comments.create({ articleId: many.id, authorId, body: `c${i}` });
    }

    const listed: number[] = [];
    const small = await statementsOf(async () => {
      const comments = await database.comments.listForArticle(few.id, viewer.id);
      listed.push(comments.length);
      expect(comments.every((c) => c.author.following)).toBe(true);
    });
    const large = await statementsOf(async () => {
      const comments = await database.comments.listForArticle(many.id, viewer.id);
      listed.push(comments.length);
      expect(comments.every((c) => c.author.following)).toBe(true);
    });
    expect(listed).toEqual([2, 40]);
    expect(small).toHaveLength(1);
    expect(large).toEqual(small);
  });
});

describe('users.findRole', () => {
  it('reads the role alone, in one query', async () => {
    const user = await createUser(database, 'RoleReader');
    const sent = await statementsOf(async () => {
      expect(await database.users.findRole(user.id)).toBe('user');
    });
    expect(sent).toHaveLength(1);
    // Prisma adds the key; nothing else of the user is read.
    expect(sent[0]).toMatch(/^SELECT "public"\."users"\."id", "public"\."users"\."role" FROM /);
  });
});

describe('the onQuery hook', () => {
  it('reports the statements of transactions, with their BEGIN and COMMIT', async () => {
    const author = await createUser(database, 'Tx');
    const sent = await statementsOf(() => createArticle(database, author.id, ['a', 'b']));
    expect(sent[0]).toBe('BEGIN');
    expect(sent).toContain('COMMIT');
    expect(sent.some((sql) => /^INSERT INTO "public"."articles"/.test(sql))).toBe(true);
  });

  it('reports ROLLBACK when a transaction fails', async () => {
    const author = await createUser(database, 'Rollback');
    const first = await createArticle(database, author.id);
    const sent = await statementsOf(() =>
      database.articles
        .create({ ...first, authorId: author.id, tagList: [] })
        .catch((error: unknown) => error),
    );
    expect(sent[0]).toBe('BEGIN');
    expect(sent.at(-1)).toBe('ROLLBACK');
  });
});
