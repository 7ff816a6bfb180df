// PostgreSQL at a URL, through Prisma: the backend descriptor the registry (../backends.ts)
// picks for postgresql:// and postgres:// URLs. The embedded server opens the same way.
import type { BackendDescriptor, BackendOpenOptions } from '../backend.js';
import { redactUserinfo } from '../backend.js';
import type { Database } from '../database.js';
import { openPrismaDatabase, type PrismaDatabase } from './connect.js';
import { prismaRepositories } from './repositories.js';

/** Connects through Prisma (any URL parseDatabaseUrl takes) and exposes the repositories. */
export async function openPrismaBackend(
  url: string,
  options: BackendOpenOptions = {},
): Promise<Database> {
  return prismaDatabase(await openPrismaDatabase(url, options));
}

/** The repositories of any SQL database opened through Prisma. */
export function prismaDatabase({ prisma, sql, migrate, ping, close }: PrismaDatabase): Database {
  return {
    ...prismaRepositories(prisma, sql),
    migrate,
    ping:
      ping ??
      (async () => {
        await prisma.$queryRaw`SELECT 1`;
      }),
    close,
  };
}

export const postgresBackend: BackendDescriptor = {
  name: 'postgresql',
  urlForms: ['postgresql://...', 'postgres://...'],
  accepts: (url) => /^postgres(ql)?:\/\//i.test(url),
  open: openPrismaBackend,
  redactUrl: redactUserinfo,
};
