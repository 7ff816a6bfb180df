// UserRepository on Mongoose. Unique indexes on email and usernameKey (lower-cased) refuse taken
// values ignoring case; their duplicate-key errors become ConflictError.
import { NotFoundError } from '../errors.js';
import { usernameKey } from '../user-rules.js';
import type { NewUserRecord, UserChanges, UserRecord, UserRepository } from '../users.js';
import { translated } from './errors.js';
import { insertWithNewId, type Models, type UserDocument } from './schemas.js';

/** Everything but the follows, which can be long and are no part of a UserRecord. */
const USER_FIELDS = {
  email: 1,
  username: 1,
  passwordHash: 1,
  bio: 1,
  image: 1,
  createdAt: 1,
  updatedAt: 1,
} as const;

type UserRow = Omit<UserDocument, 'usernameKey' | 'following'>;

const toUser = (row: UserRow): UserRecord => ({
  id: row._id,
  email: row.email,
  username: row.username,
  passwordHash: row.passwordHash,
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

  /** Changes what `changes` holds (undefined: unchanged, null: cleared); bumps updatedAt. */
  async update(id: number, changes: UserChanges): Promise<UserRecord> {
    const { email, username, passwordHash, bio, image } = changes;
    const set: Partial<UserDocument> = { updatedAt: new Date() };
    if (email !== undefined) set.email = email;
    if (username !== undefined) {
      set.username = username;
      set.usernameKey = usernameKey(username);
    }
    if (passwordHash !== undefined) set.passwordHash = passwordHash;
    if (bio !== undefined) set.bio = bio;
    if (image !== undefined) set.image = image;
    const row = await translated(
      this.models.User.findOneAndUpdate(
        { _id: id },
        { $set: set },
        { returnDocument: 'after', projection: USER_FIELDS },
      ).lean<UserRow>(),
    );
    if (row === null) throw new NotFoundError('user');
    return toUser(row);
  }

  async exists(id: number): Promise<boolean> {
    return (await this.models.User.exists({ _id: id })) !== null;
  }
}
