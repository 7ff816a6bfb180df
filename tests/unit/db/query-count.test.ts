// Proves each read is one SQL statement (a list page's count included), whatever the number of
// rows, the filters and the viewer: the statements the database receives are reported
// by the onQuery hook of openPrismaDatabase, at the driver adapter.
import type { ArticleFilter } from '../../../src/conduit/models/articles.js';
import type { CommentRecord } from '../../../src/conduit/models/comments.js';
import type { UserRecord } from '../../../src/conduit/models/users.js';
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
  // 520 tags in use (26 articles of 20), more than the largest list the API asks for (500).
  beforeAll(async () => {
    const author = await createUser(database, 'TagAuthor');
    for (let a = 0; a < 26; a += 1) {
      const tags = Array.from(
        { length: 20 },
        (_, t) => `tag-${String(a * 20 + t).padStart(3, '0')}`,
      );
      await createArticle(database, author.id, a === 0 ? [...tags, 'one', 'two'] : tags);
    }
  });

  it.each<[string, string | undefined, number, number]>([
    ['the default list', undefined, 100, 100],
    ['the largest list', undefined, 500, 500],
    ['a prefix matching more than the limit', 'tag-', 500, 500],
    ['a prefix matching a few', 'tag-25', 500, 10],
    ['a prefix matching none', 'none-', 500, 0],
  ])(
    'tags.list reads %s in one statement, the same for any limit',
    async (_name, prefix, limit, count) => {
      const list = (at: number) => async () => {
        const tags = await database.tags.list({
          limit: at,
          ...(prefix !== undefined && { prefix }),
        });
        expect(tags).toHaveLength(Math.min(at, count));
      };
      const small = await statementsOf(list(1));
      const large = await statementsOf(list(limit));
      expect(small).toHaveLength(1);
      expect(large).toEqual(small);
    },
  );

  it('profiles.findByUsername reads in one statement', async () => {
    const viewer = await createUser(database, 'TagViewer');
    await database.profiles.follow(
      viewer.id,
      (await database.users.findByUsername('tagauthor'))!.id,
    );
    const profile = await statementsOf(async () => {
      const found = await database.profiles.findByUsername('tagauthor', viewer.id);
      expect(found).toMatchObject({ username: 'TagAuthor', following: true });
    });
    expect(profile).toHaveLength(1);
  });
});

describe('comments.pageForArticle and findWithAuthor', () => {
  let viewer: UserRecord;
  let thread: number;
  let newest: CommentRecord[];

  // 150 comments by 4 commenters the viewer follows, some removed: more than the largest page
  // (100) whichever comments are shown.
  beforeAll(async () => {
    viewer = await createUser(database, 'Reader');
    const author = await createUser(database, 'Poster');
    const commenters = await Promise.all(
      ['C1', 'C2', 'C3', 'C4'].map((n) => createUser(database, n)),
    );
    for (const commenter of commenters) await database.profiles.follow(viewer.id, commenter.id);
    thread = (await createArticle(database, author.id)).id;
    for (let i = 0; i < 150; i += 1) {
      const authorId = commenters[i % commenters.length]!.id;
      const comment = await database.comments.create({
        articleId: thread,
        authorId,
        body: `c${i}`,
      });
      if (i % 10 === 0) await database.comments.remove(comment.id, new Date());
    }
    newest = await database.comments.pageForArticle(thread, { limit: 100 }, viewer.id);
  });

  it.each<[string, 'viewer' | 'anonymous', boolean, boolean]>([
    ['the newest page', 'viewer', false, false],
    ['the newest page', 'anonymous', false, false],
    ['a page from a position', 'viewer', true, false],
    ["an admin's page from a position", 'viewer', true, true],
  ])('%s (%s): one statement for 2 or 101 comments', async (_name, who, fromPosition, removed) => {
    const viewerId = who === 'viewer' ? viewer.id : undefined;
    const before = fromPosition ? newest[9] : undefined;
    const page = (limit: number) => async () => {
      const comments = await database.comments.pageForArticle(
        thread,
        { limit, ...(before && { before }) },
        viewerId,
        { includeRemoved: removed },
      );
      expect(comments).toHaveLength(limit);
      expect(comments.every((c) => c.author.following === (viewerId !== undefined))).toBe(true);
    };
    const small = await statementsOf(page(2));
    // One past the largest page, as the service asks.
    const large = await statementsOf(page(101));
    expect(small).toHaveLength(1);
    expect(large).toEqual(small);
  });

  it('findWithAuthor reads one comment in one statement', async () => {
    const read = await statementsOf(async () => {
      const comment = await database.comments.findWithAuthor(newest[0]!.id, viewer.id);
      expect(comment).toEqual(newest[0]);
    });
    expect(read).toHaveLength(1);
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
