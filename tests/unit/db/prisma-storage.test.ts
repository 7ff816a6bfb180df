// What the Prisma backends store, beyond what the repository suite (repository-suite.ts) sees:
// the rows each write leaves, shared tag rows, and constraints that hold when the repositories
// are bypassed. On the run's PostgreSQL server, with the PrismaClient beside the repositories.
import { ConflictError, NotFoundError } from '../../../src/conduit/models/domain-errors.js';
import type { UserRecord } from '../../../src/conduit/models/users.js';
import { createArticle, createUser, openTestDatabase, type TestDatabase } from './repositories.js';

let database: TestDatabase;

beforeAll(async () => {
  database = await openTestDatabase();
});

afterAll(async () => {
  await database.close();
});

describe('rows', () => {
  let author: UserRecord;
  let reader: UserRecord;

  beforeAll(async () => {
    author = await createUser(database, 'Writer');
    reader = await createUser(database, 'Reader');
  });

  it('shares tags between articles by name', async () => {
    await createArticle(database, author.id, ['shared', 'one']);
    await createArticle(database, author.id, ['two', 'shared']);
    expect(await database.prisma.tag.count({ where: { name: 'shared' } })).toBe(1);
  });

  it('a create or an update that fails leaves no tag row behind', async () => {
    const first = await createArticle(database, author.id);
    const taken = {
      authorId: author.id,
      slug: first.slug,
      title: 'T',
      description: 'd',
      body: 'b',
    };
    await expect(
      database.articles.create({ ...taken, tagList: ['only-in-the-failed-one'] }),
    ).rejects.toBeInstanceOf(ConflictError);
    await expect(
      database.articles.update(999_999, { tagList: ['orphan-of-update'] }, reader.id),
    ).rejects.toBeInstanceOf(NotFoundError);
    const names = ['only-in-the-failed-one', 'orphan-of-update'];
    expect(await database.prisma.tag.count({ where: { name: { in: names } } })).toBe(0);
  });

  it('remove keeps the row, its tag links, favorites and comments, and updatedAt', async () => {
    const doomed = await createArticle(database, author.id, ['doomed-tag']);
    await database.articles.favorite(reader.id, doomed.id);
    await database.comments.create({ articleId: doomed.id, authorId: reader.id, body: 'c' });
    const at = new Date('2026-06-01T00:00:00.000Z');

    await database.articles.remove(doomed.id, at);
    await database.articles.remove(doomed.id, new Date());

    const where = { articleId: doomed.id };
    expect(await database.articles.findBySlug(doomed.slug)).toBeUndefined();
    expect(await database.prisma.article.findUnique({ where: { id: doomed.id } })).toMatchObject({
      removedAt: at,
      updatedAt: doomed.updatedAt,
    });
    expect(await database.prisma.articleTag.count({ where })).toBe(1);
    expect(await database.prisma.favorite.count({ where })).toBe(1);
    expect(await database.prisma.comment.count({ where })).toBe(1);
    expect(await database.tags.list({ limit: 100 })).not.toContain('doomed-tag');
  });
});

describe('database constraints', () => {
  it('refuses a self-follow even when the repository is bypassed', async () => {
    const user = await createUser(database, 'SelfLover');
    await expect(
      database.prisma.follow.create({ data: { followerId: user.id, followingId: user.id } }),
    ).rejects.toThrow(/follows_not_self_check/);
  });
});
