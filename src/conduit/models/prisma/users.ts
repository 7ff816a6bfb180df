// UserRepository on Prisma (PostgreSQL, by URL or embedded).
import type { PrismaClient } from '../../../../generated/prisma/client.js';
import { usernameKey } from '../user-rules.js';
import type { NewUserRecord, Role, UserChanges, UserRecord, UserRepository } from '../users.js';
import { translated } from './translate-errors.js';

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
  role: true,
  bio: true,
  image: true,
  createdAt: true,
  updatedAt: true,
} as const;

type UserRow = Omit<UserRecord, 'role'> & { role: string };

/** The users_role_check constraint keeps the column to the Role values. */
const toUser = (row: UserRow): UserRecord => ({ ...row, role: row.role as Role });

const found = (row: UserRow | null): UserRecord | undefined =>
  row === null ? undefined : toUser(row);

export class PrismaUserRepository implements UserRepository {
  constructor(private readonly prisma: PrismaClient) {}

  /** Only these fields, so that nothing else (a role) can ride along; the role defaults. */
  async create({ email, username, passwordHash }: NewUserRecord): Promise<UserRecord> {
    const row = await translated(
      this.prisma.user.create({
        data: { email, username, passwordHash, usernameKey: usernameKey(username) },
        select: columns,
      }),
      'user',
      fieldOf,
    );
    return toUser(row);
  }

  async findById(id: number): Promise<UserRecord | undefined> {
    return found(await this.prisma.user.findUnique({ where: { id }, select: columns }));
  }

  async findByEmail(email: string): Promise<UserRecord | undefined> {
    return found(await this.prisma.user.findUnique({ where: { email }, select: columns }));
  }

  async findByUsername(username: string): Promise<UserRecord | undefined> {
    return found(
      await this.prisma.user.findUnique({
        where: { usernameKey: usernameKey(username) },
        select: columns,
      }),
    );
  }

  /** Only the fields of UserChanges, whatever else the object holds. */
  async update(id: number, changes: UserChanges): Promise<UserRecord> {
    const { email, username, passwordHash, bio, image } = changes;
    const data = {
      email,
      username,
      passwordHash,
      bio,
      image,
      ...(username === undefined ? {} : { usernameKey: usernameKey(username) }),
    };
    const row = await translated(
      this.prisma.user.update({ where: { id }, data, select: columns }),
      'user',
      fieldOf,
    );
    return toUser(row);
  }

  async setRole(id: number, role: Role): Promise<UserRecord> {
    const row = await translated(
      this.prisma.user.update({ where: { id }, data: { role }, select: columns }),
      'user',
      fieldOf,
    );
    return toUser(row);
  }

  /** The page and the count side by side. */
  async list(page: {
    limit: number;
    offset: number;
  }): Promise<{ users: UserRecord[]; usersCount: number }> {
    const [rows, usersCount] = await Promise.all([
      this.prisma.user.findMany({
        orderBy: { id: 'asc' },
        skip: page.offset,
        take: page.limit,
        select: columns,
      }),
      this.prisma.user.count(),
    ]);
    return { users: rows.map(toUser), usersCount };
  }

  async exists(id: number): Promise<boolean> {
    return (await this.prisma.user.count({ where: { id } })) > 0;
  }

  /** One primary-key lookup of one column. */
  async findRole(id: number): Promise<Role | undefined> {
    const row = await this.prisma.user.findUnique({ where: { id }, select: { role: true } });
    return row === null ? undefined : (row.role as Role);
  }
}
