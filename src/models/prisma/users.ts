// UserRepository on Prisma (PostgreSQL and the embedded PGlite default).
import type { PrismaClient } from '../../../generated/prisma/client.js';
import { usernameKey } from '../user-rules.js';
import type { NewUserRecord, UserChanges, UserRecord, UserRepository } from '../users.js';
import { translated } from './errors.js';

const fieldOf = (column: string): string | undefined => {
  if (/email/i.test(column)) return 'email';
  if (/username/i.test(column)) return 'username';
  return undefined;
};

const columns = {
  id: true,
  email: true,
  username: true,
  passwordHash: true,
  bio: true,
  image: true,
  createdAt: true,
  updatedAt: true,
} as const;

export class PrismaUserRepository implements UserRepository {
  constructor(private readonly prisma: PrismaClient) {}

  create(user: NewUserRecord): Promise<UserRecord> {
    return translated(
      this.prisma.user.create({
        data: { ...user, usernameKey: usernameKey(user.username) },
        select: columns,
      }),
      'user',
      fieldOf,
    );
  }

  async findById(id: number): Promise<UserRecord | undefined> {
    return (await this.prisma.user.findUnique({ where: { id }, select: columns })) ?? undefined;
  }

  async findByEmail(email: string): Promise<UserRecord | undefined> {
    return (await this.prisma.user.findUnique({ where: { email }, select: columns })) ?? undefined;
  }

  update(id: number, changes: UserChanges): Promise<UserRecord> {
    const data =
      changes.username === undefined
        ? changes
        : { ...changes, usernameKey: usernameKey(changes.username) };
    return translated(
      this.prisma.user.update({ where: { id }, data, select: columns }),
      'user',
      fieldOf,
    );
  }

  async exists(id: number): Promise<boolean> {
    return (await this.prisma.user.count({ where: { id } })) > 0;
  }
}
