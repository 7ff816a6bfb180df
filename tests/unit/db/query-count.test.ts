// Proves the lists have no N+1: the statements the database receives (reported by the onQuery
// hook of openPrismaDatabase, at the driver adapter) do not grow with the number of rows.
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

  // The page, the count, authors, tag links, tags, favorite counts; for a viewer also the
  // viewer's favorites and follows.
  it.each<['viewer' | 'anonymous', number, string, (viewerId: number) => ArticleFilter]>([
    ['viewer', 8, 'no filter', () => ({})],
    ['anonymous', 6, 'no filter', () => ({})],
    ['viewer', 8, 'the feed', (viewerId) => ({ followedBy: viewerId })],
    [
      'viewer',
      8,
      'feed, tag and favorited',
      (id) => ({ followedBy: id, tag: 'common', favoritedBy: 'F1' }),
    ],
  ])('%s: %i queries for 2 or 40 articles, %s', async (who, expected, _name, filter) => {
    const viewerId = who === 'viewer' ? viewer.id : undefined;
    const list = async (limit: number) => {
      const result = await database.articles.list(filter(viewer.id), { limit }, viewerId);
      expect(result.articles).toHaveLength(limit);
      expect(result.articlesCount).toBe(40);
      for (const article of result.articles) {
        expect(article.tagList).toHaveLength(3);
        expect(article.favoritesCount).toBe(3);
        expect(article.favorited).toBe(viewerId !== undefined);
        expect(article.author.following).toBe(viewerId !== undefined);
      }
    };
    const small = await statementsOf(() => list(2));
    const large = await statementsOf(() => list(40));
    expect(large).toHaveLength(small.length);
    expect(small).toHaveLength(expected);
    // Same statements, only the number of IN (...) parameters differs.
    const shape = (sql: string) =>
      sql.replace(/\(\$\d+(,\$\d+)*\)/g, '(...)').replace(/\$\d+/g, '$');
    expect(large.map(shape)).toEqual(small.map(shape));
  });

  it('findBySlug reads one article in the same few queries', async () => {
    const { articles } = await database.articles.list({}, { limit: 1 });
    const read = await statementsOf(() =>
      database.articles.findBySlug(articles[0]!.slug, viewer.id),
    );
    expect(read).toHaveLength(7);
  });
});

describe('comments.listForArticle', () => {
  it('runs the same three queries for 2 or 40 comments', async () => {
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
    expect(small).toHaveLength(3);
    expect(large).toHaveLength(3);
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
