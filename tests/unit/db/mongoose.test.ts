// The Mongoose backend, through openDatabase as the app opens it, on the MongoDB-compatible server
// TEST_MONGODB_URL names (`scripts/db/mongo-server.sh start` prints one); skipped without it. Each
// group gets its own database (<unique per file>_<group>), dropped at the end. A second, raw
// connection arranges what the repositories never let callers choose (createdAt) and reads what
// they store (favoritedBy, comments left behind).
//
// What is Mongo's own; the behaviour every backend shares is the repository suite
// (repository-suite.ts, run here by repositories-mongodb.test.ts): URL parsing, duplicate-key
// mapping, id allocation, what documents hold (favoritedBy, removal, documents older than a
// field), single-document favorites under concurrency, bounded commands per list.
import { randomBytes } from 'node:crypto';
import mongoose, { type Connection, type Model } from 'mongoose';
import type { ArticleFilter, ArticlePage } from '../../../src/conduit/models/articles.js';
import { openDatabase } from '../../../src/conduit/models/backends.js';
import type { Database } from '../../../src/conduit/models/database.js';
import { ConflictError, NotFoundError } from '../../../src/conduit/models/domain-errors.js';
import { databaseNameOf } from '../../../src/conduit/models/mongoose/connect.js';
import {
  duplicateKeys,
  isDuplicateId,
  translateMongoError,
} from '../../../src/conduit/models/mongoose/translate-errors.js';
import {
  insertWithNewId,
  type CounterDocument,
} from '../../../src/conduit/models/mongoose/schemas.js';
import type { UserRecord } from '../../../src/conduit/models/users.js';
import { createArticle, createUser } from './repositories.js';

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

describe('the database a MongoDB URL names', () => {
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

  describe('articles as stored: removal, old documents, favoritedBy', () => {
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
