// Helpers for the repository tests: a migrated PostgreSQL database per test file (cloned on the
// run's server), the repositories over it, and the PrismaClient for arranging what they cannot
// (e.g. an article's createdAt) and for checking the rows they leave. openBackendDatabase()
// instead opens the backend TEST_DATABASE_URL names, for tests that hold on every backend.
import mariadb from 'mariadb';
import mongoose from 'mongoose';
import pg from 'pg';
import type { PrismaClient } from '../../../generated/prisma/client.js';
import { backendFor } from '../../../src/conduit/models/backends.js';
import { connectionConfig } from '../../../src/conduit/models/mariadb/pool.js';
import type { Database } from '../../../src/conduit/models/database.js';
import { prismaRepositories } from '../../../src/conduit/models/prisma/repositories.js';
import { openPrismaDatabase } from '../../../src/conduit/models/prisma/connect.js';
import type { UserRecord } from '../../../src/conduit/models/users.js';
import {
  createPostgresDatabase,
  openTestDatabase as openServerDatabase,
  sqlTestUrl,
} from '../../support/test-database.js';

/** What openDatabase returns on every backend, in sorted order. */
export const DATABASE_KEYS: readonly string[] = [
  'articles',
  'audit',
  'close',
  'comments',
  'idempotency',
  'migrate',
  'ping',
  'profiles',
  'sessions',
  'tags',
  'users',
] satisfies (keyof Database)[];

export interface TestDatabase extends Database {
  prisma: PrismaClient;
}

/** Built like openDatabase() builds its Database, plus the PrismaClient. */
export async function openTestDatabase(
  options: { onQuery?: (sql: string) => void } = {},
): Promise<TestDatabase> {
  const { url, drop } = await createPostgresDatabase(sqlTestUrl());
  const { prisma, sql, migrate, close } = await openPrismaDatabase(url, options);
  return {
    prisma,
    ...prismaRepositories(prisma, sql),
    migrate,
    ping: async () => {
      await prisma.$queryRaw`SELECT 1`;
    },
    async close() {
      await close();
      await drop();
    },
  };
}

export function createUser(database: Database, username: string): Promise<UserRecord> {
  return database.users.create({
    email: `${username.toLowerCase()}@example.test`,
    username,
    passwordHash: 'hash',
  });
}

let slugs = 0;

/** An article by `authorId` with a unique slug. */
export function createArticle(
  database: Database,
  authorId: number,
  tagList: string[] = [],
  title = 'A title',
) {
  slugs += 1;
  return database.articles.create({
    authorId,
    slug: `article-${slugs}`,
    title,
    description: 'About it',
    body: 'The body',
    tagList,
  });
}

/** Sets an article's createdAt, which the repositories never let callers choose. */
export async function setCreatedAt(database: TestDatabase, id: number, iso: string) {
  await database.prisma.article.update({ where: { id }, data: { createdAt: new Date(iso) } });
}

/** Where each backend keeps what setCreatedAt changes. */
const STORES = {
  articles: { table: 'articles', collection: 'articles' },
  comments: { table: 'comments', collection: 'comments' },
  audit: { table: 'audit_events', collection: 'auditevents' },
} as const;

type Store = keyof typeof STORES;

/** What a store keeps of an article or a comment, removed ones included. */
export interface StoredRecord {
  removedAt: Date | null;
  updatedAt: Date;
}

export interface BackendDatabase {
  database: Database;
  /** Sets a record's createdAt, which the repositories never let callers choose. */
  setCreatedAt(store: Store, id: number, iso: string): Promise<void>;
  /** Reads an article or a comment as stored, past what the repositories show. */
  stored(store: 'articles' | 'comments', id: number): Promise<StoredRecord | undefined>;
  /** The users a stored article records as favoriting it, in id order. */
  favoritersOf(articleId: number): Promise<number[]>;
  close(): Promise<void>;
}

/** A side connection to a SQL database; statements take `?` placeholders. */
interface SqlSide {
  rows<Row>(sql: string, params: unknown[]): Promise<Row[]>;
  end(): Promise<void>;
}

async function openSqlSide(url: string): Promise<SqlSide> {
  if (backendFor(url).name === 'mysql') {
    const connection = await mariadb.createConnection(connectionConfig(url));
    return {
      // A write answers with an OK packet, not rows.
      rows: async <Row>(sql: string, params: unknown[]) => {
        const result: unknown = await connection.query(sql, params);
        return Array.isArray(result) ? [...(result as Row[])] : [];
      },
      end: () => connection.end(),
    };
  }
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  return {
    rows: async <Row>(sql: string, params: unknown[]) => {
      let n = 0;
      const text = sql.replace(/\?/g, () => `$${(n += 1)}`);
      return (await client.query(text, params)).rows as Row[];
    },
    end: () => client.end(),
  };
}

/**
 * A new, migrated database on the server at `serverUrl` (PostgreSQL, MySQL or MongoDB; by default the
 * one TEST_DATABASE_URL names), opened as the app opens it; a side connection arranges.
 */
export async function openBackendDatabase(serverUrl?: string): Promise<BackendDatabase> {
  const { database, url, dispose } = await openServerDatabase(serverUrl);
  if (backendFor(url).name === 'mongodb') {
    const raw = await mongoose.createConnection(url).asPromise();
    const document = (store: Store, id: number) =>
      raw.collection(STORES[store].collection).findOne({ _id: id as never });
    return {
      database,
      setCreatedAt: async (store, id, iso) => {
        await raw
          .collection(STORES[store].collection)
          .updateOne({ _id: id as never }, { $set: { createdAt: new Date(iso) } });
      },
      stored: async (store, id) => {
        const found = await document(store, id);
        return found
          ? {
              removedAt: (found.removedAt as Date | null) ?? null,
              updatedAt: found.updatedAt as Date,
            }
          : undefined;
      },
      favoritersOf: async (articleId) =>
        (
          ((await document('articles', articleId))?.favoritedBy as number[] | undefined) ?? []
        ).toSorted((a, b) => a - b),
      close: async () => {
        await raw.close();
        await dispose();
      },
    };
  }
  const side = await openSqlSide(url);
  return {
    database,
    setCreatedAt: async (store, id, iso) => {
      await side.rows(`UPDATE ${STORES[store].table} SET created_at = ? WHERE id = ?`, [
        new Date(iso),
        id,
      ]);
    },
    stored: async (store, id) => {
      const [row] = await side.rows<{ removed_at: Date | null; updated_at: Date }>(
        `SELECT removed_at, updated_at FROM ${STORES[store].table} WHERE id = ?`,
        [id],
      );
      return row ? { removedAt: row.removed_at, updatedAt: row.updated_at } : undefined;
    },
    favoritersOf: async (articleId) => {
      const rows = await side.rows<{ user_id: number }>(
        'SELECT user_id FROM favorites WHERE article_id = ? ORDER BY user_id',
        [articleId],
      );
      return rows.map((row) => row.user_id);
    },
    close: async () => {
      await side.end();
      await dispose();
    },
  };
}
