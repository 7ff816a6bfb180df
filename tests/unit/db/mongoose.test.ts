// The Mongoose backend, through openDatabase as the app opens it, on the MongoDB-compatible server
// TEST_MONGODB_URL names (`scripts/db/mongo-server.sh start` prints one); skipped without it. Each
// group gets its own database (<unique per file>_<group>), dropped at the end. A second, raw
// connection arranges what the repositories never let callers choose (createdAt) and reads what
// they store (favoritedBy, comments left behind).
//
// The same behaviour as the Prisma backend's tests in this folder, plus what is Mongo's own:
// duplicate-key mapping, single-document favorites under concurrency, bounded commands per list.
import { randomBytes } from 'node:crypto';
import mongoose, { type Connection, type Model } from 'mongoose';
import type { ArticleFilter, ArticlePage } from '../../../src/models/articles.js';
import { openDatabase } from '../../../src/models/backends.js';
import type { Database } from '../../../src/models/database.js';
import {
  ConflictError,
  NotFoundError,
  ValidationError,
} from '../../../src/models/domain-errors.js';
import { databaseNameOf } from '../../../src/models/mongoose/connect.js';
import {
  duplicateKeys,
  isDuplicateId,
  translateMongoError,
} from '../../../src/models/mongoose/translate-errors.js';
import { insertWithNewId, type CounterDocument } from '../../../src/models/mongoose/schemas.js';
import type { UserRecord } from '../../../src/models/users.js';
import { createArticle, createUser, DATABASE_KEYS } from './repositories.js';

const serverUrl = process.env.TEST_MONGODB_URL;
const fileDatabase = `conduit_test_mongoose_${process.pid}_${randomBytes(4).toString('hex')}`;

/** The server URL with another database name, its options kept. */
function withDatabase(url: string, name: string): string {
  const match = /^(mongodb(?:\+srv)?:\/\/[^/?]*)(?:\/[^?]*)?(\?.*)?$/i.exec(url);
  if (match === null) {
    throw new Error('TEST_MONGODB_URL must be mongodb://... or mongodb+srv://...');
  }
  return `${match[1]}/${name}${match[2] ?? ''}`;
}

interface Opened {
  database: Database;
  raw: Connection;
  /** "<command> <collection>" of every command the repositories sent. */
  commands: string[];
}

const opened: Opened[] = [];

/** A new, migrated database for one group of tests; dropped in the file's afterAll. */
async function openGroup(group: string): Promise<Opened> {
  const url = withDatabase(serverUrl!, `${fileDatabase}_${group}`);
  const commands: string[] = [];
  const database = await openDatabase(url, { onQuery: (command) => commands.push(command) });
  const raw = await mongoose.createConnection(url).asPromise();
  const result = { database, raw, commands };
  opened.push(result);
  await database.migrate();
  return result;
}

afterAll(async () => {
  for (const { database, raw } of opened) {
    await database.close();
    await raw.dropDatabase();
    await raw.close();
  }
});

/** Sets a document's createdAt, which the repositories never let callers choose. */
async function setCreatedAt(raw: Connection, collection: string, id: number, iso: string) {
  await raw
    .collection(collection)
    .updateOne({ _id: id as never }, { $set: { createdAt: new Date(iso) } });
}

describe('openDatabase picks the backend from the URL', () => {
  it.each(['mysql://me:s3cret@h/db', 'mongo://h/db', 'conduit.db', ''])(
    'rejects %p, naming every accepted form and no password',
    async (url) => {
      const attempt = openDatabase(url);
      await expect(attempt).rejects.toThrow(
        /postgresql:\/\/.*embedded:<directory path>.*mongodb:\/\/.*mongodb\+srv:\/\//,
      );
      await expect(attempt).rejects.toThrow(/^(?!.*s3cret)/s);
    },
  );

  it.each([
    ['mongodb://127.0.0.1:27018/conduit', 'conduit'],
    ['mongodb://u:p@h1:1,h2:2/app?replicaSet=rs0', 'app'],
    ['mongodb+srv://cluster.example.net/?retryWrites=true', undefined],
    ['mongodb://127.0.0.1:27018', undefined],
  ])('reads the database name of %s', (url, name) => {
    expect(databaseNameOf(url)).toBe(name);
  });
});

