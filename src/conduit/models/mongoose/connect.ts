/**
 * Opens the Mongoose backend: a dedicated connection (never Mongoose's global one) with its own
 * models, exposed as the repositories.
 *
 * What it asks of the server, so that it runs on MongoDB, FerretDB and mongo-java-server alike:
 * unique indexes (duplicate key 11000 -> ConflictError), single-document atomic updates
 * ($addToSet, $pull, $inc) instead of multi-document transactions, aggregation with $match
 * ($expr), $sort, $skip, $limit, $count, $project ($size, $in, $ifNull, $filter, $map,
 * $arrayElemAt), $unwind, $group, $replaceRoot and $lookup (localField/foreignField, and
 * let/pipeline, never both in one stage); no $text, no collation, no schema validators.
 */
import mongoose from 'mongoose';
import type { Database } from '../database.js';
import { DEFAULT_DATABASE_LIMITS, type DatabaseLimits } from '../database-limits.js';
import { MongooseArticleRepository } from './articles.js';
import { MongooseAuditRepository } from './audit.js';
import { MongooseCommentRepository } from './comments.js';
import { MongooseIdempotencyRepository } from './idempotency.js';
import { MongooseProfileRepository } from './profiles.js';
import { defineModels } from './schemas.js';
import { MongooseSessionRepository } from './sessions.js';
import { MongooseTagRepository } from './tags.js';
import { MongooseUserRepository } from './users.js';

export interface MongooseOpenOptions {
  /** Called with "<command> <collection>" (e.g. "find users") for every command the
   * repositories send, as the driver starts it (migrate() included). For observing the
   * database, e.g. counting commands in tests; must not throw. */
  onQuery?: (command: string) => void;
  /** Pool size and timeouts; DEFAULT_DATABASE_LIMITS when not given. */
  limits?: DatabaseLimits;
}

/** The database used when the URL names none (the driver's default would be "test"). */
export const DEFAULT_DATABASE_NAME = 'conduit';

const MONGODB_URL = /^mongodb(\+srv)?:\/\/([^/?]*)(\/[^?]*)?(\?.*)?$/i;

/** The database the URL names, or undefined when its path is empty. */
export function databaseNameOf(url: string): string | undefined {
  const path = MONGODB_URL.exec(url)?.[3] ?? '';
  const name = decodeURIComponent(path.replace(/^\//, ''));
  return name === '' ? undefined : name;
}

export async function openMongooseDatabase(
  url: string,
  options: MongooseOpenOptions = {},
): Promise<Database> {
  const { onQuery } = options;
  const limits = options.limits ?? DEFAULT_DATABASE_LIMITS;
  const connection = mongoose.createConnection(url, {
    // Indexes and collections are made by migrate(), not as a side effect of the first query.
    autoIndex: false,
    autoCreate: false,
    // Every wait bounded, as on PostgreSQL: for a server to talk to (down or unreachable:
    // the driver's default is 30 s), for a pooled connection, and for an answer.
    serverSelectionTimeoutMS: limits.poolWaitMs,
    maxPoolSize: limits.poolSize,
    waitQueueTimeoutMS: limits.poolWaitMs,
    socketTimeoutMS: limits.statementTimeoutMs + 2000,
    // While disconnected, fail at once instead of queueing commands until the server is back.
    bufferCommands: false,
    monitorCommands: onQuery !== undefined,
    ...(databaseNameOf(url) === undefined ? { dbName: DEFAULT_DATABASE_NAME } : {}),
  });
  try {
    await connection.asPromise();
  } catch (error) {
    await connection.close().catch(() => undefined);
    throw error;
  }
  // Connecting sends no command events (handshakes and heartbeats are reported apart).
  if (onQuery !== undefined) {
    connection.getClient().on('commandStarted', (event) => {
      const target: unknown = event.command[event.commandName];
      onQuery(typeof target === 'string' ? `${event.commandName} ${target}` : event.commandName);
    });
  }
  const models = defineModels(connection);

  return {
    users: new MongooseUserRepository(models),
    profiles: new MongooseProfileRepository(models),
    articles: new MongooseArticleRepository(models),
    comments: new MongooseCommentRepository(models),
    tags: new MongooseTagRepository(models),
    sessions: new MongooseSessionRepository(models),
    audit: new MongooseAuditRepository(models),
    idempotency: new MongooseIdempotencyRepository(models),
    /** Creates the collections and makes their indexes exactly those of the schemas. */
    migrate: async () => {
      for (const model of Object.values(models)) {
        await model.createCollection();
        await model.syncIndexes();
      }
    },
    ping: async () => {
      await connection.db?.command({ ping: 1 });
    },
    close: () => connection.close(),
  };
}
