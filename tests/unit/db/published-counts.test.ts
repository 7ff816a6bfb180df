// The counts triggers keep on PostgreSQL (article_counts: published articles; tags.articles_count:
// published articles per tag) agree with the rows after every kind of write: publish, change
// tags, remove, restore, and deletes cascading from an account.
import type { TestDatabase } from './repositories.js';
import { createArticle, createUser, openTestDatabase } from './repositories.js';

let database: TestDatabase;
beforeAll(async () => {
  database = await openTestDatabase();
});
afterAll(async () => {
  await database.close();
});

/** The kept counts and the same counts recomputed from the rows. */
async function counts() {
  const [kept] = await database.prisma.$queryRaw<[{ articles: number; tags: string }]>`
    SELECT (SELECT sum(published)::int FROM article_counts) AS articles,
           (SELECT string_agg(name || '=' || articles_count, ',' ORDER BY name)
              FROM tags WHERE articles_count <> 0) AS tags`;
  const [actual] = await database.prisma.$queryRaw<[{ articles: number; tags: string }]>`
    SELECT (SELECT count(*)::int FROM articles WHERE removed_at IS NULL) AS articles,
           (SELECT string_agg(name || '=' || n, ',' ORDER BY name) FROM (
              SELECT t.name, count(*) AS n FROM tags t
                JOIN article_tags at ON at.tag_id = t.id
                JOIN articles a ON a.id = at.article_id AND a.removed_at IS NULL
               GROUP BY t.name) s) AS tags`;
  return { kept, actual };
}

async function expectAgreeing(articles: number, tags: string | null) {
  const { kept, actual } = await counts();
  expect(actual).toEqual({ articles, tags });
  expect(kept).toEqual(actual);
}

describe('published counts', () => {
  it('follow publishing, tag changes, removal, restore and cascading deletes', async () => {
    const jake = await createUser(database, 'CountJake');
    const anna = await createUser(database, 'CountAnna');
    const first = await createArticle(database, jake.id, ['x', 'y']);
    const second = await createArticle(database, jake.id, ['y']);
    await createArticle(database, anna.id, ['y', 'z']);
    await expectAgreeing(3, 'x=1,y=3,z=1');

    await database.articles.update(second.id, { tagList: ['x', 'z'] }, jake.id);
    await expectAgreeing(3, 'x=2,y=2,z=2');

    await database.articles.remove(first.id, new Date());
    await database.articles.remove(first.id, new Date());
    await expectAgreeing(2, 'x=1,y=1,z=2');

    // Tags change on a removed article count only once it is back.
    await database.articles.update(first.id, { tagList: ['z'] }, jake.id);
    await expectAgreeing(2, 'x=1,y=1,z=2');
    await database.articles.restore(first.id);
    await database.articles.restore(first.id);
    await expectAgreeing(3, 'x=1,y=1,z=3');

    // Deleting an account deletes its articles and their links (cascades).
    await database.prisma.user.delete({ where: { id: anna.id } });
    await expectAgreeing(2, 'x=1,z=2');
  });
});