describe('duplicate-key errors', () => {
  // MongoDB puts keyPattern on the error; mongo-java-server only names the index in the message,
  // so the server-backed tests below exercise the message and these the key pattern.
  it.each<[string, unknown, string[] | undefined]>([
    ['keyPattern', { code: 11000, keyPattern: { usernameKey: 1 } }, ['usernameKey']],
    ['errorResponse', { code: 11000, errorResponse: { keyPattern: { slug: 1 } } }, ['slug']],
    [
      'a bulk write error',
      { code: 65, writeErrors: [{ code: 11000, keyPattern: { email: 1 } }] },
      ['email'],
    ],
    [
      'the message alone',
      {
        code: 11000,
        message:
          'E11000 duplicate key error collection: db.users index: email_1 dup key: { email: "a@b" }',
      },
      ['email'],
    ],
    ['another error', { code: 121, keyPattern: { email: 1 } }, undefined],
    ['no object', 'E11000', undefined],
  ])('finds the index keys from %s', (_name, error, keys) => {
    expect(duplicateKeys(error)).toEqual(keys);
  });

  it('maps usernameKey, email and slug to their API fields, and leaves _id alone', () => {
    expect(translateMongoError({ code: 11000, keyPattern: { usernameKey: 1 } })).toEqual(
      new ConflictError(['username']),
    );
    const taken = { code: 11000, keyPattern: { _id: 1 } };
    expect(isDuplicateId(taken)).toBe(true);
    expect(translateMongoError(taken)).toBe(taken);
  });
});

describe('insertWithNewId', () => {
  /** A counter handing out `values` in turn, as findOneAndUpdate would. */
  function counter(values: number[]): Model<CounterDocument> {
    const next = () => ({ lean: async () => ({ _id: 'things', seq: values.shift() }) });
    return { findOneAndUpdate: next } as unknown as Model<CounterDocument>;
  }
  const takenId = { code: 11000, keyPattern: { _id: 1 } };

  // mongo-java-server's findAndModify can return one value to two concurrent callers.
  it('takes the next id when the one handed out is taken', async () => {
    const tried: number[] = [];
    const insert = async (id: number) => {
      tried.push(id);
      if (id === 7) throw takenId;
    };
    await expect(insertWithNewId(counter([7, 8]), 'things', insert)).resolves.toBe(8);
    expect(tried).toEqual([7, 8]);
  });

  it('gives up after five taken ids, and never retries other errors', async () => {
    const alwaysTaken = async () => {
      throw takenId;
    };
    await expect(insertWithNewId(counter([1, 2, 3, 4, 5, 6]), 'things', alwaysTaken)).rejects.toBe(
      takenId,
    );
    const slugTaken = { code: 11000, keyPattern: { slug: 1 } };
    let calls = 0;
    const insert = async () => {
      calls += 1;
      throw slugTaken;
    };
    await expect(insertWithNewId(counter([1, 2]), 'things', insert)).rejects.toBe(slugTaken);
    expect(calls).toBe(1);
  });
});

const describeOnMongo = serverUrl === undefined ? describe.skip : describe;
const onMongo = (name: string) =>
  serverUrl === undefined
    ? `${name} (skipped: set TEST_MONGODB_URL, e.g. to what scripts/db/mongo-server.sh start prints)`
    : name;

