import type { ArticleFilter, ArticleRecord } from '../../../src/models/articles.js';
import { ConflictError, NotFoundError } from '../../../src/models/domain-errors.js';
import type { UserRecord } from '../../../src/models/users.js';
import {
  createArticle,
  createUser,
  openTestDatabase,
  setCreatedAt,
  type TestDatabase,
} from './repositories.js';

let database: TestDatabase;

beforeAll(async () => {
  database = await openTestDatabase();
});

afterAll(async () => {
  await database.close();
});

describe('list', () => {
  let alice: UserRecord;
  let bob: UserRecord;
  let carol: UserRecord;
  let titles: Map<number, string>;

  // a1..a4 by alice, bob, alice, bob; carol follows alice; bob favorites a1 and a3, carol a2.
  // Created in id order, but a2 is made the oldest and a3/a4 share a createdAt, so the list
  // order (createdAt desc, id desc) is a4, a3, a1, a2.
  beforeAll(async () => {
    alice = await createUser(database, 'Alice');
    bob = await createUser(database, 'Bob');
    carol = await createUser(database, 'Carol');
    const a1 = await createArticle(database, alice.id, ['x', 'y'], 'a1');
    const a2 = await createArticle(database, bob.id, ['y'], 'a2');
    const a3 = await createArticle(database, alice.id, ['z'], 'a3');
    const a4 = await createArticle(database, bob.id, ['x'], 'a4');
    await setCreatedAt(database, a1.id, '2026-01-02T00:00:00.000Z');
    await setCreatedAt(database, a2.id, '2026-01-01T00:00:00.000Z');
    await setCreatedAt(database, a3.id, '2026-01-03T00:00:00.000Z');
    await setCreatedAt(database, a4.id, '2026-01-03T00:00:00.000Z');
    await database.profiles.follow(carol.id, alice.id);
    await database.articles.favorite(bob.id, a1.id);
    await database.articles.favorite(bob.id, a3.id);
    await database.articles.favorite(carol.id, a2.id);
    titles = new Map([a1, a2, a3, a4].map((a) => [a.id, a.title]));
  });

  const titlesOf = (articles: { id: number }[]) => articles.map((a) => titles.get(a.id));

  async function listed(filter: ArticleFilter, viewerId?: number) {
    const { articles, articlesCount } = await database.articles.list(
      filter,
      { limit: 10 },
      viewerId,
    );
    expect(articlesCount).toBe(articles.length);
    return titlesOf(articles);
  }

  it('lists newest first, then by id descending', async () => {
    expect(await listed({})).toEqual(['a4', 'a3', 'a1', 'a2']);
  });

  it.each<[string, () => ArticleFilter, string[]]>([
    ['tag', () => ({ tag: 'x' }), ['a4', 'a1']],
    ['author, ignoring case', () => ({ author: 'ALICE' }), ['a3', 'a1']],
    ['favoritedBy, ignoring case', () => ({ favoritedBy: 'bOB' }), ['a3', 'a1']],
    ['followedBy (the feed)', () => ({ followedBy: carol.id }), ['a3', 'a1']],
    ['tag and favoritedBy', () => ({ tag: 'x', favoritedBy: 'bob' }), ['a1']],
    ['author and tag', () => ({ author: 'alice', tag: 'z' }), ['a3']],
    ['followedBy and tag', () => ({ followedBy: carol.id, tag: 'y' }), ['a1']],
    ['author and followedBy', () => ({ author: 'bob', followedBy: carol.id }), []],
    [
      'all four',
      () => ({ tag: 'y', author: 'alice', favoritedBy: 'bob', followedBy: carol.id }),
      ['a1'],
    ],
    ['an unknown tag', () => ({ tag: 'nope' }), []],
    ['an unknown author', () => ({ author: 'nobody' }), []],
  ])('filters by %s', async (_name, filter, expected) => {
    expect(await listed(filter())).toEqual(expected);
  });

  it('pages with offset, counting every match', async () => {
    const page = await database.articles.list({}, { limit: 2, offset: 1 });
    expect(titlesOf(page.articles)).toEqual(['a3', 'a1']);
    expect(page.articlesCount).toBe(4);
    const past = await database.articles.list({ tag: 'x' }, { limit: 2, offset: 5 });
    expect(past).toEqual({ articles: [], articlesCount: 2 });
  });

  it('pages with a cursor: strictly after the position, ties broken by id', async () => {
    const first = await database.articles.list({}, { limit: 1 });
    expect(titlesOf(first.articles)).toEqual(['a4']);
    const [a4] = first.articles;
    // a3 has the same createdAt as a4 but a smaller id, so it comes next.
    const next = await database.articles.list({}, { limit: 2, after: a4! });
    expect(titlesOf(next.articles)).toEqual(['a3', 'a1']);
    expect(next.articlesCount).toBe(4);
    const last = next.articles[1]!;
    const rest = await database.articles.list({}, { limit: 5, after: last });
    expect(titlesOf(rest.articles)).toEqual(['a2']);
    const filtered = await database.articles.list({ author: 'alice' }, { limit: 5, after: a4! });
    expect(titlesOf(filtered.articles)).toEqual(['a3', 'a1']);
  });

  it("shows each viewer's favorited and following, and exact favorite counts", async () => {
    const view = async (viewerId?: number) => {
      const { articles } = await database.articles.list({}, { limit: 10 }, viewerId);
      return articles.map((a) => ({
        title: titles.get(a.id),
        favorited: a.favorited,
        count: a.favoritesCount,
        following: a.author.following,
      }));
    };
    expect(await view(carol.id)).toEqual([
      { title: 'a4', favorited: false, count: 0, following: false },
      { title: 'a3', favorited: false, count: 1, following: true },
      { title: 'a1', favorited: false, count: 1, following: true },
      { title: 'a2', favorited: true, count: 1, following: false },
    ]);
    expect(await view(bob.id)).toEqual([
      { title: 'a4', favorited: false, count: 0, following: false },
      { title: 'a3', favorited: true, count: 1, following: false },
      { title: 'a1', favorited: true, count: 1, following: false },
      { title: 'a2', favorited: false, count: 1, following: false },
    ]);
    const anonymous = await view(undefined);
    expect(anonymous.every((a) => !a.favorited && !a.following)).toBe(true);
  });

  it('returns summaries: no body, tags in order, the author as a profile', async () => {
    const { articles } = await database.articles.list({ author: 'alice', tag: 'x' }, { limit: 1 });
    expect(articles).toEqual([
      {
        id: expect.any(Number),
        slug: expect.any(String),
        title: 'a1',
        description: 'About it',
        tagList: ['x', 'y'],
        createdAt: new Date('2026-01-02T00:00:00.000Z'),
        updatedAt: expect.any(Date),
        favorited: false,
        favoritesCount: 1,
        author: { id: alice.id, username: 'Alice', bio: null, image: null, following: false },
        removedAt: null,
      },
    ]);
  });
});

