// Helpers for the repository tests: a migrated in-memory database per test file (from the shared
// snapshot), the repositories over it, and the PrismaClient for arranging what they cannot (e.g.
// an article's createdAt) and for checking the rows they leave.
import type { PrismaClient } from '../../../generated/prisma/client.js';
import type { Database } from '../../../src/models/database.js';
import { PrismaArticleRepository } from '../../../src/models/prisma/articles.js';
import { PrismaCommentRepository } from '../../../src/models/prisma/comments.js';
import { openPrismaDatabase } from '../../../src/models/prisma/connect.js';
import { PrismaProfileRepository } from '../../../src/models/prisma/profiles.js';
import { PrismaTagRepository } from '../../../src/models/prisma/tags.js';
import { PrismaUserRepository } from '../../../src/models/prisma/users.js';
import type { UserRecord } from '../../../src/models/users.js';
import { ensureSnapshot, loadSnapshot } from '../../support/database-snapshot.js';

export interface TestDatabase extends Database {
  prisma: PrismaClient;
}

/** Built like openDatabase() builds its Database, plus the PrismaClient. */
export async function openTestDatabase(
  options: { onQuery?: (sql: string) => void } = {},
): Promise<TestDatabase> {
  await ensureSnapshot();
  const { prisma, migrate, close } = await openPrismaDatabase('pglite:memory', {
    pgliteSnapshot: loadSnapshot(),
    ...options,
  });
  await migrate();
  return {
    prisma,
    users: new PrismaUserRepository(prisma),
    profiles: new PrismaProfileRepository(prisma),
    articles: new PrismaArticleRepository(prisma),
    comments: new PrismaCommentRepository(prisma),
    tags: new PrismaTagRepository(prisma),
    migrate,
    close,
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
