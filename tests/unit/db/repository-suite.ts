// The repository contract every backend keeps: one suite of behaviour seen through the
// repositories, run by a short file per backend (repositories-<backend>.test.ts) with the tests
// that backend skips and why. What only one backend stores or guarantees (rows, documents,
// constraints, command counts) is tested beside it, apart from this suite.
import { afterAll, beforeAll, describe, expect, it as itRuns } from '@jest/globals';
import type { ArticleFilter, ArticleRecord } from '../../../src/conduit/models/articles.js';
import type { Database } from '../../../src/conduit/models/database.js';
import {
  ChangedError,
  ConflictError,
  NotFoundError,
  ValidationError,
} from '../../../src/conduit/models/domain-errors.js';
import type { UserRecord } from '../../../src/conduit/models/users.js';
import { type BackendDatabase, createArticle, createUser, DATABASE_KEYS } from './repositories.js';

/** Test name -> why this backend skips it. Every name must be a test of the suite. */
export type SkipList = Readonly<Record<string, string>>;

export function describeRepositorySuite(
  backendName: string,
  open: () => Promise<BackendDatabase>,
  skips: SkipList,
): void {
  const seen = new Set<string>();
  // Shadows Jest's it: a skipped test says why in its name.
  const it = (name: string, fn: () => Promise<void> | void) => {
    seen.add(name);
    const reason = skips[name];
    return reason === undefined
      ? itRuns(name, fn)
      : itRuns.skip(`${name} (skipped: ${reason})`, fn);
  };

  /** A database of its own for the enclosing describe, opened before its tests. */
  const opened = () => {
    const state: { backend?: BackendDatabase } = {};
    beforeAll(async () => {
      state.backend = await open();
    });
    afterAll(() => state.backend?.close());
    return state;
  };

  describe(`the repositories on ${backendName}`, () => {
    const state = opened();
    let backend: BackendDatabase;
    let database: Database;
    beforeAll(() => {
      backend = state.backend!;
      database = backend.database;
    });

    it('openDatabase exposes every repository', () => {
      expect(Object.keys(database).sort()).toEqual(DATABASE_KEYS);
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
        await backend.setCreatedAt('articles', a1.id, '2026-01-02T00:00:00.000Z');
        await backend.setCreatedAt('articles', a2.id, '2026-01-01T00:00:00.000Z');
        await backend.setCreatedAt('articles', a3.id, '2026-01-03T00:00:00.000Z');
        await backend.setCreatedAt('articles', a4.id, '2026-01-03T00:00:00.000Z');
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

      itRuns.each<[string, () => ArticleFilter, string[]]>([
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
        const filtered = await database.articles.list(
          { author: 'alice' },
          { limit: 5, after: a4! },
        );
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
        const { articles } = await database.articles.list(
          { author: 'alice', tag: 'x' },
          { limit: 1 },
        );
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

      it('keeps tags that differ only in case apart, and long text whole', async () => {
        // Limits of the spec: title 200, description 1000, body 100,000 characters (4-byte ones
        // here, as a MySQL TEXT column would cut them), tag 50.
        const created = await database.articles.create({
          authorId: author.id,
          slug: `long-${'t'.repeat(200)}`,
          title: 'T'.repeat(200),
          description: 'd'.repeat(1000),
          body: '\u{1F600}'.repeat(100_000),
          tagList: ['Go', 'go', 'G'.repeat(50)],
        });
        const found = await database.articles.findBySlug(created.slug);
        expect(found?.tagList).toEqual(['Go', 'go', 'G'.repeat(50)]);
        expect(found?.title).toHaveLength(200);
        expect([...(found?.body ?? '')]).toHaveLength(100_000);
        expect(found).toEqual(created);
        const tagged = await database.articles.list({ tag: 'go' }, { limit: 10, offset: 0 });
        expect(tagged.articles.map((article) => article.slug)).toEqual([created.slug]);
      });

      it('refuses a taken slug with ConflictError(["slug"])', async () => {
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
        expect(await database.tags.list({ limit: 100 })).not.toContain('only-in-the-failed-one');
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

        const bodyOnly = await database.articles.update(
          created.id,
          { body: 'New body' },
          reader.id,
        );
        expect(bodyOnly).toMatchObject({
          body: 'New body',
          title: 'New title',
          tagList: ['c', 'a'],
        });
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

      it('update only if unchanged since: ChangedError and nothing written once it has changed', async () => {
        const created = await createArticle(database, author.id, ['as-read']);
        const read = (await database.articles.findBySlug(created.slug))!;
        // Another change lands between the client's read and its conditional one.
        await new Promise((resolve) => setTimeout(resolve, 5));
        await database.articles.update(created.id, { body: 'theirs' }, author.id);
        await expect(
          database.articles.update(
            created.id,
            { body: 'mine', tagList: ['lost'] },
            author.id,
            read.updatedAt,
          ),
        ).rejects.toEqual(new ChangedError('article'));
        const now = (await database.articles.findBySlug(created.slug))!;
        expect(now).toMatchObject({ body: 'theirs', tagList: ['as-read'] });
        const fresh = await database.articles.update(
          created.id,
          { body: 'mine' },
          author.id,
          now.updatedAt,
        );
        expect(fresh.body).toBe('mine');
        await expect(
          database.articles.update(999_999, { body: 'x' }, author.id, now.updatedAt),
        ).rejects.toEqual(new NotFoundError('article'));
      });

      it('update of a missing article throws NotFoundError and links nothing', async () => {
        await expect(
          database.articles.update(999_999, { tagList: ['orphan-of-update'] }, reader.id),
        ).rejects.toEqual(new NotFoundError('article'));
        expect(await database.tags.list({ limit: 100 })).not.toContain('orphan-of-update');
      });

      it('remove hides the article and its tags, keeping the record, its favorites and updatedAt', async () => {
        const doomed = await createArticle(database, author.id, ['doomed-tag']);
        await database.articles.favorite(reader.id, doomed.id);
        const at = new Date('2026-06-01T00:00:00.000Z');
        await database.articles.remove(doomed.id, at);
        await database.articles.remove(doomed.id, new Date());
        expect(await database.articles.findBySlug(doomed.slug)).toBeUndefined();
        // Kept, with its favorites: a restore brings it back as it was.
        expect(await backend.stored('articles', doomed.id)).toEqual({
          removedAt: at,
          updatedAt: doomed.updatedAt,
        });
        expect(await backend.favoritersOf(doomed.id)).toEqual([reader.id]);
        expect(await database.tags.list({ limit: 100 })).not.toContain('doomed-tag');
        const { articles } = await database.articles.list(
          { favoritedBy: 'Reader' },
          { limit: 100 },
        );
        expect(articles.map((a) => a.id)).not.toContain(doomed.id);
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

      it('favorite of a missing article or by a missing user throws NotFoundError', async () => {
        await expect(database.articles.favorite(author.id, 999_999)).rejects.toEqual(
          new NotFoundError('article'),
        );
        await expect(database.articles.favorite(999_999, article.id)).rejects.toEqual(
          new NotFoundError('user'),
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
        // The count shown is the set stored: no favorite lost or recorded twice.
        expect(await backend.favoritersOf(article.id)).toEqual(
          users
            .filter((_, i) => i % 3 !== 0)
            .map((user) => user.id)
            .toSorted((a, b) => a - b),
        );
        expect(await count()).toBe(20);
      });
    });

    describe('profiles', () => {
      it('finds a profile by username ignoring case, with following for the viewer', async () => {
        const jake = await createUser(database, 'Jake');
        const anna = await createUser(database, 'Anna');
        expect(await database.profiles.findByUsername('jAKE')).toEqual({
          id: jake.id,
          username: 'Jake',
          bio: null,
          image: null,
          following: false,
        });
        await database.profiles.follow(anna.id, jake.id);
        expect((await database.profiles.findByUsername('jake', anna.id))?.following).toBe(true);
        expect((await database.profiles.findByUsername('jake', jake.id))?.following).toBe(false);
        expect((await database.profiles.findByUsername('jake'))?.following).toBe(false);
        expect((await database.profiles.findByUsername('anna', jake.id))?.following).toBe(false);
        expect(await database.profiles.findByUsername('nobody')).toBeUndefined();
      });

      it('follow and unfollow are idempotent, also when calls race', async () => {
        const star = await createUser(database, 'Star');
        const fan = await createUser(database, 'StarFan');
        await Promise.all(
          Array.from({ length: 10 }, () => database.profiles.follow(fan.id, star.id)),
        );
        await database.profiles.follow(fan.id, star.id);
        expect((await database.profiles.findByUsername('star', fan.id))?.following).toBe(true);
        await Promise.all(
          Array.from({ length: 10 }, () => database.profiles.unfollow(fan.id, star.id)),
        );
        await database.profiles.unfollow(fan.id, star.id);
        expect((await database.profiles.findByUsername('star', fan.id))?.following).toBe(false);
      });

      it('refuses to follow oneself or a missing user', async () => {
        const self = await createUser(database, 'Narcissus');
        await expect(database.profiles.follow(self.id, self.id)).rejects.toBeInstanceOf(
          ValidationError,
        );
        await expect(database.profiles.follow(self.id, 999_999)).rejects.toEqual(
          new NotFoundError('profile'),
        );
        await expect(database.profiles.follow(999_999, self.id)).rejects.toEqual(
          new NotFoundError('profile'),
        );
        await expect(database.profiles.unfollow(self.id, 999_999)).resolves.toBeUndefined();
      });
    });

    describe('tags', () => {
      // The list is of the whole database: this group has one of its own.
      const own = opened();
      let database: Database;
      beforeAll(() => {
        database = own.backend!.database;
      });

      it('lists tags in use, most used first, then by name', async () => {
        expect(await database.tags.list({ limit: 100 })).toEqual([]);
        const author = await createUser(database, 'Tagger');
        await createArticle(database, author.id, ['b', 'a', 'c']);
        await createArticle(database, author.id, ['c', 'b']);
        await createArticle(database, author.id, ['z', 'b', 'a', 'z']);
        const dropped = await createArticle(database, author.id, ['unused-later']);
        await database.articles.update(dropped.id, { tagList: ['y'] }, author.id);
        const removed = await createArticle(database, author.id, ['c', 'gone']);
        await database.articles.remove(removed.id, new Date());

        // b: 3; a, c: 2; y, z: 1 (z twice in one article counts once). Tags no article uses any more, or only removed ones, are left out,
        // and removed articles do not count (else c would tie b and come before a).
        expect(await database.tags.list({ limit: 100 })).toEqual(['b', 'a', 'c', 'y', 'z']);
      });

      it('are all stored and counted when articles sharing them, in any order, are written at once', async () => {
        // Two writers adding one tag may deadlock (InnoDB); the loser is retried, never lost.
        const author = await createUser(database, 'Racer');
        const orders = [
          ['p', 'q', 'r'],
          ['r', 'q', 'p'],
          ['q', 'r', 'p'],
          ['r', 'p', 'q'],
        ];
        const created = await Promise.all(
          Array.from({ length: 12 }, (_, i) =>
            database.articles.create({
              authorId: author.id,
              slug: `race-${i}`,
              title: `Race ${i}`,
              description: 'd',
              body: 'b',
              tagList: orders[i % 4]!,
            }),
          ),
        );
        const updated = await Promise.all(
          created.map((article, i) =>
            database.articles.update(
              article.id,
              { tagList: ['s', ...orders[(i + 1) % 4]!] },
              author.id,
            ),
          ),
        );
        expect(updated.map((article) => article.tagList[0])).toEqual(created.map(() => 's'));
        const top = await database.tags.list({ limit: 4 });
        expect(top).toEqual(['p', 'q', 'r', 's']);
        for (const tag of top) {
          const { articlesCount } = await database.articles.list({ tag }, { limit: 1, offset: 0 });
          expect({ tag, articlesCount }).toEqual({ tag, articlesCount: 12 });
        }
      });
    });

    describe('comments', () => {
      it('creates comments and pages them newest first, with following for the viewer', async () => {
        const author = await createUser(database, 'Commenter');
        const reader = await createUser(database, 'CommentReader');
        const article = await createArticle(database, author.id);
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
          author: {
            id: author.id,
            username: 'Commenter',
            bio: null,
            image: null,
            following: false,
          },
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
        // Make the newest comment the oldest, so the order cannot come from ids alone.
        await backend.setCreatedAt('comments', third.id, '2020-01-01T00:00:00Z');
        await database.profiles.follow(reader.id, author.id);

        const listed = await database.comments.pageForArticle(article.id, { limit: 10 }, reader.id);
        expect(listed.map((c) => c.body)).toEqual(['second', 'first', 'third']);
        expect(listed.map((c) => c.author.following)).toEqual([false, true, true]);
        const anonymous = await database.comments.pageForArticle(article.id, { limit: 10 });
        expect(anonymous.map((c) => c.author.following)).toEqual([false, false, false]);
        expect(anonymous[0]).toEqual(second);
      });

      it('refuses a comment on a missing article or by a missing user', async () => {
        const author = await createUser(database, 'Lonely');
        const article = await createArticle(database, author.id);
        await expect(
          database.comments.create({ articleId: 999_999, authorId: author.id, body: 'x' }),
        ).rejects.toEqual(new NotFoundError('article'));
        await expect(
          database.comments.create({ articleId: article.id, authorId: 999_999, body: 'x' }),
        ).rejects.toEqual(new NotFoundError('user'));
        expect(await database.comments.pageForArticle(999_999, { limit: 10 })).toEqual([]);
        expect(await database.comments.pageForArticle(article.id, { limit: 10 })).toEqual([]);
      });

      it('finds ownership and removes idempotently, keeping the record', async () => {
        const author = await createUser(database, 'Owner');
        const article = await createArticle(database, author.id);
        const comment = await database.comments.create({
          articleId: article.id,
          authorId: author.id,
          body: 'to delete',
        });
        expect(await database.comments.find(comment.id)).toEqual({
          id: comment.id,
          articleId: article.id,
          authorId: author.id,
          removedAt: null,
        });
        const at = new Date('2026-06-01T00:00:00.000Z');
        await database.comments.remove(comment.id, at);
        await database.comments.remove(comment.id, new Date());
        expect(await database.comments.find(comment.id)).toBeUndefined();
        expect(await backend.stored('comments', comment.id)).toEqual({
          removedAt: at,
          updatedAt: comment.updatedAt,
        });
      });
    });

    itRuns('skips only tests of the suite', () => {
      expect(Object.keys(skips).filter((name) => !seen.has(name))).toEqual([]);
    });
  });
}