describeOnMongo(onMongo('Mongoose repositories'), () => {
  describe('users', () => {
    let database: Database;
    let raw: Connection;

    beforeAll(async () => {
      ({ database, raw } = await openGroup('users'));
    });

    it('reads users stored before roles existed as users', async () => {
      const old = await createUser(database, 'Legacy');
      await raw.collection('users').updateOne({ _id: old.id as never }, { $unset: { role: 1 } });
      expect((await database.users.findById(old.id))?.role).toBe('user');
      expect(await database.users.findRole(old.id)).toBe('user');
      expect((await database.users.setRole(old.id, 'admin')).role).toBe('admin');
    });

    it('creates users with integer ids and finds them by id and email', async () => {
      const jake = await createUser(database, 'Jake');
      expect(jake).toEqual({
        id: expect.any(Number),
        email: 'jake@example.test',
        username: 'Jake',
        passwordHash: 'hash',
        role: 'user',
        bio: null,
        image: null,
        createdAt: expect.any(Date),
        updatedAt: expect.any(Date),
      });
      expect(Number.isInteger(jake.id)).toBe(true);
      const anna = await createUser(database, 'Anna');
      expect(anna.id).toBeGreaterThan(jake.id);
      expect(await database.users.findById(jake.id)).toEqual(jake);
      expect(await database.users.findByEmail('jake@example.test')).toEqual(jake);
      expect(await database.users.findById(999_999)).toBeUndefined();
      expect(await database.users.findByEmail('nobody@example.test')).toBeUndefined();
      expect(await database.users.exists(jake.id)).toBe(true);
      expect(await database.users.exists(999_999)).toBe(false);
    });

    it('refuses a taken email or username (ignoring case) with ConflictError', async () => {
      await createUser(database, 'Taken');
      const create = (email: string, username: string) =>
        database.users.create({ email, username, passwordHash: 'h' });
      await expect(create('taken@example.test', 'Other')).rejects.toEqual(
        new ConflictError(['email']),
      );
      await expect(create('other@example.test', 'tAKEN')).rejects.toEqual(
        new ConflictError(['username']),
      );
      await expect(create('other@example.test', 'tAKEN')).rejects.toBeInstanceOf(ConflictError);
    });

    it('gives distinct ids to users created at once', async () => {
      const users = await Promise.all(
        Array.from({ length: 20 }, (_, i) => createUser(database, `together${i}`)),
      );
      expect(new Set(users.map((user) => user.id)).size).toBe(20);
    });

    it('updates, bumps updatedAt, and maps conflicts and missing users', async () => {
      const user = await createUser(database, 'Changer');
      await createUser(database, 'Occupied');
      await new Promise((resolve) => setTimeout(resolve, 5));
      const updated = await database.users.update(user.id, {
        username: 'Changed',
        bio: 'Hi',
        image: undefined,
      });
      expect(updated).toMatchObject({ username: 'Changed', bio: 'Hi', image: null });
      expect(updated.updatedAt.getTime()).toBeGreaterThan(user.updatedAt.getTime());
      expect(updated.createdAt).toEqual(user.createdAt);
      expect((await database.profiles.findByUsername('CHANGED'))?.id).toBe(user.id);
      expect(await database.profiles.findByUsername('changer')).toBeUndefined();
      await expect(database.users.update(user.id, { username: 'OCCUPIED' })).rejects.toEqual(
        new ConflictError(['username']),
      );
      await expect(
        database.users.update(user.id, { email: 'occupied@example.test' }),
      ).rejects.toEqual(new ConflictError(['email']));
      await expect(database.users.update(999_999, { bio: 'x' })).rejects.toEqual(
        new NotFoundError('user'),
      );
      // A user may take back their own name in another case.
      expect((await database.users.update(user.id, { username: 'changed' })).username).toBe(
        'changed',
      );
    });
  });

  describe('profiles', () => {
    let database: Database;

    beforeAll(async () => {
      ({ database } = await openGroup('profiles'));
    });

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
      await expect(database.profiles.follow(self.id, self.id)).rejects.toEqual(
        new ValidationError({ profile: ["can't follow yourself"] }),
      );
      await expect(database.profiles.follow(self.id, 999_999)).rejects.toEqual(
        new NotFoundError('profile'),
      );
      await expect(database.profiles.follow(999_999, self.id)).rejects.toEqual(
        new NotFoundError('profile'),
      );
      await expect(database.profiles.unfollow(self.id, 999_999)).resolves.toBeUndefined();
    });

    it('openDatabase exposes every repository', () => {
      expect(Object.keys(database).sort()).toEqual(DATABASE_KEYS);
    });
  });

  describe('articles.list', () => {
    let database: Database;
    let carol: UserRecord;
    let titles: Map<number, string>;

    // As in articles.test.ts: a1..a4 by alice, bob, alice, bob; carol follows alice; bob
    // favorites a1 and a3, carol a2. a2 is made the oldest and a3/a4 share a createdAt, so the
    // list order (createdAt desc, id desc) is a4, a3, a1, a2.
    beforeAll(async () => {
      let raw: Connection;
      ({ database, raw } = await openGroup('list'));
      const alice = await createUser(database, 'Alice');
      const bob = await createUser(database, 'Bob');
      carol = await createUser(database, 'Carol');
      const a1 = await createArticle(database, alice.id, ['x', 'y'], 'a1');
      const a2 = await createArticle(database, bob.id, ['y'], 'a2');
      const a3 = await createArticle(database, alice.id, ['z'], 'a3');
      const a4 = await createArticle(database, bob.id, ['x'], 'a4');
      await setCreatedAt(raw, 'articles', a1.id, '2026-01-02T00:00:00.000Z');
      await setCreatedAt(raw, 'articles', a2.id, '2026-01-01T00:00:00.000Z');
      await setCreatedAt(raw, 'articles', a3.id, '2026-01-03T00:00:00.000Z');
      await setCreatedAt(raw, 'articles', a4.id, '2026-01-03T00:00:00.000Z');
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
      ['author and favoritedBy', () => ({ author: 'alice', favoritedBy: 'carol' }), []],
      [
        'all four',
        () => ({ tag: 'y', author: 'alice', favoritedBy: 'bob', followedBy: carol.id }),
        ['a1'],
      ],
      ['an unknown tag', () => ({ tag: 'nope' }), []],
      ['an unknown author', () => ({ author: 'nobody' }), []],
      ['an unknown favoritedBy', () => ({ favoritedBy: 'nobody' }), []],
      ['the feed of someone following nobody', () => ({ followedBy: 999_999 }), []],
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
      // The cursor wins over an offset.
      const both = await database.articles.list({}, { limit: 5, offset: 3, after: a4! });
      expect(titlesOf(both.articles)).toEqual(['a3', 'a1', 'a2']);
    });

    it("shows each viewer's favorited and following, and exact favorite counts", async () => {
      const bob = (await database.profiles.findByUsername('bob'))!;
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
      // The feed's viewer sees their own follows.
      const feed = await database.articles.list({ followedBy: carol.id }, { limit: 10 }, carol.id);
      expect(feed.articles.map((a) => a.author.following)).toEqual([true, true]);
    });

    it('returns summaries: no body, tags in order, the author as a profile', async () => {
      const alice = (await database.profiles.findByUsername('alice'))!;
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

  describe('articles: create, findBySlug, update, remove, favorites', () => {
    let database: Database;
    let raw: Connection;
    let author: UserRecord;
    let reader: UserRecord;

    beforeAll(async () => {
      ({ database, raw } = await openGroup('articles'));
      author = await createUser(database, 'Writer');
      reader = await createUser(database, 'Reader');
    });

    const stored = (id: number) =>
      raw.collection('articles').findOne({ _id: id as never }) as Promise<{
        favoritedBy: number[];
        tagList: string[];
        removedAt: Date | null;
        updatedAt: Date;
      } | null>;

    it("stores the tags in the author's order, and finds the article by slug", async () => {
      const created = await createArticle(database, author.id, ['zeta', 'alpha', 'mid', 'zeta']);
      expect(created).toMatchObject({
        tagList: ['zeta', 'alpha', 'mid'],
        body: 'The body',
        favorited: false,
        favoritesCount: 0,
        author: { id: author.id, username: 'Writer', following: false },
      });
      expect(Number.isInteger(created.id)).toBe(true);
      expect(await database.articles.findBySlug(created.slug)).toEqual(created);
      expect(await database.articles.findBySlug('no-such-slug')).toBeUndefined();
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

    it('refuses an unknown author with NotFoundError("user")', async () => {
      await expect(createArticle(database, 999_999)).rejects.toEqual(new NotFoundError('user'));
    });

    it('updates fields, replaces the tags in the new order, and bumps updatedAt', async () => {
      const created = await createArticle(database, author.id, ['a', 'b']);
      await new Promise((resolve) => setTimeout(resolve, 5));
      const updated = await database.articles.update(
        created.id,
        { title: 'New title', tagList: ['c', 'a', 'c'] },
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

    it('update of a missing article throws NotFoundError("article")', async () => {
      await expect(
        database.articles.update(999_999, { tagList: ['orphan-of-update'] }, reader.id),
      ).rejects.toEqual(new NotFoundError('article'));
      expect(await database.tags.list({ limit: 100 })).not.toContain('orphan-of-update');
    });

    it('remove keeps the document with its favorites and comments, and updatedAt', async () => {
      const doomed = await createArticle(database, author.id, ['doomed-tag']);
      await database.articles.favorite(reader.id, doomed.id);
      await database.comments.create({ articleId: doomed.id, authorId: reader.id, body: 'c1' });
      await database.comments.create({ articleId: doomed.id, authorId: author.id, body: 'c2' });
      const at = new Date('2026-06-01T00:00:00.000Z');

      await database.articles.remove(doomed.id, at);
      await database.articles.remove(doomed.id, new Date());

      expect(await database.articles.findBySlug(doomed.slug)).toBeUndefined();
      expect(await stored(doomed.id)).toMatchObject({
        favoritedBy: [reader.id],
        tagList: ['doomed-tag'],
        removedAt: at,
        updatedAt: doomed.updatedAt,
      });
      expect(await raw.collection('comments').countDocuments({ articleId: doomed.id })).toBe(2);
      expect(await database.tags.list({ limit: 100 })).not.toContain('doomed-tag');
    });

    it('reads documents stored before removedAt existed as not removed', async () => {
      const old = await createArticle(database, author.id, ['legacy-tag']);
      await raw
        .collection('articles')
        .updateOne({ _id: old.id as never }, { $unset: { removedAt: 1 } });
      expect((await database.articles.findBySlug(old.slug))?.removedAt).toBeNull();
      expect(await database.tags.list({ limit: 100 })).toContain('legacy-tag');
      await database.articles.favorite(reader.id, old.id);
      await database.articles.remove(old.id, new Date());
      expect(await database.articles.findBySlug(old.slug)).toBeUndefined();
    });

    it('favorite and unfavorite are idempotent', async () => {
      const article = await createArticle(database, author.id);
      const fan = await createUser(database, 'Fan');
      const count = async () => (await database.articles.findBySlug(article.slug))!.favoritesCount;
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
      const article = await createArticle(database, author.id);
      await expect(database.articles.favorite(author.id, 999_999)).rejects.toEqual(
        new NotFoundError('article'),
      );
      await expect(database.articles.favorite(999_999, article.id)).rejects.toEqual(
        new NotFoundError('user'),
      );
      expect((await stored(article.id))?.favoritedBy).toEqual([]);
      await expect(database.articles.unfavorite(author.id, 999_999)).resolves.toBeUndefined();
    });

    it('favorites stay exact under 30 concurrent users: the count is the stored set', async () => {
      const article = await createArticle(database, author.id);
      const users = await Promise.all(
        Array.from({ length: 30 }, (_, i) => createUser(database, `racer${i}`)),
      );
      const count = async () => (await database.articles.findBySlug(article.slug))!.favoritesCount;
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
      const favoritedBy = (await stored(article.id))!.favoritedBy;
      expect(favoritedBy).toHaveLength(20);
      expect(new Set(favoritedBy).size).toBe(20);
      expect(favoritedBy.toSorted((a, b) => a - b)).toEqual(
        users
          .filter((_, i) => i % 3 !== 0)
          .map((user) => user.id)
          .toSorted((a, b) => a - b),
      );
      expect(await count()).toBe(20);
    });
  });

  describe('comments', () => {
    let database: Database;
    let raw: Connection;

    beforeAll(async () => {
      ({ database, raw } = await openGroup('comments'));
    });

    it('creates comments and pages them newest first, with following for the viewer', async () => {
      const author = await createUser(database, 'Author');
      const reader = await createUser(database, 'Reader');
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
      // Make the newest comment the oldest, so the order cannot come from ids alone.
      await setCreatedAt(raw, 'comments', third.id, '2020-01-01T00:00:00Z');
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

    it('finds ownership and removes idempotently, keeping the document', async () => {
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
      expect(await raw.collection('comments').findOne({ _id: comment.id as never })).toMatchObject({
        removedAt: at,
        updatedAt: comment.updatedAt,
      });
    });
  });

  describe('tags', () => {
    let database: Database;

    beforeAll(async () => {
      ({ database } = await openGroup('tags'));
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

      // b: 3; a, c: 2; y, z: 1 (z twice in one article counts once). Tags no article uses any
      // more, or only removed ones, are left out, and removed articles do not count (else c
      // would tie b and come before a).
      expect(await database.tags.list({ limit: 100 })).toEqual(['b', 'a', 'c', 'y', 'z']);
    });
  });

  describe('commands per list (no N+1)', () => {
    let database: Database;
    let commands: string[];
    let viewer: UserRecord;

    /** The commands `work` sends, in a stable order (side-by-side commands may interleave). */
    async function commandsOf(work: () => Promise<unknown>): Promise<string[]> {
      commands.length = 0;
      await work();
      return [...commands].sort();
    }

    // 40 articles by 4 authors the viewer follows, each with 3 tags and 3 favorites (one of them
    // the viewer's), as in query-count.test.ts.
    beforeAll(async () => {
      ({ database, commands } = await openGroup('commands'));
      viewer = await createUser(database, 'Viewer');
      const authors = await Promise.all(
        ['W1', 'W2', 'W3', 'W4'].map((n) => createUser(database, n)),
      );
      const fans = await Promise.all(['F1', 'F2'].map((n) => createUser(database, n)));
      for (const author of authors) await database.profiles.follow(viewer.id, author.id);
      for (let i = 0; i < 40; i += 1) {
        const author = authors[i % authors.length]!;
        const article = await createArticle(database, author.id, ['common', `t${i % 5}`, `u${i}`]);
        for (const fan of [viewer, ...fans]) await database.articles.favorite(fan.id, article.id);
      }
    });

    // The page, with its authors, tags, favorite counts and the viewer's flags joined in the same
    // aggregation, and the count: two commands. On articles, or on users when a filter names users
    // (author, favoritedBy, the feed's follower), which the command resolves before the articles.
    const ON_ARTICLES = ['aggregate articles', 'aggregate articles'];
    const ON_USERS = ['aggregate users', 'aggregate users'];
    /** A cursor before every article here: the cursor's stage runs, and every article is after. */
    const FROM_THE_FUTURE = { after: { createdAt: new Date('2100-01-01T00:00:00Z'), id: 1e9 } };
    it.each<
      [
        'viewer' | 'anonymous',
        string,
        (viewerId: number) => ArticleFilter,
        Omit<ArticlePage, 'limit'>,
        string[],
      ]
    >([
      ['viewer', 'no filter', () => ({}), {}, ON_ARTICLES],
      ['anonymous', 'no filter', () => ({}), {}, ON_ARTICLES],
      ['viewer', 'a tag, by offset', () => ({ tag: 'common' }), { offset: 1 }, ON_ARTICLES],
      ['anonymous', 'a tag, by cursor', () => ({ tag: 'common' }), FROM_THE_FUTURE, ON_ARTICLES],
      ['viewer', 'the feed', (viewerId) => ({ followedBy: viewerId }), {}, ON_USERS],
      ['viewer', 'the feed, by cursor', (id) => ({ followedBy: id }), FROM_THE_FUTURE, ON_USERS],
      [
        'viewer',
        'feed, tag and favorited',
        (id) => ({ followedBy: id, tag: 'common', favoritedBy: 'F1' }),
        {},
        ON_USERS,
      ],
      ['anonymous', 'author and tag', () => ({ author: 'w1', tag: 'common' }), {}, ON_USERS],
      ['viewer', 'author, by offset', () => ({ author: 'W2' }), { offset: 1 }, ON_USERS],
      ['anonymous', 'favorited, by offset', () => ({ favoritedBy: 'f2' }), { offset: 1 }, ON_USERS],
      [
        'viewer',
        'all four, by cursor',
        (id) => ({ followedBy: id, tag: 'common', favoritedBy: 'F1', author: 'w3' }),
        FROM_THE_FUTURE,
        ON_USERS,
      ],
    ])('%s, %s: the same commands for 2 or 40 rows', async (who, _name, filter, at, expected) => {
      const viewerId = who === 'viewer' ? viewer.id : undefined;
      // Each author wrote every fourth article.
      const total = filter(viewer.id).author === undefined ? 40 : 10;
      const list = async (limit: number) => {
        const result = await database.articles.list(filter(viewer.id), { limit, ...at }, viewerId);
        expect(result.articles).toHaveLength(Math.min(limit, total - (at.offset ?? 0)));
        expect(result.articlesCount).toBe(total);
        for (const article of result.articles) {
          expect(article.tagList).toHaveLength(3);
          expect(article.favoritesCount).toBe(3);
          expect(article.favorited).toBe(viewerId !== undefined);
          expect(article.author.following).toBe(viewerId !== undefined);
        }
      };
      const small = await commandsOf(() => list(2));
      const large = await commandsOf(() => list(40));
      expect(small).toEqual(expected.toSorted());
      expect(large).toEqual(small);
    });

    it('an unknown author, favoritedBy or follower still costs the two commands', async () => {
      for (const filter of [{ author: 'nobody' }, { favoritedBy: 'nobody' }, { followedBy: 1e9 }]) {
        const read = await commandsOf(async () => {
          expect(await database.articles.list(filter, { limit: 10 }, viewer.id)).toEqual({
            articles: [],
            articlesCount: 0,
          });
        });
        expect(read).toEqual(ON_USERS);
      }
    });

    it("findBySlug reads one article, its author and the viewer's flags in one command", async () => {
      const { articles } = await database.articles.list({}, { limit: 1 });
      const read = await commandsOf(async () => {
        const article = await database.articles.findBySlug(articles[0]!.slug, viewer.id);
        expect(article).toMatchObject({ favorited: true, author: { following: true } });
      });
      expect(read).toEqual(['aggregate articles']);
    });

    it('profiles.findByUsername is one command, with or without a viewer', async () => {
      for (const viewerId of [viewer.id, undefined]) {
        const read = await commandsOf(async () => {
          const profile = await database.profiles.findByUsername('w1', viewerId);
          expect(profile?.following).toBe(viewerId !== undefined);
        });
        expect(read).toEqual(['aggregate users']);
      }
    });

    it('tags.list is one command, with or without a prefix, up to the largest list', async () => {
      // A group of its own: 520 tags in use (26 articles of 20), more than the largest list the
      // API asks for (500), and no articles added to the lists above.
      const tagged = await openGroup('tag-commands');
      const author = await createUser(tagged.database, 'TagAuthor');
      for (let a = 0; a < 26; a += 1) {
        const tags = Array.from(
          { length: 20 },
          (_, t) => `tag-${String(a * 20 + t).padStart(3, '0')}`,
        );
        await createArticle(tagged.database, author.id, tags);
      }
      for (const [prefix, limit, count] of [
        [undefined, 500, 500],
        ['tag-', 500, 500],
        ['tag-25', 500, 10],
        ['none-', 500, 0],
      ] as const) {
        for (const at of [1, limit]) {
          tagged.commands.length = 0;
          const tags = await tagged.database.tags.list({
            limit: at,
            ...(prefix !== undefined && { prefix }),
          });
          expect(tags).toHaveLength(Math.min(at, count));
          expect(tagged.commands).toEqual(['aggregate articles']);
        }
      }
    });

    it('users.findRole is one find on users', async () => {
      expect(await commandsOf(() => database.users.findRole(viewer.id))).toEqual(['find users']);
    });

    it('comments.pageForArticle is one command for 2 or 101 comments, from the newest or a position', async () => {
      const reader = await createUser(database, 'Reader');
      const poster = await createUser(database, 'Poster');
      const commenters = await Promise.all(
        ['C1', 'C2', 'C3', 'C4'].map((n) => createUser(database, n)),
      );
      for (const commenter of commenters) await database.profiles.follow(reader.id, commenter.id);
      // 150 comments, some removed: more than the largest page (100) whichever are shown.
      const thread = (await createArticle(database, poster.id)).id;
      for (let i = 0; i < 150; i += 1) {
        const authorId = commenters[i % commenters.length]!.id;
        const comment = await database.comments.create({
          articleId: thread,
          authorId,
          body: `c${i}`,
        });
        if (i % 10 === 0) await database.comments.remove(comment.id, new Date());
      }
      const newest = await database.comments.pageForArticle(thread, { limit: 100 }, reader.id);
      for (const [viewerId, before, includeRemoved] of [
        [reader.id, undefined, false],
        [undefined, undefined, false],
        [reader.id, newest[9], false],
        [reader.id, newest[9], true],
      ] as const) {
        for (const limit of [2, 101]) {
          const read = await commandsOf(async () => {
            const comments = await database.comments.pageForArticle(
              thread,
              { limit, ...(before && { before }) },
              viewerId,
              { includeRemoved },
            );
            expect(comments).toHaveLength(limit);
            expect(comments.every((c) => c.author.following === (viewerId !== undefined))).toBe(
              true,
            );
          });
          expect(read).toEqual(['aggregate comments']);
        }
      }
      const one = await commandsOf(async () => {
        expect(await database.comments.findWithAuthor(newest[0]!.id, reader.id)).toEqual(newest[0]);
      });
      expect(one).toEqual(['aggregate comments']);
    });
  });
});
