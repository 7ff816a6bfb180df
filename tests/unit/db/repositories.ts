// Helpers for the repository tests: a migrated in-memory database per test file (from the shared
// snapshot), the repositories over it, and the PrismaClient for arranging what they cannot (e.g.
// an article's createdAt) and for checking the rows they leave.
import type { PrismaClient } from '../../../generated/prisma/client.js';
import { prismaRepositories, type Database } from '../../../src/models/database.js';
import { openPrismaDatabase } from '../../../src/models/prisma/connect.js';
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
    ...prismaRepositories(prisma),
    migrate,
    ping: async () => {
      await prisma.$queryRaw`SELECT 1`;
    },
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
