import type { ArticleRecord } from '../../../src/models/articles.js';
import { NotFoundError } from '../../../src/models/domain-errors.js';
import type { UserRecord } from '../../../src/models/users.js';
import { createArticle, createUser, openTestDatabase, type TestDatabase } from './repositories.js';

let database: TestDatabase;
let author: UserRecord;
let reader: UserRecord;
let article: ArticleRecord;

beforeAll(async () => {
  database = await openTestDatabase();
  author = await createUser(database, 'Author');
  reader = await createUser(database, 'Reader');
  article = await createArticle(database, author.id);
});

afterAll(async () => {
  await database.close();
});

it('creates comments and pages them newest first, with following for the viewer', async () => {
  const first = await database.comments.create({
    articleId: article.id,
    authorId: author.id,
    body: 'first',
  });
  expect(first).toEqual({
    id: expect.any(Number),
    body: 'first',
    createdAt: expect.any(Date),
    updatedAt: expect.any(Date),
    author: { id: author.id, username: 'Author', bio: null, image: null, following: false },
    removedAt: null,
  });
  const second = await database.comments.create({
    articleId: article.id,
    authorId: reader.id,
    body: 'second',
  });
  const third = await database.comments.create({
    articleId: article.id,
    authorId: author.id,
    body: 'third',
  });
  // Make the newest row the oldest comment, so the order cannot come from ids alone.
  await database.prisma.comment.update({
    where: { id: third.id },
    data: { createdAt: new Date('2020-01-01T00:00:00Z') },
  });
  await database.profiles.follow(reader.id, author.id);

  const listed = await database.comments.pageForArticle(article.id, { limit: 10 }, reader.id);
  expect(listed.map((c) => c.body)).toEqual(['second', 'first', 'third']);
  expect(listed.map((c) => c.author.following)).toEqual([false, true, true]);
  const anonymous = await database.comments.pageForArticle(article.id, { limit: 10 });
  expect(anonymous.map((c) => c.author.following)).toEqual([false, false, false]);
  expect(anonymous[0]).toEqual(second);
});

it('refuses a comment on a missing article with NotFoundError("article")', async () => {
  await expect(
    database.comments.create({ articleId: 999_999, authorId: author.id, body: 'x' }),
  ).rejects.toEqual(new NotFoundError('article'));
  expect(await database.comments.pageForArticle(999_999, { limit: 10 })).toEqual([]);
});

it('finds ownership and removes idempotently, keeping the row', async () => {
  const comment = await database.comments.create({
    articleId: article.id,
    authorId: reader.id,
    body: 'to delete',
  });
  expect(await database.comments.find(comment.id)).toEqual({
    id: comment.id,
    articleId: article.id,
    authorId: reader.id,
    removedAt: null,
  });
  const at = new Date('2026-06-01T00:00:00.000Z');
  await database.comments.remove(comment.id, at);
  await database.comments.remove(comment.id, new Date());
  expect(await database.comments.find(comment.id)).toBeUndefined();
  expect(await database.prisma.comment.findUnique({ where: { id: comment.id } })).toMatchObject({
    removedAt: at,
    updatedAt: comment.updatedAt,
  });
});
