// Opens the configured backend and exposes it as repositories only.
import { openPrismaDatabase, type OpenOptions } from './prisma/connect.js';
import { PrismaUserRepository } from './prisma/users.js';
import type { UserRepository } from './users.js';

export interface Database {
  users: UserRepository;
  /** Applies pending schema changes (migrations or indexes). */
  migrate(): Promise<void>;
  close(): Promise<void>;
}

export async function openDatabase(url: string, options: OpenOptions = {}): Promise<Database> {
  const { prisma, migrate, close } = await openPrismaDatabase(url, options);
  return { users: new PrismaUserRepository(prisma), migrate, close };
}
