import { createArticle, createUser, openTestDatabase, type TestDatabase } from './repositories.js';

let database: TestDatabase;

beforeAll(async () => {
  database = await openTestDatabase();
});

afterAll(async () => {
  await database.close();
});

it('lists tags in use, most used first, then by name', async () => {
  expect(await database.tags.list({ limit: 100 })).toEqual([]);
  const author = await createUser(database, 'Tagger');
  await createArticle(database, author.id, ['b', 'a', 'c']);
  await createArticle(database, author.id, ['c', 'b']);
  await createArticle(database, author.id, ['z', 'b', 'a']);
  const dropped = await createArticle(database, author.id, ['unused-later']);
  await database.articles.update(dropped.id, { tagList: ['y'] }, author.id);
  const removed = await createArticle(database, author.id, ['c', 'gone']);
  await database.articles.remove(removed.id, new Date());

  // b: 3; a, c: 2; y, z: 1. Tags no article uses any more, or only removed ones, are left out,
  // and removed articles do not count (else c would tie b and come before a).
  expect(await database.tags.list({ limit: 100 })).toEqual(['b', 'a', 'c', 'y', 'z']);
});
