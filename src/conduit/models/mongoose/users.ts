// UserRepository on Mongoose. Unique indexes on email and usernameKey (lower-cased) refuse taken
// values ignoring case; their duplicate-key errors become ConflictError.
import { NotFoundError } from '../domain-errors.js';
import { usernameKey } from '../user-rules.js';
import type { NewUserRecord, Role, UserChanges, UserRecord, UserRepository } from '../users.js';
import { translated } from './translate-errors.js';
import { offsetPage } from './pages.js';
import { insertWithNewId, type Models, type UserDocument } from './schemas.js';

/** Everything but the follows, which can be long and are no part of a UserRecord. */
const USER_FIELDS = {
  email: 1,
  username: 1,
  passwordHash: 1,
  role: 1,
  bio: 1,
  image: 1,
  createdAt: 1,
  updatedAt: 1,
} as const;

type UserRow = Omit<UserDocument, 'usernameKey' | 'following'>;

/** Users stored before roles existed have none: they are users. */
const roleOf = (row: Partial<Pick<UserDocument, 'role'>>): Role => row.role ?? 'user';

const toUser = (row: UserRow): UserRecord => ({
  id: row._id,
  email: row.email,
  username: row.username,
  passwordHash: row.passwordHash,
  role: roleOf(row),
  bio: row.bio ?? null,
  image: row.image ?? null,
  createdAt: row.createdAt,
  updatedAt: row.updatedAt,
});

export class MongooseUserRepository implements UserRepository {
  constructor(private readonly models: Models) {}

  async create({ email, username, passwordHash }: NewUserRecord): Promise<UserRecord> {
    const { User, Counter } = this.models;
    const now = new Date();
    const stored = {
      email,
      username,
      passwordHash,
      role: 'user' as const,
      bio: null,
      image: null,
      createdAt: now,
      updatedAt: now,
    };
    const id = await translated(
      insertWithNewId(Counter, 'users', (_id) =>
        User.create({ _id, ...stored, usernameKey: usernameKey(username), following: [] }),
      ),
    );
    return toUser({ _id: id, ...stored });
  }

  async findById(id: number): Promise<UserRecord | undefined> {
    const row = await this.models.User.findOne({ _id: id }, USER_FIELDS).lean<UserRow>();
    return row === null ? undefined : toUser(row);
  }

  /** Emails are stored lower-cased (the service normalizes them), so this matches exactly. */
  async findByEmail(email: string): Promise<UserRecord | undefined> {
    const row = await this.models.User.findOne({ email }, USER_FIELDS).lean<UserRow>();
    return row === null ? undefined : toUser(row);
  }

  async findByUsername(username: string): Promise<UserRecord | undefined> {
    const row = await this.models.User.findOne(
      { usernameKey: usernameKey(username) },
      USER_FIELDS,
    ).lean<UserRow>();
    return row === null ? undefined : toUser(row);
  }

  /** Changes what `changes` holds (undefined: unchanged, null: cleared); bumps updatedAt. */
  async update(id: number, changes: UserChanges): Promise<UserRecord> {
    const { email, username, passwordHash, bio, image } = changes;
    const set: Partial<UserDocument> = {};
    if (email !== undefined) set.email = email;
    if (username !== undefined) {
      set.username = username;
      set.usernameKey = usernameKey(username);
    }
    if (passwordHash !== undefined) set.passwordHash = passwordHash;
    if (bio !== undefined) set.bio = bio;
    if (image !== undefined) set.image = image;
    return this.updated(id, set);
  }

  async setRole(id: number, role: Role): Promise<UserRecord> {
    return this.updated(id, { role });
  }

  async list(page: {
    limit: number;
    offset: number;
  }): Promise<{ users: UserRecord[]; usersCount: number }> {
    const { rows, count } = await offsetPage<UserDocument, UserRow>(
      this.models.User,
      { _id: 1 },
      page,
      USER_FIELDS,
    );
    return { users: rows.map(toUser), usersCount: count };
  }

  async exists(id: number): Promise<boolean> {
    return (await this.models.User.exists({ _id: id })) !== null;
  }

  /** One find by _id, returning the role only. */
  async findRole(id: number): Promise<Role | undefined> {
    const row = await this.models.User.findOne({ _id: id }, { role: 1 }).lean<
      Pick<UserDocument, '_id'> & Partial<Pick<UserDocument, 'role'>>
    >();
    return row === null ? undefined : roleOf(row);
  }

  /** One atomic update that also bumps updatedAt; NotFoundError when the user is gone. */
  private async updated(id: number, set: Partial<UserDocument>): Promise<UserRecord> {
    const row = await translated(
      this.models.User.findOneAndUpdate(
        { _id: id },
        { $set: { ...set, updatedAt: new Date() } },
        { returnDocument: 'after', projection: USER_FIELDS },
      ).lean<UserRow>(),
    );
    if (row === null) throw new NotFoundError('user');
    return toUser(row);
  }
}
