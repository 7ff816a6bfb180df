// Opens the configured backend and exposes it as repositories only.
import type { PrismaClient } from '../../generated/prisma/client.js';
import type { ArticleRepository } from './articles.js';
import type { AuditRepository } from './audit.js';
import type { CommentRepository } from './comments.js';
import type { IdempotencyRepository } from './idempotency.js';
import { PrismaArticleRepository } from './prisma/articles.js';
import { PrismaAuditRepository } from './prisma/audit.js';
import { PrismaCommentRepository } from './prisma/comments.js';
import { PrismaIdempotencyRepository } from './prisma/idempotency.js';
import { openPrismaDatabase, redactDatabaseUrl, type OpenOptions } from './prisma/connect.js';
import { PrismaProfileRepository } from './prisma/profiles.js';
import { PrismaSessionRepository } from './prisma/sessions.js';
import { PrismaTagRepository } from './prisma/tags.js';
import type { SqlReader } from './prisma/sql-reader.js';
import { PrismaUserRepository } from './prisma/users.js';
import type { ProfileRepository } from './profiles.js';
import type { SessionRepository } from './sessions.js';
import type { TagRepository } from './tags.js';
import type { UserRepository } from './users.js';

export interface Database {
  users: UserRepository;
  profiles: ProfileRepository;
  articles: ArticleRepository;
  comments: CommentRepository;
  tags: TagRepository;
  sessions: SessionRepository;
  audit: AuditRepository;
  idempotency: IdempotencyRepository;
  /** Applies pending schema changes (migrations or indexes). */
  migrate(): Promise<void>;
  /** Resolves when the database answers; rejects when it cannot be reached. */
  ping(): Promise<void>;
  close(): Promise<void>;
}

export const isMongoUrl = (url: string): boolean => /^mongodb(\+srv)?:\/\//i.test(url);

const ACCEPTED_URLS =
  'expected postgresql://..., postgres://..., embedded:<directory path>, ' +
  'mongodb://... or mongodb+srv://...';

/**
 * The backend is picked from the URL's scheme: mongodb:// and mongodb+srv:// open Mongoose,
 * postgresql://, postgres:// and embedded: open Prisma. `options.onQuery` works with both (SQL
 * statements, or "<command> <collection>" for MongoDB); `durable` is the embedded server's.
 */
export async function openDatabase(url: string, options: OpenOptions = {}): Promise<Database> {
  if (isMongoUrl(url)) {
    // Loaded on demand: the SQL backends never pay for Mongoose.
    const { openMongooseDatabase } = await import('./mongoose/connect.js');
    return openMongooseDatabase(url, {
      ...(options.onQuery ? { onQuery: options.onQuery } : {}),
      ...(options.limits ? { limits: options.limits } : {}),
    });
  }
  if (!/^(postgres(ql)?:\/\/|embedded:|pglite:)/i.test(url)) {
    throw new Error(
      `Invalid database URL "${redactDatabaseUrl(url)}": unsupported scheme; ${ACCEPTED_URLS}.`,
    );
  }
  const { prisma, sql, migrate, close } = await openPrismaDatabase(url, options);
  return {
    ...prismaRepositories(prisma, sql),
    migrate,
    ping: async () => {
      await prisma.$queryRaw`SELECT 1`;
    },
    close,
  };
}

export function prismaRepositories(
  prisma: PrismaClient,
  sql: SqlReader,
): Omit<Database, 'migrate' | 'ping' | 'close'> {
  return {
    users: new PrismaUserRepository(prisma),
    profiles: new PrismaProfileRepository(prisma, sql),
    articles: new PrismaArticleRepository(prisma, sql),
    comments: new PrismaCommentRepository(prisma, sql),
    tags: new PrismaTagRepository(sql),
    sessions: new PrismaSessionRepository(prisma),
    audit: new PrismaAuditRepository(prisma),
    idempotency: new PrismaIdempotencyRepository(prisma),
  };
}
