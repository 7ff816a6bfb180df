// Writes a bulk plan straight into an empty, migrated PostgreSQL database: one
// INSERT ... SELECT FROM unnest(...) per table and batch, a transaction per batch, then ANALYZE.
// Seconds for 100,000 articles where the services take an hour, at the price of restating the
// few rules they apply (lower-cased emails and username keys, tag positions, shared tag rows).
import type { SqlExecutor, SqlSession } from '../../src/conduit/models/prisma/migrations.js';
import type { BulkBatch, BulkPlan } from './bulk-plan.js';
import type { SeedCounts } from './write-seed.js';

type Column = [name: string, type: string, values: unknown[]];

async function insert(client: SqlSession, table: string, columns: Column[]): Promise<void> {
  if ((columns[0]?.[2].length ?? 0) === 0) return;
  const names = columns.map(([name]) => `"${name}"`).join(', ');
  const arrays = columns.map(([, type], index) => `$${index + 1}::${type}[]`).join(', ');
  await client.query(
    `INSERT INTO "${table}" (${names}) SELECT * FROM unnest(${arrays})`,
    columns.map(([, , values]) => values),
  );
}

const userId = (index: number) => index + 1;

async function writeBatch(client: SqlSession, batch: BulkBatch, tagIds: Map<string, number>) {
  const fresh = [...new Set(batch.articles.flatMap((article) => article.tagList))].filter(
    (name) => !tagIds.has(name),
  );
  for (const name of fresh) tagIds.set(name, tagIds.size + 1);
  const now = fresh.map(() => batch.articles[0]?.createdAt ?? new Date());
  await insert(client, 'tags', [
    ['id', 'int', fresh.map((name) => tagIds.get(name))],
    ['name', 'text', fresh],
    ['created_at', 'timestamptz', now],
    ['updated_at', 'timestamptz', now],
  ]);
  const { articles, favorites, comments } = batch;
  const created = articles.map((article) => article.createdAt);
  await insert(client, 'articles', [
    ['id', 'int', articles.map((article) => article.id)],
    ['slug', 'text', articles.map((article) => article.slug)],
    ['title', 'text', articles.map((article) => article.title)],
    ['description', 'text', articles.map((article) => article.description)],
    ['body', 'text', articles.map((article) => article.body)],
    ['author_id', 'int', articles.map((article) => userId(article.author))],
    ['created_at', 'timestamptz', created],
    ['updated_at', 'timestamptz', created],
  ]);
  const taggings = articles.flatMap((article) =>
    article.tagList.map((name, position) => ({ article, position, tag: tagIds.get(name) })),
  );
  const tagged = taggings.map(({ article }) => article.createdAt);
  await insert(client, 'article_tags', [
    ['article_id', 'int', taggings.map(({ article }) => article.id)],
    ['tag_id', 'int', taggings.map(({ tag }) => tag)],
    ['position', 'int', taggings.map(({ position }) => position)],
    ['created_at', 'timestamptz', tagged],
    ['updated_at', 'timestamptz', tagged],
  ]);
  const favorited = favorites.map((favorite) => favorite.createdAt);
  await insert(client, 'favorites', [
    ['user_id', 'int', favorites.map((favorite) => userId(favorite.user))],
    ['article_id', 'int', favorites.map((favorite) => favorite.article)],
    ['created_at', 'timestamptz', favorited],
    ['updated_at', 'timestamptz', favorited],
  ]);
  const commented = comments.map((comment) => comment.createdAt);
  await insert(client, 'comments', [
    ['body', 'text', comments.map((comment) => comment.body)],
    ['article_id', 'int', comments.map((comment) => comment.article)],
    ['author_id', 'int', comments.map((comment) => userId(comment.user))],
    ['created_at', 'timestamptz', commented],
    ['updated_at', 'timestamptz', commented],
  ]);
}

export interface BulkWritten {
  /** Article slugs by id - 1. */
  slugs: string[];
  counts: SeedCounts;
}

/** Sign-up dates: the four years before the first article, in plan order. */
const joinedAt = (index: number, count: number) =>
  new Date(Date.now() - (4 - (3 * index) / count) * 365 * 24 * 3600 * 1000);

/**
 * Users get ids 1..n in plan order and share one password hash (hashing each would cost more
 * than the rest of the seed); the sequences are moved past the ids written.
 */
export async function writeBulkPlan(
  database: SqlExecutor,
  plan: BulkPlan,
  passwordHash: string,
  onProgress?: (articlesDone: number) => void,
): Promise<BulkWritten> {
  const [found] = await database.query<{ n: number }>('SELECT count(*)::int AS n FROM users');
  if ((found?.n ?? 0) > 0) throw new Error('the bulk seed needs an empty database');
  const { users, follows } = plan;
  const joined = users.map((_, index) => joinedAt(index, users.length));
  await database.transaction(async (client) => {
    await insert(client, 'users', [
      ['id', 'int', users.map((_, index) => userId(index))],
      ['email', 'text', users.map((user) => user.email.toLowerCase())],
      ['username', 'text', users.map((user) => user.username)],
      ['username_key', 'text', users.map((user) => user.username.toLowerCase())],
      ['password_hash', 'text', users.map(() => passwordHash)],
      ['bio', 'text', users.map((user) => user.bio)],
      ['image', 'text', users.map((user) => user.image)],
      ['created_at', 'timestamptz', joined],
      ['updated_at', 'timestamptz', joined],
    ]);
    const followed = follows.map(() => new Date());
    await insert(client, 'follows', [
      ['follower_id', 'int', follows.map(([follower]) => userId(follower))],
      ['following_id', 'int', follows.map(([, target]) => userId(target))],
      ['created_at', 'timestamptz', followed],
      ['updated_at', 'timestamptz', followed],
    ]);
  });
  const tagIds = new Map<string, number>();
  const slugs: string[] = [];
  const counts = { users: users.length, follows: follows.length, articles: 0, tags: 0 };
  const reactions = { taggings: 0, favorites: 0, comments: 0 };
  for (const batch of plan.batches(2_000)) {
    await database.transaction((client) => writeBatch(client, batch, tagIds));
    slugs.push(...batch.articles.map((article) => article.slug));
    reactions.taggings += batch.articles.reduce((sum, article) => sum + article.tagList.length, 0);
    reactions.favorites += batch.favorites.length;
    reactions.comments += batch.comments.length;
    onProgress?.(slugs.length);
  }
  for (const table of ['users', 'articles', 'tags', 'comments']) {
    await database.query(
      `SELECT setval(pg_get_serial_sequence('"${table}"', 'id'),
                     greatest(max(id), 1), max(id) IS NOT NULL) FROM "${table}"`,
    );
  }
  // Planner statistics, as autovacuum would gather on a live site before long.
  await database.exec('ANALYZE');
  return { slugs, counts: { ...counts, articles: slugs.length, tags: tagIds.size, ...reactions } };
}