describe('create, findBySlug, update, remove', () => {
  let author: UserRecord;
  let reader: UserRecord;

  beforeAll(async () => {
    author = await createUser(database, 'Writer');
    reader = await createUser(database, 'Reader');
  });

  it("stores the tags in the author's order, and finds the article by slug", async () => {
    const created = await createArticle(database, author.id, ['zeta', 'alpha', 'mid', 'zeta']);
    expect(created).toMatchObject({
      tagList: ['zeta', 'alpha', 'mid'],
      body: 'The body',
      favorited: false,
      favoritesCount: 0,
      author: { id: author.id, username: 'Writer', following: false },
    });
    expect(await database.articles.findBySlug(created.slug)).toEqual(created);
    expect(await database.articles.findBySlug('no-such-slug')).toBeUndefined();
  });

  it('shares tags between articles by name', async () => {
    await createArticle(database, author.id, ['shared', 'one']);
    await createArticle(database, author.id, ['two', 'shared']);
    expect(await database.prisma.tag.count({ where: { name: 'shared' } })).toBe(1);
  });

  it('refuses a taken slug with ConflictError(["slug"]) and leaves nothing behind', async () => {
    const first = await createArticle(database, author.id);
    const again = database.articles.create({
      authorId: author.id,
      slug: first.slug,
      title: 'Other',
      description: 'd',
      body: 'b',
      tagList: ['only-in-the-failed-one'],
    });
    await expect(again).rejects.toEqual(new ConflictError(['slug']));
    await expect(again).rejects.toBeInstanceOf(ConflictError);
    expect(await database.prisma.tag.count({ where: { name: 'only-in-the-failed-one' } })).toBe(0);
  });

  it('refuses an unknown author with NotFoundError', async () => {
    await expect(createArticle(database, 999_999)).rejects.toBeInstanceOf(NotFoundError);
  });

  it('updates fields, replaces the tags in the new order, and bumps updatedAt', async () => {
    const created = await createArticle(database, author.id, ['a', 'b']);
    await new Promise((resolve) => setTimeout(resolve, 5));
    const updated = await database.articles.update(
      created.id,
      { title: 'New title', tagList: ['c', 'a'] },
      reader.id,
    );
    expect(updated).toMatchObject({
      slug: created.slug,
      title: 'New title',
      description: created.description,
      tagList: ['c', 'a'],
    });
    expect(updated.updatedAt.getTime()).toBeGreaterThan(created.updatedAt.getTime());
    expect(updated.createdAt).toEqual(created.createdAt);

    const bodyOnly = await database.articles.update(created.id, { body: 'New body' }, reader.id);
    expect(bodyOnly).toMatchObject({ body: 'New body', title: 'New title', tagList: ['c', 'a'] });
    const tagsOnly = await database.articles.update(created.id, { tagList: [] }, reader.id);
    expect(tagsOnly.tagList).toEqual([]);
    expect(tagsOnly.updatedAt.getTime()).toBeGreaterThanOrEqual(bodyOnly.updatedAt.getTime());
  });

  it("update answers for the viewer's favorite and follow", async () => {
    const created = await createArticle(database, author.id);
    await database.articles.favorite(reader.id, created.id);
    await database.profiles.follow(reader.id, author.id);
    const updated = await database.articles.update(created.id, { title: 'T' }, reader.id);
    expect(updated).toMatchObject({ favorited: true, favoritesCount: 1 });
    expect(updated.author.following).toBe(true);
    await database.profiles.unfollow(reader.id, author.id);
  });

  it('update of a missing article throws NotFoundError and links nothing', async () => {
    await expect(
      database.articles.update(999_999, { tagList: ['orphan-of-update'] }, reader.id),
    ).rejects.toEqual(new NotFoundError('article'));
    expect(await database.prisma.tag.count({ where: { name: 'orphan-of-update' } })).toBe(0);
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

  it('a removed article keeps its slug', async () => {
    const removed = await createArticle(database, author.id);
    await database.articles.remove(removed.id, new Date());
    await expect(
      database.articles.create({
        authorId: author.id,
        slug: removed.slug,
        title: 'Other',
        description: 'd',
        body: 'b',
        tagList: [],
      }),
    ).rejects.toEqual(new ConflictError(['slug']));
  });
});

describe('favorite and unfavorite', () => {
  let author: UserRecord;
  let article: ArticleRecord;

  beforeAll(async () => {
    author = await createUser(database, 'Favorited');
    article = await createArticle(database, author.id);
  });

  const count = async () => (await database.articles.findBySlug(article.slug))!.favoritesCount;

  it('are idempotent', async () => {
    const fan = await createUser(database, 'Fan');
    await database.articles.favorite(fan.id, article.id);
    await database.articles.favorite(fan.id, article.id);
    expect(await count()).toBe(1);
    expect((await database.articles.findBySlug(article.slug, fan.id))?.favorited).toBe(true);
    await database.articles.unfavorite(fan.id, article.id);
    await database.articles.unfavorite(fan.id, article.id);
    expect(await count()).toBe(0);
    expect((await database.articles.findBySlug(article.slug, fan.id))?.favorited).toBe(false);
  });

  it('favorite of a missing article throws NotFoundError("article")', async () => {
    await expect(database.articles.favorite(author.id, 999_999)).rejects.toEqual(
      new NotFoundError('article'),
    );
    await expect(database.articles.unfavorite(author.id, 999_999)).resolves.toBeUndefined();
  });

  it('stay exact under 30 concurrent calls by different users', async () => {
    const users = await Promise.all(
      Array.from({ length: 30 }, (_, i) => createUser(database, `racer${i}`)),
    );
    // All favorite at once, each twice; then a third unfavorite while the rest favorite again.
    await Promise.all(
      users.flatMap((user) => [
        database.articles.favorite(user.id, article.id),
        database.articles.favorite(user.id, article.id),
      ]),
    );
    expect(await count()).toBe(30);
    await Promise.all(
      users.map((user, i) =>
        i % 3 === 0
          ? database.articles.unfavorite(user.id, article.id)
          : database.articles.favorite(user.id, article.id),
      ),
    );
    const rows = await database.prisma.favorite.count({ where: { articleId: article.id } });
    expect(rows).toBe(20);
    expect(await count()).toBe(rows);
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
