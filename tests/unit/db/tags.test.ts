import { createArticle, createUser, openTestDatabase, type TestDatabase } from './repositories.js';

let database: TestDatabase;

beforeAll(async () => {
  database = await openTestDatabase();
});

afterAll(async () => {
  await database.close();
});

it('lists tags in use, most used first, then by name', async () => {
  expect(await database.tags.list()).toEqual([]);
  const author = await createUser(database, 'Tagger');
  await createArticle(database, author.id, ['b', 'a', 'c']);
  await createArticle(database, author.id, ['c', 'b']);
  await createArticle(database, author.id, ['z', 'b', 'a']);
  const dropped = await createArticle(database, author.id, ['unused-later']);
  await database.articles.update(dropped.id, { tagList: ['y'] }, author.id);
  const deleted = await createArticle(database, author.id, ['gone']);
  await database.articles.delete(deleted.id);

  // b: 3; a, c: 2; y, z: 1. Tags no article uses any more are left out.
  expect(await database.tags.list()).toEqual(['b', 'a', 'c', 'y', 'z']);
});
