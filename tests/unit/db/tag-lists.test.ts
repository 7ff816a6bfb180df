// The tag list's limit and prefix, on the backend TEST_DATABASE_URL names (see
// openBackendDatabase).
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

beforeAll(async () => {
  opened = await openBackendDatabase();
  ({ database } = opened);
  author = await createUser(database, 'Tagger');
  // Uses: dragons 4, drama 3, draft 2, Dragons 2, dry 1, and one each for the rest.
  await createArticle(database, author.id, ['dragons', 'drama', 'draft', 'Dragons', 'dry']);
  await createArticle(database, author.id, ['dragons', 'drama', 'draft', 'Dragons']);
  await createArticle(database, author.id, ['dragons', 'drama']);
  await createArticle(database, author.id, ['dragons']);
  await createArticle(database, author.id, ['c++', 'c#', 'a.b', 'a+b', '[x]', '(y)', '100%']);
  await createArticle(database, author.id, ['x_y', 'back\\slash', '$money', '^hat', 'a|b', 'x*']);
  await createArticle(database, author.id, ['日本語', '日本', '🐉 dragon', 'crème', 'Crème']);
  const removed = await createArticle(database, author.id, ['dragons', 'drama', 'dropped']);
  await database.articles.remove(removed.id, new Date());
});

afterAll(async () => {
  await opened.close();
});

it('gives the `limit` most used tags, ties by name', async () => {
  expect(await database.tags.list({ limit: 3 })).toEqual(['dragons', 'drama', 'Dragons']);
  expect(await database.tags.list({ limit: 1 })).toEqual(['dragons']);
  const all = await database.tags.list({ limit: 500 });
  expect(all).toHaveLength(5 + 7 + 6 + 5);
  expect(all.slice(0, 5)).toEqual(['dragons', 'drama', 'Dragons', 'draft', '$money']);
});

it('keeps, with a prefix, the most used tags that start with it, in exact case', async () => {
  expect(await database.tags.list({ limit: 10, prefix: 'dr' })).toEqual([
    'dragons',
    'drama',
    'draft',
    'dry',
  ]);
  expect(await database.tags.list({ limit: 2, prefix: 'dr' })).toEqual(['dragons', 'drama']);
  expect(await database.tags.list({ limit: 10, prefix: 'Dr' })).toEqual(['Dragons']);
  expect(await database.tags.list({ limit: 10, prefix: 'dragons' })).toEqual(['dragons']);
  expect(await database.tags.list({ limit: 10, prefix: 'dragonsx' })).toEqual([]);
  // Only removed articles have it.
  expect(await database.tags.list({ limit: 10, prefix: 'dro' })).toEqual([]);
});

it('matches every character of a prefix literally', async () => {
  const only = async (prefix: string) => database.tags.list({ limit: 10, prefix });
  expect(await only('c+')).toEqual(['c++']);
  expect(await only('c')).toEqual(['c#', 'c++', 'crème']);
  expect(await only('a.')).toEqual(['a.b']);
  expect(await only('a')).toEqual(['a+b', 'a.b', 'a|b']);
  expect(await only('[')).toEqual(['[x]']);
  expect(await only('(')).toEqual(['(y)']);
  expect(await only('100%')).toEqual(['100%']);
  expect(await only('%')).toEqual([]);
  expect(await only('x_')).toEqual(['x_y']);
  expect(await only('_')).toEqual([]);
  expect(await only('x*')).toEqual(['x*']);
  expect(await only('.*')).toEqual([]);
  expect(await only('back\\')).toEqual(['back\\slash']);
  expect(await only('$')).toEqual(['$money']);
  expect(await only('^')).toEqual(['^hat']);
  expect(await only('a|')).toEqual(['a|b']);
});

it('matches letters of any script, and compares them as they are', async () => {
  expect(await database.tags.list({ limit: 10, prefix: '日本' })).toEqual(['日本', '日本語']);
  expect(await database.tags.list({ limit: 10, prefix: '🐉' })).toEqual(['🐉 dragon']);
  expect(await database.tags.list({ limit: 10, prefix: 'cr' })).toEqual(['crème']);
  expect(await database.tags.list({ limit: 10, prefix: 'Crè' })).toEqual(['Crème']);
});
