// The Prisma backends' repositories over one PrismaClient and the hot-read SQL reader.
import type { PrismaClient } from '../../../../generated/prisma/client.js';
import type { Database } from '../database.js';
import { PrismaArticleRepository } from './articles.js';
import { PrismaAuditRepository } from './audit.js';
import { PrismaCommentRepository } from './comments.js';
import { PrismaIdempotencyRepository } from './idempotency.js';
import { PrismaProfileRepository } from './profiles.js';
import { PrismaSessionRepository } from './sessions.js';
import type { SqlReader } from './sql-reader.js';
import { PrismaTagRepository } from './tags.js';
import { PrismaUserRepository } from './users.js';

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
